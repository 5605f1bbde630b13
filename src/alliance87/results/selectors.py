"""Every read of results frameworks used by pages and the API, with a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils.translation import gettext as _

from alliance87.core import collation
from alliance87.core.content import current_language
from alliance87.core.exceptions import NotFound
from alliance87.core.models import Country, Role
from alliance87.core.permissions import is_secretariat, require, scoped_ids
from alliance87.pathfinders.models import Pathfinder

from . import rules
from .models import Framework, Indicator, IndicatorValue, Result, ValueRevision


def framework_list() -> list[Framework]:
    return list(Framework.objects.all())


def visible_values(user) -> Q:
    """Published values for everyone; the Secretariat sees all; a focal point also sees their
    own countries' drafts and submissions."""
    if is_secretariat(user):
        return Q()
    own = scoped_ids(user, Role.FOCAL_POINT, Pathfinder)
    return Q(status="published") | Q(country_id__in=own)


@dataclass
class ResultView:
    result: Result
    indicators: list[Indicator]
    reported: int = 0
    total: int = 0


@dataclass
class FrameworkView:
    framework: Framework
    results: list[ResultView] = field(default_factory=list)


def framework_by_code(code: str) -> Framework:
    framework = Framework.objects.filter(code=code).first()
    if framework is None:
        raise NotFound(_("This record does not exist."))
    return framework


def framework_get(code: str) -> FrameworkView:
    """A framework, its results and indicators, and each indicator's reporting status
    (``indicator.reporting``): three queries whatever the size; the status is two EXISTS
    per indicator on the (indicator, status) index, not a scan of the values."""
    framework = framework_by_code(code)
    published = IndicatorValue.objects.filter(indicator=OuterRef("pk"), status="published")
    pending = IndicatorValue.objects.filter(
        indicator=OuterRef("pk"), status__in=["draft", "submitted"]
    )
    results = list(
        Result.objects.filter(framework=framework).prefetch_related(
            Prefetch(
                "indicators",
                queryset=Indicator.objects.order_by("order", "pk").annotate(
                    has_published=Exists(published), has_pending=Exists(pending)
                ),
            )
        )
    )
    view = FrameworkView(framework)
    for result in results:
        inds = list(result.indicators.all())
        for ind in inds:
            seen = {"published"} if ind.has_published else set()
            if ind.has_pending:
                seen.add("draft")
            ind.reporting = rules.reporting_status(seen)
        reported, total = rules.reported_share(i.reporting for i in inds)
        view.results.append(ResultView(result, inds, reported, total))
    return view


def framework_values(framework: Framework, user) -> list[IndicatorValue]:
    """Every value of a framework the user may see, in indicator order: one query."""
    return list(
        IndicatorValue.objects.filter(
            visible_values(user), indicator__result__framework=framework
        ).order_by(
            "indicator__result__order",
            "indicator__order",
            "year",
            "country_id",
            "disaggregation_key",
        )
    )


def framework_indicators(framework: Framework) -> list[Indicator]:
    """A framework's indicators in order, with their result: one query."""
    return list(
        Indicator.objects.filter(result__framework=framework)
        .select_related("result")
        .order_by("result__order", "result__pk", "order", "pk")
    )


def indicator_get(code: str, indicator_code: str) -> Indicator:
    ind = (
        Indicator.objects.select_related("result__framework")
        .filter(result__framework__code=code, code=indicator_code)
        .first()
    )
    if ind is None:
        raise NotFound(_("This record does not exist."))
    return ind


def indicator_values(indicator: Indicator, user) -> list[IndicatorValue]:
    """The values of an indicator the user may see, with their country: one query."""
    return list(
        IndicatorValue.objects.filter(visible_values(user), indicator=indicator)
        .select_related("country")
        .order_by("year", "country__name_en", "disaggregation_key")
    )


@dataclass
class YearTotal:
    year: int
    total: rules.RegionalTotal


def regional_totals(indicator: Indicator, values: list[IndicatorValue]) -> list[YearTotal]:
    """Per year, the regional total of the *published* totals (not the disaggregated rows),
    by the rule that fits the indicator (``rules.regional_total``)."""
    by_year: dict[int, list[dict]] = defaultdict(list)
    for v in values:
        if v.status == "published" and not v.disaggregation_key:
            by_year[v.year].append({"country": v.country_id, **v.fields()})
    return [
        YearTotal(year, rules.regional_total(indicator.unit, indicator.value_kinds, rows))
        for year, rows in sorted(by_year.items())
    ]


def country_get(iso3: str) -> Country:
    country = Country.objects.filter(iso3=iso3.upper()).first()
    if country is None:
        raise NotFound(_("This record does not exist."))
    return country


def country_values(framework: Framework, country: Country, user) -> list[IndicatorValue]:
    """A country's values in a framework that the user may see, with their indicator: one query."""
    return list(
        IndicatorValue.objects.filter(
            visible_values(user), country=country, indicator__result__framework=framework
        )
        .select_related("indicator")
        .order_by("indicator__result__order", "indicator__order", "year", "disaggregation_key")
    )


def entry_countries(user) -> list[Country]:
    """The countries whose values the user may enter: all for the Secretariat, else the
    countries of their focal point roles."""
    if is_secretariat(user):
        return list(Country.objects.order_by(_by_name()))
    own = scoped_ids(user, Role.FOCAL_POINT, Pathfinder)
    return list(Country.objects.filter(iso3__in=own).order_by(_by_name()))


def _by_name():
    """Countries by name in the page's language, as it sorts (``core.collation``)."""
    return collation.collated(f"name_{current_language()}")


def value_revisions(user, value_id: int) -> list[ValueRevision]:
    """A value's history, oldest first, for those who may see unpublished values: two queries."""
    value = IndicatorValue.objects.filter(pk=value_id).only("pk", "country_id").first()
    if value is None:
        raise NotFound(_("This record does not exist."))
    require(user, "results.view_unpublished", value.country_id)
    return list(value.revisions.select_related("changed_by").order_by("version"))
