"""Every design R ``survey`` handles for this model, against R on the package's own data.

Expected values: tests/riskmodel/data/designs_reference.json, written by
designs_reference.R (beside it) from the CSV files it exports there (api and nhanes). The
tests read those files and never need R. Tolerances: conftest.TOLERANCES (coefficients
1e-6 relative, standard errors 1e-4, as the issue asks); the Wald statistics inherit the
standard errors' precision (F to 1e-3), p-values their magnification (conftest).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest

from alliance87.riskmodel.errors import RiskModelError
from alliance87.riskmodel.fit import fit_file

DATA = Path(__file__).resolve().parent / "data"
REFERENCE = json.loads((DATA / "designs_reference.json").read_text(encoding="utf-8"))
API = {
    "outcome": "y",
    "predictors": ["ell", "meals", "mobility", "stype"],
    "categorical": ["stype"],
    "weight": "pw",
}
API_NUMERIC = {"outcome": "y", "predictors": ["ell", "meals", "mobility"], "weight": "pw"}
NHANES = {
    "outcome": "HI_CHOL",
    "predictors": ["agecat", "race", "RIAGENDR"],
    "categorical": ["agecat", "race"],
    "weight": "WTMEC2YR",
}
CALIBRATION = {
    "variables": ["stype", "api99"],
    "categorical": ["stype"],
    "totals": {
        "(Intercept)": 6194,
        "stype[H]": 755,
        "stype[M]": 1018,
        "api99": REFERENCE["calibration_totals"]["api99"],
    },
}

#: case -> (file, fit_file arguments); each is the R call of the same name in the R script
CASES = {
    "twostage_fpc": ("apiclus2.csv", API | {"psu": ["dnum", "snum"], "fpc": ["fpc1", "fpc2"]}),
    "twostage_no_fpc": ("apiclus2.csv", API | {"psu": ["dnum", "snum"]}),
    "twostage_fpc_domain": (
        "apiclus2_domain.csv",
        API | {"psu": ["dnum", "snum"], "fpc": ["fpc1", "fpc2"]},
    ),
    "twostage_fpc_subset": (
        "apiclus2.csv",
        API_NUMERIC | {"psu": ["dnum", "snum"], "fpc": ["fpc1", "fpc2"], "domain": "stype <> 'H'"},
    ),
    **{
        f"twostage_lonely_{rule}": (
            "apiclus2_lonely.csv",
            API | {"psu": ["dnum", "snum"], "fpc": ["fpc1", "fpc2"], "lonely_psu": rule},
        )
        for rule in ("remove", "certainty", "adjust")
    },
    "strata_fpc": ("apistrat.csv", API_NUMERIC | {"strata": "stype", "fpc": "fpc"}),
    "cluster_fpc": ("apiclus1.csv", API | {"psu": "dnum", "fpc": "fpc"}),
    "strata_psu_domain": (
        "nhanes_domain.csv",
        NHANES | {"strata": "SDMVSTRA", "psu": "SDMVPSU", "nest": True},
    ),
    "jk1": (
        "apiclus1.csv",
        API | {"replicates": "^jk1_", "replicate_type": "JK1", "replicate_scale": 14 / 15},
    ),
    "bootstrap": (
        "apiclus1.csv",
        API_NUMERIC | {"replicates": "^boot_", "replicate_type": "bootstrap"},
    ),
    "brr": ("nhanes.csv", NHANES | {"replicates": "^brr_", "replicate_type": "BRR"}),
    "fay": (
        "nhanes.csv",
        NHANES | {"replicates": "^fay_", "replicate_type": "Fay", "fay_rho": 0.5},
    ),
    "jkn": (
        "nhanes.csv",
        NHANES
        | {
            "replicates": "^jkn_",
            "replicate_type": "JKn",
            "replicate_rscales": REFERENCE["jkn_rscales"],
        },
    ),
    "jkn_mse": (
        "nhanes.csv",
        NHANES | {"replicates": "^jkn_", "replicate_type": "JKn", "replicate_mse": True},
    ),
    "poststratified": (
        "apiclus1.csv",
        API
        | {"psu": "dnum", "poststrata": "stype", "population": {"E": 4421, "H": 755, "M": 1018}},
    ),
    "calibrated": ("apiclus1.csv", API | {"psu": "dnum", "calibration": CALIBRATION}),
    "poststratified_domain": (
        "apiclus1_domain.csv",
        API
        | {"psu": "dnum", "poststrata": "stype", "population": {"E": 4421, "H": 755, "M": 1018}},
    ),
    "calibrated_domain": (
        "apiclus1_domain.csv",
        API | {"psu": "dnum", "calibration": CALIBRATION},
    ),
}


@pytest.fixture(scope="module")
def fitted():
    cache: dict = {}

    def get(case: str):
        if case not in cache:
            name, kwargs = CASES[case]
            cache[case] = fit_file(DATA / name, **kwargs)
        return cache[case]

    return get


@pytest.mark.parametrize("case", list(CASES))
def test_coefficients_standard_errors_and_covariance_match_r(case, fitted):
    r = REFERENCE["cases"][case]
    model = fitted(case)
    assert model.terms == r["terms"]
    np.testing.assert_allclose(model.estimates, r["estimate"], rtol=1e-6)
    np.testing.assert_allclose([c.std_error for c in model.coefficients], r["std_error"], rtol=1e-4)
    # the covariance kept in MODEL.json: each entry to 1e-4 of the product of the two SEs
    se = np.array(r["std_error"])
    np.testing.assert_allclose(
        model.vcov / np.outer(se, se), np.array(r["vcov"]) / np.outer(se, se), atol=2e-4
    )
    assert model.design["residual_degrees_of_freedom"] == r["df_residual"]
    assert model.design["records"] == r["records"]
    if "domain" not in case:  # R's degf(design) is the full design's; the fit's is smaller
        assert model.design["degrees_of_freedom"] == r["degf"]


WALD = [(case, term) for case, r in REFERENCE["cases"].items() for term in (r["wald"] or {})]


@pytest.mark.parametrize(("case", "term"), WALD)
def test_joint_wald_tests_match_regtermtest(case, term, fitted):
    r = REFERENCE["cases"][case]["wald"][term]
    ours = fitted(case).wald_tests[term]
    assert (ours["df"], ours["ddf"]) == (r["df"], r["ddf"])
    np.testing.assert_allclose(ours["F"], r["F"], rtol=1e-3)
    np.testing.assert_allclose(ours["chisq"], r["chisq"], rtol=1e-3)
    np.testing.assert_allclose(ours["p_F"], r["p_F"], rtol=2e-3)
    np.testing.assert_allclose(ours["p_chisq"], r["p_chisq"], rtol=2e-3)


def test_the_finite_population_correction_lowers_the_standard_errors_as_in_r(fitted):
    fpc, wr = REFERENCE["cases"]["twostage_fpc"], REFERENCE["cases"]["twostage_no_fpc"]
    assert all(a < b for a, b in zip(fpc["std_error"], wr["std_error"], strict=True))
    ours = [c.std_error for c in fitted("twostage_fpc").coefficients]
    theirs = [c.std_error for c in fitted("twostage_no_fpc").coefficients]
    assert all(a < b for a, b in zip(ours, theirs, strict=True))
    assert fitted("twostage_fpc").design["variance"]["stages"] == 2


def test_a_psu_whose_records_all_miss_the_outcome_stays_in_the_variance(fitted):
    # nhanes_domain.csv: PSU 1 of stratum 83 misses HI_CHOL in every record. Refitting
    # without it would leave stratum 83 with one PSU (a lonely PSU: the fit stops); as a
    # domain of the full design, its PSU counts as a zero total, as in R
    model = fitted("strata_psu_domain")
    assert model.design["variance"]["domain_records_left_out"] > 0
    assert model.design["degrees_of_freedom"] == REFERENCE["cases"]["strata_psu_domain"]["degf"] - 1


def test_a_domain_condition_keeps_the_other_records_in_the_design(fitted):
    model = fitted("twostage_fpc_subset")
    assert model.design["records_in_design"] == 126
    assert model.design["records"] == REFERENCE["cases"]["twostage_fpc_subset"]["records"]
    # as a filter, the same records give another (wrong for a domain) variance
    name, kwargs = CASES["twostage_fpc_subset"]
    kwargs = {k: v for k, v in kwargs.items() if k != "domain"}
    filtered = fit_file(DATA / name, **kwargs, where="stype <> 'H'")
    assert filtered.estimates == pytest.approx(model.estimates, rel=1e-9)
    assert filtered.coefficients[1].std_error != pytest.approx(
        model.coefficients[1].std_error, rel=1e-4
    )


def test_a_lonely_psu_at_stage_two_is_named_and_average_refused_where_r_gives_nan():
    assert "has only one PSU at stage 2" in REFERENCE["stage2_lonely_fail_message"]
    args = API | {"psu": ["dnum", "snum"], "fpc": ["fpc1", "fpc2"]}
    with pytest.raises(RiskModelError, match="has only one PSU at stage 2"):
        fit_file(DATA / "apiclus2_lonely.csv", **args)
    assert REFERENCE["cases"]["twostage_lonely_average"]["std_error"][0] == "NaN"
    with pytest.raises(RiskModelError, match="R gives a NaN variance"):
        fit_file(DATA / "apiclus2_lonely.csv", **args, lonely_psu="average")
    adjust = REFERENCE["cases"]["twostage_lonely_adjust"]["std_error"]
    assert adjust != REFERENCE["cases"]["twostage_lonely_remove"]["std_error"]


def test_jkn_rscales_read_from_the_weights_equal_those_r_needs_given(fitted):
    given, read = fitted("jkn"), fitted("jkn_mse")
    assert given.specification["design"]["replicates"]["rscales"] == REFERENCE["jkn_rscales"]
    from alliance87.riskmodel.variance import replicate_factors

    with (DATA / "nhanes.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    jkn = [c for c in rows[0] if c.startswith("jkn_")]
    reps = np.array([[float(r[c]) for c in jkn] for r in rows])
    w = np.array([float(r["WTMEC2YR"]) for r in rows])
    _, rscales = replicate_factors("JKn", reps.shape[1], weights=w, replicate_weights=reps)
    np.testing.assert_allclose(rscales, REFERENCE["jkn_rscales"], rtol=1e-12)
    assert read.design["variance"]["method"] == "replicates"


def test_replicate_weights_and_a_psu_column_together_are_refused():
    with pytest.raises(RiskModelError, match="replicate weights carry the design"):
        fit_file(DATA / "apiclus1.csv", **API, psu="dnum", replicates="^jk1_", replicate_type="JK1")


def test_a_stratum_without_population_count_is_named():
    with pytest.raises(RiskModelError, match="post-stratum 'M' of column 'stype'"):
        fit_file(
            DATA / "apiclus1.csv",
            **API,
            psu="dnum",
            poststrata="stype",
            population={"E": 1, "H": 2},
        )


def test_one_fpc_per_stage_is_required():
    with pytest.raises(RiskModelError, match="one finite population correction per stage"):
        fit_file(DATA / "apiclus2.csv", **API, psu=["dnum", "snum"], fpc="fpc1")


def test_the_fit_command_takes_stages_fpcs_and_replicates(tmp_path):
    from alliance87.riskmodel.cli import main

    common = ["--outcome", "y", "--predictors", "ell,meals,mobility,stype"]
    common += ["--categorical", "stype", "--weight", "pw"]
    out = tmp_path / "two.json"
    args = ["fit", str(DATA / "apiclus2.csv"), *common, "--psu", "dnum,snum"]
    assert main([*args, "--fpc", "fpc1,fpc2", "--out", str(out)]) == 0
    model = json.loads(out.read_text(encoding="utf-8"))
    r = REFERENCE["cases"]["twostage_fpc"]
    np.testing.assert_allclose(
        [c["std_error"] for c in model["coefficients"]], r["std_error"], rtol=1e-4
    )
    np.testing.assert_allclose(
        model["wald_tests"]["stype"]["F"], r["wald"]["stype"]["F"], rtol=1e-3
    )
    out = tmp_path / "jk1.json"
    args = ["fit", str(DATA / "apiclus1.csv"), *common, "--replicates", "^jk1_"]
    args += ["--replicate-type", "JK1", "--replicate-scale", str(14 / 15), "--out", str(out)]
    assert main(args) == 0
    model = json.loads(out.read_text(encoding="utf-8"))
    r = REFERENCE["cases"]["jk1"]
    np.testing.assert_allclose(
        [c["std_error"] for c in model["coefficients"]], r["std_error"], rtol=1e-4
    )
    out = tmp_path / "ps.json"
    args = ["fit", str(DATA / "apiclus1.csv"), *common, "--psu", "dnum", "--poststrata", "stype"]
    assert main([*args, "--population", "E=4421,H=755,M=1018", "--out", str(out)]) == 0
    model = json.loads(out.read_text(encoding="utf-8"))
    r = REFERENCE["cases"]["poststratified"]
    np.testing.assert_allclose(
        [c["std_error"] for c in model["coefficients"]], r["std_error"], rtol=1e-4
    )
