"""The model's results beside the roadmap (issue 14): the latest run a country published, its
high-risk territories next to the roadmap's priority areas and measures, and the territories
each priority names as its targets (:class:`.models.PriorityTerritory`). Pathfinders' pages
show it through the ``risk_beside_roadmap`` template tag; nothing in the pathfinders app
changes but two template includes."""

from __future__ import annotations

from django.db.models import Prefetch

from alliance87.core import audit, changes
from alliance87.core.permissions import require
from alliance87.pathfinders.models import Priority

from . import selectors
from .events import RiskEvent
from .models import PriorityTerritory, Run


def latest_published(user, country_id: str) -> Run | None:
    """The latest finished run the country published that ``user`` may see."""
    return (
        selectors.run_list(user)
        .filter(country_id=country_id, status="done", published_at__isnull=False)
        .order_by("-published_at", "-pk")
        .first()
    )


def priorities_of(country_id: str) -> list[Priority]:
    """The country's priority areas and measures with the territories each names."""
    return list(
        Priority.objects.filter(pathfinder__country_id=country_id, kind=Priority.Kind.PRIORITY)
        .prefetch_related(Prefetch("risk_territories", queryset=PriorityTerritory.objects.all()))
        .order_by("position")
    )


def beside_roadmap(user, country_id: str) -> dict:
    """What the pathfinder's page shows: the run, its high-risk territories (each with the
    priorities that target it), the priorities with their territories, and the high-risk
    territories no priority targets. Four queries at most, whatever the sizes."""
    run = latest_published(user, country_id)
    priorities = priorities_of(country_id)
    targeted: dict[str, list[Priority]] = {}
    for p in priorities:
        for t in p.risk_territories.all():
            targeted.setdefault(t.code, []).append(p)
    high = list(run.territories.filter(level="high").order_by("rank")) if run else []
    return {
        "run": run,
        "high": [(t, targeted.get(t.code, [])) for t in high],
        "priorities": priorities,
        "untargeted": [t for t in high if t.code not in targeted],
        "high_codes": {t.code for t in high},
    }


def priority_territories_set(*, actor, priority_id: int, codes: list[str], names: dict) -> None:
    """The country (its focal point, or the Secretariat) names the territories a priority
    targets; the codes are those of its runs. Audited with the codes before and after."""
    with changes.write():
        priority = changes.lock(Priority.objects.select_related("pathfinder"), pk=priority_id)
        require(actor, "risk.manage_access", priority.pathfinder.country_id)
        before = sorted(priority.risk_territories.values_list("code", flat=True))
        after = sorted({c.strip()[:120] for c in codes if c.strip()})
        priority.risk_territories.exclude(code__in=after).delete()
        PriorityTerritory.objects.bulk_create(
            [
                PriorityTerritory(
                    priority=priority, code=c, name=names.get(c, "")[:200], created_by=actor
                )
                for c in after
                if c not in before
            ]
        )
        audit.record(
            actor=actor,
            event=RiskEvent.PRIORITY_TERRITORIES_SET,
            obj=priority,
            changes={"territories": [before, after]},
        )
