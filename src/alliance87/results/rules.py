"""The rules of results frameworks, as pure functions (no Django).

Sources: seed 004 (the Regional Initiative's Table 1: indicators that are "Número y tipo",
"Nivel y tipo de recursos (humanos, técnicos, económicos)", "Grado de ..."), issue 10 (what a
value may be; roll-up; "a count of countries is a count of countries"), Open SDG (a reporting
status per indicator) and Decidim's accountability module (a result's progress is the mean of
its children's).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from alliance87.core.transitions import Refusal, TransitionTable, refusal

KINDS = ("count", "amount", "percentage", "level", "list", "narrative")
DISAGGREGATIONS = ("sex", "age", "area", "sector", "constituency")
#: The unit of an indicator that counts countries ("Número de países que ...").
UNIT_COUNTRIES = "countries"
#: The fields of a value, by kind.
KIND_FIELDS = {
    "count": ("count",),
    "amount": ("amount", "currency"),
    "percentage": ("percentage",),
    "level": ("level",),
    "list": ("items",),
    "narrative": ("narrative",),
}
VALUE_FIELDS = ("count", "amount", "currency", "percentage", "level", "items", "narrative")

#: A value's life (issue 10: "entered by that country's focal point, reviewed and published").
#: draft: being entered; submitted: sent for review; published: shown to the public.
#: Editing is allowed in draft only; the Secretariat returns a submitted value or reopens a
#: published one (a correction), which sends it back to draft.
VALUE = TransitionTable(
    "results.value",
    {
        "edit": ({"draft"}, "draft"),
        "submit": ({"draft"}, "submitted"),
        "return": ({"submitted"}, "draft"),
        "publish": ({"submitted"}, "published"),
        "reopen": ({"published"}, "draft"),
    },
)


@dataclass(frozen=True)
class IndicatorSpec:
    kinds: frozenset[str]
    unit: str = ""
    currency: str = ""
    scale_min: int | None = None
    scale_max: int | None = None
    categories: tuple[str, ...] = ()
    disaggregations: frozenset[str] = field(default_factory=frozenset)


def indicator_spec_refusal(spec: IndicatorSpec) -> Refusal | None:
    """An indicator accepts at least one known kind; a level needs its stated scale."""
    unknown = sorted(set(spec.kinds) - set(KINDS))
    if not spec.kinds or unknown:
        return refusal("results.kinds_unknown", field="value_kinds", kinds=", ".join(unknown))
    if "level" in spec.kinds and (
        spec.scale_min is None or spec.scale_max is None or spec.scale_min >= spec.scale_max
    ):
        return refusal("results.scale_missing", field="scale_max")
    bad = sorted(set(spec.disaggregations) - set(DISAGGREGATIONS))
    if bad:
        return refusal("results.disaggregation_unknown", field="disaggregations", name=bad[0])
    return None


def _number(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return Decimal("NaN")


def _given(data: Mapping[str, Any], name: str) -> bool:
    value = data.get(name)
    return value not in (None, "", [], {})


def value_refusals(spec: IndicatorSpec, data: Mapping[str, Any]) -> list[Refusal]:
    """Every reason the value ``data`` (the fields of VALUE_FIELDS plus ``disaggregation``)
    does not fit the indicator ``spec``; each refusal names its ``field``. Empty when valid."""
    out: list[Refusal] = []
    for kind, names in KIND_FIELDS.items():
        if kind not in spec.kinds:
            for name in names:
                if name != "currency" and _given(data, name):
                    out.append(refusal("results.kind_not_accepted", field=name, kind=kind))
    if not any(_given(data, n) for k in spec.kinds for n in KIND_FIELDS[k] if n != "currency"):
        out.append(refusal("results.value_empty", field="__all__"))
    if "count" in spec.kinds and _given(data, "count"):
        n = _number(data["count"])
        if n is None or n.is_nan() or n != n.to_integral_value():
            out.append(refusal("results.count_not_whole", field="count"))
        elif n < 0:
            out.append(refusal("results.count_negative", field="count"))
    if "amount" in spec.kinds and _given(data, "amount"):
        a = _number(data["amount"])
        if a is None or a.is_nan():
            out.append(refusal("results.not_a_number", field="amount"))
        elif a < 0:
            out.append(refusal("results.amount_negative", field="amount"))
        currency = str(data.get("currency") or "")
        if not currency:
            out.append(refusal("results.amount_without_currency", field="currency"))
        elif len(currency) != 3 or not currency.isalpha() or not currency.isupper():
            out.append(refusal("results.currency_invalid", field="currency", currency=currency))
        elif spec.currency and currency != spec.currency:
            out.append(refusal("results.currency_other", field="currency", expected=spec.currency))
    if "percentage" in spec.kinds and _given(data, "percentage"):
        p = _number(data["percentage"])
        if p is None or p.is_nan() or not (0 <= p <= 100):
            out.append(refusal("results.percentage_out_of_range", field="percentage"))
    if "level" in spec.kinds and _given(data, "level"):
        lv = _number(data["level"])
        lo, hi = spec.scale_min, spec.scale_max
        if (
            lv is None
            or lv.is_nan()
            or lv != lv.to_integral_value()
            or lo is None
            or hi is None
            or not (lo <= lv <= hi)
        ):
            out.append(refusal("results.level_off_scale", field="level", low=lo, high=hi))
    if "list" in spec.kinds and _given(data, "items"):
        out.extend(_items_refusals(spec, data["items"]))
    for name in sorted((data.get("disaggregation") or {}).keys()):
        if name not in spec.disaggregations:
            out.append(refusal("results.disaggregation_unknown", field="disaggregation", name=name))
    return out


def _items_refusals(spec: IndicatorSpec, items: Any) -> list[Refusal]:
    if not isinstance(items, list) or not all(isinstance(i, Mapping) for i in items):
        return [refusal("results.items_malformed", field="items")]
    out = []
    for position, item in enumerate(items, start=1):
        kind = str(item.get("type") or "").strip()
        if not kind or not str(item.get("label") or "").strip():
            out.append(refusal("results.item_incomplete", field="items", position=position))
        elif spec.categories and kind not in spec.categories:
            out.append(
                refusal(
                    "results.item_type_unknown",
                    field="items",
                    position=position,
                    type=kind,
                    allowed=", ".join(spec.categories),
                )
            )
    return out


def disaggregation_key(disaggregation: Mapping[str, Any] | None) -> str:
    """One string per disaggregation, the same whatever the order of its keys ("" for the total)."""
    if not disaggregation:
        return ""
    return json.dumps(dict(sorted(disaggregation.items())), ensure_ascii=False, sort_keys=True)


def year_refusal(year: int, start: int, end: int) -> Refusal | None:
    """A value belongs to a year of its framework's period (Table 1: the plan is 2018-2021)."""
    if not (start <= year <= end):
        return refusal("results.year_out_of_period", field="year", start=start, end=end)
    return None


