"""Scoring a census out of core and aggregating by territory."""

from __future__ import annotations

import json

import numpy as np
import pyarrow as pa
import pyarrow.csv as pcsv
import pyarrow.parquet as pq
import pytest
from scipy import stats

from alliance87.riskmodel import synth
from alliance87.riskmodel.errors import RiskModelError
from alliance87.riskmodel.scoring import ScoringModel, Term, Territories, score_file


@pytest.fixture(scope="module")
def country(tmp_path_factory):
    return synth.generate(
        tmp_path_factory.mktemp("country"),
        seed=5,
        children=30_000,
        territories=30,
        departments=5,
        survey_size=3_000,
    )


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    path = tmp_path_factory.mktemp("model") / "MODEL.json"
    path.write_text(json.dumps(synth.true_model()))
    return path


def probabilities(census) -> tuple[np.ndarray, list[str]]:
    t = pq.read_table(census).to_pydict()
    cols = {k: np.asarray(v) for k, v in t.items()}
    for col, levels in synth.CATEGORICAL.items():
        cols[col] = np.array([levels.index(v) for v in t[col]])
    p = 1 / (1 + np.exp(-synth.true_linear_predictor(cols)))
    return p, t["territory"]


def write_csv(rows: dict, path):
    pcsv.write_csv(pa.table(rows), path)
    return path


def test_the_risk_index_is_the_mean_predicted_probability_of_the_territorys_children(
    country, model
):
    table = score_file(model, country.census, territory="territory")
    p, terr = probabilities(country.census)
    for i, code in enumerate(table.columns["territory"]):
        mine = np.array([t == code for t in terr])
        assert table.columns["records"][i] == mine.sum()
        assert table.columns["expected_child_labour"][i] == pytest.approx(p[mine].sum(), rel=1e-9)
        assert table.columns["risk_index"][i] == pytest.approx(p[mine].mean(), rel=1e-9)
    assert table.national["risk_index"] == pytest.approx(p.mean(), rel=1e-9)


def test_rank_one_is_the_territory_with_the_highest_risk(country, model):
    table = score_file(model, country.census, territory="territory")
    top = int(np.argmax(table.columns["risk_index"]))
    assert table.columns["rank"][top] == 1
    assert sorted(table.columns["rank"]) == list(range(1, len(table) + 1))


def test_the_territorial_ranking_matches_the_true_rates(country, model):
    table = score_file(model, country.census, territory="territory")
    truth = {
        t["territory"]: t["true_rate"] for t in json.loads(country.truth.read_text())["territories"]
    }
    rho = stats.spearmanr(
        table.columns["risk_index"], [truth[c] for c in table.columns["territory"]]
    ).statistic
    assert rho > 0.9


def test_a_weight_column_counts_each_record_that_many_times(country, model, tmp_path):
    t = pq.read_table(country.census)
    weighted = tmp_path / "w.parquet"
    pq.write_table(t.append_column("w", pa.array(np.full(t.num_rows, 2.5))), weighted)
    plain = score_file(model, country.census, territory="territory")
    doubled = score_file(model, weighted, territory="territory", weight="w")
    assert np.allclose(doubled.columns["children"], 2.5 * plain.columns["children"])
    assert np.allclose(doubled.columns["risk_index"], plain.columns["risk_index"])


def test_territories_can_be_any_level_such_as_departments(country, model):
    table = score_file(model, country.census, territory="department")
    assert len(table) == 5
    assert table.national["children"] == pq.read_metadata(country.census).num_rows


def test_where_selects_the_population(country, model):
    table = score_file(model, country.census, territory="territory", where="age >= 10")
    ages = np.asarray(pq.read_table(country.census, columns=["age"]).column(0))
    assert table.scored == int((ages >= 10).sum())


def test_design_column_means_are_the_territorial_shares(country, model):
    table = score_file(model, country.census, territory="territory")
    t = pq.read_table(country.census, columns=["territory", "poor", "head_educ"]).to_pydict()
    code = table.columns["territory"][0]
    poor = [p for c, p in zip(t["territory"], t["poor"], strict=True) if c == code]
    educ = [e for c, e in zip(t["territory"], t["head_educ"], strict=True) if c == code]
    assert table.columns["mean_poor"][0] == pytest.approx(np.mean(poor))
    assert table.columns["mean_head_educ[higher]"][0] == pytest.approx(
        np.mean([e == "higher" for e in educ])
    )


