"""A pathfinder country's own framework (``pathfinder-<iso3>``) as the pathfinders app shows
it: the workspace's indicator section (the ``results_pathfinder_indicators`` template tag) and
the profile's indicator charts (registered with ``pathfinders.selectors`` when this app
starts; the pathfinders app never imports this one)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from alliance87.core.content import text
from alliance87.core.words import colon

from . import rules
from .models import Framework, Indicator, IndicatorValue
from .selectors import visible_values


@dataclass
class IndicatorRow:
    indicator: Indicator
    latest: IndicatorValue | None


def country_framework(country_id: str) -> Framework | None:
    return Framework.objects.filter(kind="pathfinder", country_id=country_id).first()


def workspace_section(user, country_id: str) -> tuple[Framework | None, list[IndicatorRow]]:
    """The country's framework and each of its indicators with the latest value of the country
    (the total, not a disaggregated row) the user may see: three queries."""
    framework = country_framework(country_id)
    if framework is None:
        return None, []
    indicators = list(
        Indicator.objects.filter(result__framework=framework).order_by(
            "result__order", "result__pk", "order", "pk"
        )
    )
    latest: dict[int, IndicatorValue] = {}
    for v in IndicatorValue.objects.filter(
        visible_values(user),
        indicator__result__framework=framework,
        country_id=country_id,
        disaggregation_key="",
    ).order_by("indicator_id", "-year"):
        latest.setdefault(v.indicator_id, v)
    for ind in indicators:
        if ind.pk in latest:
            latest[ind.pk].indicator = ind
    return framework, [IndicatorRow(ind, latest.get(ind.pk)) for ind in indicators]


def profile_series(country_id: str, include_unpublished: bool) -> dict[str, tuple[str, list]]:
    """Per indicator of the country's framework with a number (``code: text`` as its title),
    its unit and the country's total per year: published values only, unless ``include_unpublished`` (the
    Secretariat and the country's focal points). One query."""
    values = IndicatorValue.objects.filter(
        indicator__result__framework__kind="pathfinder",
        indicator__result__framework__country_id=country_id,
        country_id=country_id,
        disaggregation_key="",
    )
    if not include_unpublished:
        values = values.filter(Q(status="published"))
    series: dict[str, tuple[str, list]] = {}
    for v in values.select_related("indicator").order_by(
        "indicator__result__order", "indicator__order", "indicator_id", "year"
    ):
        kind = rules.csv_value_kind(v.indicator.value_kinds)
        number = getattr(v, kind) if kind else None
        if number is None:
            continue
        label = text(v.indicator.texts)
        title = f"{v.indicator.code}{colon()} {label}" if label else v.indicator.code
        series.setdefault(title, (v.indicator.unit, []))[1].append((v.year, float(number)))
    return series
