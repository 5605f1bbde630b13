"""The random-territory-effect model and its EBP, against lme4::glmer and the EBP integral
computed in R (tests/riskmodel/data/smallarea_reference.R, on the survey package's
apiclus2 by school district, predicted for apipop's schools).

Tolerances: glmer's optimiser (bobyqa) stops about 1e-5 from the maximum (our Laplace
log-likelihood at its estimates equals R's to 1e-5, and ours is at least as high), so
estimates and sigma are compared to 1e-4 relative, modes to 1e-3, the EBPs to 1e-4; the
standard errors come from finite-difference Hessians on both sides (1e-3).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from alliance87.riskmodel.errors import RiskModelError
from alliance87.riskmodel.smallarea import fit_random_intercept, small_area_file

DATA = Path(__file__).resolve().parent / "data"
REFERENCE = json.loads((DATA / "smallarea_reference.json").read_text(encoding="utf-8"))
MODEL = {
    "outcome": "y",
    "predictors": ["ell", "meals", "mobility", "stype"],
    "categorical": ["stype"],
    "territory": "dnum",
}


@pytest.fixture(scope="module")
def fitted():
    return small_area_file(DATA / "apiclus2.csv", DATA / "apipop.csv", **MODEL)


def test_the_random_intercept_fit_matches_glmer(fitted):
    fit, _ = fitted
    assert list(fit.terms) == REFERENCE["terms"]
    assert fit.converged
    np.testing.assert_allclose(fit.params, REFERENCE["estimate"], rtol=1e-4)
    np.testing.assert_allclose(fit.std_errors, REFERENCE["std_error"], rtol=1e-3)
    np.testing.assert_allclose(fit.sigma, REFERENCE["sigma"], rtol=1e-4)
    assert fit.loglik >= REFERENCE["loglik"] - 1e-6
    modes = [REFERENCE["modes"][a] for a in fit.areas]
    np.testing.assert_allclose(fit.modes, modes, atol=1e-3)
    cvar = [REFERENCE["conditional_variances"][a] for a in fit.areas]
    np.testing.assert_allclose(fit.conditional_variances, cvar, rtol=1e-3)


def test_each_territorys_ebp_is_the_integral_r_computes(fitted):
    _, ebp = fitted
    for district, r in REFERENCE["ebp"].items():
        ours = ebp[district]
        assert ours["records"] == r["schools"]
        assert ours["sampled"] == r["sampled"]
        np.testing.assert_allclose(ours["ebp"], r["ebp"], rtol=1e-4)
        np.testing.assert_allclose(ours["plug_in"], r["plug_in"], rtol=1e-4)


def test_the_ebp_of_an_unsampled_territory_integrates_over_the_territories_spread(fitted):
    fit, ebp = fitted
    # a district with no sampled school: its EBP is below the plug-in at u = 0 when most
    # probabilities are above one half (the expit is concave there)
    r = ebp["401"]
    assert not r["sampled"] and r["ebp"] < r["plug_in"]


def test_one_territory_is_not_enough():
    X = np.ones((10, 1))
    y = np.r_[np.zeros(5), np.ones(5)]
    with pytest.raises(RiskModelError, match="two or more territories"):
        fit_random_intercept(X, y, ["a"] * 10, terms=["(Intercept)"])


def test_the_small_area_command_writes_one_row_per_census_territory(tmp_path):
    from alliance87.riskmodel.cli import main

    out = tmp_path / "ebp.csv"
    args = ["small-area", str(DATA / "apiclus2.csv"), str(DATA / "apipop.csv")]
    args += ["--outcome", "y", "--predictors", "ell,meals,mobility,stype"]
    args += ["--categorical", "stype", "--territory", "dnum", "--out", str(out)]
    assert main(args) == 0
    rows = out.read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("territory,records,children,risk_index_ebp")
    row = next(r.split(",") for r in rows if r.startswith("401,"))
    np.testing.assert_allclose(float(row[3]), REFERENCE["ebp"]["401"]["ebp"], rtol=1e-4)