def test_it_names_a_determinant_the_census_lacks(country, model, tmp_path):
    t = pq.read_table(country.census).drop(["poor"])
    path = tmp_path / "c.parquet"
    pq.write_table(t, path)
    with pytest.raises(RiskModelError, match="'poor'") as err:
        score_file(model, path, territory="territory")
    assert err.value.column == "poor"


def test_it_names_the_column_and_the_level_the_survey_never_saw(model, tmp_path):
    path = write_csv(
        {
            "territory": ["a", "b", "c"],
            "age": [10, 11, 12],
            "male": [1, 0, 1],
            "rural": [1, 0, 0],
            "hh_size": [4, 5, 6],
            "head_educ": ["none", "doctorate", "primary"],
            "poor": [0, 1, 0],
            "attends_school": [1, 1, 0],
            "ethnicity": ["majority"] * 3,
            "head_agri": [0, 0, 1],
        },
        tmp_path / "c.csv",
    )
    with pytest.raises(RiskModelError, match="'head_educ'.*'doctorate'") as err:
        score_file(model, path, territory="territory")
    assert err.value.column == "head_educ"


def test_records_with_missing_values_are_dropped_and_counted_per_column(model, tmp_path):
    path = write_csv(
        {
            "territory": ["01", "01", "02", None],
            "age": [10, None, 12, 13],
            "male": [1, 0, None, 1],
            "rural": [1, 0, 0, 1],
            "hh_size": [4, 5, 6, 3],
            "head_educ": ["none", "primary", "primary", "none"],
            "poor": [0, 1, 0, 1],
            "attends_school": [1, 1, 0, 1],
            "ethnicity": ["majority"] * 4,
            "head_agri": [0, 0, 1, 1],
        },
        tmp_path / "c.csv",
    )
    table = score_file(model, path, territory="territory")
    assert table.scored == 1
    assert table.dropped["age"] == 1 and table.dropped["male"] == 1
    assert table.dropped["territory"] == 1
    assert table.columns["territory"] == ["01"]


def test_it_refuses_non_positive_weights_naming_the_column(country, model, tmp_path):
    t = pq.read_table(country.census)
    w = np.ones(t.num_rows)
    w[5] = 0
    path = tmp_path / "w.parquet"
    pq.write_table(t.append_column("w", pa.array(w)), path)
    with pytest.raises(RiskModelError, match="'w'.*positive"):
        score_file(model, path, territory="territory", weight="w")


def test_it_refuses_a_territory_lying_in_two_regions(country, model):
    with pytest.raises(RiskModelError, match="two regions"):
        score_file(model, country.census, territory="age", region="territory")


def test_it_reports_a_bad_where_clause_in_one_line(country, model):
    with pytest.raises(RiskModelError, match="--where"):
        score_file(model, country.census, territory="territory", where="no_such_column > 1")


def test_a_csv_territories_file_keeps_leading_zeros_in_codes(country, model, tmp_path):
    table = score_file(model, country.census, territory="territory")
    table.write(tmp_path / "t.csv")
    back = Territories.read(tmp_path / "t.csv")
    assert back.columns["territory"] == table.columns["territory"]
    assert back.columns["territory"][0].startswith("0")
    assert np.allclose(back.columns["risk_index"], table.columns["risk_index"])


def test_geojson_output_joins_territories_to_any_matching_feature_property(
    country, model, tmp_path
):
    table = score_file(model, country.census, territory="territory")
    info = table.write(tmp_path / "t.geojson", boundaries=country.boundaries)
    assert info["property"] == "code" and info["unmatched_territories"] == []
    data = json.loads((tmp_path / "t.geojson").read_text())
    props = data["features"][0]["properties"]
    assert props["territory"] == props["code"] and 0 < props["risk_index"] < 1


def test_parquet_output_round_trips(country, model, tmp_path):
    table = score_file(model, country.census, territory="territory")
    table.write(tmp_path / "t.parquet")
    back = Territories.read(tmp_path / "t.parquet")
    assert np.allclose(
        back.columns["expected_child_labour"], table.columns["expected_child_labour"]
    )


def test_the_model_file_must_be_a_model(tmp_path):
    bad = tmp_path / "m.json"
    bad.write_text("{}")
    with pytest.raises(RiskModelError, match="MODEL.json"):
        ScoringModel.from_json(bad)


