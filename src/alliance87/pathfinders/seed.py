"""Loader of the shipped pathfinder data (data/pathfinders.json), idempotent.

Countries are created as candidates, at the planning stage where the seed says a strategic
planning workshop was held, at the expression-of-interest stage otherwise. No dated event is
invented: the seeds give months at most, so the event log stays empty until the Secretariat
records the expression of interest with its date (see docs/pathfinders.md).
"""

from __future__ import annotations

import json
from importlib import resources

from django.db import transaction

from alliance87.core.content import with_original
from alliance87.core.models import Country

from .models import Pathfinder, Priority, Stage, Status


def read_data() -> dict:
    return json.loads(
        resources.files("alliance87.pathfinders")
        .joinpath("data/pathfinders.json")
        .read_text("utf-8")
    )


def load(*, stdout=None) -> str:
    data = read_data()
    created = updated = 0
    with transaction.atomic():
        for c in data["countries"]:
            country = Country.objects.get(iso3=c["iso3"])
            workshop = c["workshop"]
            stage = Stage.PLANNING if workshop["status"] == "held" else Stage.EXPRESSION_OF_INTEREST
            pf, was_created = Pathfinder.objects.get_or_create(
                country=country,
                defaults={"status": Status.CANDIDATE, "stage": stage},
            )
            if was_created:
                created += 1
            else:
                updated += 1
            pf.workshop_status = workshop["status"]
            pf.workshop_month = workshop["date"] or ""
            pf.seed_data = c
            if not pf.events.exists():
                pf.stage = pf.stage if pf.status != Status.CANDIDATE else stage
            pf.save(update_fields=["workshop_status", "workshop_month", "seed_data", "stage"])
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
    return f"{created} created, {updated} updated"
