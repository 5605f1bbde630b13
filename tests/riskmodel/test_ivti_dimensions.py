"""The vulnerability index in dimensions (Costa Rica's index: 14 variables in 5
dimensions) with weights per dimension, and its report: "vulnerability index", the
indicators with their directions and weights, and no column name in prose."""

from __future__ import annotations

import csv
import html
import re

import numpy as np
import pytest

from alliance87.riskmodel.errors import RiskModelError
from alliance87.riskmodel.ivti import parse_dimensions, pca_loadings
from alliance87.riskmodel.pipeline import run_ivti
from alliance87.riskmodel.report import render_report

DIMENSIONS = {
    "Education": ["dropout", "overage", "attendance"],
    "Income": ["poverty", "unemployment", "informality"],
    "Health": ["no_insurance", "teen_births"],
    "Housing": ["overcrowding", "no_water", "no_sewer"],
    "Work": ["agri_share", "labour_violations", "child_workers"],
}
INDICATORS = [i for v in DIMENSIONS.values() for i in v]
PROTECTIVE = ["attendance"]


@pytest.fixture(scope="module")
def cantons(tmp_path_factory):
    rng = np.random.default_rng(5)
    path = tmp_path_factory.mktemp("ivti") / "cantons.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["canton", *INDICATORS])
        for k in range(40):
            w.writerow([f"C{k:02d}", *np.round(rng.uniform(0, 1, len(INDICATORS)), 4)])
    return path


def _index(cantons, **kwargs):
    return run_ivti(
        cantons, territory="canton", indicators=INDICATORS, protective=PROTECTIVE, **kwargs
    )


def test_fourteen_indicators_in_five_dimensions_with_a_weight_per_dimension(cantons):
    weights = {"Education": 3, "Income": 2, "Health": 1, "Housing": 2, "Work": 2}
    table, summary = _index(cantons, dimensions=DIMENSIONS, dimension_weights=weights)
    total = sum(weights.values())
    expected = np.zeros(len(table))
    for name, items in DIMENSIONS.items():
        sub = np.mean([table.columns[f"score_{i}"] for i in items], axis=0)
        np.testing.assert_allclose(table.columns[f"dimension_{name}"], sub)
        expected += weights[name] / total * sub
        assert summary["dimensions"][name]["weight"] == pytest.approx(weights[name] / total)
    np.testing.assert_allclose(table.columns["index"], expected)
    assert sum(summary["weights"].values()) == pytest.approx(1.0)
    assert summary["weights"]["dropout"] == pytest.approx(3 / 10 / 3)
    gaps = sum(np.asarray(table.columns[f"gap_{i}"]) for i in INDICATORS)
    np.testing.assert_allclose(gaps, table.columns["index"] - summary["national_index"])


def test_equal_dimension_weights_by_default_and_pca_within_each_dimension(cantons):
    table, summary = _index(cantons, dimensions=DIMENSIONS, weighting="pca")
    assert [d["weight"] for d in summary["dimensions"].values()] == [pytest.approx(0.2)] * 5
    scores = np.column_stack([table.columns[f"score_{i}"] for i in DIMENSIONS["Housing"]])
    sq = pca_loadings(scores) ** 2
    within = summary["dimensions"]["Housing"]["weights_within"]
    np.testing.assert_allclose([within[i] for i in DIMENSIONS["Housing"]], sq / sq.sum())


@pytest.mark.parametrize(
    ("dims", "dweights", "message"),
    [
        ({**DIMENSIONS, "Work": ["agri_share"]}, None, "'labour_violations' is in no dimension"),
        ({**DIMENSIONS, "Extra": ["poverty"]}, None, "'poverty' is in two dimensions"),
        (DIMENSIONS, {"Schooling": 1}, "'Schooling', which is not a dimension"),
        (DIMENSIONS, {"Education": 1}, "no weight given for the dimension 'Income'"),
    ],
)
def test_a_dimension_that_does_not_fit_the_indicators_is_named(cantons, dims, dweights, message):
    with pytest.raises(RiskModelError, match=re.escape(message)):
        _index(cantons, dimensions=dims, dimension_weights=dweights)


def test_dimensions_are_written_name_equals_indicators():
    assert parse_dimensions("Education=dropout,overage; Income=poverty") == {
        "Education": ["dropout", "overage"],
        "Income": ["poverty"],
    }
    with pytest.raises(RiskModelError, match="NAME=INDICATOR"):
        parse_dimensions("Education")


def _prose(page: str) -> str:
    """The report's text outside tables (paragraphs, list items, headings)."""
    page = re.sub(r"<table.*?</table>", " ", page, flags=re.S)
    page = re.sub(r"<style.*?</style>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def test_the_index_report_lists_indicators_directions_and_weights_without_column_names(
    cantons,
):
    table, summary = _index(cantons, dimensions=DIMENSIONS)
    labels = {"attendance": {"en": "school attendance", "es": "asistencia escolar"}}
    page = render_report(None, table, lang="en", index_summary=summary, labels=labels)
    prose = _prose(page)
    assert "vulnerability index" in prose.lower()
    assert "Risk index" not in page and "risk index" not in prose
    for name in INDICATORS:
        if name not in labels:  # a labelled one is named by its label
            assert name not in prose, name
        assert re.search(rf"<td>[^<]*\b{name}\b", page), name
    assert "protective: a higher value means less vulnerability" in page
    assert "school attendance (attendance)" in page
    assert re.search(r"Indicator \d+: more vulnerable than the national average", prose)
    assert "Lower school attendance than the national average" in prose
    assert "grouped in 5 dimensions" in prose
    assert "Education 20.0 %" in prose
    page_es = render_report(None, table, lang="es", index_summary=summary, labels=labels)
    assert "índice de vulnerabilidad" in _prose(page_es).lower()


def test_the_risk_reports_prose_calls_an_unlabelled_outcome_child_labour():
    from alliance87.riskmodel.labels import outcome_name

    assert outcome_name("ti_5_17", "en") == "child labour"
    assert outcome_name("ti_5_17", "es") == "trabajo infantil"
    assert outcome_name("ti_5_17", "en", {"ti_5_17": {"en": "hazardous work"}}) == "hazardous work"
