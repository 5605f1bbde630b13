"""Each territory's standard error and interval, against R's predict(..., vcov = TRUE),
and the classification's stability under the sampling uncertainty of the fit."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from alliance87.riskmodel.fit import fit_file
from alliance87.riskmodel.pipeline import score_and_classify, write_score_summary
from alliance87.riskmodel.uncertainty import level_stability

DATA = Path(__file__).resolve().parent / "data"
REFERENCE = json.loads((DATA / "designs_reference.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    # the two-stage api fit (with FPCs) scored on the population of California's schools,
    # by county: the survey package's own survey and census
    model = fit_file(
        DATA / "apiclus2.csv",
        outcome="y",
        predictors=["ell", "meals", "mobility", "stype"],
        categorical=["stype"],
        weight="pw",
        psu=["dnum", "snum"],
        fpc=["fpc1", "fpc2"],
    )
    path = tmp_path_factory.mktemp("api") / "model.json"
    model.to_json(path)
    return score_and_classify(path, DATA / "apipop.csv", territory="cname")


def test_a_territorys_standard_error_is_r_predicts_for_the_mean_of_its_records(scored):
    _, table, _ = scored
    c = table.columns
    for county, r in REFERENCE["territories"].items():
        if county not in c["territory"]:
            continue
        i = c["territory"].index(county)
        assert c["records"][i] == r["schools"]
        np.testing.assert_allclose(c["risk_index"][i], r["risk_index"], rtol=1e-6)
        np.testing.assert_allclose(c["risk_index_se"][i], r["risk_index_se"], rtol=1e-4)
        np.testing.assert_allclose(c["expected_child_labour"][i], r["expected"], rtol=1e-6)
        np.testing.assert_allclose(c["expected_se"][i], r["expected_se"], rtol=1e-4)


def test_intervals_hold_the_estimate_and_stay_between_zero_and_one(scored):
    _, table, _ = scored
    c = table.columns
    assert np.all(c["risk_index_ci_low"] < c["risk_index"])
    assert np.all(c["risk_index"] < c["risk_index_ci_high"])
    assert np.all(c["risk_index_ci_low"] > 0) and np.all(c["risk_index_ci_high"] < 1)
    np.testing.assert_allclose(c["expected_ci_high"], c["children"] * c["risk_index_ci_high"])


def test_every_territory_has_the_probability_of_its_level_and_the_table_its_stability(
    scored, tmp_path
):
    _, table, cls = scored
    prob = table.columns["level_probability"]
    assert np.all((prob >= 0) & (prob <= 1))
    s = table.stability
    assert s["draws"] == 200 and s["territories"] == len(table)
    assert 0 < s["changing_level"]["mean"] < len(table)
    # the expected number of territories changing level is the sum of 1 - probability
    np.testing.assert_allclose(s["changing_level"]["mean"], np.sum(1 - prob), rtol=1e-12)
    write_score_summary(table, cls, tmp_path / "s.json")
    summary = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert summary["classification"]["stability"]["changing_level"] == s["changing_level"]


def test_no_uncertainty_no_change_of_level():
    risk = np.array([0.01, 0.02, 0.03, 0.2, 0.21, 0.5, 0.52])
    grad = np.ones((7, 2))
    prob, s = level_stability(
        risk, grad, np.zeros((2, 2)), lambda x: ["a" if v < 0.1 else "b" for v in x], draws=20
    )
    assert np.all(prob == 1) and s["changing_level"]["max"] == 0


def test_a_territory_on_a_fixed_threshold_keeps_its_level_half_the_time():
    # one coefficient, gradient 1 for the territory on the threshold: its log-odds risk moves
    # symmetrically around the threshold
    risk = np.array([0.1, 0.5, 0.9])
    grad = np.array([[0.0], [0.25], [0.0]])  # dr/db = r (1 - r) x: log-odds move = b* - b
    prob, _ = level_stability(
        risk,
        grad,
        np.array([[0.01]]),
        lambda x: ["low" if v < 0.5 else "high" for v in x],
        draws=4000,
    )
    assert prob[0] == prob[2] == 1
    assert abs(prob[1] - 0.5) < 0.05


def test_the_score_command_writes_the_uncertainty_and_states_the_stability(tmp_path, capsys):
    from alliance87.riskmodel.cli import main

    model = tmp_path / "model.json"
    args = ["fit", str(DATA / "apiclus2.csv"), "--outcome", "y", "--predictors"]
    args += ["ell,meals,mobility,stype", "--categorical", "stype", "--weight", "pw"]
    assert main([*args, "--psu", "dnum,snum", "--fpc", "fpc1,fpc2", "--out", str(model)]) == 0
    out = tmp_path / "t.csv"
    args = ["score", str(model), str(DATA / "apipop.csv"), "--territory", "cname"]
    args += ["--out", str(out), "--classify-method", "dalenius-hodges", "--lang", "es"]
    assert main([*args, "--stability-draws", "50"]) == 0
    printed = capsys.readouterr().out
    assert "estabilidad: con la incertidumbre muestral del ajuste" in printed
    header = out.read_text(encoding="utf-8").splitlines()[0].replace('"', "").split(",")
    for column in ("risk_index_se", "risk_index_ci_low", "expected_se", "level_probability"):
        assert column in header


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_report_states_each_territorys_interval_and_the_levels_stability(
    scored, tmp_path, lang
):
    from alliance87.riskmodel.report import write_report
    from alliance87.riskmodel.scoring import Territories

    model, table, _ = scored
    table.write(tmp_path / "t.csv")
    back = Territories.read(tmp_path / "t.csv")  # as `risk report` reads it
    out = write_report(tmp_path / "r.html", model.raw, back, lang=lang, method="dalenius-hodges")
    html = out.read_text(encoding="utf-8")
    words = {
        "en": ("Interval of the risk index (95%)", "territories are expected to change level"),
        "es": ("Intervalo del índice de riesgo (95 %)", "se espera que"),
    }[lang]
    assert all(w in html for w in words)
    assert ("Dalenius" in html) and html.count("Probab") >= len(table)


def test_a_records_log_odds_standard_error_is_predict_se_fit(scored):
    # R: predict(fit, newdata = the county's first school, type = "link", se.fit = TRUE)
    import csv

    model, _, _ = scored
    raw = model.raw
    terms = raw["covariance"]["terms"]
    v = np.array(raw["covariance"]["matrix"])
    b = np.array([c["estimate"] for c in raw["coefficients"]])
    with (DATA / "apipop.csv").open(encoding="utf-8") as fh:
        rows = [
            r
            for r in csv.DictReader(fh)
            if all(r[c] not in ("", "NA") for c in ("ell", "meals", "mobility", "stype"))
        ]
    for county, r in REFERENCE["territories"].items():
        first = next((row for row in rows if row["cname"] == county), None)
        if first is None:
            continue
        x = np.array(
            [1.0, float(first["ell"]), float(first["meals"]), float(first["mobility"])]
            + [float(first["stype"] == lv) for lv in ("H", "M")]
        )
        assert terms == ["(Intercept)", "ell", "meals", "mobility", "stype[H]", "stype[M]"]
        np.testing.assert_allclose(x @ b, r["first_link"], rtol=1e-6)
        np.testing.assert_allclose(np.sqrt(x @ v @ x), r["first_link_se"], rtol=1e-4)
