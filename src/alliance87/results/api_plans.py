"""API twins of the roadmap and operational plan pages (``api.router`` adds this router).
A PATCH changes only the fields it gives, with the ``version`` the user saw (409 when stale)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import ConfigDict

from alliance87.core import content
from alliance87.core.api_support import PUBLIC_READ, WRITE, authenticated, optional_auth
from alliance87.core.exceptions import NotFound

from . import selectors_plans, services_plans

router = Router(tags=["results"])


class NetworkRoadmapLineOut(Schema):
    key: str
    level: str
    number: str
    parent: str | None
    quote: str
    seed_line: int


@router.get(
    "/results/network/roadmap",
    response={200: list[NetworkRoadmapLineOut], **PUBLIC_READ},
    auth=optional_auth,
)
def roadmap(request):
    """The resource mobilisation roadmap's lines of action (regional, national, cooperation),
    in the seed's words with their line of seed 004."""
    out = []
    for level in selectors_plans.roadmap_get():
        for line, subs in level.lines:
            for row, parent in [(line, None), *((s, line.key) for s in subs)]:
                out.append(
                    NetworkRoadmapLineOut(
                        key=row.key,
                        level=row.level,
                        number=row.number,
                        parent=parent,
                        quote=content.text(row.quote, "es"),
                        seed_line=row.seed_line,
                    )
                )
    return out


class PlanResourceOut(Schema):
    id: int
    availability: str
    kind: str
    description: str
    amount: Decimal | None
    currency: str
    version: int


class PlanActivityOut(Schema):
    id: int
    text: str
    responsible: str
    start_date: dt.date | None
    end_date: dt.date | None
    status: str
    version: int
    resources: list[PlanResourceOut] = []


class PlanProductOut(Schema):
    id: int
    result: str
    text: str
    responsible: str
    version: int
    activities: list[PlanActivityOut] = []


class PlanGapOut(Schema):
    result: str
    missing_by_currency: dict[str, Decimal]
    missing_without_amount: int


class PlanOut(Schema):
    framework: str
    plan: str | None
    annex_6_loaded: bool
    gap_rule: str
    products: list[PlanProductOut]
    gaps: list[PlanGapOut]


def _resource(r) -> PlanResourceOut:
    return PlanResourceOut(
        id=r.pk,
        availability=r.availability,
        kind=r.kind,
        description=r.description,
        amount=r.amount,
        currency=r.currency,
        version=r.version,
    )


def _activity(a, with_resources: bool = True) -> PlanActivityOut:
    return PlanActivityOut(
        id=a.pk,
        text=a.text,
        responsible=a.responsible,
        start_date=a.start_date,
        end_date=a.end_date,
        status=a.status,
        version=a.version,
        resources=[_resource(r) for r in a.resources.all()] if with_resources else [],
    )


def _product(p, number: str, with_activities: bool = True) -> PlanProductOut:
    return PlanProductOut(
        id=p.pk,
        result=number,
        text=p.text,
        responsible=p.responsible,
        version=p.version,
        activities=[_activity(a) for a in p.activities.all()] if with_activities else [],
    )


@router.get(
    "/results/frameworks/{code}/plan", response={200: PlanOut, **PUBLIC_READ}, auth=optional_auth
)
def plan(request, code: str):
    """The framework's operational plan: products per result, their activities and
    resources, and each result's resource gap per currency (never mixed, never converted)."""
    v = selectors_plans.plan_get(code)
    return PlanOut(
        framework=code,
        plan=v.plan.code if v.plan else None,
        annex_6_loaded=False,
        gap_rule="missing_amounts_added_per_currency_never_mixed",
        products=[_product(p, rp.result.number) for rp in v.results for p in rp.products],
        gaps=[
            PlanGapOut(
                result=rp.result.number,
                missing_by_currency=rp.gap.amounts,
                missing_without_amount=rp.gap.unpriced,
            )
            for rp in v.results
        ],
    )


class PlanProductIn(Schema):
    model_config = ConfigDict(extra="forbid")
    result: str
    text: str
    responsible: str = ""


class PlanProductEditIn(Schema):
    model_config = ConfigDict(extra="forbid")
    version: int
    text: str | None = None
    responsible: str | None = None


class PlanActivityIn(Schema):
    model_config = ConfigDict(extra="forbid")
    text: str
    responsible: str = ""
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    status: str = "planned"


class PlanActivityEditIn(Schema):
    model_config = ConfigDict(extra="forbid")
    version: int
    text: str | None = None
    responsible: str | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    status: str | None = None


class PlanResourceIn(Schema):
    model_config = ConfigDict(extra="forbid")
    availability: str
    kind: str
    description: str = ""
    amount: str | None = None
    currency: str = ""


class PlanResourceEditIn(Schema):
    model_config = ConfigDict(extra="forbid")
    version: int
    availability: str | None = None
    kind: str | None = None
    description: str | None = None
    amount: str | None = None
    currency: str | None = None


def _given(payload) -> tuple[int, dict]:
    data = payload.dict(exclude_unset=True)
    return data.pop("version"), data


@router.post(
    "/results/frameworks/{code}/plan/products",
    response={201: PlanProductOut, **WRITE},
    auth=authenticated,
)
def product_add(request, code: str, payload: PlanProductIn):
    v = selectors_plans.plan_get(code)
    result = next((rp.result for rp in v.results if rp.result.number == payload.result), None)
    if v.plan is None or result is None:
        raise NotFound(_("This record does not exist."))
    p = services_plans.product_add(
        actor=request.user,
        plan_id=v.plan.pk,
        result_id=result.pk,
        text=payload.text,
        responsible=payload.responsible,
    )
    return Status(201, _product(p, result.number, with_activities=False))


@router.patch(
    "/results/plan/products/{product_id}",
    response={200: PlanProductOut, **WRITE},
    auth=authenticated,
)
def product_edit(request, product_id: int, payload: PlanProductEditIn):
    version, data = _given(payload)
    p = services_plans.product_edit(
        actor=request.user, product_id=product_id, expected_version=version, **data
    )
    return _product(p, p.result.number, with_activities=False)


@router.post(
    "/results/plan/products/{product_id}/activities",
    response={201: PlanActivityOut, **WRITE},
    auth=authenticated,
)
def activity_add(request, product_id: int, payload: PlanActivityIn):
    a = services_plans.activity_add(actor=request.user, product_id=product_id, **payload.dict())
    return Status(201, _activity(a, with_resources=False))


@router.patch(
    "/results/plan/activities/{activity_id}",
    response={200: PlanActivityOut, **WRITE},
    auth=authenticated,
)
def activity_edit(request, activity_id: int, payload: PlanActivityEditIn):
    version, data = _given(payload)
    a = services_plans.activity_edit(
        actor=request.user, activity_id=activity_id, expected_version=version, **data
    )
    return _activity(a, with_resources=False)


@router.post(
    "/results/plan/activities/{activity_id}/resources",
    response={201: PlanResourceOut, **WRITE},
    auth=authenticated,
)
def resource_add(request, activity_id: int, payload: PlanResourceIn):
    r = services_plans.resource_add(actor=request.user, activity_id=activity_id, **payload.dict())
    return Status(201, _resource(r))


@router.patch(
    "/results/plan/resources/{resource_id}",
    response={200: PlanResourceOut, **WRITE},
    auth=authenticated,
)
def resource_edit(request, resource_id: int, payload: PlanResourceEditIn):
    version, data = _given(payload)
    r = services_plans.resource_edit(
        actor=request.user, resource_id=resource_id, expected_version=version, **data
    )
    r.refresh_from_db()
    return _resource(r)