# --- Reporting status and roll-up -----------------------------------------------------------

REPORTED, IN_PROGRESS, NO_DATA = "reported", "in_progress", "no_data"


def reporting_status(statuses: Iterable[str]) -> str:
    """Open SDG's reporting status of an indicator: *reported* once any value is published,
    *in progress* while values are only drafted or submitted, *no data* otherwise."""
    seen = set(statuses)
    if "published" in seen:
        return REPORTED
    if seen & {"draft", "submitted"}:
        return IN_PROGRESS
    return NO_DATA


def indicator_progress(
    baseline: Decimal | None, target: Decimal | None, latest: Decimal | None, direction: str
) -> float | None:
    """Share of the way from baseline to target, between 0 and 1; None without all three
    (issue 10: progress from baselines and targets; none is invented where the seed has none)."""
    if baseline is None or target is None or latest is None or target == baseline:
        return None
    if direction == "none":
        return None
    share = float((latest - baseline) / (target - baseline))
    return max(0.0, min(1.0, share))


def result_progress(children: Iterable[float | None]) -> float | None:
    """A result's progress is the mean of its indicators' (and sub-results') progress, as
    Decidim's accountability rolls a parent up from its children; those without progress are
    left out, and a result with none has no progress."""
    known = [c for c in children if c is not None]
    return sum(known) / len(known) if known else None


def reported_share(statuses: Iterable[str]) -> tuple[int, int]:
    """How many of a result's indicators are reported, of how many."""
    seen = list(statuses)
    return sum(1 for s in seen if s == REPORTED), len(seen)


@dataclass(frozen=True)
class RegionalTotal:
    """A regional figure from countries' values, and the rule that made it (shown on the page)."""

    rule: str
    count: int | None = None
    amounts: dict[str, Decimal] = field(default_factory=dict)
    countries: int = 0


