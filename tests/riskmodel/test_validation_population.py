"""Validation states the population it compares on both sides (the filter, the records
whose outcome the census lacks, the ages), and says when they differ; the report states
it too, and why the rest of the report concerns another population when it does."""

from __future__ import annotations

import pytest

from alliance87.riskmodel import synth
from alliance87.riskmodel.report import render_report
from alliance87.riskmodel.scoring import score_file
from alliance87.riskmodel.validate import format_validation, validate_file


@pytest.fixture(scope="module")
def country(tmp_path_factory):
    return synth.generate(
        tmp_path_factory.mktemp("c"),
        seed=22,
        children=40_000,
        territories=25,
        departments=5,
        survey_size=2_000,
    )


def _scored(country, tmp_path, where, suffix):
    table = score_file(synth.true_model(), country.census, territory="territory", where=where)
    path = tmp_path / f"t{suffix}"
    table.write(path)
    return table, path


def _validate(country, path, **kwargs):
    return validate_file(
        path, country.census, territory="territory", outcome="child_labour", age="age", **kwargs
    )


def test_the_same_filter_on_both_sides_is_the_same_population_with_its_ages(country, tmp_path):
    _, path = _scored(country, tmp_path, "age >= 10", ".parquet")
    pop = _validate(country, path, where="age >= 10")["population"]
    assert pop["same"] is True
    assert pop["observed"] == {"where": "age >= 10", "records": pop["observed"]["records"],
                               "outcome_missing": 0, "ages": [10, 17]}  # fmt: skip
    assert pop["predicted"]["where"] == "age >= 10" and pop["predicted"]["ages"] == [10, 17]


def test_scoring_all_ages_against_the_measured_ones_is_named_as_a_different_population(
    country, tmp_path
):
    _, path = _scored(country, tmp_path, None, ".parquet")
    res = _validate(country, path)
    pop = res["population"]
    assert pop["same"] is False
    assert pop["observed"]["outcome_missing"] > 0 and pop["observed"]["ages"] == [10, 17]
    assert pop["predicted"]["ages"] == [5, 17]
    assert "lack the outcome 'child_labour'" in pop["note"]
    text = format_validation(res)
    assert "population: observed no filter, ages 10-17; predicted no filter, ages 5-17" in text
    assert "warning:" in text


def test_a_csv_territories_file_needs_the_scored_filter_to_be_checked(country, tmp_path):
    _, path = _scored(country, tmp_path, "age >= 10", ".csv")
    pop = _validate(country, path, where="age >= 10")["population"]
    assert pop["same"] is None and "--scored-where" in pop["note"]
    pop = _validate(country, path, where="age >= 10", scored_where="age >= 10")["population"]
    assert pop["same"] is True
    pop = _validate(country, path, where="age >= 10", scored_where="age >= 12")["population"]
    assert pop["same"] is False and pop["predicted"]["ages"] == [12, 17]


def test_the_report_states_the_validations_population_and_why_the_rest_differs(country, tmp_path):
    table, _ = _scored(country, tmp_path, None, ".parquet")
    _, path = _scored(country, tmp_path, "age >= 10", "_10.parquet")
    res = _validate(country, path, where="age >= 10")
    html = render_report(None, table, lang="en", validation=res)
    assert (
        "Population compared: observed, children aged 10 to 17 (filter: age &gt;= 10); "
        "predicted, children aged 10 to 17 (filter: age &gt;= 10)."
    ) in html
    assert "the rest of this report concerns the population scored (no filter)" in html
    html_es = render_report(None, table, lang="es", validation=res)
    assert "Población comparada: observada, niños, niñas y adolescentes de 10 a 17 años" in html_es
