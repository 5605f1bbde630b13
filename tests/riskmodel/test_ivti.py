"""The child labour vulnerability index (IVTI, MIRTI-NOTES §6)."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.csv as pcsv
import pytest

from alliance87.riskmodel import synth
from alliance87.riskmodel.errors import RiskModelError
from alliance87.riskmodel.ivti import aggregate_indicators, build_index, pca_weights


@pytest.fixture()
def table_file(tmp_path):
    """One row per territory, as administrative statistics usually come."""
    path = tmp_path / "admin.csv"
    pcsv.write_csv(
        pa.table(
            {
                "canton": ["101", "102", "103", "104", "105"],
                "poverty": [10.0, 20.0, 30.0, 40.0, 50.0],
                "dropout": [1.0, 2.0, 5.0, 3.0, 9.0],
                "attendance": [99.0, 95.0, 90.0, 92.0, 80.0],
            }
        ),
        path,
    )
    return path


def test_each_indicator_is_scaled_zero_to_one_hundred_with_higher_meaning_more_vulnerable(
    table_file,
):
    inds = ["poverty", "dropout", "attendance"]
    table = aggregate_indicators(table_file, territory="canton", indicators=inds)
    table, _ = build_index(table, indicators=inds, protective=["attendance"])
    assert list(table.columns["score_poverty"]) == [0, 25, 50, 75, 100]
    att = table.columns["score_attendance"]
    assert att[0] == 0 and att[4] == 100  # 99 % attendance is the least vulnerable


def test_the_index_is_the_weighted_mean_of_the_scores_not_rescaled(table_file):
    inds = ["poverty", "dropout", "attendance"]
    table = aggregate_indicators(table_file, territory="canton", indicators=inds)
    table, summary = build_index(table, indicators=inds, protective=["attendance"])
    s = np.column_stack([table.columns[f"score_{i}"] for i in inds])
    assert np.allclose(table.columns["index"], s.mean(axis=1))
    assert summary["weights"] == pytest.approx(dict.fromkeys(inds, 1 / 3))
    table, summary = build_index(
        table,
        indicators=inds,
        protective=["attendance"],
        weights={"poverty": 2, "dropout": 1, "attendance": 1},
    )
    assert np.allclose(table.columns["index"], s @ np.array([0.5, 0.25, 0.25]))


def test_contributions_add_up_to_the_gap_from_the_national_average(table_file):
    inds = ["poverty", "dropout", "attendance"]
    table = aggregate_indicators(table_file, territory="canton", indicators=inds)
    table, summary = build_index(table, indicators=inds, protective=["attendance"])
    gaps = sum(table.columns[f"gap_{i}"] for i in inds)
    assert np.allclose(gaps, table.columns["index"] - summary["national_index"])
    top = table.columns["top_factors"][4]
    assert top.startswith("poverty") or top.startswith("dropout")


def test_pca_weights_are_squared_loadings_summing_to_one():
    rng = np.random.default_rng(0)
    f = rng.normal(size=200)
    s = np.column_stack(
        [f + rng.normal(0, 0.1, 200), f + rng.normal(0, 0.5, 200), rng.normal(size=200)]
    )
    w = pca_weights(s)
    assert w.sum() == pytest.approx(1) and w[0] > w[1] > w[2]


def test_indicators_from_microdata_are_territorial_shares(tmp_path):
    country = synth.generate(
        tmp_path, seed=2, children=10_000, territories=10, departments=2, survey_size=1_000
    )
    inds = ["poor", "head_educ=none", "attends_school"]
    table = aggregate_indicators(country.census, territory="territory", indicators=inds)
    table, summary = build_index(
        table, indicators=inds, protective=["attends_school"], weighting="pca"
    )
    assert len(table) == 10 and set(table.columns["level"]) <= {"low", "medium", "high"}
    assert all(0 <= v <= 1 for v in table.columns["indicator_head_educ=none"])
    assert summary["weighting"] == "pca"


def test_it_refuses_an_indicator_that_does_not_vary(tmp_path):
    path = tmp_path / "flat.csv"
    pcsv.write_csv(pa.table({"t": ["a", "b", "c"], "x": [1.0, 1.0, 1.0]}), path)
    table = aggregate_indicators(path, territory="t", indicators=["x"])
    with pytest.raises(RiskModelError, match="'x' is the same in every territory"):
        build_index(table, indicators=["x"])


def test_it_names_a_missing_indicator_column(table_file):
    with pytest.raises(RiskModelError, match="'violations'"):
        aggregate_indicators(table_file, territory="canton", indicators=["violations"])


def test_a_nan_indicator_value_is_missing_as_in_fit_and_score(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "micro.parquet"
    pq.write_table(
        pa.table(
            {
                "t": ["a", "a", "b", "b", "c", "c"],
                "poor": [1.0, float("nan"), 0.0, 1.0, 0.0, 0.0],
                "educ": ["none", " ", "none", "primary", "primary", "primary"],
            }
        ),
        path,
    )
    table = aggregate_indicators(path, territory="t", indicators=["poor", "educ=none"])
    np.testing.assert_allclose(table.columns["indicator_poor"], [1.0, 0.5, 0.0])
    np.testing.assert_allclose(table.columns["indicator_educ=none"], [1.0, 0.5, 0.0])


def test_a_warning_names_an_indicator_whose_pca_weight_contradicts_its_direction():
    from alliance87.riskmodel.scoring import Territories

    rng = np.random.default_rng(3)
    base = rng.normal(size=40)
    cols = {
        "territory": [f"t{i:02d}" for i in range(40)],
        "records": np.full(40, 10),
        "children": np.full(40, 10.0),
        "indicator_poor": base + rng.normal(scale=0.3, size=40),
        "indicator_dropout": base + rng.normal(scale=0.3, size=40),
        # declared a risk, it moves against the others: the component turns it round
        "indicator_attendance": -base + rng.normal(scale=0.3, size=40),
    }
    indicators = ["poor", "dropout", "attendance"]
    _, summary = build_index(
        Territories(columns=dict(cols), terms=[]), indicators=indicators, weighting="pca"
    )
    assert summary["pca_contradicts"] == ["attendance"]
    assert "'attendance' against its stated direction" in summary["warnings"][0]
    _, summary = build_index(
        Territories(columns=dict(cols), terms=[]),
        indicators=indicators,
        protective=["attendance"],
        weighting="pca",
    )
    assert summary["pca_contradicts"] == [] and summary["warnings"] == []
