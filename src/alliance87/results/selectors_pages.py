"""Reads of the working pages: a result with its roll-up, a focal point's "what is due", the
Secretariat's completeness by country × indicator, the reporting status of a framework and an
indicator's map. Each has a fixed number of queries whatever the data size."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from alliance87.core.exceptions import NotFound
from alliance87.core.models import Country
from alliance87.core.permissions import require
from alliance87.pathfinders.models import Pathfinder

from . import rules
from .models import Framework, Indicator, IndicatorValue, Result, TargetValue
from .selectors import framework_by_code, framework_indicators, visible_values


@dataclass
class IndicatorRollup:
    indicator: Indicator
    reporting: str
    progress: float | None
    latest: dict[int, Decimal] = field(default_factory=dict)


@dataclass
class ResultDetail:
    framework: Framework
    result: Result
    children: list[Result]
    indicators: list[IndicatorRollup]
    progress: float | None
    reported: int
    total: int


def _regional_by_year(ind: Indicator, rows: list[dict]) -> dict[int, Decimal]:
    """The regional figure per year, when the indicator's rule gives one number a year."""
    by_year: dict[int, list[dict]] = defaultdict(list)
    for r in rows:
        by_year[r["year"]].append(r)
    out: dict[int, Decimal] = {}
    for year, year_rows in by_year.items():
        total = rules.regional_total(ind.unit, ind.value_kinds, year_rows)
        if total.count is not None:
            out[year] = Decimal(total.count)
        elif len(total.amounts) == 1:
            out[year] = next(iter(total.amounts.values()))
    return out


def result_get(code: str, number: str, user) -> ResultDetail:
    """A result, its sub-results and the indicators of both, each with its reporting status
    and its progress from baseline to target; the result's progress is the mean of its
    indicators' (``rules.result_progress``). Five queries."""
    result = (
        Result.objects.select_related("framework")
        .filter(framework__code=code, number=number)
        .first()
    )
    if result is None:
        raise NotFound(_("This record does not exist."))
    children = list(Result.objects.filter(parent=result).order_by("order", "pk"))
    inds = list(
        Indicator.objects.filter(result__in=[result, *children])
        .select_related("result")
        .order_by("result__order", "order", "pk")
    )
    targets: dict[int, dict[str, TargetValue]] = defaultdict(dict)
    for t in TargetValue.objects.filter(indicator__in=inds).order_by("year"):
        targets[t.indicator_id]["baseline" if t.is_baseline else "target"] = t
    statuses: dict[int, set[str]] = defaultdict(set)
    published: dict[int, list[dict]] = defaultdict(list)
    for row in IndicatorValue.objects.filter(visible_values(user), indicator__in=inds).values(
        "indicator_id",
        "status",
        "disaggregation_key",
        "country_id",
        "year",
        "count",
        "amount",
        "currency",
    ):
        statuses[row["indicator_id"]].add(row["status"])
        if row["status"] == "published" and not row["disaggregation_key"]:
            published[row["indicator_id"]].append({**row, "country": row["country_id"]})
    rollups = []
    for ind in inds:
        latest = _regional_by_year(ind, published.get(ind.pk, []))
        t = targets.get(ind.pk, {})
        base = t.get("baseline")
        target = t.get("target")
        progress = rules.latest_progress(
            base.value if base else None, target.value if target else None, latest, ind.direction
        )
        rollups.append(
            IndicatorRollup(ind, rules.reporting_status(statuses.get(ind.pk, ())), progress, latest)
        )
    reported, total = rules.reported_share(r.reporting for r in rollups)
    return ResultDetail(
        result.framework,
        result,
        children,
        rollups,
        rules.result_progress(r.progress for r in rollups),
        reported,
        total,
    )


def period_year(framework: Framework, year: str | None) -> int:
    """The year asked for, else the current year kept within the framework's period."""
    if year and year.isdigit() and framework.start_year <= int(year) <= framework.end_year:
        return int(year)
    return min(max(timezone.now().year, framework.start_year), framework.end_year)


@dataclass
class DueRow:
    indicator: Indicator
    state: str
    values: list[IndicatorValue]


def due_for(code: str, iso3: str, year: str | None, user) -> tuple[Framework, Country, int, list]:
    """What a country's focal point has to do in a framework for a year, per indicator
    (``rules.due_state``): the focal point of that country and the Secretariat. Four queries."""
    framework = framework_by_code(code)
    country = Country.objects.filter(iso3=iso3.upper()).first()
    if country is None:
        raise NotFound(_("This record does not exist."))
    require(user, "results.view_unpublished", country.iso3)
    chosen = period_year(framework, year)
    by_indicator: dict[int, list[IndicatorValue]] = defaultdict(list)
    for v in IndicatorValue.objects.filter(
        indicator__result__framework=framework, country=country, year=chosen
    ).order_by("disaggregation_key"):
        by_indicator[v.indicator_id].append(v)
    rows = [
        DueRow(ind, rules.due_state(v.status for v in by_indicator.get(ind.pk, [])), vals)
        for ind in framework_indicators(framework)
        for vals in [by_indicator.get(ind.pk, [])]
    ]
    return framework, country, chosen, rows


@dataclass
class CompletenessRow:
    country: Country
    states: list[str]
    complete: int
    total: int


def completeness_for(code: str, year: str | None, user):
    """The Secretariat's completeness of a framework for a year, by country × indicator, as
    DHIS2 shows a data set's: the countries are the pathfinder countries and every country
    with a value in the framework. Five queries."""
    require(user, "results.review_value")
    framework = framework_by_code(code)
    chosen = period_year(framework, year)
    inds = framework_indicators(framework)
    values = IndicatorValue.objects.filter(indicator__result__framework=framework)
    reporting = set(values.values_list("country_id", flat=True).distinct())
    reporting |= set(Pathfinder.objects.values_list("country_id", flat=True))
    statuses: dict[tuple[str, int], set[str]] = defaultdict(set)
    for iso3, ind_id, status in values.filter(year=chosen).values_list(
        "country_id", "indicator_id", "status"
    ):
        statuses[(iso3, ind_id)].add(status)
    rows = []
    for country in Country.objects.filter(iso3__in=reporting).order_by("name_en"):
        states = [rules.due_state(statuses.get((country.iso3, i.pk), ())) for i in inds]
        done, total = rules.completeness(states)
        rows.append(CompletenessRow(country, states, done, total))
    return framework, chosen, inds, rows


def reporting_counts(results) -> tuple[Counter, list[tuple[object, Counter]]]:
    """Open SDG's reporting status page: how many indicators are reported, in progress or
    without data, overall and per result (from ``selectors.framework_get``; no query)."""
    overall: Counter = Counter()
    per_result = []
    for r in results:
        c = Counter(i.reporting for i in r.indicators)
        overall.update(c)
        per_result.append((r, c))
    return overall, per_result
