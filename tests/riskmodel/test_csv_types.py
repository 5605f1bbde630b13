"""A CSV's column types: a value past DuckDB's sniff sample is read as it is written.

DuckDB sniffs a CSV's first 20,480 rows; a column of whole numbers there is BIGINT, and
a later "3.5" would be silently rounded to 4. Every reader (fit, score, validate, ivti)
reads such a column as numbers with decimals, while codes with leading zeros stay text.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from alliance87.riskmodel.fit import fit_file
from alliance87.riskmodel.io import open_dataset
from alliance87.riskmodel.ivti import aggregate_indicators
from alliance87.riskmodel.scoring import score_file
from alliance87.riskmodel.validate import observed_incidence

N = 30_000


@pytest.fixture
def census(tmp_path):
    """30,000 records whose columns are whole numbers until the last, which has 3.5;
    territory codes with a leading zero. The same values as CSV and as Parquet."""
    rng = np.random.default_rng(87)
    x = rng.integers(0, 4, N).astype(float)
    w = rng.integers(1, 4, N).astype(float)
    x[-1] = w[-1] = 3.5
    y = (rng.random(N) < 1 / (1 + np.exp(1.5 - 0.4 * x))).astype(int)
    territory = np.array([f"0{i % 5 + 1}001" for i in range(N)])
    territory[-1] = "09001"  # the last record alone in its territory
    frame = pd.DataFrame({"territory": territory, "y": y, "x": x, "w": w, "stratum": y + 1})
    text = frame.assign(x=frame["x"].map("{:g}".format), w=frame["w"].map("{:g}".format))
    text.to_csv(tmp_path / "census.csv", index=False)
    frame.to_parquet(tmp_path / "census.parquet", index=False)
    return tmp_path / "census.csv", tmp_path / "census.parquet"


def test_a_decimal_past_the_sniff_sample_is_not_rounded(census):
    csv, _ = census
    with open_dataset(csv) as ds:
        assert ds.dtypes["territory"] == "VARCHAR"
        res = ds.read_arrays(numeric=["x", "w"], categorical=["territory", "stratum"])
    assert res.columns["x"][-1] == 3.5 and res.columns["w"][-1] == 3.5
    assert res.columns["territory"][0] == "01001"  # codes keep their leading zero
    assert set(res.columns["stratum"]) == {"1", "2"}  # whole-number codes without ".0"


def test_score_validate_and_ivti_read_the_csv_as_its_parquet_twin(census):
    csv, parquet = census
    model = fit_file(parquet, outcome="y", predictors=["x"], weight="w")
    for kw in ({}, {"weight": "w"}):
        a = score_file(model, csv, territory="territory", **kw)
        b = score_file(model, parquet, territory="territory", **kw)
        assert list(a.columns["territory"]) == list(b.columns["territory"])
        assert "09001" in a.columns["territory"]
        np.testing.assert_allclose(a.columns["risk_index"], b.columns["risk_index"], rtol=1e-12)
        np.testing.assert_allclose(a.columns["children"], b.columns["children"], rtol=1e-12)
    seen = observed_incidence(csv, territory="territory", outcome="y", weight="w")
    twin = observed_incidence(parquet, territory="territory", outcome="y", weight="w")
    assert seen == {code: pytest.approx(pair) for code, pair in twin.items()}
    assert seen["09001"][0] == 3.5  # the weight of the last record, not 4
    a = aggregate_indicators(csv, territory="territory", indicators=["x"])
    b = aggregate_indicators(parquet, territory="territory", indicators=["x"])
    last = list(a.columns["territory"]).index("09001")
    assert a.columns["indicator_x"][last] == 3.5
    np.testing.assert_allclose(a.columns["indicator_x"], b.columns["indicator_x"], rtol=1e-12)


def test_a_sixteen_digit_identifier_stays_a_whole_number(write_csv):
    ids = [1234567890123456 + i for i in range(100)]  # a double cannot hold each exactly
    path = write_csv(["id", "x"], [[i, k % 3] for k, i in enumerate(ids)])
    with open_dataset(path) as ds:
        assert ds.dtypes["id"] == "BIGINT" and ds.dtypes["x"] == "DOUBLE"
        res = ds.read_arrays(categorical=["id"])
    assert list(res.columns["id"]) == [str(i) for i in ids]