def regional_total(
    unit: str, kinds: Iterable[str], values: Iterable[Mapping[str, Any]]
) -> RegionalTotal:
    """Regional total of one indicator and year from each country's value (``country`` plus
    the value fields; totals only, not disaggregated rows).

    - A count of countries counts the countries whose count is above zero, never the sum of
      their counts (issue 10: "a count of countries is a count of countries").
    - Other counts add up.
    - Amounts add up per currency; currencies are never mixed.
    - Percentages, levels, lists and narratives have no regional total: the countries are
      listed instead.
    """
    rows = list(values)
    countries = {r["country"] for r in rows}
    kinds = set(kinds)
    if "count" in kinds and unit == UNIT_COUNTRIES:
        yes = {r["country"] for r in rows if (r.get("count") or 0) > 0}
        return RegionalTotal("countries_counted", count=len(yes), countries=len(countries))
    if "count" in kinds and any(r.get("count") is not None for r in rows):
        total = sum(int(r["count"]) for r in rows if r.get("count") is not None)
        return RegionalTotal("counts_added", count=total, countries=len(countries))
    if "amount" in kinds and any(r.get("amount") is not None for r in rows):
        amounts: dict[str, Decimal] = {}
        for r in rows:
            if r.get("amount") is not None:
                amounts[r["currency"]] = amounts.get(r["currency"], Decimal(0)) + Decimal(
                    str(r["amount"])
                )
        return RegionalTotal("amounts_per_currency", amounts=amounts, countries=len(countries))
    return RegionalTotal("not_additive", countries=len(countries))


# --- Open SDG-style CSV ---------------------------------------------------------------------
#
# One file per indicator, as Open SDG keeps its data: a ``Year`` column, a ``Country`` column
# (ISO 3166-1 alpha-3; may be left out when the file is one country's), one column per
# disaggregation the indicator has (``sex``, ``age``, ``area``, ``sector``, ``constituency``;
# empty for the total), ``Value`` (the indicator's number: its count, amount, percentage or
# level, the first of these it takes), ``Currency`` for amounts and ``Narrative``.

NUMERIC_KINDS = ("count", "amount", "percentage", "level")


def csv_value_kind(kinds: Iterable[str]) -> str | None:
    """The kind the ``Value`` column holds for an indicator (None: it has no number)."""
    kinds = set(kinds)
    return next((k for k in NUMERIC_KINDS if k in kinds), None)


def csv_columns(spec: IndicatorSpec) -> list[str]:
    cols = ["Year", "Country", *[d for d in DISAGGREGATIONS if d in spec.disaggregations]]
    cols.append("Value")
    if "amount" in spec.kinds:
        cols.append("Currency")
    if "narrative" in spec.kinds:
        cols.append("Narrative")
    return cols


@dataclass(frozen=True)
class CsvRow:
    line: int
    year: int
    country: str
    disaggregation: dict[str, str]
    data: dict[str, Any]


def csv_rows(
    spec: IndicatorSpec,
    header: list[str],
    lines: Iterable[list[str]],
    *,
    start: int,
    end: int,
    country: str | None = None,
) -> tuple[list[CsvRow], list[Refusal]]:
    """Parse and check every row of an indicator's CSV before anything is written. Each refusal
    names the ``row`` (the line of the file, the header being line 1) and the ``column``."""
    kind = csv_value_kind(spec.kinds)
    if kind is None:
        return [], [refusal("results.csv_no_number", row=1, column="Value")]
    allowed = set(csv_columns(spec))
    header = [h.strip() for h in header]
    problems: list[Refusal] = []
    for name in header:
        if name not in allowed:
            problems.append(refusal("results.csv_unknown_column", row=1, column=name))
    for name in ("Year", "Value") + (() if country else ("Country",)):
        if name not in header:
            problems.append(refusal("results.csv_missing_column", row=1, column=name))
    if problems:
        return [], problems
    out: list[CsvRow] = []
    seen: dict[tuple, int] = {}
    for line, cells in enumerate(lines, start=2):
        if not any(c.strip() for c in cells):
            continue
        row = dict(zip(header, (c.strip() for c in cells), strict=False))
        year_text = row.get("Year", "")
        if not year_text.isdigit():
            problems.append(refusal("results.csv_bad_year", row=line, column="Year"))
            continue
        year = int(year_text)
        if r := year_refusal(year, start, end):
            problems.append(refusal(r.code, row=line, column="Year", start=start, end=end))
        iso3 = (row.get("Country") or country or "").upper()
        if country and iso3 != country:
            problems.append(
                refusal("results.csv_other_country", row=line, column="Country", country=iso3)
            )
        elif len(iso3) != 3:
            problems.append(refusal("results.csv_bad_country", row=line, column="Country"))
        dis = {d: row[d] for d in DISAGGREGATIONS if row.get(d)}
        data: dict[str, Any] = {kind: row.get("Value", "")}
        if "Currency" in row:
            data["currency"] = row["Currency"].upper()
        if row.get("Narrative"):
            data["narrative"] = row["Narrative"]
        for r in value_refusals(spec, {**data, "disaggregation": dis}):
            column = {"currency": "Currency", "narrative": "Narrative"}.get(
                r.values["field"], "Value"
            )
            problems.append(refusal(r.code, **{**r.values, "row": line, "column": column}))
        key = (year, iso3, disaggregation_key(dis))
        if key in seen:
            problems.append(
                refusal("results.csv_duplicate_row", row=line, column="Year", first=seen[key])
            )
        seen[key] = line
        out.append(CsvRow(line, year, iso3, dis, data))
    return out, problems


