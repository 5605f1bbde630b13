"""MODEL.json: the fitted model round-trips, and a damaged file is refused clearly."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from alliance87.riskmodel.errors import RiskModelError
from alliance87.riskmodel.fit import fit_file
from alliance87.riskmodel.model import FORMAT, FittedModel, design_columns, design_matrix


@pytest.fixture
def model(small_survey_csv) -> FittedModel:
    return fit_file(
        small_survey_csv,
        outcome="y",
        predictors=["age", "male", "educ"],
        categorical=["educ"],
        weight="weight",
        strata="stratum",
        psu="psu",
    )


def test_a_model_written_and_read_back_is_identical(model, tmp_path):
    path = tmp_path / "MODEL.json"
    text = model.to_json(path)
    assert FittedModel.from_json(path) == model
    assert json.loads(text) == json.loads(path.read_text(encoding="utf-8"))


def test_the_file_has_the_documented_layout(model, tmp_path):
    data = json.loads(model.to_json())
    assert data["format"] == FORMAT == "alliance87.riskmodel/1"
    assert set(data) == {
        "format",
        "specification",
        "coefficients",
        "levels",
        "means",
        "design",
        "fit",
        "software",
        "covariance",
        "wald_tests",
    }
    assert data["covariance"]["terms"] == [c["term"] for c in data["coefficients"]]
    assert set(data["wald_tests"]) == {"age", "male", "educ"}
    assert set(data["specification"]) >= {
        "outcome",
        "predictors",
        "categorical",
        "reference",
        "weight",
        "strata",
        "psu",
        "where",
        "lonely_psu",
        "nest",
        "data",
        "data_sha256",
    }
    assert [c["term"] for c in data["coefficients"]] == [
        "(Intercept)",
        "age",
        "male",
        "educ[primary]",
        "educ[secondary]",
    ]
    assert set(data["coefficients"][1]) == {
        "term",
        "estimate",
        "std_error",
        "odds_ratio",
        "ci_low",
        "ci_high",
        "odds_ratio_ci_low",
        "odds_ratio_ci_high",
        "p_value",
    }
    assert data["levels"] == {"educ": ["none", "primary", "secondary"]}
    assert set(data["means"]) == set(model.terms)
    assert set(data["design"]) >= {
        "records",
        "dropped_missing",
        "strata",
        "psus",
        "degrees_of_freedom",
        "sum_weights",
        "lonely_psu",
    }
    assert set(data["fit"]) >= {
        "converged",
        "iterations",
        "deviance",
        "null_deviance",
        "pseudo_r2",
        "auc",
        "dispersion",
        "weighted_rate",
    }
    assert set(data["software"]) == {"alliance87", "numpy", "scipy"}
    c = data["coefficients"][1]
    assert c["odds_ratio"] == pytest.approx(np.exp(c["estimate"]))
    assert c["odds_ratio_ci_low"] == pytest.approx(np.exp(c["ci_low"]))


def test_the_model_file_holds_no_microdata(model):
    text = model.to_json()
    assert len(text) < 8000


def test_helpers_give_terms_coefficients_and_design_columns(model):
    assert model.terms == design_columns(model) == model.design_columns()
    assert model.coefficient("age").estimate == model.coefficients[1].estimate
    with pytest.raises(RiskModelError, match="no term 'poverty'"):
        model.coefficient("poverty")


def test_the_design_matrix_treatment_codes_categories(model):
    X = design_matrix(
        {
            "age": np.array([6.0, 9.0]),
            "male": np.array([1.0, 0.0]),
            "educ": np.array(["secondary", "none"], dtype=object),
        },
        model,
    )
    np.testing.assert_array_equal(X, [[1, 6, 1, 0, 1], [1, 9, 0, 0, 0]])


def test_the_design_matrix_names_an_unseen_category_level(model):
    with pytest.raises(RiskModelError, match="'educ' has the level 'university'") as exc:
        design_matrix(
            {
                "age": np.array([6.0, 9.0]),
                "male": np.array([1.0, 0.0]),
                "educ": np.array(["none", "university"], dtype=object),
            },
            model,
        )
    assert exc.value.column == "educ" and exc.value.row == 1


def test_the_design_matrix_names_a_missing_determinant(model):
    with pytest.raises(RiskModelError, match="lack the determinant 'male'") as exc:
        design_matrix({"age": np.array([6.0]), "educ": np.array(["none"], dtype=object)}, model)
    assert exc.value.column == "male"


@pytest.mark.parametrize(
    "damage, message",
    [
        (lambda d: d.update(format="alliance87.riskmodel/9"), "format"),
        (lambda d: d.pop("coefficients"), "lacks the 'coefficients' section"),
        (lambda d: d["coefficients"].pop(), "do not match"),
        (lambda d: d["coefficients"][1].update(estimate="big"), "must be a number"),
        (lambda d: d["levels"].update(educ=["none"]), "at least two levels"),
        (lambda d: d["specification"].pop("outcome"), "lacks 'outcome'"),
    ],
)
def test_a_damaged_model_file_is_refused_saying_what_is_wrong(model, tmp_path, damage, message):
    data = json.loads(model.to_json())
    damage(data)
    path = tmp_path / "MODEL.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(RiskModelError, match=message):
        FittedModel.from_json(path)


def test_a_file_that_is_not_json_or_is_missing_is_refused(tmp_path):
    bad = tmp_path / "MODEL.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(RiskModelError, match="is not a MODEL.json file"):
        FittedModel.from_json(bad)
    with pytest.raises(RiskModelError, match="not found"):
        FittedModel.from_json(tmp_path / "absent.json")


def test_the_scoring_engine_reads_the_model_file(model, tmp_path):
    from alliance87.riskmodel.scoring import ScoringModel

    path = tmp_path / "MODEL.json"
    model.to_json(path)
    scoring = ScoringModel.from_json(path)
    assert scoring.intercept == model.coefficient("(Intercept)").estimate
    assert [t.name for t in scoring.terms] == model.terms[1:]
    assert ScoringModel.from_json(model) == scoring  # the fitted model, as fit returns it


def test_the_scoring_engine_reads_the_model_file_as_fit_does(tmp_path):
    from alliance87.riskmodel.scoring import ScoringModel

    path = tmp_path / "MODEL.json"
    path.write_text(json.dumps({"format": "alliance87.riskmodel/9"}), encoding="utf-8")
    with pytest.raises(RiskModelError, match="format"):
        ScoringModel.from_json(path)


@given(
    st.lists(st.sampled_from(["a", "b", "c", "d"]), min_size=1, max_size=40),
    st.permutations(["a", "b", "c", "d"]),
)
def test_treatment_coding_keeps_every_value_and_omits_the_reference(values, levels):
    spec = {"predictors": ["k"], "categorical": ["k"], "levels": {"k": list(levels)}}
    X = design_matrix({"k": np.array(values, dtype=object)}, spec)
    assert X.shape == (len(values), len(levels))
    dummies = X[:, 1:]
    assert set(np.unique(dummies)) <= {0.0, 1.0}
    assert (dummies.sum(axis=1) <= 1).all()
    decoded = [levels[0] if row.sum() == 0 else levels[1 + int(np.argmax(row))] for row in dummies]
    assert decoded == values
