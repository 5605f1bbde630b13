"""Territory codes stored as numbers with value labels that are the codes (0 -> "01001"),
as a Stata census often ships them: score, validate and the index use the labels, so that
the territories match the boundaries (which use "01001") and are named by their codes.
Labels that are names ("North") leave the codes as they are."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from alliance87.riskmodel.fit import fit_file
from alliance87.riskmodel.ivti import aggregate_indicators
from alliance87.riskmodel.scoring import score_file
from alliance87.riskmodel.scoring.geojson import match_property
from alliance87.riskmodel.validate import validate_file

CODES = {i: f"{i + 1:02d}001" for i in range(12)}  # 0 -> "01001", ..., 11 -> "12001"


@pytest.fixture
def files(tmp_path):
    rng = np.random.default_rng(12)
    n = 2400
    x = rng.normal(size=n)
    y = (rng.random(n) < 1 / (1 + np.exp(1 - x))).astype(np.int8)
    frame = pd.DataFrame(
        {
            "territory": rng.integers(0, 12, n).astype(np.int8),
            "zone": rng.integers(0, 2, n).astype(np.int8),
            "y": y,
            "x": x,
        }
    )
    frame.to_parquet(tmp_path / "survey.parquet", index=False)
    frame.to_stata(
        tmp_path / "census.dta",
        write_index=False,
        value_labels={"territory": CODES, "zone": {0: "North", 1: "South"}},
    )
    model = fit_file(tmp_path / "survey.parquet", outcome="y", predictors=["x"])
    return frame, model, tmp_path


def test_a_census_scores_under_the_territory_codes_its_labels_hold(files):
    frame, model, tmp = files
    table = score_file(model, tmp / "census.dta", territory="territory")
    assert sorted(table.columns["territory"]) == sorted(CODES.values())
    features = [{"properties": {"id": code, "name": f"T{code}"}} for code in CODES.values()]
    assert match_property(features, list(table.columns["territory"])) == "id"
    counts = dict(zip(table.columns["territory"], table.columns["records"], strict=True))
    assert counts["01001"] == (frame["territory"] == 0).sum()
    table.write(tmp / "territories.csv")
    res = validate_file(tmp / "territories.csv", tmp / "census.dta", territory="territory",
                        outcome="y")  # fmt: skip
    assert res["territories"] == 12  # every scored territory is the observed one
    index = aggregate_indicators(tmp / "census.dta", territory="territory", indicators=["x"])
    assert sorted(index.columns["territory"]) == sorted(CODES.values())


def test_labels_that_are_names_leave_the_codes(files):
    _, model, tmp = files
    table = score_file(model, tmp / "census.dta", territory="zone")
    assert sorted(table.columns["territory"]) == ["0", "1"]
