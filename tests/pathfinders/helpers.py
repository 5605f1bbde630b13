"""Build pathfinder countries through the services, as users would."""

from __future__ import annotations

import datetime as dt

from alliance87.pathfinders import rules, services
from alliance87.pathfinders.models import Pathfinder

D = dt.date
START = D(2018, 1, 15)


def make_candidate(actor, iso3: str = "NPL", start: dt.date = START) -> Pathfinder:
    services.pathfinder_express_interest(
        actor=actor,
        country_iso3=iso3,
        on=start,
        addressed_to="ilo_director_general",
        minister="Minister of Labour",
        focal_point_name="A. Focal",
    )
    for offset, etype in [
        (10, "timeline_submitted"),
        (20, "coordination_body"),
        (30, "workshop_held"),
    ]:
        services.pathfinder_record_event(
            actor=actor, iso3=iso3, type=etype, on=start + dt.timedelta(days=offset)
        )
    return Pathfinder.objects.get(pk=iso3)


def make_ready(actor, iso3: str = "NPL", start: dt.date = START) -> Pathfinder:
    make_candidate(actor, iso3, start)
    doc = services.roadmap_create(actor=actor, iso3=iso3)
    sections = {k: f"{k} text" for k in rules.ROADMAP_REQUIRED}
    doc = services.document_save_draft(
        actor=actor, document_id=doc.pk, expected_version=doc.version, sections=sections
    )
    services.document_submit(actor=actor, document_id=doc.pk, expected_version=doc.version)
    services.pathfinder_record_event(
        actor=actor, iso3=iso3, type="presented_to_gcg", on=dt.date.today()
    )
    return Pathfinder.objects.get(pk=iso3)


def make_active(actor, iso3: str = "NPL", start: dt.date = START) -> Pathfinder:
    make_ready(actor, iso3, start)
    services.pathfinder_grant_status(actor=actor, country=iso3, decision_ref="GCG-5")
    return Pathfinder.objects.get(pk=iso3)


def add_events(pathfinder: Pathfinder, events: list[rules.Event]) -> None:
    """Write history directly (for large fixtures and past years; bypasses the services)."""
    from alliance87.pathfinders.models import PathfinderEvent

    PathfinderEvent.objects.bulk_create(
        PathfinderEvent(
            pathfinder=pathfinder,
            type=e.type.value,
            on=e.on,
            year=e.year,
            kind=e.kind or "",
            items=list(e.items),
            addressed_to=e.addressed_to or "",
        )
        for e in events
    )
