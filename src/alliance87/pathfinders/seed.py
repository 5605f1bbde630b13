"""Loader of the shipped pathfinder data (data/pathfinders.json), idempotent.

Each country gets the status the seeds state (seed 003, Recuadro 1: Chile, Fiji, Madagascar,
the Netherlands, Nepal and Peru are active pathfinders; every other seeded country is a
candidate) and the steps of its history the seeds state, as events (:func:`seed_events`),
each with its date as far as the seed gives it: a month (``date_precision="month"``) or none
(``"not_stated"``, no date stored; the pages say "date not stated in the sources"). No date
is invented. Events without a date stay out of the rules; the country's stored status and
stage are the seeds' until the Secretariat records its expression of interest with its
date (then the rules answer from the dated history, see docs/pathfinders.md).

A second run changes nothing: countries, priorities, lessons and seeded events are matched
on their natural keys (seeded events on ``seed_key``), and a seeded event the file no
longer states is removed. Events recorded by the Secretariat are never touched.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

from django.db import transaction

from alliance87.core.content import with_original
from alliance87.core.models import Country

from .models import (
    DatePrecision,
    EventType,
    LessonLearned,
    Pathfinder,
    PathfinderEvent,
    Priority,
    Stage,
    Status,
)


def read_data() -> dict:
    return json.loads(
        resources.files("alliance87.pathfinders")
        .joinpath("data/pathfinders.json")
        .read_text("utf-8")
    )


@dataclass(frozen=True)
class SeedEvent:
    """A step of a country's history as a seed states it."""

    key: str
    type: str
    month: str | None  # "YYYY-MM" where the seed gives the month, else None
    source: str
    kind: str = ""

    @property
    def on(self) -> dt.date | None:
        return dt.date.fromisoformat(f"{self.month}-01") if self.month else None

    @property
    def precision(self) -> str:
        return DatePrecision.MONTH if self.month else DatePrecision.NOT_STATED


def seed_events(c: dict[str, Any]) -> list[SeedEvent]:
    """The steps of one country's history that the file (and so the seeds) states."""
    out: list[SeedEvent] = []
    if c.get("formal_expression_of_interest"):
        out.append(
            SeedEvent(
                "expression_of_interest",
                EventType.EXPRESSION_OF_INTEREST,
                c.get("expression_of_interest_date"),
                c.get("expression_of_interest_source") or "",
            )
        )
    if c.get("preparatory_workshop_date"):
        # Tunisia: "El taller estratégico fue precedido por un taller preparatorio (marzo de
        # 2019)" -- a workshop of its own, before the strategic one (whose date is not given).
        out.append(
            SeedEvent(
                "preparatory_workshop",
                EventType.WORKSHOP_HELD,
                c["preparatory_workshop_date"],
                c["workshop"]["source"] or "",
                kind="preparatory",
            )
        )
    workshop = c["workshop"]
    if workshop["status"] == "held":
        out.append(
            SeedEvent(
                "workshop", EventType.WORKSHOP_HELD, workshop["date"], workshop["source"] or ""
            )
        )
    body = c.get("coordination_body")
    if body and body.get("constituted"):
        out.append(
            SeedEvent("coordination_body", EventType.COORDINATION_BODY, None, body["source"])
        )
    status = c.get("status_in_seed")
    if status and status["status"] == Status.ACTIVE:
        out.append(SeedEvent("status_granted", EventType.STATUS_GRANTED, None, status["source"]))
    return out


def seed_state(c: dict[str, Any]) -> tuple[str, str]:
    """The status and stage the seeds give a country.

    Active (seed 003, Recuadro 1): the implementation stage, where the transition table puts
    a country the GCG has just granted status ("la etapa de aplicación comienza oficialmente
    después de que el GCM concede ... el estatus"); the seeds state no later step. Candidates:
    the planning stage once a strategic planning workshop was held, else expression of
    interest.
    """
    status = c.get("status_in_seed")
    if status and status["status"] == Status.ACTIVE:
        return Status.ACTIVE, Stage.IMPLEMENTATION
    if c["workshop"]["status"] == "held":
        return Status.CANDIDATE, Stage.PLANNING
    return Status.CANDIDATE, Stage.EXPRESSION_OF_INTEREST


def load(*, stdout=None) -> str:
    data = read_data()
    created = updated = 0
    with transaction.atomic():
        _load_lessons(data["lessons_learned"])
        for c in data["countries"]:
            country = Country.objects.get(iso3=c["iso3"])
            status, stage = seed_state(c)
            pf, was_created = Pathfinder.objects.get_or_create(
                country=country, defaults={"status": status, "stage": stage}
            )
            if was_created:
                created += 1
            else:
                updated += 1
            _load_events(pf, seed_events(c))
            pf.workshop_status = c["workshop"]["status"]
            pf.workshop_month = c["workshop"]["date"] or ""
            pf.seed_data = c
            fields = ["workshop_status", "workshop_month", "seed_data"]
            if not pf.events.filter(type=EventType.EXPRESSION_OF_INTEREST, seed_key="").exists():
                # No history recorded by the Secretariat yet: the seeds' state stands.
                pf.status, pf.stage, pf.became_active_on = status, stage, None
                fields += ["status", "stage", "became_active_on"]
            pf.save(update_fields=fields)
            _load_priorities(pf, c)
    return f"{created} created, {updated} updated"


def _load_lessons(lessons: dict[str, Any]) -> None:
    items = lessons["items"]
    for pos, item in enumerate(items):
        LessonLearned.objects.update_or_create(
            position=pos,
            defaults={
                "text": with_original(item, "es"),
                "source": lessons["source"],
            },
        )
    LessonLearned.objects.filter(position__gte=len(items)).delete()


def _load_events(pf: Pathfinder, events: list[SeedEvent]) -> None:
    for e in events:
        PathfinderEvent.objects.update_or_create(
            pathfinder=pf,
            seed_key=e.key,
            defaults={
                "type": e.type,
                "on": e.on,
                "date_precision": e.precision,
                "kind": e.kind,
                "source": e.source,
            },
        )
    pf.events.exclude(seed_key="").exclude(seed_key__in=[e.key for e in events]).delete()


def _load_priorities(pf: Pathfinder, c: dict[str, Any]) -> None:
    themes = {t["key"]: t for t in c["themes"]}
    entries = [
        *[(Priority.Kind.PRIORITY, p) for p in c["priorities"]],
        *[(Priority.Kind.NEXT_STEP, p) for p in c["next_steps"]],
        *[(Priority.Kind.ACHIEVEMENT, p) for p in c["achievements"]],
    ]
    positions: dict[str, int] = {}
    for kind, p in entries:
        pos = positions.get(kind, 0)
        positions[kind] = pos + 1
        theme = themes.get(p.get("theme") or "")
        Priority.objects.update_or_create(
            pathfinder=pf,
            kind=kind,
            position=pos,
            defaults={
                "theme": p.get("theme") or "",
                # The seeds are written in Spanish: the other languages are translations.
                "theme_label": with_original(theme, "es") if theme else {},
                "text": with_original(p, "es"),
                "source": p.get("source") or c.get("priorities_source") or "",
            },
        )
    for kind, count in [(k, positions.get(k, 0)) for k in Priority.Kind.values]:
        Priority.objects.filter(pathfinder=pf, kind=kind, position__gte=count).delete()
