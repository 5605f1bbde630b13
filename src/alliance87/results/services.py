"""Every write of results frameworks: entering, editing, submitting, reviewing values.

Each service is one transaction (``changes.write``): lock (parent before child), check the
permission and the state inside the lock, validate against the indicator's kinds
(``rules.value_refusals``), write through ``changes.create``/``changes.update`` (one audit
row), and keep a ``ValueRevision`` of what the value became.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance87.core import audit, changes, refusals
from alliance87.core.permissions import require
from alliance87.pathfinders import services as pathfinders

from . import rules
from .events import ResultsEvent
from .models import Framework, Indicator, IndicatorValue, ValueRevision


def _check(indicator: Indicator, year: int | None, data: Mapping[str, Any]) -> None:
    """Raise one ValidationError naming every field at fault (nothing is written)."""
    found = rules.value_refusals(indicator.spec(), data)
    framework = indicator.result.framework
    if year is not None and (
        r := rules.year_refusal(year, framework.start_year, framework.end_year)
    ):
        found.append(r)
    if found:
        errors: dict[str, list[ValidationError]] = {}
        for r in found:
            errors.setdefault(r.values.get("field", "__all__"), []).append(
                ValidationError(refusals.refusal_text(r), code=r.code)
            )
        raise ValidationError(errors)


def _fields(data: Mapping[str, Any]) -> dict[str, Any]:
    """The value fields of ``data``, with the empty ones as the model stores them."""
    out: dict[str, Any] = {}
    for name in rules.VALUE_FIELDS:
        v = data.get(name)
        if name in ("currency", "narrative"):
            out[name] = (v or "").strip()
        elif name == "items":
            out[name] = list(v or [])
        else:
            out[name] = None if v in (None, "") else v
    if out["amount"] is None:
        out["currency"] = out["currency"] if out["currency"] else ""
    return out


def _revise(value: IndicatorValue, actor) -> None:
    ValueRevision.objects.create(
        value=value,
        version=value.version,
        status=value.status,
        data={k: audit.plain(v) for k, v in value.fields().items()},
        changed_by=actor if getattr(actor, "is_authenticated", False) else None,
        changed_at=timezone.now(),
    )


def value_enter(
    *,
    actor,
    indicator_id: int,
    country_id: str,
    year: int,
    disaggregation: Mapping[str, str] | None = None,
    **data: Any,
) -> IndicatorValue:
    """A new draft value of an indicator for a country and a year (the country's focal point
    or the Secretariat)."""
    with changes.write():
        indicator = changes.lock(
            Indicator.objects.select_related("result__framework"), pk=indicator_id
        )
        require(actor, "results.enter_value", country_id)
        own = indicator.result.framework.country_id  # a country's own framework
        if own and own != country_id:
            raise ValidationError(
                {"country": _("This framework takes this country's values only.")}
            )
        disaggregation = dict(disaggregation or {})
        fields = _fields(data)
        _check(indicator, year, {**fields, "disaggregation": disaggregation})
        value = changes.create(
            IndicatorValue,
            actor=actor,
            event=ResultsEvent.VALUE_ENTERED,
            indicator=indicator,
            country_id=country_id,
            year=year,
            disaggregation=disaggregation,
            entered_by=actor,
            entered_at=timezone.now(),
            **fields,
        )
        _revise(value, actor)
    return value


def value_edit(*, actor, value_id: int, expected_version: int, **data: Any) -> IndicatorValue:
    """Change a draft value's fields (the country's focal point or the Secretariat): those in
    ``data``; the fields not given keep their value (a PATCH sends only what changes)."""
    with changes.write():
        value = changes.lock(IndicatorValue, pk=value_id)
        require(actor, "results.enter_value", value.country_id)
        if reason := rules.VALUE.refusal("edit", value.status):
            raise refusals.refused(reason)
        indicator = Indicator.objects.select_related("result__framework").get(pk=value.indicator_id)
        fields = _fields({**value.fields(), **data})
        _check(indicator, None, {**fields, "disaggregation": value.disaggregation})
        diff = changes.update(
            value,
            actor=actor,
            event=ResultsEvent.VALUE_EDITED,
            expected_version=expected_version,
            data={**fields, "entered_by": actor, "entered_at": timezone.now()}
            if any(getattr(value, k) != v for k, v in fields.items())
            else {},
        )
        if diff:
            _revise(value, actor)
    return value


_STEPS = {
    "submit": ("results.enter_value", ResultsEvent.VALUE_SUBMITTED),
    "return": ("results.review_value", ResultsEvent.VALUE_RETURNED),
    "publish": ("results.review_value", ResultsEvent.VALUE_PUBLISHED),
    "reopen": ("results.review_value", ResultsEvent.VALUE_REOPENED),
}


#: The permission each step of ``rules.VALUE`` needs, on the value's country (the pages offer
#: a step to whoever holds it, when the table allows it from the value's status).
STEP_PERMISSIONS = {
    "edit": "results.enter_value",
    **{action: permission for action, (permission, _event) in _STEPS.items()},
}


def _step(action: str, *, actor, value_id: int, expected_version: int | None) -> IndicatorValue:
    permission, event = _STEPS[action]
    with changes.write():
        value = changes.lock(IndicatorValue, pk=value_id)
        require(actor, permission, value.country_id)
        if reason := rules.VALUE.refusal(action, value.status):
            raise refusals.refused(reason)
        data: dict[str, Any] = {"status": rules.VALUE.target(action, value.status)}
        if action == "publish":
            data["published_at"] = timezone.now()
        changes.update(
            value, actor=actor, event=event, expected_version=expected_version, data=data
        )
        _revise(value, actor)
        if action == "submit":
            _pathfinder_framework_updated(value, actor)
    return value


def _pathfinder_framework_updated(value: IndicatorValue, actor) -> None:
    """A value of a pathfinder country's own framework, submitted: the country's indicator
    framework is updated for the value's year (the pathfinders app's
    ``indicator_framework_updated`` event, criterion 3 of seed 003)."""
    framework = Framework.objects.filter(results__indicators__id=value.indicator_id).first()
    if framework and framework.kind == "pathfinder" and framework.country_id == value.country_id:
        pathfinders.indicator_framework_updated(actor=actor, iso3=value.country_id, year=value.year)


def value_submit(*, actor, value_id: int, expected_version: int | None = None) -> IndicatorValue:
    """Send a draft for the Secretariat's review."""
    return _step("submit", actor=actor, value_id=value_id, expected_version=expected_version)


def value_return(*, actor, value_id: int, expected_version: int | None = None) -> IndicatorValue:
    """The Secretariat sends a submitted value back to its country as a draft."""
    return _step("return", actor=actor, value_id=value_id, expected_version=expected_version)


def value_publish(*, actor, value_id: int, expected_version: int | None = None) -> IndicatorValue:
    """The Secretariat publishes a submitted value: the public pages show it."""
    return _step("publish", actor=actor, value_id=value_id, expected_version=expected_version)


def value_reopen(*, actor, value_id: int, expected_version: int | None = None) -> IndicatorValue:
    """The Secretariat reopens a published value for a correction (back to draft)."""
    return _step("reopen", actor=actor, value_id=value_id, expected_version=expected_version)
