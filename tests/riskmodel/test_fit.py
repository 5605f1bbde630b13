"""The estimator's checks and statistics: every bad input is refused with its column named."""

from __future__ import annotations

import io

import numpy as np
import pytest

from alliance87.riskmodel.design import build_design, total_variance
from alliance87.riskmodel.errors import RiskModelError
from alliance87.riskmodel.fit import (
    CollinearityError,
    SeparationError,
    SurveyLogit,
    fit_file,
    weighted_auc,
)
from alliance87.riskmodel.model import design_matrix
from alliance87.riskmodel.progress import ProgressBar

SPEC = {
    "predictors": ["age", "male", "educ"],
    "categorical": ["educ"],
    "levels": {"educ": ["none", "primary", "secondary"]},
}
NAMES = ["(Intercept)", "age", "male", "educ[primary]", "educ[secondary]"]


def _fit(data, **kw):
    X = design_matrix(data, SPEC)
    options = {k: kw.pop(k) for k in ("lonely_psu", "nest") if k in kw}
    args = {
        "weights": data["weight"],
        "strata": data["stratum"],
        "psu": data["psu"],
        "feature_names": NAMES,
        "outcome_name": "y",
    } | kw
    return SurveyLogit(**options).fit(X, data["y"], **args)


def _copy(data):
    return {k: v.copy() for k, v in data.items()}


# ------------------------------------------------------------------ estimator conventions
def test_init_only_stores_options_and_fit_returns_self(small_survey):
    est = SurveyLogit(lonely_psu="remove", nest=True, max_iter=30, tol=1e-9)
    assert vars(est) == {
        "lonely_psu": "remove",
        "nest": True,
        "max_iter": 30,
        "tol": 1e-9,
        "copy_X": True,
    }
    assert _fit(small_survey) is not None
    fitted = SurveyLogit()
    assert (
        fitted.fit(
            design_matrix(small_survey, SPEC),
            small_survey["y"],
            weights=small_survey["weight"],
            feature_names=NAMES,
        )
        is fitted
    )


def test_the_design_matrix_is_left_as_it_is_unless_copy_x_is_false(small_survey):
    X = design_matrix(small_survey, SPEC)
    before = X.copy()
    args = {"weights": small_survey["weight"], "feature_names": NAMES}
    kept = SurveyLogit().fit(X, small_survey["y"], **args).results_
    np.testing.assert_array_equal(X, before)
    reused = SurveyLogit(copy_X=False).fit(X, small_survey["y"], **args).results_
    assert not np.array_equal(X, before)  # its memory held the scores
    np.testing.assert_array_equal(reused.params, kept.params)
    np.testing.assert_array_equal(reused.cov_params, kept.cov_params)
    assert (reused.auc, reused.means) == (kept.auc, kept.means)


def test_the_results_are_immutable_and_hold_no_microdata(small_survey):
    res = _fit(small_survey).results_
    with pytest.raises(ValueError):
        res.params[0] = 1.0
    with pytest.raises(AttributeError):
        res.deviance = 0.0
    sizes = [np.size(getattr(res, f)) for f in res.__dataclass_fields__]
    assert max(sizes) < len(small_survey["y"])


def test_rescaling_sampling_weights_changes_nothing(small_survey):
    a = _fit(small_survey).results_
    data = _copy(small_survey)
    data["weight"] = data["weight"] * 1000
    b = _fit(data).results_
    np.testing.assert_allclose(a.params, b.params, rtol=1e-10)
    np.testing.assert_allclose(a.bse, b.bse, rtol=1e-8)


def test_point_estimates_equal_a_frequency_weighted_glm(small_survey):
    sm = pytest.importorskip("statsmodels.api")
    X = design_matrix(small_survey, SPEC)
    glm = sm.GLM(
        small_survey["y"], X, family=sm.families.Binomial(), freq_weights=small_survey["weight"]
    ).fit(tol=1e-12)
    np.testing.assert_allclose(_fit(small_survey).results_.params, glm.params, rtol=1e-7)


def test_without_psus_each_record_is_a_psu_and_df_is_records_minus_strata(small_survey):
    res = _fit(small_survey, psu=None).results_
    assert res.n_psu == 600
    assert res.df_design == 600 - 4
    assert res.df_resid == 600 - 4 + 1 - len(NAMES)


# ------------------------------------------------------------------ bad input, named
def test_it_refuses_an_outcome_that_is_not_0_or_1_naming_the_column_and_row(small_survey):
    data = _copy(small_survey)
    data["y"][7] = 2
    with pytest.raises(RiskModelError, match="outcome 'y' must be 0 or 1.*record 8") as exc:
        _fit(data)
    assert exc.value.column == "y" and exc.value.row == 7


