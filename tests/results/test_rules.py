"""The rules of results frameworks: what a value may be, reporting status and roll-up."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from alliance87.core.refusals import refusal_text
from alliance87.results import rules
from alliance87.results.rules import IndicatorSpec

COUNT = IndicatorSpec(kinds=frozenset({"count"}))
AMOUNT = IndicatorSpec(kinds=frozenset({"amount"}))
PERCENT = IndicatorSpec(kinds=frozenset({"percentage"}))
LEVEL = IndicatorSpec(kinds=frozenset({"level"}), scale_min=1, scale_max=4)
TYPED = IndicatorSpec(kinds=frozenset({"list"}), categories=("humanos", "técnicos", "económicos"))
MIXED = IndicatorSpec(
    kinds=frozenset({"count", "list", "narrative"}), disaggregations=frozenset({"area"})
)


def codes(spec, **data):
    return [(r.code, r.values["field"]) for r in rules.value_refusals(spec, data)]


def test_a_negative_count_is_refused_on_the_count_field():
    assert codes(COUNT, count=-1) == [("results.count_negative", "count")]


@pytest.mark.parametrize("value", [1.5, "2.25", Decimal("0.1"), "abc"])
def test_a_fractional_count_is_refused_on_the_count_field(value):
    assert codes(COUNT, count=value) == [("results.count_not_whole", "count")]


def test_an_amount_without_currency_is_refused_on_the_currency_field():
    assert codes(AMOUNT, amount="1000") == [("results.amount_without_currency", "currency")]


def test_an_amount_with_its_currency_is_accepted():
    assert codes(AMOUNT, amount="1000.50", currency="USD") == []


def test_a_currency_is_an_iso_code():
    assert codes(AMOUNT, amount=1, currency="dollars") == [("results.currency_invalid", "currency")]


def test_an_indicator_with_a_fixed_currency_refuses_another():
    spec = IndicatorSpec(kinds=frozenset({"amount"}), currency="USD")
    assert codes(spec, amount=1, currency="EUR") == [("results.currency_other", "currency")]


@pytest.mark.parametrize("value", [-0.01, 100.01, 250])
def test_a_percentage_outside_0_to_100_is_refused(value):
    assert codes(PERCENT, percentage=value) == [("results.percentage_out_of_range", "percentage")]


@pytest.mark.parametrize("value", [0, 5, 2.5])
def test_a_level_off_its_scale_is_refused(value):
    assert codes(LEVEL, level=value) == [("results.level_off_scale", "level")]


def test_a_level_needs_a_stated_scale():
    spec = IndicatorSpec(kinds=frozenset({"level"}))
    assert rules.indicator_spec_refusal(spec).code == "results.scale_missing"
    assert codes(spec, level=1) == [("results.level_off_scale", "level")]


def test_a_typed_list_with_an_unknown_type_is_refused_naming_the_item():
    (r,) = rules.value_refusals(TYPED, {"items": [{"type": "jurídicos", "label": "x"}]})
    assert r.code == "results.item_type_unknown"
    assert r.values == {
        "field": "items",
        "position": 1,
        "type": "jurídicos",
        "allowed": "humanos, técnicos, económicos",
    }


def test_a_typed_list_without_categories_takes_any_type():
    spec = IndicatorSpec(kinds=frozenset({"list"}))
    assert codes(spec, items=[{"type": "taller", "label": "Taller en Lima"}]) == []


def test_a_list_item_needs_a_type_and_a_label():
    assert codes(TYPED, items=[{"type": "humanos"}]) == [("results.item_incomplete", "items")]


def test_a_value_of_a_kind_the_indicator_does_not_take_is_refused():
    assert codes(COUNT, count=1, percentage=3) == [("results.kind_not_accepted", "percentage")]


def test_an_empty_value_is_refused():
    assert codes(MIXED) == [("results.value_empty", "__all__")]


def test_any_combination_of_kinds_is_accepted():
    data = {"count": 3, "items": [{"type": "taller", "label": "a"}], "narrative": "Tres talleres."}
    assert codes(MIXED, **data) == []


def test_a_disaggregation_the_indicator_does_not_have_is_refused():
    assert codes(MIXED, count=1, disaggregation={"sex": "f"}) == [
        ("results.disaggregation_unknown", "disaggregation")
    ]


def test_the_year_is_in_the_frameworks_period():
    assert rules.year_refusal(2017, 2018, 2021).code == "results.year_out_of_period"
    assert rules.year_refusal(2021, 2018, 2021) is None


def test_the_disaggregation_key_ignores_key_order():
    assert rules.disaggregation_key({"b": 1, "a": 2}) == rules.disaggregation_key({"a": 2, "b": 1})
    assert rules.disaggregation_key({}) == ""


def test_the_value_states_follow_the_table():
    assert rules.VALUE.target("submit", "draft") == "submitted"
    assert rules.VALUE.target("publish", "submitted") == "published"
    assert rules.VALUE.refusal("publish", "draft").code == "results.value.not_allowed_from"
    assert rules.VALUE.refusal("edit", "published") is not None


def test_reporting_status_is_reported_once_a_value_is_published():
    assert rules.reporting_status(["draft", "published"]) == rules.REPORTED
    assert rules.reporting_status(["submitted"]) == rules.IN_PROGRESS
    assert rules.reporting_status([]) == rules.NO_DATA


def test_a_count_of_countries_counts_countries_not_the_sum_of_their_counts():
    rows = [
        {"country": "ARG", "count": 3},
        {"country": "BRA", "count": 1},
        {"country": "PER", "count": 0},
    ]
    total = rules.regional_total(rules.UNIT_COUNTRIES, {"count"}, rows)
    assert (total.rule, total.count, total.countries) == ("countries_counted", 2, 3)


def test_other_counts_add_up():
    rows = [{"country": "ARG", "count": 3}, {"country": "BRA", "count": 4}]
    assert rules.regional_total("items", {"count"}, rows).count == 7


def test_amounts_add_up_per_currency_never_mixed():
    rows = [
        {"country": "ARG", "amount": "10", "currency": "USD"},
        {"country": "BRA", "amount": "5", "currency": "BRL"},
        {"country": "PER", "amount": "2.5", "currency": "USD"},
    ]
    total = rules.regional_total("resources", {"amount"}, rows)
    assert total.amounts == {"USD": Decimal("12.5"), "BRL": Decimal("5")}


def test_percentages_have_no_regional_total():
    rows = [{"country": "ARG", "percentage": 10}]
    assert rules.regional_total("", {"percentage"}, rows).rule == "not_additive"


def test_a_results_progress_is_the_mean_of_its_childrens_leaving_out_the_unknown():
    assert rules.result_progress([1.0, 0.5, None]) == 0.75
    assert rules.result_progress([None]) is None


def test_indicator_progress_runs_from_baseline_to_target():
    assert rules.indicator_progress(Decimal(0), Decimal(10), Decimal(5), "higher") == 0.5
    assert rules.indicator_progress(Decimal(10), Decimal(0), Decimal(5), "lower") == 0.5
    assert rules.indicator_progress(None, Decimal(10), Decimal(5), "higher") is None


@given(st.integers(min_value=0, max_value=10**12))
def test_every_whole_non_negative_count_is_accepted(n):
    assert rules.value_refusals(COUNT, {"count": n}) == []


@given(st.decimals(min_value=0, max_value=100, places=2))
def test_every_percentage_from_0_to_100_is_accepted(p):
    assert rules.value_refusals(PERCENT, {"percentage": p}) == []


@given(st.dictionaries(st.sampled_from(["ARG", "BRA", "PER", "MEX"]), st.integers(0, 1000)))
def test_a_count_of_countries_never_exceeds_the_countries_reporting(counts):
    rows = [{"country": c, "count": n} for c, n in counts.items()]
    total = rules.regional_total(rules.UNIT_COUNTRIES, {"count"}, rows)
    assert total.count <= total.countries == len(counts)


@given(st.floats(allow_nan=False, allow_infinity=False), st.floats(0, 100))
def test_indicator_progress_stays_between_0_and_1(latest, target):
    p = rules.indicator_progress(Decimal(0), Decimal(str(target)), Decimal(str(latest)), "higher")
    assert p is None or 0.0 <= p <= 1.0


def _codes_in(module) -> set[str]:
    import inspect
    import re

    return set(re.findall(r'"(results\.[a-z_]+(?:\.[a-z_]+)?)"', inspect.getsource(module)))


def _returned_codes() -> set[str]:
    from alliance87.results import imports

    permissions = {"results.value", "results.enter_value", "results.review_value"}
    found = (_codes_in(rules) | _codes_in(imports)) - permissions
    return found | {"results.value.not_allowed_from"}


REFUSAL_CODES = sorted(_returned_codes())


def test_every_refusal_code_the_rules_and_the_import_can_return_is_registered():
    from alliance87.core.refusals import registered

    assert len(REFUSAL_CODES) >= 28
    assert [c for c in REFUSAL_CODES if not registered(c)] == []


@pytest.mark.parametrize("language", ["es", "en", "fr", "pt"])
def test_every_refusal_code_has_words(language):
    from django.utils import translation

    from alliance87.core.transitions import Refusal

    params = {
        "name": "sex",
        "expected": "USD",
        "low": 1,
        "high": 4,
        "position": 1,
        "type": "x",
        "allowed": "y",
        "start": 2018,
        "end": 2021,
        "field": "f",
        "first": 2,
        "row": 3,
        "column": "Value",
        "country": "ARG",
    }
    with translation.override(language):
        for code in REFUSAL_CODES:
            text = refusal_text(Refusal(code, params))
            assert text and text != code and "%(" not in text
