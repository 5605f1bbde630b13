"""Loader of the GCG structure and the 5th meeting (seeds 000 and 001). Idempotent."""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo
from pathlib import Path

from django.conf import settings

from alliance87.core.content import with_original
from alliance87.core.models import Country

from .models import AgendaItem, Meeting, Member, Seat

DATA = Path(__file__).parent / "data"


def _spanish_original(titles: dict) -> dict:
    """Seed 001 is Spanish: its texts are the originals."""
    return with_original(titles, "es")


def _languages(value: dict) -> dict:
    """The texts of a value that also carries other keys (``source``)."""
    return {k: v for k, v in value.items() if k in {code for code, _ in settings.LANGUAGES}}


def load(*, stdout=None) -> str:
    gcg = json.loads((DATA / "gcg.json").read_text(encoding="utf-8"))
    seats = {}
    for row in gcg["seats"]:
        seat, _ = Seat.objects.update_or_create(
            constituency=row["constituency"],
            number=row["number"],
            defaults={"region_id": None, "regional_group": row.get("regional_group", "")},
        )
        seats[(row["constituency"], row["number"])] = seat
    members = 0
    for row in gcg["members"]:
        seat = seats[tuple(row["seat"])]
        country = Country.objects.get(iso2=row["country"])
        start = dt.date.fromisoformat(row["term_start"])
        from .rules import Constituency, term_end

        Member.objects.update_or_create(
            seat=seat,
            country=country,
            term_start=start,
            defaults={
                "term_end": term_end(start, Constituency(seat.constituency)),
                "nominated_by": "governments",
                "source": row["source"],
            },
        )
        members += 1
    meetings = json.loads((DATA / "meetings.json").read_text(encoding="utf-8"))
    items = 0
    for row in meetings["meetings"]:
        tz = zoneinfo.ZoneInfo(row["timezone"])
        day = dt.date.fromisoformat(row["date"])

        def at(hhmm: str, day=day, tz=tz) -> dt.datetime:
            return dt.datetime.combine(day, dt.time.fromisoformat(hhmm), tzinfo=tz)

        meeting, _ = Meeting.objects.update_or_create(
            number=row["number"],
            defaults={
                "titles": _spanish_original(row["title"]),
                "starts_at": at(row["start"]),
                "ends_at": at(row["end"]),
                "timezone": row["timezone"],
                "mode": row["mode"],
                "place": _spanish_original(row["place"]),
                "city": _spanish_original(row["city"]),
                "language": row["language"],
                "chair_country": Country.objects.get(iso2=row["chair_country"]),
                "source": meetings["source"],
                "rsvp": _spanish_original(_languages(row["rsvp"])) if row.get("rsvp") else {},
                "side_events": [
                    {
                        **e,
                        "title": _spanish_original(e["title"]),
                        "kind": _spanish_original(e["kind"]),
                        "format": _spanish_original(e["format"]),
                    }
                    for e in row.get("side_events", [])
                ],
            },
        )
        for position, item in enumerate(row["agenda"], start=1):
            AgendaItem.objects.update_or_create(
                meeting=meeting,
                position=position,
                defaults={
                    "starts": dt.time.fromisoformat(item["start"]),
                    "ends": dt.time.fromisoformat(item["end"]),
                    "titles": _spanish_original(item["title"]),
                    "is_break": item.get("is_break", False),
                    "documents": [
                        {"title": _spanish_original(d)} for d in item.get("documents", [])
                    ],
                },
            )
            items += 1
    return f"{len(seats)} seats, {members} members, {len(meetings['meetings'])} meeting, {items} agenda items"
