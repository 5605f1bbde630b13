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


_DECISIONS = iter(range(1, 10_000))


def gcg_decision(
    iso3: str,
    kind: str = "grant_pathfinder",
    *,
    adopted: bool = True,
    present: int = 16,
    on: dt.date | None = None,
) -> str:
    """A GCG decision on record about ``iso3`` (its reference), taken at a meeting where
    ``present`` members attended (16 covering every stakeholder group is quorum). Written
    directly: the governance app's own tests record decisions through its services."""
    from django.utils import timezone

    from alliance87.core.models import Country
    from alliance87.governance import seed as gcg_seed
    from alliance87.governance.models import Attendance, Decision, Meeting, Member, Seat
    from alliance87.partners.models import Partner

    if not Seat.objects.exists():
        gcg_seed.load()
    day = on or timezone.localdate()
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
    n = next(_DECISIONS)
    meeting = Meeting.objects.create(
        titles={"en": f"GCG meeting {n}"}, starts_at=start, ends_at=start + dt.timedelta(hours=2)
    )
    members = list(Member.objects.filter(status="active").select_related("seat").order_by("pk"))
    if len(members) < 32:
        seated = {m.country_id for m in members if m.country_id}
        countries = iter(
            Country.objects.exclude(iso3__in=seated).order_by("iso3").values_list("iso3", flat=True)
        )
        for seat in Seat.objects.exclude(pk__in=[m.seat_id for m in members]).order_by("pk"):
            if seat.constituency in ("un_igo", "employers", "workers", "ngo"):
                partner = Partner.objects.create(
                    slug=f"gcg-{seat.pk}", names={"en": f"Org {seat.pk}"}, category="other"
                )
                members.append(Member.objects.create(seat=seat, partner=partner, term_start=START))
            else:
                members.append(
                    Member.objects.create(seat=seat, country_id=next(countries), term_start=START)
                )
    # Every stakeholder group first, then the rest: the first 16 make quorum.
    first = {}
    for m in members:
        first.setdefault(m.seat.stakeholder_group, m)
    members = list(first.values()) + [m for m in members if m not in first.values()]
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, member=m, presence="present") for m in members[:present]
    )
    decision = Decision.objects.create(
        meeting=meeting,
        reference=f"GCG{n}/1",
        text="Decision",
        kind=kind,
        country_id=iso3,
        outcome="adopted" if adopted else "not_adopted",
        present_count=present,
    )
    return decision.reference


def make_active(actor, iso3: str = "NPL", start: dt.date = START) -> Pathfinder:
    make_ready(actor, iso3, start)
    services.pathfinder_grant_status(actor=actor, country=iso3, decision_ref=gcg_decision(iso3))
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


def framework_values(
    actor, iso3: str, points, *, publish: bool = True, text: str = "Children in work", unit=""
):
    """The country's indicator framework (results app, ``pathfinder-<iso3>``) with one count
    indicator ``CL-1`` and the country's value for each (year, count), submitted and, unless
    ``publish`` is false, published by ``actor`` (the Secretariat)."""
    from alliance87.results import services as results
    from alliance87.results import services_frameworks

    services_frameworks.pathfinder_framework_create(
        actor=actor, country_id=iso3, start_year=2018, end_year=2030
    )
    ind = services_frameworks.indicator_add(
        actor=actor,
        framework_code=f"pathfinder-{iso3.lower()}",
        result="Result",
        code="CL-1",
        text=text,
        value_kinds=["count"],
        unit=unit,
    )
    for year, count in points:
        v = results.value_enter(
            actor=actor, indicator_id=ind.pk, country_id=iso3, year=year, count=count
        )
        v = results.value_submit(actor=actor, value_id=v.pk, expected_version=v.version)
        if publish:
            results.value_publish(actor=actor, value_id=v.pk, expected_version=v.version)
    return ind
