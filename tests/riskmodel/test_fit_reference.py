"""The estimator reproduces R ``survey``'s svyglm: coefficients, standard errors, df, p-values.

Expected values: src/alliance87/riskmodel/reference/svyglm_reference.json, produced by
svyglm_reference.R from the committed CSV inputs. Tolerances and their reasons are in
conftest.TOLERANCES.
"""

from __future__ import annotations

import numpy as np
import pytest

from alliance87.riskmodel.errors import RiskModelError
from alliance87.riskmodel.fit import fit_file

MODEL = {
    "outcome": "y",
    "predictors": ["age", "male", "hh_size", "educ"],
    "categorical": ["educ"],
    "weight": "weight",
}

DESIGNS = {
    "strata_and_psu": {"strata": "stratum", "psu": "psu"},
    "strata_only": {"strata": "stratum"},
    "clusters_only": {"psu": "psu"},
    "weights_only": {},
    "lonely_remove": {"strata": "stratum", "psu": "psu", "nest": True, "lonely_psu": "remove"},
    "lonely_certainty": {
        "strata": "stratum",
        "psu": "psu",
        "nest": True,
        "lonely_psu": "certainty",
    },
    "lonely_adjust": {"strata": "stratum", "psu": "psu", "nest": True, "lonely_psu": "adjust"},
    "lonely_average": {"strata": "stratum", "psu": "psu", "nest": True, "lonely_psu": "average"},
}


@pytest.mark.parametrize("case", list(DESIGNS))
def test_it_matches_r_svyglm(case, svyglm_reference, reference_dir, assert_like_r):
    r = svyglm_reference["cases"][case]
    model = fit_file(reference_dir / svyglm_reference["inputs"][case], **MODEL, **DESIGNS[case])
    assert_like_r(model, r, case)


def test_it_refuses_a_lonely_psu_by_default_as_r_does(svyglm_reference, reference_dir):
    assert "Stratum (E) has only one PSU" in svyglm_reference["lonely_fail_message"]
    with pytest.raises(RiskModelError, match="stratum 'E' has only one PSU"):
        fit_file(reference_dir / "lonely.csv", **MODEL, strata="stratum", psu="psu", nest=True)


def test_the_lonely_psu_rules_really_differ(svyglm_reference):
    # otherwise the four lonely cases would not test the rules
    cases = svyglm_reference["cases"]
    se = {
        rule: cases[f"lonely_{rule}"]["std_error"][0]
        for rule in ("remove", "certainty", "adjust", "average")
    }
    assert se["remove"] == se["certainty"]
    assert len({se["remove"], se["adjust"], se["average"]}) == 3


def test_confidence_intervals_use_t_on_residual_df_as_summary_and_confint_do(
    svyglm_reference, reference_dir
):
    # Two definitions exist: Wald with Student's t on df.residual (summary.svyglm's p-values,
    # and confint.svyglm's default in survey 4.x) and Wald with the normal (ddf = Inf, the
    # default of older survey versions and of confint.default). We use t.
    r = svyglm_reference["cases"]["clusters_only"]
    model = fit_file(reference_dir / "design.csv", **MODEL, **DESIGNS["clusters_only"])
    lows = np.array([c.ci_low for c in model.coefficients])
    np.testing.assert_allclose(lows, r["ci_low_default"], rtol=1e-4)
    np.testing.assert_allclose(r["ci_low_default"], r["ci_low_t"], rtol=1e-12)
    assert not np.allclose(lows, r["ci_low_normal"], rtol=1e-4)


def test_records_missing_a_determinant_or_the_outcome_are_left_out_as_in_r(
    reference_dir, svyglm_reference
):
    model = fit_file(reference_dir / "design.csv", **MODEL, **DESIGNS["strata_and_psu"])
    assert model.design["records_read"] == 3000
    assert model.design["records"] == svyglm_reference["cases"]["strata_and_psu"]["records"]
    assert model.design["dropped_missing"]["hh_size"] == 60
    assert model.design["dropped_missing"]["y"] == 25
    assert model.design["dropped_missing"]["age"] == 0
