"""The synthetic country: a known model, a census, a survey with its design, boundaries."""

from __future__ import annotations

import json

import numpy as np
import pyarrow.parquet as pq
import pytest
from scipy import stats

from alliance87.riskmodel import synth
from alliance87.riskmodel.scoring import score_file


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    return synth.generate(
        tmp_path_factory.mktemp("s"),
        seed=3,
        children=40_000,
        territories=40,
        departments=5,
        survey_size=4_000,
    )


def test_the_same_seed_gives_the_same_country(small, tmp_path):
    again = synth.generate(
        tmp_path, seed=3, children=40_000, territories=40, departments=5, survey_size=4_000
    )
    for a, b in (
        (small.census, again.census),
        (small.survey, again.survey),
        (small.boundaries, again.boundaries),
        (small.truth, again.truth),
    ):
        assert a.read_bytes() == b.read_bytes()


def test_the_census_measures_child_labour_only_from_age_ten_as_in_brazil(small):
    t = pq.read_table(small.census, columns=["age", "child_labour"]).to_pydict()
    ages = np.array(t["age"])
    measured = np.array([v is not None for v in t["child_labour"]])
    assert ages.min() == 5 and ages.max() == 17
    assert (measured == (ages >= 10)).all()


def test_the_survey_weights_are_inverse_inclusion_probabilities_of_a_two_stage_design(small):
    survey = pq.read_table(small.survey).to_pydict()
    census_n = pq.read_metadata(small.census).num_rows
    w = np.array(survey["weight"])
    assert (w > 0).all()
    # Horvitz-Thompson: the weights add up to about the number of children in the census
    assert abs(w.sum() / census_n - 1) < 0.1
    # PSUs are nested in strata (department x urban/rural)
    strata_of_psu: dict[int, set] = {}
    for psu, stratum in zip(survey["psu"], survey["stratum"], strict=True):
        strata_of_psu.setdefault(psu, set()).add(stratum)
    assert all(len(s) == 1 for s in strata_of_psu.values())
    assert len(set(survey["stratum"])) == 10
    assert all(v is not None for v in survey["child_labour"])  # the survey measures ages 5-17


def test_territories_differ_in_their_determinants_and_true_rates(small):
    t = pq.read_table(small.census, columns=["territory", "rural", "poor"]).to_pydict()
    codes = np.array(t["territory"])
    rural = np.array(t["rural"])
    shares = [rural[codes == c].mean() for c in np.unique(codes)]
    assert np.std(shares) > 0.1
    rates = [x["true_rate"] for x in json.loads(small.truth.read_text())["territories"]]
    assert max(rates) > 2 * min(rates)


def test_boundaries_have_one_closed_polygon_per_territory_with_code_and_name(small):
    data = json.loads(small.boundaries.read_text())
    truth = json.loads(small.truth.read_text())
    codes = {t["territory"] for t in truth["territories"]}
    assert {f["properties"]["code"] for f in data["features"]} == codes
    for f in data["features"]:
        ring = f["geometry"]["coordinates"][0]
        assert ring[0] == ring[-1] and len(ring) >= 4 and f["properties"]["name"]


def test_the_shipped_country_is_small_enough_to_commit():
    size = sum(p.stat().st_size for p in synth.DATA_DIR.iterdir())
    assert size < 25e6
    assert pq.read_metadata(synth.shipped().census).num_rows > 900_000


def test_the_fit_recovers_the_generating_coefficients_on_the_shipped_survey():
    fit = pytest.importorskip("alliance87.riskmodel.fit")
    country = synth.shipped()
    model = fit.fit_file(
        country.survey,
        outcome="child_labour",
        predictors=synth.PREDICTORS,
        categorical=list(synth.CATEGORICAL),
        reference={k: v[0] for k, v in synth.CATEGORICAL.items()},
        weight="weight",
        strata="stratum",
        psu="psu",
    )
    truth = json.loads(country.truth.read_text())["coefficients"]
    data = json.loads(model.to_json())
    for c in data["coefficients"]:
        z = (c["estimate"] - truth[c["term"]]) / c["std_error"]
        assert abs(z) < 3, (c["term"], c["estimate"], truth[c["term"]])


def test_the_territorial_ranking_from_scoring_matches_the_truth(tmp_path):
    fit = pytest.importorskip("alliance87.riskmodel.fit")
    country = synth.shipped()
    model = fit.fit_file(
        country.survey,
        outcome="child_labour",
        predictors=synth.PREDICTORS,
        categorical=list(synth.CATEGORICAL),
        weight="weight",
        strata="stratum",
        psu="psu",
    )
    path = tmp_path / "MODEL.json"
    model.to_json(path)
    table = score_file(path, country.census, territory="territory")
    truth = {
        t["territory"]: t["true_rate"] for t in json.loads(country.truth.read_text())["territories"]
    }
    rho = stats.spearmanr(
        table.columns["risk_index"], [truth[c] for c in table.columns["territory"]]
    ).statistic
    assert rho > 0.9
