"""Reads of the roadmap and operational plan pages: a fixed number of queries whatever the
number of products, activities and resources."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from alliance87.core.exceptions import NotFound

from . import rules
from .models import Framework, Result
from .models_plans import OperationalPlan, PlanActivity, PlanProduct, RoadmapLine
from .selectors import framework_by_code


@dataclass
class RoadmapLevel:
    level: str
    label: str
    lines: list[tuple[RoadmapLine, list[RoadmapLine]]]


def roadmap_get() -> list[RoadmapLevel]:
    """The roadmap's lines of action per level (regional, national, then the cooperation's
    elements), each with its sub-lines: one query."""
    rows = list(RoadmapLine.objects.all())
    children: dict[int, list[RoadmapLine]] = {}
    for r in rows:
        if r.parent_id:
            children.setdefault(r.parent_id, []).append(r)
    out = []
    for level, label in RoadmapLine.Level.choices:
        top = [(r, children.get(r.pk, [])) for r in rows if r.level == level and not r.parent_id]
        if top:
            out.append(RoadmapLevel(level, str(label), top))
    return out


@dataclass
class ResultPlan:
    result: Result
    products: list[PlanProduct] = field(default_factory=list)
    gap: rules.ResourceGap = field(default_factory=lambda: rules.resource_gap([]))


@dataclass
class PlanView:
    framework: Framework
    plan: OperationalPlan | None
    results: list[ResultPlan]
    products: list[PlanProduct]


def plan_get(code: str, plan_code: str | None = None) -> PlanView:
    """A framework's operational plan, per result: its products, their activities and
    resources, and the result's resource gap (``rules.resource_gap``). Five queries."""
    framework = framework_by_code(code)
    plans = list(OperationalPlan.objects.filter(framework=framework))
    plan = next((p for p in plans if plan_code in (None, p.code)), None)
    if plan is None:  # the page says so (a pathfinder's framework has none)
        if plan_code is not None:
            raise NotFound(_("This framework has no operational plan."))
        return PlanView(framework, None, [], [])
    results = [ResultPlan(r) for r in Result.objects.filter(framework=framework)]
    by_result = {rp.result.pk: rp for rp in results}
    products = list(
        PlanProduct.objects.filter(plan=plan).prefetch_related(
            Prefetch(
                "activities",
                queryset=PlanActivity.objects.prefetch_related("resources"),
            )
        )
    )
    for p in products:
        by_result[p.result_id].products.append(p)
    for rp in results:
        rp.gap = rules.resource_gap(
            (res.availability, res.amount, res.currency)
            for p in rp.products
            for a in p.activities.all()
            for res in a.resources.all()
        )
    return PlanView(framework, plan, results, products)
