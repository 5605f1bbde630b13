"""The Spark engine gives the same territorial results as DuckDB (local mode, one session)."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.csv as pcsv
import pyarrow.parquet as pq
import pytest

from alliance87.riskmodel import synth
from alliance87.riskmodel.errors import RiskModelError
from alliance87.riskmodel.scoring import ScoringModel, score_file
from alliance87.riskmodel.scoring import engine_spark as spark_engine

pytestmark = pytest.mark.spark


@pytest.fixture(scope="module")
def session():
    pytest.importorskip("pyspark")
    s = spark_engine.get_session("local[2]")
    yield s
    s.stop()
    spark_engine._SESSIONS.clear()


@pytest.fixture(scope="module")
def country(tmp_path_factory):
    out = tmp_path_factory.mktemp("c")
    paths = synth.generate(
        out, seed=31, children=20_000, territories=20, departments=4, survey_size=2_000
    )
    t = pq.read_table(paths.census)
    rng = np.random.default_rng(1)
    pq.write_table(
        t.append_column("w", pa.array(rng.uniform(0.5, 3, t.num_rows))), out / "weighted.parquet"
    )
    return out


def test_spark_and_duckdb_give_identical_territorial_results(session, country):
    model = ScoringModel.from_json(synth.true_model())
    kw = {"territory": "territory", "weight": "w", "region": "department", "where": "age >= 7"}
    a = score_file(model, country / "weighted.parquet", **kw)
    b = score_file(model, country / "weighted.parquet", engine="spark", **kw)
    assert a.columns["territory"] == b.columns["territory"]
    assert a.columns["region"] == b.columns["region"]
    for name, col in a.columns.items():
        if isinstance(col, np.ndarray):
            np.testing.assert_allclose(b.columns[name], col, rtol=1e-9, err_msg=name)
    assert a.dropped == b.dropped
    assert (a.records_read, a.scored) == (b.records_read, b.scored)


def test_spark_reads_csv_and_names_an_unseen_level(session, tmp_path):
    path = tmp_path / "c.csv"
    pcsv.write_csv(
        pa.table(
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
            }
        ),
        path,
    )
    with pytest.raises(RiskModelError, match="'head_educ'.*'doctorate'"):
        score_file(synth.true_model(), path, territory="territory", engine="spark")


def test_spark_refuses_files_it_cannot_read_with_a_way_out(session, tmp_path):
    path = tmp_path / "census.dta"
    path.write_bytes(b"")
    with pytest.raises(RiskModelError, match="Parquet or CSV"):
        score_file(synth.true_model(), path, territory="territory", engine="spark")


def test_the_score_command_runs_on_spark(session, country, tmp_path):
    import json

    from alliance87.riskmodel.cli import main
    from alliance87.riskmodel.scoring import Territories

    model = tmp_path / "MODEL.json"
    model.write_text(json.dumps(synth.true_model()))
    out_spark, out_duck = tmp_path / "s.csv", tmp_path / "d.csv"
    args = [str(model), str(country / "census.parquet"), "--territory", "territory"]
    assert main(["score", *args, "--engine", "spark", "--out", str(out_spark)]) == 0
    assert main(["score", *args, "--out", str(out_duck)]) == 0
    a, b = Territories.read(out_duck), Territories.read(out_spark)
    assert a.columns["level"] == b.columns["level"]
    np.testing.assert_allclose(b.columns["risk_index"], a.columns["risk_index"], rtol=1e-9)


def test_spark_maps_a_census_of_codes_to_the_labels_the_model_was_fitted_on(session, tmp_path):
    import pandas as pd
    import pyreadstat

    from alliance87.riskmodel.fit import fit_file

    rng = np.random.default_rng(4)
    n = 2000
    frame = pd.DataFrame(
        {
            "y": (rng.random(n) < 0.3).astype(float),
            "educ": rng.integers(1, 4, n).astype(float),
            "age": rng.integers(5, 18, n).astype(float),
            "territory": rng.integers(1, 6, n).astype(float),
        }
    )
    labels = {"educ": {1.0: "none", 2.0: "primary", 3.0: "secondary"}}
    pyreadstat.write_dta(frame, tmp_path / "survey.dta", variable_value_labels=labels)
    model = fit_file(
        tmp_path / "survey.dta", outcome="y", predictors=["age", "educ"], categorical=["educ"]
    ).to_dict()
    frame.drop(columns=["y"]).to_csv(tmp_path / "census.csv", index=False)
    a = score_file(model, tmp_path / "census.csv", territory="territory")
    b = score_file(model, tmp_path / "census.csv", territory="territory", engine="spark")
    assert b.scored == n
    np.testing.assert_allclose(b.columns["risk_index"], a.columns["risk_index"], rtol=1e-9)
