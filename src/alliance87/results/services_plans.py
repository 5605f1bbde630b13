"""Every write of operational plans: products per result, their activities, and the
resources each activity has or needs. The Secretariat and the focal points fill them in
(``results.edit_plan``). Lock order: plan, product, activity, resource."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from alliance87.core import changes
from alliance87.core.permissions import require

from .events import ResultsEvent
from .models import Result
from .models_plans import OperationalPlan, PlanActivity, PlanProduct, PlanResource

PRODUCT_FIELDS = ("text", "responsible")
ACTIVITY_FIELDS = ("text", "responsible", "start_date", "end_date", "status")
RESOURCE_FIELDS = ("availability", "kind", "description", "amount", "currency")


def _only(data: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    out = {k: v for k, v in data.items() if k in names}
    for k in ("text", "responsible", "description"):
        if k in out:
            out[k] = (out[k] or "").strip()
    if "currency" in out:
        out["currency"] = (out["currency"] or "").strip().upper()
    return out


def product_add(
    *, actor, plan_id: int, result_id: int, text: str, responsible: str = ""
) -> PlanProduct:
    """A product of the plan for one of its framework's results."""
    with changes.write():
        plan = changes.lock(OperationalPlan, pk=plan_id)
        require(actor, "results.edit_plan", plan)
        result = Result.objects.filter(pk=result_id, framework_id=plan.framework_id).first()
        if result is None:
            raise ValidationError({"result": _("Choose a result of this plan's framework.")})
        return changes.create(
            PlanProduct,
            actor=actor,
            event=ResultsEvent.PLAN_PRODUCT_ADDED,
            plan=plan,
            result=result,
            created_by=actor,
            **_only({"text": text, "responsible": responsible}, PRODUCT_FIELDS),
        )


def product_edit(*, actor, product_id: int, expected_version: int, **data: Any) -> PlanProduct:
    with changes.write():
        product = changes.lock(PlanProduct.objects.select_related("plan"), pk=product_id)
        require(actor, "results.edit_plan", product.plan)
        changes.update(
            product,
            actor=actor,
            event=ResultsEvent.PLAN_PRODUCT_EDITED,
            data=_only(data, PRODUCT_FIELDS),
            expected_version=expected_version,
        )
    return product


def activity_add(
    *,
    actor,
    product_id: int,
    text: str,
    responsible: str = "",
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
    status: str = "planned",
) -> PlanActivity:
    """An activity of a product, with its responsible parties, dates and status."""
    with changes.write():
        product = changes.lock(PlanProduct.objects.select_related("plan"), pk=product_id)
        require(actor, "results.edit_plan", product.plan)
        data = {
            "text": text,
            "responsible": responsible,
            "start_date": start_date,
            "end_date": end_date,
            "status": status,
        }
        return changes.create(
            PlanActivity,
            actor=actor,
            event=ResultsEvent.PLAN_ACTIVITY_ADDED,
            product=product,
            created_by=actor,
            **_only(data, ACTIVITY_FIELDS),
        )


def activity_edit(*, actor, activity_id: int, expected_version: int, **data: Any) -> PlanActivity:
    """Change an activity (its status as it goes, its dates, its responsible parties)."""
    with changes.write():
        activity = changes.lock(
            PlanActivity.objects.select_related("product__plan"), pk=activity_id
        )
        require(actor, "results.edit_plan", activity.product.plan)
        changes.update(
            activity,
            actor=actor,
            event=ResultsEvent.PLAN_ACTIVITY_EDITED,
            data=_only(data, ACTIVITY_FIELDS),
            expected_version=expected_version,
        )
    return activity


def resource_add(
    *,
    actor,
    activity_id: int,
    availability: str,
    kind: str,
    description: str = "",
    amount: Decimal | None = None,
    currency: str = "",
) -> PlanResource:
    """A resource the activity has (available) or needs (missing); an amount needs its
    currency (``rules.resource_refusals``, checked by the model's ``clean``)."""
    with changes.write():
        activity = changes.lock(
            PlanActivity.objects.select_related("product__plan"), pk=activity_id
        )
        require(actor, "results.edit_plan", activity.product.plan)
        data = {
            "availability": availability,
            "kind": kind,
            "description": description,
            "amount": amount,
            "currency": currency,
        }
        return changes.create(
            PlanResource,
            actor=actor,
            event=ResultsEvent.PLAN_RESOURCE_ADDED,
            activity=activity,
            **_only(data, RESOURCE_FIELDS),
        )


def resource_edit(*, actor, resource_id: int, expected_version: int, **data: Any) -> PlanResource:
    """Change a resource (a missing one found becomes available)."""
    with changes.write():
        resource = changes.lock(
            PlanResource.objects.select_related("activity__product__plan"), pk=resource_id
        )
        require(actor, "results.edit_plan", resource.activity.product.plan)
        changes.update(
            resource,
            actor=actor,
            event=ResultsEvent.PLAN_RESOURCE_EDITED,
            data=_only(data, RESOURCE_FIELDS),
            expected_version=expected_version,
        )
    return resource
