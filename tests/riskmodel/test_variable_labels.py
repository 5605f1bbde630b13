"""Variable labels stored in a Stata or SPSS file (a column's own label, not its value
labels) name the determinants in the report's profiles, in place of the quoted column."""

from __future__ import annotations

import html
import re

import numpy as np
import pandas as pd
import pyreadstat
import pytest

from alliance87.riskmodel.explain import explain, parse_top_factors
from alliance87.riskmodel.fit import fit_file
from alliance87.riskmodel.report import render_report
from alliance87.riskmodel.scoring import ScoringModel, score_file

VARIABLES = {"people": "Household size", "educ": "Education of the household head"}


def _text(page: str) -> str:
    body = re.sub(r"<style.*?</style>|<svg.*?</svg>", "", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


@pytest.fixture(params=["dta", "sav"])
def scored(request, tmp_path):
    rng = np.random.default_rng(8)
    n = 3000
    territory = rng.integers(1, 13, n).astype(float)
    people = rng.integers(2, 10, n) + (territory % 3)
    educ = rng.integers(1, 4, n).astype(float)
    eta = -1.5 + 0.2 * (people - 5) - 0.5 * (educ - 1)
    y = (rng.random(n) < 1 / (1 + np.exp(-eta))).astype(float)
    frame = pd.DataFrame({"y": y, "people": people.astype(float), "educ": educ,
                          "territory": territory})  # fmt: skip
    path = tmp_path / f"survey.{request.param}"
    write = pyreadstat.write_dta if request.param == "dta" else pyreadstat.write_sav
    write(
        frame,
        path,
        column_labels={**VARIABLES, "y": "Works", "territory": "Municipality"},
        variable_value_labels={"educ": {1.0: "none", 2.0: "primary", 3.0: "secondary"}},
    )
    model = fit_file(path, outcome="y", predictors=["people", "educ"], categorical=["educ"])
    table = score_file(model, path, territory="territory")
    explain(table, ScoringModel.from_fitted(model))
    return model, table


def test_the_model_keeps_the_variable_labels_of_its_survey(scored):
    model, _ = scored
    assert model.specification["variable_labels"] == {**VARIABLES, "y": "Works"}


def test_the_profiles_name_determinants_by_their_variable_labels(scored):
    model, table = scored
    named = {k for f in table.columns["top_factors"] for k, _ in parse_top_factors(f)}
    assert "people" in named and any(k.startswith("educ[") for k in named)
    text = _text(render_report(model, table))
    profiles = text[text.index("Territory profiles") :]
    assert "average of “Household size” than the national average" in profiles
    assert re.search(r"share of children with “Education of the household head” equal to "
                     r"“(primary|secondary)”", profiles)  # fmt: skip
    assert "the variable “" not in profiles and "These variables have no label" not in text
    es = _text(render_report(model, table, lang="es"))
    assert "promedio de «Household size»" in es
    # a labels file still comes first
    given = {"people": {"en": "number of people at home"}}
    text = _text(render_report(model, table, labels=given))
    assert "number of people at home than the national average" in text
