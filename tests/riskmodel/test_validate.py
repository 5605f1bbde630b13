"""Validation against a census that measures child labour directly (as Brazil's from age 10)."""

from __future__ import annotations

import json

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from alliance87.riskmodel import synth
from alliance87.riskmodel.errors import RiskModelError
from alliance87.riskmodel.scoring import score_file
from alliance87.riskmodel.validate import observed_incidence, validate, weighted_kappa


@pytest.fixture(scope="module")
def country(tmp_path_factory):
    return synth.generate(
        tmp_path_factory.mktemp("c"),
        seed=21,
        children=60_000,
        territories=30,
        departments=5,
        survey_size=3_000,
    )


def test_weighted_kappa_matches_the_textbook_values():
    # Cohen (1968)-style check on a small ordered table, computed by hand:
    a = ["low"] * 4 + ["medium"] * 3 + ["high"] * 3
    b = ["low", "low", "low", "medium", "medium", "medium", "high", "high", "high", "medium"]
    assert weighted_kappa(a, a) == 1.0
    m = np.array([[3, 1, 0], [0, 2, 1], [0, 1, 2]], float)
    n = m.sum()
    e = np.outer(m.sum(1), m.sum(0)) / n
    i, j = np.indices((3, 3))
    for name, w in (("linear", abs(i - j) / 2), ("quadratic", ((i - j) / 2) ** 2)):
        assert weighted_kappa(a, b, weights=name) == pytest.approx(
            1 - (w * m).sum() / (w * e).sum()
        )


def test_observed_incidence_leaves_out_children_whose_outcome_is_not_measured(country):
    obs = observed_incidence(country.census, territory="territory", outcome="child_labour")
    t = pq.read_table(country.census, columns=["age"]).column(0).to_numpy()
    assert sum(n for n, _ in obs.values()) == (t >= 10).sum()


def test_predicted_and_observed_territorial_incidence_agree_on_the_synthetic_census(country):
    table = score_file(synth.true_model(), country.census, territory="territory", where="age >= 10")
    obs = observed_incidence(
        country.census, territory="territory", outcome="child_labour", where="age >= 10"
    )
    res = validate(table, obs)
    assert res["territories"] == 30
    assert res["spearman"] > 0.8 and res["pearson"] > 0.8
    assert res["mean_absolute_error"] < 0.03
    lv = res["levels"]
    assert sum(map(sum, lv["confusion_matrix"]["counts"])) == 30
    assert lv["kappa_linear"] > 0.4
    assert lv["kappa_quadratic"] >= lv["kappa_linear"] - 0.2
    json.dumps(res)  # the summary is plain JSON


def test_it_refuses_an_outcome_that_is_not_zero_or_one(country, tmp_path):
    t = pq.read_table(country.census)
    y = t.column("child_labour").to_numpy(zero_copy_only=False).copy()
    path = tmp_path / "bad.parquet"
    y = np.where(np.isnan(y), np.nan, 2.0 * np.nan_to_num(y))
    pq.write_table(
        t.set_column(
            t.column_names.index("child_labour"), "child_labour", pa.array(y, from_pandas=True)
        ),
        path,
    )
    with pytest.raises(RiskModelError, match="'child_labour' must be 0 or 1"):
        observed_incidence(path, territory="territory", outcome="child_labour")


def test_it_refuses_when_too_few_territories_match(country):
    table = score_file(synth.true_model(), country.census, territory="territory")
    with pytest.raises(RiskModelError, match="territories are both"):
        validate(table, {"zz": (10.0, 0.1)})
