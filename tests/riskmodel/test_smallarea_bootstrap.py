"""The parametric bootstrap MSE of the small-area EBP (smallarea.bootstrap_mse; González-
Manteiga et al. 2007, as R's emdi::ebp(MSE = TRUE)).

Checked on what a user would notice: the same seed gives the same MSE; where the analytic
g1 + g2 understates the error (few territories, few records each: the spread s is poorly
known and g1 + g2 leaves its uncertainty out), the bootstrap is larger and nearer the
error measured by Monte Carlo; on a synthetic country whose true territorial rates are
known, intervals from the bootstrap cover them near the nominal 95%, and are not merely
wide (their mean squared error is of the size of the realised one).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest

from alliance87.riskmodel import synth
from alliance87.riskmodel.errors import RiskModelError
from alliance87.riskmodel.irls import expit
from alliance87.riskmodel.smallarea import bootstrap_mse, fit_random_intercept, small_area_file

DATA = Path(__file__).resolve().parent / "data"
API = {
    "outcome": "y",
    "predictors": ["ell", "meals", "mobility", "stype"],
    "categorical": ["stype"],
    "territory": "dnum",
}


def test_the_bootstrap_is_reproducible_with_its_seed():
    survey, census = DATA / "apiclus2.csv", DATA / "apipop.csv"
    fit, a = small_area_file(survey, census, bootstrap=4, seed=3, **API)
    _, b = small_area_file(survey, census, bootstrap=4, seed=3, **API)
    _, c = small_area_file(survey, census, bootstrap=4, seed=4, **API)
    assert fit.bootstrap.replicates == 4 and fit.bootstrap.seed == 3
    assert [r["mse_bootstrap"] for r in a.values()] == [r["mse_bootstrap"] for r in b.values()]
    assert [r["mse_bootstrap"] for r in a.values()] != [r["mse_bootstrap"] for r in c.values()]
    assert all(r["mse_bootstrap"] > 0 for r in a.values())
    # the EBP itself does not depend on the bootstrap
    _, plain = small_area_file(survey, census, **API)
    assert all("mse_bootstrap" not in r for r in plain.values())
    assert [r["ebp"] for r in plain.values()] == [r["ebp"] for r in a.values()]


def test_a_bootstrap_needs_a_replicate():
    X = np.column_stack([np.ones(40), np.arange(40) % 3])
    y = np.r_[np.zeros(20), np.ones(20)]
    area = np.repeat(["a", "b", "c", "d"], 10)
    fit = fit_random_intercept(X, y, area, terms=["(Intercept)", "x"])
    with pytest.raises(RiskModelError, match="at least one replicate"):
        bootstrap_mse(fit, X, area, X, area, replicates=0)
    with pytest.raises(RiskModelError, match="cannot be negative"):
        small_area_file(DATA / "apiclus2.csv", DATA / "apipop.csv", bootstrap=-1, **API)


@pytest.mark.slow
def test_where_the_analytic_mse_understates_the_bootstrap_is_larger_and_nearer_the_truth():
    # the model itself, 15 territories with 3 to 19 survey records each and 200 census
    # records each; 20 data sets drawn from it, each fitted, with a bootstrap of 20
    rng = np.random.default_rng(2)
    n_terr, per = 15, 200
    area_c = np.repeat([f"t{j:02d}" for j in range(n_terr)], per)
    x = rng.normal(0, 1, len(area_c)) + np.repeat(rng.normal(0, 0.5, n_terr), per)
    Xc = np.column_stack([np.ones_like(x), x])
    sizes = rng.integers(3, 20, n_terr)
    rows = np.concatenate([np.arange(j * per, j * per + sizes[j]) for j in range(n_terr)])
    Xs, area_s, codes_s = Xc[rows], area_c[rows], rows // per
    beta, sd = np.array([-1.5, 0.8]), 0.5
    err, analytic, boot = [], [], []
    for rep in range(20):
        u = rng.normal(0, sd, n_terr)
        true = expit(Xc @ beta + np.repeat(u, per)).reshape(n_terr, per).mean(axis=1)
        y = (rng.random(len(rows)) < expit(Xs @ beta + u[codes_s])).astype(float)
        fit = fit_random_intercept(Xs, y, area_s, terms=["(Intercept)", "x"])
        ebp = fit.ebp(Xc, area_c)
        b = bootstrap_mse(fit, Xs, area_s, Xc, area_c, replicates=20, seed=rep)
        codes = sorted(ebp)
        err += [ebp[c]["ebp"] - true[int(c[1:])] for c in codes]
        analytic += [ebp[c]["mse"] for c in codes]
        boot += [b.mse[c] for c in codes]
    realised = np.mean(np.square(err))
    analytic, boot = np.mean(analytic), np.mean(boot)
    assert analytic < 0.95 * realised  # the setting where g1 + g2 understates
    assert boot > 1.05 * analytic
    assert abs(boot - realised) < abs(analytic - realised)


@pytest.fixture(scope="module")
def country(tmp_path_factory):
    """A synthetic country with a territory effect of sd 0.5 (60 territories, a survey of
    6,000 children) and its EBP with a bootstrap of 40 replicates."""
    src = synth.generate(
        tmp_path_factory.mktemp("country"),
        seed=5,
        children=120_000,
        territories=60,
        departments=10,
        survey_size=6_000,
        territory_effect_sd=0.5,
    )
    fit, ebp = small_area_file(
        src.survey,
        src.census,
        outcome="child_labour",
        predictors=synth.PREDICTORS,
        categorical=list(synth.CATEGORICAL),
        territory="territory",
        bootstrap=40,
        seed=87,
    )
    truth = json.loads(src.truth.read_text(encoding="utf-8"))
    return src, fit, ebp, {t["territory"]: t["true_rate"] for t in truth["territories"]}


@pytest.mark.slow
def test_bootstrap_intervals_cover_the_synthetic_countrys_true_rates_near_nominal(country):
    _, fit, ebp, true = country
    assert fit.bootstrap.not_converged == 0
    codes = sorted(true)
    e = np.array([ebp[c]["ebp"] for c in codes])
    t = np.array([true[c] for c in codes])
    mse = np.array([ebp[c]["mse_bootstrap"] for c in codes])
    covered = np.abs(e - t) <= 1.96 * np.sqrt(mse)
    # 95% nominal: with 60 territories, 3 standard errors of a proportion is 0.08
    assert 0.87 <= covered.mean() <= 1.0
    # not merely wide: the bootstrap MSE is of the size of the realised squared error
    assert 0.5 <= mse.mean() / np.mean((e - t) ** 2) <= 2.0


@pytest.mark.slow
def test_the_small_area_command_writes_the_bootstrap_rmse(tmp_path, capsys):
    from alliance87.riskmodel.cli import main

    out = tmp_path / "ebp.csv"
    args = ["small-area", str(DATA / "apiclus2.csv"), str(DATA / "apipop.csv")]
    args += ["--outcome", "y", "--predictors", "ell,meals,mobility,stype"]
    args += ["--categorical", "stype", "--territory", "dnum", "--out", str(out)]
    assert main([*args, "--bootstrap", "5", "--seed", "11"]) == 0
    printed = capsys.readouterr().out
    assert "parametric bootstrap MSE from 5 replicates (seed 11)" in printed
    with out.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    _, ebp = small_area_file(
        DATA / "apiclus2.csv", DATA / "apipop.csv", bootstrap=5, seed=11, **API
    )
    for r in rows:
        want = ebp[r["territory"]]["mse_bootstrap"] ** 0.5
        np.testing.assert_allclose(float(r["risk_index_ebp_rmse_bootstrap"]), want, rtol=1e-12)
    # without --bootstrap the column is not there
    assert main(args) == 0
    assert "risk_index_ebp_rmse_bootstrap" not in out.read_text(encoding="utf-8").splitlines()[0]