def test_it_refuses_an_outcome_that_never_varies(small_survey):
    data = _copy(small_survey)
    data["y"][:] = 0
    with pytest.raises(RiskModelError, match="nothing to model") as exc:
        _fit(data)
    assert exc.value.column == "y"


@pytest.mark.parametrize("bad", [0.0, -3.0, np.nan])
def test_it_refuses_a_weight_that_is_not_positive_or_is_missing(small_survey, bad):
    data = _copy(small_survey)
    data["weight"][11] = bad
    with pytest.raises(RiskModelError, match="weight 'wt'.*record 12") as exc:
        _fit(data, weight_name="wt")
    assert exc.value.column == "wt" and exc.value.row == 11


def test_it_refuses_a_constant_predictor_naming_it(small_survey):
    data = _copy(small_survey)
    data["male"][:] = 1.0
    with pytest.raises(CollinearityError, match="predictor 'male' is constant") as exc:
        _fit(data)
    assert exc.value.column == "male"


def test_it_refuses_perfectly_collinear_predictors_naming_them(small_survey):
    data = _copy(small_survey)
    spec = {"predictors": ["age", "age_months", "male"], "categorical": [], "levels": {}}
    data["age_months"] = data["age"] * 12
    X = design_matrix(data, spec)
    with pytest.raises(CollinearityError, match="'age_months'.*'age'|'age'.*'age_months'"):
        SurveyLogit().fit(
            X,
            data["y"],
            weights=data["weight"],
            feature_names=["(Intercept)", "age", "age_months", "male"],
        )


def test_it_refuses_separation_by_a_category_level_naming_the_predictor(small_survey):
    data = _copy(small_survey)
    data["y"][data["educ"] == "secondary"] = 0
    with pytest.raises(SeparationError, match="educ\\[secondary\\].*'educ'") as exc:
        _fit(data, determinants={n: ("educ" if n.startswith("educ") else n) for n in NAMES})
    assert exc.value.column == "educ"


def test_it_refuses_complete_separation_by_a_numeric_predictor(small_survey):
    data = _copy(small_survey)
    data["y"] = (data["age"] >= 12).astype(float)
    with pytest.raises(SeparationError, match="'age' alone predicts y") as exc:
        _fit(data)
    assert exc.value.column == "age"