def test_nan_and_empty_text_count_as_missing_as_when_fitting(model, tmp_path):
    path = tmp_path / "c.parquet"
    pq.write_table(
        pa.table(
            {
                "territory": ["01", "01", "02"],
                "age": [10.0, float("nan"), 12.0],
                "male": [1, 0, 1],
                "rural": [1, 0, 0],
                "hh_size": [4, 5, 6],
                "head_educ": ["none", "primary", " "],
                "poor": [0, 1, 0],
                "attends_school": [1, 1, 0],
                "ethnicity": ["majority"] * 3,
                "head_agri": [0, 0, 1],
            }
        ),
        path,
    )
    table = score_file(model, path, territory="territory")
    assert table.scored == 1
    assert table.dropped["age"] == 1 and table.dropped["head_educ"] == 1


def test_stata_files_are_scored_with_their_value_labels(model, tmp_path):
    pyreadstat = pytest.importorskip("pyreadstat")
    import pandas as pd

    df = pd.DataFrame(
        {
            "territory": [1.0, 1.0, 2.0],
            "age": [10.0, 11.0, 12.0],
            "male": [1.0, 0.0, 1.0],
            "rural": [1.0, 0.0, 0.0],
            "hh_size": [4.0, 5.0, 6.0],
            "head_educ": [1.0, 2.0, 2.0],
            "poor": [0.0, 1.0, 0.0],
            "attends_school": [1.0, 1.0, 0.0],
            "ethnicity": [1.0, 1.0, 1.0],
            "head_agri": [0.0, 0.0, 1.0],
        }
    )
    path = tmp_path / "census.dta"
    pyreadstat.write_dta(
        df,
        str(path),
        variable_value_labels={
            "head_educ": {1.0: "none", 2.0: "primary"},
            "ethnicity": {1.0: "majority"},
        },
    )
    table = score_file(model, path, territory="territory")
    assert table.columns["territory"] == ["1", "2"] and table.scored == 3


def test_it_refuses_a_memory_limit_duckdb_would_misread(country, model):
    with pytest.raises(RiskModelError, match="--memory-limit"):
        score_file(model, country.census, territory="territory", memory_limit="1GB'; --")


def test_an_infinite_determinant_and_a_blank_territory_count_as_missing(model, tmp_path):
    # the first pass tests NULL only; these records must still be left out and counted
    path = tmp_path / "c.parquet"
    pq.write_table(
        pa.table(
            {
                "territory": ["01", "01", " ", "02"],
                "age": [10.0, float("inf"), 12.0, 13.0],
                "male": [1, 0, 1, 0],
                "rural": [1, 0, 0, 1],
                "hh_size": [4, 5, 6, 3],
                "head_educ": ["none", "primary", "none", "higher"],
                "poor": [0, 1, 0, 1],
                "attends_school": [1, 1, 0, 1],
                "ethnicity": ["majority"] * 4,
                "head_agri": [0, 0, 1, 1],
            }
        ),
        path,
    )
    table = score_file(model, path, territory="territory")
    assert table.columns["territory"] == ["01", "02"]
    assert table.scored == 2
    assert table.dropped["age"] == 1 and table.dropped["territory"] == 1
    assert np.isfinite(table.columns["expected_child_labour"]).all()


def test_it_refuses_a_nan_weight_as_a_missing_one(country, model, tmp_path):
    t = pq.read_table(country.census)
    w = np.ones(t.num_rows)
    w[7] = np.nan
    path = tmp_path / "w.parquet"
    pq.write_table(t.append_column("w", pa.array(w)), path)
    with pytest.raises(RiskModelError, match="'w'.*1 missing, zero or negative"):
        score_file(model, path, territory="territory", weight="w")


def test_a_determinant_without_a_coefficient_still_drops_records_missing_it(tmp_path):
    # MODEL.json gives every determinant a coefficient (FittedModel.from_dict checks it);
    # a model built in code need not
    model = ScoringModel(
        outcome="y",
        predictors=["age", "hh_size"],
        categorical=[],
        levels={},
        intercept=-2.0,
        terms=[Term("age", "age", None, 0.1)],
    )
    path = tmp_path / "c.parquet"
    pq.write_table(
        pa.table(
            {
                "territory": ["01", "01", "02"],
                "age": [10, 11, 12],
                "hh_size": [4.0, float("nan"), 5.0],
            }
        ),
        path,
    )
    table = score_file(model, path, territory="territory")
    assert table.scored == 2 and table.dropped["hh_size"] == 1
