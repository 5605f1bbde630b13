"""Loader of the Regional Initiative's network as seed 004 states it (``data/network.json``).

Every row is the seed's Spanish words (``_original: "es"``) with the line they come from;
no translation, name, constituency or e-mail is invented. Idempotent: bodies and milestones
match on ``code``, phases and meetings on ``number``, members on the country, people on
``key``.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from alliance87.core import content

from . import seed_plans
from .models_network import (
    NetworkBody,
    NetworkMeeting,
    NetworkMember,
    NetworkMilestone,
    NetworkPerson,
    NetworkPhase,
)

DATA = Path(__file__).parent / "data" / "network.json"


def _es(text: str) -> dict[str, str]:
    return content.make("es", es=text)


def _date(text: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


def load(*, stdout=None) -> str:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    bodies = {}
    for order, b in enumerate(data["bodies"], start=1):
        bodies[b["code"]], _ = NetworkBody.objects.update_or_create(
            code=b["code"],
            defaults={
                "quote": _es(b["quote"]),
                "government_seats": b.get("government"),
                "employer_seats": b.get("employers"),
                "worker_seats": b.get("workers"),
                "seed_line": b["line"],
                "order": order,
            },
        )
    for order, m in enumerate(data["milestones"], start=1):
        NetworkMilestone.objects.update_or_create(
            code=m["code"],
            defaults={"quote": _es(m["quote"]), "seed_line": m["line"], "order": order},
        )
    for order, p in enumerate(data["phases"], start=1):
        NetworkPhase.objects.update_or_create(
            number=p["number"],
            defaults={
                "start_year": p["start"],
                "end_year": p["end"],
                "quote": _es(p["quote"]),
                "seed_line": p["line"],
                "years_line": p["years_line"],
                "order": order,
            },
        )
    for m in data["meetings"]:
        NetworkMeeting.objects.update_or_create(
            number=m["number"],
            defaults={
                "place": m["place"],
                "country_id": m["country"],
                "year": m["year"],
                "start_date": _date(m["start"]),
                "end_date": _date(m["end"]),
                "status": m["status"],
                "quote": _es(m["quote"]),
                "seed_line": m["line"],
            },
        )
    members = {}
    for m in data["members"]:
        members[m["country"]], _ = NetworkMember.objects.update_or_create(
            country_id=m["country"], defaults={"seed_line": m["line"]}
        )
    for order, p in enumerate(data["people"], start=1):
        NetworkPerson.objects.update_or_create(
            key=p["key"],
            defaults={
                "member": members.get(p.get("country", "")),
                "body": bodies.get(p.get("body", "")),
                "name": p["name"],
                "constituency": p.get("constituency", ""),
                "institution": p.get("institution", ""),
                "is_focal_point": p.get("focal_point", True),
                "is_new": p.get("new", False),
                "quote": _es(p["quote"]),
                "seed_line": p["line"],
                "order": order,
            },
        )
    plans = seed_plans.load()
    return (
        f"{plans}; network: {len(data['members'])} member countries, {len(data['people'])} people, "
        f"{len(data['meetings'])} meetings, {len(data['phases'])} phases"
    )