def test_it_refuses_a_psu_in_two_strata_unless_nested(small_survey):
    data = _copy(small_survey)
    data["psu"] = (np.arange(600) // 30 % 5 + 1).astype(float)  # codes restart per stratum
    with pytest.raises(RiskModelError, match="PSU '1'.*more than one stratum.*nest") as exc:
        _fit(data, psu_name="cluster")
    assert exc.value.column == "cluster"
    nested = _fit(data, nest=True).results_
    assert nested.n_psu == 20


def test_a_lonely_psu_fails_by_default_and_names_the_stratum(small_survey):
    data = _copy(small_survey)
    data["psu"][data["stratum"] == "S3"] = 999.0
    with pytest.raises(RiskModelError, match="stratum 'S3' has only one PSU"):
        _fit(data)
    assert _fit(data, lonely_psu="remove").results_.lonely_strata == ("S3",)


def test_it_refuses_an_unknown_lonely_psu_rule(small_survey):
    with pytest.raises(RiskModelError, match="lonely_psu must be one of"):
        _fit(small_survey, lonely_psu="ignore")


def test_it_refuses_a_non_finite_predictor_value(small_survey):
    data = _copy(small_survey)
    data["age"][3] = np.inf
    with pytest.raises(RiskModelError, match="'age'.*record 4") as exc:
        _fit(data)
    assert exc.value.row == 3


# ------------------------------------------------------------------ from a file
def test_fit_file_names_a_missing_column(small_survey_csv):
    with pytest.raises(RiskModelError, match="no column 'poverty'") as exc:
        fit_file(small_survey_csv, outcome="y", predictors=["age", "poverty"], weight="weight")
    assert exc.value.column == "poverty"


def test_fit_file_names_the_row_of_a_bad_outcome(write_csv):
    path = write_csv(["y", "age", "w"], [[0, 5, 1], [1, 6, 1], [3, 7, 1], [0, 8, 1]])
    with pytest.raises(RiskModelError, match="outcome 'y' must be 0 or 1.*record 3.*3") as exc:
        fit_file(path, outcome="y", predictors=["age"], weight="w")
    assert exc.value.row == 2


def test_fit_file_refuses_a_missing_or_zero_weight_naming_the_row(write_csv):
    path = write_csv(["y", "age", "w"], [[0, 5, 1], [1, 6, None], [1, 7, 1]])
    with pytest.raises(RiskModelError, match="weight column 'w' is missing for record 2"):
        fit_file(path, outcome="y", predictors=["age"], weight="w")
    path = write_csv(["y", "age", "w"], [[0, 5, 1], [1, 6, 2], [1, 7, 0]], name="zero.csv")
    with pytest.raises(RiskModelError, match="weight 'w' must be positive.*record 3"):
        fit_file(path, outcome="y", predictors=["age"], weight="w")


def test_fit_file_refuses_a_categorical_with_one_level(small_survey_csv):
    with pytest.raises(CollinearityError, match="'educ' has a single level"):
        fit_file(
            small_survey_csv,
            outcome="y",
            predictors=["age", "educ"],
            categorical=["educ"],
            weight="weight",
            where="educ = 'none'",
        )


def test_fit_file_uses_the_reference_level_asked_for(small_survey_csv):
    model = fit_file(
        small_survey_csv,
        outcome="y",
        predictors=["age", "educ"],
        categorical=["educ"],
        reference={"educ": "secondary"},
        weight="weight",
        strata="stratum",
        psu="psu",
    )
    assert model.levels["educ"] == ["secondary", "none", "primary"]
    assert model.terms == ["(Intercept)", "age", "educ[none]", "educ[primary]"]
    assert model.specification["reference"] == {"educ": "secondary"}
    with pytest.raises(RiskModelError, match="reference level 'tertiary' of 'educ'"):
        fit_file(
            small_survey_csv,
            outcome="y",
            predictors=["age", "educ"],
            categorical=["educ"],
            reference={"educ": "tertiary"},
            weight="weight",
        )


def test_fit_file_where_filter_restricts_the_sample(small_survey_csv):
    model = fit_file(
        small_survey_csv,
        outcome="y",
        predictors=["age", "male"],
        weight="weight",
        strata="stratum",
        psu="psu",
        where="age >= 10",
    )
    assert model.design["records"] == int(
        (
            np.genfromtxt(
                small_survey_csv, delimiter=",", names=True, dtype=None, encoding="utf-8"
            )["age"]
            >= 10
        ).sum()
    )
    assert model.specification["where"] == "age >= 10"


def test_fit_file_records_means_fit_statistics_and_the_data_hash(small_survey_csv):
    model = fit_file(
        small_survey_csv,
        outcome="y",
        predictors=["age", "male", "educ"],
        categorical=["educ"],
        weight="weight",
        strata="stratum",
        psu="psu",
    )
    assert model.means["(Intercept)"] == pytest.approx(1.0)
    assert 0 < model.means["educ[primary]"] < 1
    assert model.fit["converged"] and 0 < model.fit["pseudo_r2"] < 1
    assert 0.5 < model.fit["auc"] < 1
    assert len(model.specification["data_sha256"]) == 64
    assert model.design["strata"] == 4 and model.design["psus"] == 20


# ------------------------------------------------------------------ statistics
def test_weighted_auc_is_the_weighted_mann_whitney_probability():
    rng = np.random.default_rng(1)
    s = rng.integers(0, 8, 60).astype(float)  # ties on purpose
    y = rng.integers(0, 2, 60).astype(float)
    w = rng.uniform(0.5, 3, 60)
    num = den = 0.0
    for i in np.flatnonzero(y == 1):
        for j in np.flatnonzero(y == 0):
            num += w[i] * w[j] * ((s[i] > s[j]) + 0.5 * (s[i] == s[j]))
            den += w[i] * w[j]
    assert weighted_auc(s, y, w) == pytest.approx(num / den)


def test_pseudo_r2_is_mcfadden_on_the_weighted_log_likelihood(small_survey):
    res = _fit(small_survey).results_
    assert res.pseudo_r2 == pytest.approx(1 - res.deviance / res.null_deviance)
    assert res.weighted_rate == pytest.approx(
        np.sum(small_survey["weight"] * small_survey["y"]) / small_survey["weight"].sum()
    )


def test_the_variance_of_psu_totals_matches_the_textbook_formula():
    rng = np.random.default_rng(3)
    strata = np.repeat([0, 0, 0, 1, 1], 4)
    psu = np.repeat(np.arange(5), 4)
    u = rng.normal(size=(20, 2))
    design = build_design(20, strata=strata, psu=psu)
    totals = np.array([u[psu == g].sum(axis=0) for g in range(5)])
    expected = np.zeros((2, 2))
    for members in ([0, 1, 2], [3, 4]):
        z = totals[members]
        d = z - z.mean(axis=0)
        expected += len(members) / (len(members) - 1) * d.T @ d
    np.testing.assert_allclose(total_variance(design, u), expected)


def test_the_progress_bar_is_silent_in_a_pipe_and_draws_on_a_terminal():
    pipe = io.StringIO()
    ProgressBar("fit", stream=pipe)("fitting", 1, 2)
    assert pipe.getvalue() == ""

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    term = Terminal()
    with ProgressBar("fit", stream=term) as bar:
        bar("fitting", 2, 2)
    assert "fit [" in term.getvalue() and "2/2 fitting" in term.getvalue()


def test_separation_by_two_predictors_together_is_refused():
    rng = np.random.default_rng(11)
    a, b = rng.normal(size=400), rng.normal(size=400)
    y = (a + b > 0).astype(float)  # neither alone separates, together they do
    X = np.column_stack([np.ones(400), a, b])
    with pytest.raises(SeparationError, match="separate y = 1 from y = 0") as exc:
        SurveyLogit().fit(
            X, y, weights=None, feature_names=["(Intercept)", "a", "b"], outcome_name="y"
        )
    assert exc.value.column in ("a", "b")


def test_the_warm_start_on_large_samples_reaches_the_same_estimate():
    from alliance87.riskmodel.irls import WARM_START_RECORDS, irls

    rng = np.random.default_rng(12)
    n = WARM_START_RECORDS + 10_000
    X = np.column_stack([np.ones(n), rng.normal(size=(n, 4))])
    y = (rng.random(n) < 1 / (1 + np.exp(-(X @ [-1.5, 0.5, -0.3, 0.2, 0.0])))).astype(float)
    w = rng.uniform(1, 5, n)
    warm = irls(X, y, w, max_iter=50, tol=1e-10)
    cold = irls(X, y, w, max_iter=50, tol=1e-10, warm_start=False)
    assert warm[3] and cold[3]
    np.testing.assert_allclose(warm[0], cold[0], rtol=1e-8)
    np.testing.assert_allclose(warm[4], cold[4], rtol=1e-6)


def test_the_order_of_the_records_does_not_matter(small_survey):
    # records grouped by PSU take one path (reduceat), shuffled records another (bincount)
    grouped = _fit(small_survey).results_
    order = np.random.default_rng(4).permutation(len(small_survey["y"]))
    shuffled = _fit({k: v[order] for k, v in small_survey.items()}).results_
    np.testing.assert_allclose(shuffled.params, grouped.params, rtol=1e-9)
    np.testing.assert_allclose(shuffled.bse, grouped.bse, rtol=1e-9)
    assert (shuffled.df_design, shuffled.n_psu) == (grouped.df_design, grouped.n_psu)


def test_without_residual_degrees_of_freedom_p_values_and_intervals_are_undefined(small_survey):
    # 3 strata with 2 PSUs each: degf = 3, df.residual = 3 + 1 - 5 < 0 (R gives NaN too)
    data = {k: v[:180] for k, v in small_survey.items()}
    data["stratum"] = np.repeat(np.array(["A", "B", "C"], dtype=object), 60)
    data["psu"] = np.repeat(np.arange(6.0), 30)
    res = _fit(data).results_
    assert res.df_design == 3 and res.df_resid == -1
    assert np.isnan(res.pvalues).all() and np.isnan(res.conf_int()).all()
    assert np.isfinite(res.bse).all()


def test_it_recovers_the_model_that_generated_the_synthetic_survey():
    from alliance87.riskmodel.synth import DATA_DIR, TRUE_COEFFICIENTS

    predictors = list(
        dict.fromkeys(t.split("[")[0] for t in TRUE_COEFFICIENTS if t != "(Intercept)")
    )
    categorical = sorted({t.split("[")[0] for t in TRUE_COEFFICIENTS if "[" in t})
    model = fit_file(
        DATA_DIR / "survey.parquet",
        outcome="child_labour",
        predictors=predictors,
        categorical=categorical,
        reference={"head_educ": "none", "ethnicity": "majority"},
        weight="weight",
        strata="stratum",
        psu="psu",
    )
    assert sorted(model.terms) == sorted(TRUE_COEFFICIENTS)
    for term, truth in TRUE_COEFFICIENTS.items():
        c = model.coefficient(term)
        # 99.9% interval: 13 terms, so a 95% one would miss one now and then by chance
        assert abs(c.estimate - truth) < 3.3 * c.std_error, term


def test_it_refuses_quasi_complete_separation_by_a_numeric_predictor_naming_it(small_survey):
    # every child over 9 works, none under 9 does, at 9 some do: quasi-complete separation
    data = _copy(small_survey)
    data["y"] = (data["age"] > 9).astype(float)
    at_nine = np.flatnonzero(data["age"] == 9)
    assert len(at_nine) > 1
    data["y"][at_nine[::2]] = 1
    with pytest.raises(SeparationError, match="'age'") as exc:
        _fit(data)
    assert exc.value.column == "age"
