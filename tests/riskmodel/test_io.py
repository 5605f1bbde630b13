"""Reading microdata through DuckDB: formats, value labels, filters, missing values."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pyreadstat
import pytest

from alliance87.riskmodel.errors import RiskModelError
from alliance87.riskmodel.fit import fit_file
from alliance87.riskmodel.io import open_dataset

FRAME = pd.DataFrame(
    {
        "y": [0.0, 1.0, 0.0, 1.0, 1.0, 0.0],
        "educ": [1.0, 2.0, 2.0, 3.0, np.nan, 9.0],
        "age": [5.0, 6.0, 7.0, 8.0, 9.0, 10.0],
    }
)
LABELS = {"educ": {1: "none", 2: "primary", 3: "secondary"}}


@pytest.fixture
def files(tmp_path):
    paths = {}
    FRAME.to_csv(tmp_path / "s.csv", index=False)
    paths["csv"] = tmp_path / "s.csv"
    pq.write_table(pa.Table.from_pandas(FRAME, preserve_index=False), tmp_path / "s.parquet")
    paths["parquet"] = tmp_path / "s.parquet"
    pyreadstat.write_dta(FRAME, tmp_path / "s.dta", variable_value_labels=LABELS)
    paths["dta"] = tmp_path / "s.dta"
    pyreadstat.write_sav(FRAME, tmp_path / "s.sav", variable_value_labels=LABELS)
    paths["sav"] = tmp_path / "s.sav"
    return paths


@pytest.mark.parametrize("kind", ["csv", "parquet", "dta", "sav"])
def test_it_reads_every_supported_format(files, kind):
    with open_dataset(files[kind]) as ds:
        assert ds.count() == 6
        assert ds.columns == ["y", "educ", "age"]
        res = ds.read_arrays(numeric=["y", "age"])
        np.testing.assert_array_equal(res.columns["age"], FRAME["age"].to_numpy())


@pytest.mark.parametrize("kind", ["dta", "sav"])
def test_stata_and_spss_value_labels_become_the_category_text(files, kind):
    with open_dataset(files[kind]) as ds:
        assert ds.value_labels == {"educ": {1: "none", 2: "primary", 3: "secondary"}}
        assert ds.dtypes["educ"] == "VARCHAR"
        res = ds.read_arrays(categorical=["educ"])
    # the unlabelled code 9 keeps its code; the missing value is left out
    assert res.columns["educ"].tolist() == ["none", "primary", "primary", "secondary", "9"]
    assert res.dropped_missing == {"educ": 1}


def test_a_model_fitted_from_a_labelled_file_names_levels_by_their_labels(tmp_path):
    rng = np.random.default_rng(5)
    n = 400
    frame = pd.DataFrame(
        {
            "y": rng.integers(0, 2, n).astype(float),
            "educ": rng.integers(1, 4, n).astype(float),
            "age": rng.integers(5, 18, n).astype(float),
        }
    )
    pyreadstat.write_dta(frame, tmp_path / "labelled.dta", variable_value_labels=LABELS)
    model = fit_file(
        tmp_path / "labelled.dta", outcome="y", predictors=["age", "educ"], categorical=["educ"]
    )
    # the questionnaire's order, not alphabetical: none is the reference
    assert model.levels["educ"] == ["none", "primary", "secondary"]
    assert "educ[secondary]" in model.terms


def test_the_where_filter_keeps_matching_records(files):
    with open_dataset(files["parquet"], where="age > 6 AND y = 1") as ds:
        assert ds.count() == 2
        assert ds.where == "age > 6 AND y = 1"


@pytest.mark.parametrize(
    "where, why",
    [
        ("agee > 5", "agee"),
        ("age >", "syntax error"),
        ("age > 5; DROP VIEW data", "without ';'|syntax error"),
    ],
)
def test_an_invalid_filter_is_refused_saying_why(files, where, why):
    with pytest.raises(RiskModelError, match=f"filter \\(--where\\) is invalid.*({why})"):
        open_dataset(files["csv"], where=where)


def test_it_registers_the_view_on_a_given_connection(files):
    con = duckdb.connect()
    ds = open_dataset(files["csv"], con=con, name="survey", where="age < 8")
    assert con.execute("SELECT count(*) FROM survey").fetchone()[0] == 3
    ds.close()
    assert con.execute("SELECT 1").fetchone()[0] == 1  # a connection we did not open stays open


def test_it_reads_a_folder_or_a_glob_of_parquet_files(tmp_path):
    folder = tmp_path / "parts"
    folder.mkdir()
    for k in range(3):
        pq.write_table(
            pa.table({"y": [0.0, 1.0], "age": [5.0 + k, 6.0 + k]}), folder / f"part-{k}.parquet"
        )
    with open_dataset(folder) as ds:
        assert ds.count() == 6
    with open_dataset(str(folder / "part-*.parquet")) as ds:
        assert ds.count() == 6


def test_it_names_a_missing_file_and_an_unknown_format(tmp_path):
    with pytest.raises(RiskModelError, match="not found"):
        open_dataset(tmp_path / "nothing.csv")
    (tmp_path / "data.xlsx").write_bytes(b"")
    with pytest.raises(RiskModelError, match="unknown data format"):
        open_dataset(tmp_path / "data.xlsx")


def test_require_names_every_missing_column_and_suggests_the_case(files):
    with open_dataset(files["csv"]) as ds, pytest.raises(RiskModelError) as exc:
        ds.require(["y", "Age", "poverty"])
    assert "'Age' (did you mean 'age'?)" in str(exc.value)
    assert "'poverty'" in str(exc.value)
    assert exc.value.column == "Age"


def test_listwise_deletion_counts_missing_values_per_column(write_csv):
    path = write_csv(
        ["y", "age", "educ"],
        [[0, 5, "a"], [None, 6, "b"], [1, None, None], [1, 8, "a"], [0, 9, ""]],
    )
    with open_dataset(path) as ds:
        res = ds.read_arrays(numeric=["y", "age"], categorical=["educ"])
    assert res.dropped_missing == {"y": 1, "age": 1, "educ": 2}
    assert (res.records_read, res.records_dropped, res.records) == (5, 3, 2)
    assert res.columns["educ"].tolist() == ["a", "a"]


def test_a_text_value_in_a_numeric_column_is_named(write_csv):
    path = write_csv(["y", "age"], [[0, "5"], [1, "six"]])
    with (
        open_dataset(path) as ds,
        pytest.raises(RiskModelError, match="'age' must be numeric.*six"),
    ):
        ds.read_arrays(numeric=["age"])


def test_numeric_categories_are_written_without_decimals(write_csv):
    path = write_csv(["region"], [[1.0], [2.0], [2.5]])
    with open_dataset(path) as ds:
        res = ds.read_arrays(categorical=["region"])
    assert res.columns["region"].tolist() == ["1", "2", "2.5"]


def test_a_converted_statistical_file_is_removed_on_close(files):
    ds = open_dataset(files["dta"])
    temporary = ds._temporary
    assert temporary and temporary.endswith(".parquet")
    ds.close()
    import os

    assert not os.path.exists(temporary)


def test_reading_every_record_marks_the_complete_ones_and_counts_within_the_domain(write_csv):
    path = write_csv(
        ["y", "age", "educ", "grp"],
        [
            [0, 5.5, "a", 1],
            [None, 6.5, "b", 1],
            [1, "inf", "a", 1],
            [1, 8.5, "", 2],
            [0, None, "b", 2],
            [1, 9.5, " ", 1],
        ],
    )
    with open_dataset(path) as ds:
        res = ds.read_arrays(
            numeric=["y", "age"],
            categorical=["educ"],
            complete=["y", "age", "educ"],
            domain="grp = 1",
        )
    # every record is read; an infinity is as missing as an empty field, as a blank text
    assert res.in_fit.tolist() == [True, False, False, False, False, False]
    assert res.columns["educ"].tolist() == ["a", "b", "a", None, "b", " "]
    assert np.isnan(res.columns["y"][1]) and np.isinf(res.columns["age"][2])
    # the counts are those of the domain's four records (grp = 1)
    assert res.dropped_missing == {"y": 1, "age": 1, "educ": 1}
    assert (res.records_read, res.records_dropped) == (4, 3)


def test_record_checks_run_in_the_read_before_a_text_value_is_named(write_csv):
    path = write_csv(["y", "age", "w"], [[0, "5", 1.0], [1, "six", -2.0], [1, "7", 3.0]])
    calls = []

    def fail(what):
        def raise_it():
            calls.append(what)
            raise RiskModelError(f"{what} failed")

        return raise_it

    with open_dataset(path) as ds:
        with pytest.raises(RiskModelError, match="positive weight failed"):
            ds.read_arrays(
                numeric=["y", "age", "w"],
                complete=["y", "age"],
                checks=[("w > 10", fail("small weight")), ("w <= 0", fail("positive weight"))],
            )
        assert calls == ["positive weight"]  # a condition no record meets is not failed
        with pytest.raises(RiskModelError, match="'age' must be numeric.*six"):
            ds.read_arrays(numeric=["y", "age"], complete=["y", "age"])
        with pytest.raises(RiskModelError, match="the domain 'nope > 1' is not a valid"):
            ds.read_arrays(numeric=["y"], complete=["y"], domain="nope > 1")


def test_values_past_the_quick_sniff_are_read_as_the_usual_sniff_reads_them(tmp_path):
    from alliance87.riskmodel.filetypes import QUICK_SNIFF_ROWS
    from alliance87.riskmodel.io import QuickSniffMissed

    rng = np.random.default_rng(5)
    n = 3 * QUICK_SNIFF_ROWS
    x1 = rng.integers(0, 5, n).astype(float)
    x1[2 * QUICK_SNIFF_ROWS :] += 0.5  # whole numbers in the first rows, then not
    x2 = rng.normal(size=n)
    y = (rng.random(n) < 1 / (1 + np.exp(-(0.3 * x1 - 0.5 * x2 - 0.5)))).astype(int)
    frame = pd.DataFrame({"y": y, "x1": x1, "x2": x2, "w": rng.uniform(1, 3, n)})
    frame["x1"] = frame["x1"].map(lambda v: f"{v:g}")  # "3", then "3.5"
    frame.to_csv(tmp_path / "s.csv", index=False)
    frame.assign(x1=x1).to_parquet(tmp_path / "s.parquet", index=False)
    with open_dataset(tmp_path / "s.csv", quick_sniff=True) as ds:
        # whole numbers in the first rows, read as doubles: a later 3.5 is not rounded to 4
        assert ds.quick_sniff and ds.dtypes["x1"] == "DOUBLE"
        res = ds.read_arrays(numeric=["y", "x1"], complete=["y", "x1"])
        np.testing.assert_array_equal(res.columns["x1"], x1)
    bad = frame.assign(x2=frame["x2"].astype(object))
    bad.loc[n - 1, "x2"] = "n/a"  # fits no number: the quick read fails, to be read again
    bad.to_csv(tmp_path / "bad.csv", index=False)
    with (
        open_dataset(tmp_path / "bad.csv", quick_sniff=True) as ds,
        pytest.raises(QuickSniffMissed),
    ):
        ds.read_arrays(numeric=["y", "x2"], complete=["y", "x2"])
    with pytest.raises(RiskModelError, match="'x2' must be numeric.*n/a"):
        fit_file(tmp_path / "bad.csv", outcome="y", predictors=["x1", "x2"], weight="w")
    kw = {"outcome": "y", "predictors": ["x1", "x2"], "weight": "w"}
    from_csv = fit_file(tmp_path / "s.csv", **kw)
    from_parquet = fit_file(tmp_path / "s.parquet", **kw)
    assert [c.estimate for c in from_csv.coefficients] == pytest.approx(
        [c.estimate for c in from_parquet.coefficients], rel=1e-12
    )


def test_the_quick_sniff_sniffs_again_when_a_column_may_be_text(write_csv):
    rows = [[i % 2, None if i < 3000 else i] for i in range(4000)]  # empty, then numbers
    path = write_csv(["y", "late"], rows)
    with open_dataset(path, quick_sniff=True) as ds:
        assert not ds.quick_sniff
        assert ds.dtypes["late"] == "DOUBLE"  # whole numbers, as the usual sample finds, as doubles
