"""Labelled Stata and SPSS files, as statistics offices ship them, and other awkward input.

Codes and labels are both kept: the outcome, the design variables (strata, PSU, weight)
and numeric determinants are read as codes; categorical determinants as labels. A model
records the coding it was fitted on and maps a census accordingly.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pyreadstat
import pytest

from alliance87.riskmodel.errors import RiskModelError
from alliance87.riskmodel.fit import fit_file
from alliance87.riskmodel.io import open_dataset
from alliance87.riskmodel.scoring import score_file

EDUC = {1.0: "none", 2.0: "primary", 3.0: "secondary"}


def survey(n: int = 3000, seed: int = 87) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    stratum = rng.integers(1, 16, n).astype(float)  # 15 strata
    psu = stratum * 100 + rng.integers(1, 5, n)
    educ = rng.integers(1, 4, n).astype(float)
    hh_size = rng.integers(2, 11, n).astype(float)
    age = rng.integers(5, 18, n).astype(float)
    eta = -2.0 + 0.15 * (age - 11) - 0.6 * (educ - 1) + 0.1 * hh_size + 0.05 * stratum
    y = (rng.random(n) < 1 / (1 + np.exp(-eta))).astype(float)
    return pd.DataFrame(
        {
            "y": y,
            "age": age,
            "educ": educ,
            "hh_size": hh_size,
            "stratum": stratum,
            "psu": psu,
            "w": rng.uniform(50, 150, n),
            "territory": rng.integers(1, 6, n).astype(float),
        }
    )


def labels(**extra) -> dict:
    return {
        "y": {0.0: "No", 1.0: "Yes"},
        "educ": EDUC,
        # strata 1 and 2 share a label (the same region, two urban/rural strata, say)
        "stratum": {float(s): f"Region {min(s, 14)}" for s in range(1, 16)},
        "hh_size": {10.0: "10 or more"},
        **extra,
    }


FIT = {
    "outcome": "y",
    "predictors": ["age", "educ", "hh_size"],
    "categorical": ["educ"],
    "weight": "w",
    "strata": "stratum",
    "psu": "psu",
}


@pytest.fixture
def frame():
    return survey()


@pytest.mark.parametrize("writer", ["dta", "sav"])
def test_a_labelled_file_fits_exactly_as_its_codes_do(frame, tmp_path, writer):
    path = tmp_path / f"survey.{writer}"
    getattr(pyreadstat, f"write_{writer}")(frame, path, variable_value_labels=labels())
    codes = tmp_path / "survey.csv"
    frame.assign(educ=frame["educ"].map(EDUC)).to_csv(codes, index=False)
    labelled = fit_file(path, **FIT)
    plain = fit_file(codes, **FIT)
    # the outcome labelled No/Yes is a 0/1 outcome; 15 strata stay 15, though two share a
    # label; hh_size, with one labelled value, stays a number
    assert labelled.design["strata"] == 15
    assert labelled.terms == plain.terms
    assert "hh_size" in labelled.terms
    np.testing.assert_allclose(labelled.estimates, plain.estimates, rtol=1e-10)
    np.testing.assert_allclose(
        [c.std_error for c in labelled.coefficients],
        [c.std_error for c in plain.coefficients],
        rtol=1e-10,
    )
    assert labelled.levels["educ"] == ["none", "primary", "secondary"]


def test_the_model_records_the_coding_each_categorical_was_fitted_on(frame, tmp_path):
    path = tmp_path / "survey.dta"
    pyreadstat.write_dta(frame, path, variable_value_labels=labels())
    spec = json.loads(fit_file(path, **FIT).to_json())["specification"]
    assert spec["coding"] == {"educ": "labels"}
    assert spec["value_labels"] == {"educ": {"1": "none", "2": "primary", "3": "secondary"}}
    plain = tmp_path / "survey.csv"
    frame.to_csv(plain, index=False)
    spec = json.loads(fit_file(plain, **FIT).to_json())["specification"]
    assert spec["coding"] == {"educ": "values"} and spec["value_labels"] == {}


def test_a_model_fitted_on_labels_scores_a_census_holding_the_codes(frame, tmp_path):
    path = tmp_path / "survey.dta"
    pyreadstat.write_dta(frame, path, variable_value_labels=labels())
    model = fit_file(path, **FIT).to_dict()
    census = frame.drop(columns=["y", "w", "stratum", "psu"])
    census.to_csv(tmp_path / "census.csv", index=False)
    pyreadstat.write_dta(census, tmp_path / "census.dta", variable_value_labels={"educ": EDUC})
    by_codes = score_file(model, tmp_path / "census.csv", territory="territory")
    by_labels = score_file(model, tmp_path / "census.dta", territory="territory")
    assert by_codes.scored == len(census)
    np.testing.assert_allclose(
        by_codes.columns["risk_index"], by_labels.columns["risk_index"], rtol=1e-12
    )


def test_a_census_whose_labels_differ_from_the_models_is_refused_naming_the_code(frame, tmp_path):
    path = tmp_path / "survey.dta"
    pyreadstat.write_dta(frame, path, variable_value_labels=labels())
    model = fit_file(path, **FIT).to_dict()
    census = frame.drop(columns=["y", "w", "stratum", "psu"])
    spanish = {1.0: "ninguna", 2.0: "primary", 3.0: "secondary"}
    pyreadstat.write_dta(census, tmp_path / "c.dta", variable_value_labels={"educ": spanish})
    with pytest.raises(RiskModelError, match="code 1 is 'none' in the model and 'ninguna'"):
        score_file(model, tmp_path / "c.dta", territory="territory")


def test_a_labelled_census_meets_a_model_fitted_on_the_codes(frame, tmp_path):
    frame.to_csv(tmp_path / "survey.csv", index=False)
    model = fit_file(tmp_path / "survey.csv", **FIT).to_dict()
    assert model["levels"]["educ"] == ["1", "2", "3"]
    census = frame.drop(columns=["y", "w", "stratum", "psu"])
    pyreadstat.write_dta(census, tmp_path / "c.dta", variable_value_labels={"educ": EDUC})
    table = score_file(model, tmp_path / "c.dta", territory="territory")
    assert table.scored == len(census)


def test_r_na_in_a_csv_is_read_as_missing(tmp_path):
    path = tmp_path / "from_r.csv"
    path.write_text("y,age,educ\n0,5,none\n1,NA,primary\n0,7,NA\n1,8,none\n")
    with open_dataset(path) as ds:
        assert ds.is_numeric("age")
        res = ds.read_arrays(numeric=["y", "age"], categorical=["educ"])
    assert res.dropped_missing == {"y": 0, "age": 1, "educ": 1}
    assert res.records == 2


@pytest.mark.parametrize(
    "name, content, says",
    [
        ("survey.csv", "parquet", "not a CSV \\(text\\) file.*content is a Parquet file"),
        ("survey.parquet", "csv", "not a Parquet file.*content is a CSV \\(text\\) file"),
        ("survey.sav", "dta", "not a SPSS file.*content is a Stata file"),
        ("survey.dta", "xlsx", "not a Stata file.*content is a zip archive"),
    ],
)
def test_a_file_whose_content_is_not_what_its_extension_says_gets_one_clear_line(
    tmp_path, name, content, says
):
    frame = pd.DataFrame({"y": [0.0, 1.0], "age": [5.0, 6.0]})
    real = tmp_path / f"real.{content}"
    if content == "parquet":
        pq.write_table(pa.Table.from_pandas(frame), real)
    elif content == "csv":
        frame.to_csv(real, index=False)
    elif content == "dta":
        pyreadstat.write_dta(frame, real)
    else:
        real.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    path = tmp_path / name
    path.write_bytes(real.read_bytes())
    with pytest.raises(RiskModelError, match=says) as err:
        open_dataset(path)
    assert "\n" not in str(err.value)


def test_an_all_missing_determinant_is_named(frame, tmp_path):
    frame = frame.assign(hh_size=np.nan)
    frame.to_csv(tmp_path / "survey.csv", index=False)
    with pytest.raises(RiskModelError, match="'hh_size' is missing in every record") as err:
        fit_file(tmp_path / "survey.csv", **FIT)
    assert err.value.column == "hh_size"


def test_the_new_errors_read_in_the_users_language(frame, tmp_path):
    from alliance87.riskmodel.cli_errors import error_text

    path = tmp_path / "survey.parquet"
    frame.to_csv(path, index=False)
    with pytest.raises(RiskModelError) as err:
        open_dataset(path)
    assert error_text(err.value, "es").startswith(
        "survey.parquet no es un archivo Parquet, como indica su nombre"
    )
    frame.assign(hh_size=np.nan).to_csv(tmp_path / "s.csv", index=False)
    with pytest.raises(RiskModelError) as err:
        fit_file(tmp_path / "s.csv", **FIT)
    assert error_text(err.value, "pt").startswith("a coluna 'hh_size' está ausente")


def test_the_vulnerability_index_reads_labelled_files_as_codes(tmp_path):
    from alliance87.riskmodel.ivti import aggregate_indicators

    frame = pd.DataFrame(
        {
            "t": [1.0, 1.0, 2.0, 2.0, 3.0, 3.0],
            "poor": [1.0, 0.0, 0.0, 0.0, 1.0, 1.0],
            "educ": [1.0, 2.0, 2.0, 2.0, 3.0, 1.0],
        }
    )
    path = tmp_path / "registry.dta"
    pyreadstat.write_dta(
        frame, path, variable_value_labels={"poor": {0.0: "No", 1.0: "Yes"}, "educ": EDUC}
    )
    table = aggregate_indicators(path, territory="t", indicators=["poor", "educ=none", "educ=2"])
    np.testing.assert_allclose(table.columns["indicator_poor"], [0.5, 0.0, 1.0])
    np.testing.assert_allclose(table.columns["indicator_educ=none"], [0.5, 0.0, 0.5])
    np.testing.assert_allclose(table.columns["indicator_educ=2"], [0.5, 1.0, 0.0])


def test_validation_reads_an_outcome_labelled_no_yes_as_0_1(frame, tmp_path):
    from alliance87.riskmodel.validate import validate_file

    frame.to_csv(tmp_path / "survey.csv", index=False)
    model = fit_file(tmp_path / "survey.csv", **FIT).to_dict()
    census = tmp_path / "census.dta"
    pyreadstat.write_dta(frame, census, variable_value_labels=labels())
    table = score_file(model, census, territory="territory")
    table.write(tmp_path / "territories.csv")
    res = validate_file(tmp_path / "territories.csv", census, territory="territory", outcome="y")
    assert json.dumps(res)  # a summary, not a conversion error
    assert res["national_observed"] == pytest.approx(frame["y"].mean())