# --- Working pages: what is due, completeness, a result's progress --------------------------

TO_ENTER, TO_SUBMIT, IN_REVIEW, PUBLISHED = "to_enter", "to_submit", "in_review", "published"


def due_state(statuses: Iterable[str]) -> str:
    """Where a country's value of an indicator for a year stands, for its focal point: *to
    enter* while there is none, *to submit* while any is a draft (returned values are drafts
    again), *in review* while any is submitted, *published* once all are published. The
    seeds state no due date for the Regional Initiative's values, so none is shown."""
    seen = set(statuses)
    if not seen:
        return TO_ENTER
    if "draft" in seen:
        return TO_SUBMIT
    if "submitted" in seen:
        return IN_REVIEW
    return PUBLISHED


def completeness(states: Iterable[str]) -> tuple[int, int]:
    """DHIS2's completeness of a country for a period: how many of the expected reports
    arrived. Here a report is an indicator's value sent for review or published (a draft is
    still the country's), of all the framework's indicators."""
    seen = list(states)
    return sum(1 for s in seen if s in (IN_REVIEW, PUBLISHED)), len(seen)


def latest_progress(
    baseline: Decimal | None,
    target: Decimal | None,
    latest_by_year: Mapping[int, Decimal],
    direction: str,
) -> float | None:
    """An indicator's progress from its baseline towards its target, at the latest year with
    a regional figure (``indicator_progress``); None when any of them is missing."""
    if not latest_by_year:
        return None
    return indicator_progress(baseline, target, latest_by_year[max(latest_by_year)], direction)


# --- Operational plans: resources and the resource gap (seed 004, Sessions 5 and 6) ---------

RESOURCE_KINDS = ("human", "technical", "economic")  # «humanos, técnicos, económicos»


def resource_refusals(kind: str, amount: Any, currency: str) -> list[Refusal]:
    """A resource is human, technical or economic; an amount is not negative and needs its
    currency (ISO 4217); a currency without an amount says nothing."""
    out: list[Refusal] = []
    if kind not in RESOURCE_KINDS:
        out.append(refusal("results.resource_kind_unknown", field="kind"))
    currency = (currency or "").strip()
    if amount in (None, ""):
        if currency:
            out.append(refusal("results.currency_without_amount", field="amount"))
        return out
    try:
        number = Decimal(str(amount))
    except InvalidOperation:
        return [*out, refusal("results.not_a_number", field="amount")]
    if number < 0:
        out.append(refusal("results.amount_negative", field="amount"))
    if not currency:
        out.append(refusal("results.amount_without_currency", field="currency"))
    elif len(currency) != 3 or not currency.isalpha() or not currency.isupper():
        out.append(refusal("results.currency_invalid", field="currency", currency=currency))
    return out


@dataclass(frozen=True)
class ResourceGap:
    """What is missing: the amounts per currency, and how many missing resources have no
    amount (listed, not added)."""

    amounts: dict[str, Decimal]
    unpriced: int
    missing: int


def resource_gap(resources: Iterable[tuple[str, Decimal | None, str]]) -> ResourceGap:
    """The resource gap of a result from its activities' resources ``(availability, amount,
    currency)``: the missing amounts added per currency — different currencies are never
    added together, and nothing is converted — and the missing resources without an amount
    counted apart. Available resources do not reduce the gap: the seed asks, per result and
    product, which resources there are and which are missing, not a balance."""
    amounts: dict[str, Decimal] = {}
    unpriced = missing = 0
    for availability, amount, currency in resources:
        if availability != "missing":
            continue
        missing += 1
        if amount is None:
            unpriced += 1
            continue
        amounts[currency] = amounts.get(currency, Decimal(0)) + Decimal(amount)
    return ResourceGap(dict(sorted(amounts.items())), unpriced, missing)
