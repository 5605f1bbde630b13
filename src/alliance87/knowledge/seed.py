"""Loader of the documents the seeds name (data/resources.json), then the search index of
everything loaded before it (knowledge comes last in INSTALLED_APPS). Idempotent: matched on
the slug; files and links only where the seed gives one."""

from __future__ import annotations

import json
from pathlib import Path

from alliance87.core import content

from .models import Resource, ResourceVersion, Status

DATA = Path(__file__).parent / "data"

#: The seeds are Spanish documents: their texts are Spanish originals (and translations).
ORIGINAL = "es"


def _links(row: dict) -> dict:
    from alliance87.governance.models import Meeting
    from alliance87.groups.models import Group
    from alliance87.partners.models import Partner

    return {
        "publisher": Partner.objects.filter(slug=row["publisher"]).first()
        if row.get("publisher")
        else None,
        "group": Group.objects.filter(slug=row["group"]).first() if row.get("group") else None,
        "gcg_meeting": Meeting.objects.filter(number=row["gcg_meeting"]).first()
        if row.get("gcg_meeting")
        else None,
    }


def load_resources() -> int:
    data = json.loads((DATA / "resources.json").read_text(encoding="utf-8"))
    for row in data["resources"]:
        resource, _created = Resource.objects.update_or_create(
            slug=row["slug"],
            defaults={
                "kind": row["kind"],
                "titles": content.with_original(row["titles"], ORIGINAL),
                "summary": content.with_original(row.get("summary"), ORIGINAL),
                "themes": row.get("themes", []),
                "languages": row.get("languages", []),
                "date_note": row.get("date_note", ""),
                "status": Status.PUBLISHED,
                "source": row["source"],
                **_links(row),
            },
        )
        for v in row.get("versions", []):
            ResourceVersion.objects.update_or_create(
                resource=resource, language=v["language"], defaults={"url": v["url"]}
            )
    return len(data["resources"])


def load_events() -> int:
    import datetime as dt

    from alliance87.partners.models import Partner

    from .models import Event, EventAgendaItem

    data = json.loads((DATA / "events.json").read_text(encoding="utf-8"))
    for row in data["events"]:
        event, _created = Event.objects.update_or_create(
            slug=row["slug"],
            defaults={
                "kind": row["kind"],
                "titles": content.with_original(row["titles"], ORIGINAL),
                "description": content.with_original(row.get("description"), ORIGINAL),
                "start_date": dt.date.fromisoformat(row["start_date"]),
                "end_date": dt.date.fromisoformat(row["end_date"]) if row.get("end_date") else None,
                "date_precision": row["date_precision"],
                "starts": dt.time.fromisoformat(row["starts"]) if row.get("starts") else None,
                "ends": dt.time.fromisoformat(row["ends"]) if row.get("ends") else None,
                "timezone": row.get("timezone", ""),
                "city": content.with_original(row.get("city"), ORIGINAL),
                "hosts_note": row.get("hosts_note", ""),
                "capacity_min": row.get("capacity_min"),
                "capacity": row.get("capacity"),
                "source": row["source"],
            },
        )
        event.hosts.set(Partner.objects.filter(slug__in=row.get("hosts", [])))
        for position, item in enumerate(row.get("agenda", []), start=1):
            EventAgendaItem.objects.update_or_create(
                event=event,
                position=position,
                defaults={
                    "titles": content.with_original(item["title"], ORIGINAL),
                    "speakers": item.get("speakers", ""),
                },
            )
    return len(data["events"])


def load_figures() -> int:
    """The figures and their first value; a value already recorded is not added twice, and
    values the Secretariat added later are kept."""
    import datetime as dt
    from decimal import Decimal

    from .models import Figure, FigureValue

    data = json.loads((DATA / "figures.json").read_text(encoding="utf-8"))
    for position, row in enumerate(data["figures"]):
        figure, _created = Figure.objects.update_or_create(
            key=row["key"],
            defaults={
                "labels": content.with_original(row["labels"], ORIGINAL),
                "region": row["region"],
                "unit": row["unit"],
                "position": position,
            },
        )
        FigureValue.objects.get_or_create(
            figure=figure,
            source=row["source"],
            defaults={
                "value": Decimal(row["value"]),
                "year": row.get("year"),
                "recorded_on": dt.date.fromisoformat(data["recorded_on"]),
            },
        )
    return len(data["figures"])


def load(*, stdout=None) -> str:
    from .search import index

    n = load_resources()
    events = load_events()
    figures = load_figures()
    indexed = index.rebuild()
    return (
        f"{n} resources, {events} events, {figures} figures; {indexed} entries in the search index"
    )
