"""The small-area option of scoring: each territory's EBP with its MSE in the territories
table (pipeline.score_and_classify(small_area=...), ``risk score --small-area``) and the
report, on the survey package's apiclus2 (survey) and apipop (census) by school district.

The MSE is the analytic approximation of smallarea.py: g1, the conditional variance of the
territory's risk index given its survey records, is checked against a dense numerical
integral; g2, the delta method for the coefficients, against finite differences of the EBP
with the territory's mode recomputed at each perturbed coefficient.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from alliance87.riskmodel.irls import expit
from alliance87.riskmodel.model import design_matrix
from alliance87.riskmodel.smallarea import _modes, small_area_file

DATA = Path(__file__).resolve().parent / "data"
SPEC = {"predictors": ["ell", "meals", "mobility", "stype"], "categorical": ["stype"]}
SPEC["levels"] = {"stype": ["E", "H", "M"]}


@pytest.fixture(scope="module")
def fitted():
    return small_area_file(
        DATA / "apiclus2.csv",
        DATA / "apipop.csv",
        outcome="y",
        territory="dnum",
        predictors=SPEC["predictors"],
        categorical=SPEC["categorical"],
    )


def _census(district: str):
    import csv

    with open(DATA / "apipop.csv", newline="", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["dnum"] == district]
    rows = [r for r in rows if all(r[c] not in ("", "NA") for c in SPEC["predictors"])]
    cols = {c: np.array([float(r[c]) for r in rows]) for c in ["ell", "meals", "mobility"]}
    cols["stype"] = np.array([r["stype"] for r in rows], dtype=object)
    return design_matrix(cols, SPEC)


def _survey():
    import csv

    with open(DATA / "apiclus2.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    rows = [r for r in rows if all(r[c] not in ("", "NA") for c in [*SPEC["predictors"], "y"])]
    cols = {c: np.array([float(r[c]) for r in rows]) for c in ["ell", "meals", "mobility"]}
    cols["stype"] = np.array([r["stype"] for r in rows], dtype=object)
    area = np.array([r["dnum"] for r in rows], dtype=object)
    return design_matrix(cols, SPEC), np.array([float(r["y"]) for r in rows]), area


def test_the_ebps_conditional_variance_is_the_integral_of_the_territorys_risk(fitted):
    fit, ebp = fitted
    district = max((a for a in fit.areas), key=lambda a: ebp[a]["records"])
    j = fit.areas.index(district)
    X = _census(district)
    eta = X @ fit.params
    m, v = fit.modes[j], fit.conditional_variances[j]
    u = np.linspace(m - 12 * np.sqrt(v), m + 12 * np.sqrt(v), 20001)
    dens = np.exp(-((u - m) ** 2) / (2 * v))
    dens /= np.trapezoid(dens, u)
    r = np.array([expit(eta + uk).mean() for uk in u])
    mean = np.trapezoid(dens * r, u)
    var = np.trapezoid(dens * (r - mean) ** 2, u)
    np.testing.assert_allclose(ebp[district]["ebp"], mean, rtol=1e-8)
    g2 = ebp[district]["mse"] - var
    assert g2 > 0
    # g2: finite differences of the EBP in b, the mode recomputed at each b
    Xs, y, area = _survey()
    codes = {a: i for i, a in enumerate(fit.areas)}
    c = np.array([codes[a] for a in area])
    z, gw = np.polynomial.hermite.hermgauss(40)

    def ebp_at(b):
        u, h, _ = _modes(Xs @ b, y, c, len(fit.areas), fit.sigma)
        e = X @ b
        return sum(
            wk * expit(e + u[j] + np.sqrt(2 / h[j]) * zk).mean()
            for zk, wk in zip(z, gw, strict=True)
        ) / np.sqrt(np.pi)

    grad = np.empty(len(fit.params))
    for k in range(len(grad)):
        step = 1e-6 * max(1.0, abs(fit.params[k]))
        up, down = fit.params.copy(), fit.params.copy()
        up[k] += step
        down[k] -= step
        grad[k] = (ebp_at(up) - ebp_at(down)) / (2 * step)
    np.testing.assert_allclose(g2, grad @ fit.covariance @ grad, rtol=1e-4)


def test_scoring_adds_each_territorys_ebp_and_its_error_only_when_asked(tmp_path, fitted):
    from alliance87.riskmodel.pipeline import run_fit, score_and_classify, write_model
    from alliance87.riskmodel.report import render_report

    model = run_fit(
        DATA / "apiclus2.csv",
        progress=None,
        outcome="y",
        predictors=SPEC["predictors"],
        categorical=SPEC["categorical"],
    )
    write_model(model, tmp_path / "model.json")
    args = {"territory": "dnum", "stability_draws": 0}
    _, plain, _ = score_and_classify(tmp_path / "model.json", DATA / "apipop.csv", **args)
    assert "risk_index_ebp" not in plain.columns
    _, table, _ = score_and_classify(
        tmp_path / "model.json", DATA / "apipop.csv", small_area=DATA / "apiclus2.csv", **args
    )
    _, ebp = fitted
    codes = list(table.columns["territory"])
    got = dict(zip(codes, table.columns["risk_index_ebp"], strict=True))
    rmse = dict(zip(codes, table.columns["risk_index_ebp_rmse"], strict=True))
    for code, r in ebp.items():
        np.testing.assert_allclose(got[code], r["ebp"], rtol=1e-9)
        np.testing.assert_allclose(rmse[code], np.sqrt(r["mse"]), rtol=1e-9)
    sampled = [c for c in codes if ebp[c]["sampled"]]
    unsampled = [c for c in codes if not ebp[c]["sampled"]]
    assert sampled and unsampled
    # a territory the survey reached is predicted more precisely than one it did not
    assert np.median([rmse[c] for c in sampled]) < np.median([rmse[c] for c in unsampled])
    assert table.small_area["survey_territories"] == len(sampled)
    html = render_report(tmp_path / "model.json", table, lang="en")
    assert "Small-area estimates are model predictions, not measurements" in html
    assert "Small-area estimate (EBP)" in html
    html_es = render_report(tmp_path / "model.json", table, lang="es")
    assert "Small-area estimates are model predictions" not in html_es


def test_the_score_command_takes_the_small_area_survey(tmp_path):
    from alliance87.riskmodel.cli import main

    model = tmp_path / "model.json"
    assert main(["fit", str(DATA / "apiclus2.csv"), "--outcome", "y", "--predictors",
                 "ell,meals,mobility,stype", "--categorical", "stype",
                 "--out", str(model)]) == 0  # fmt: skip
    out, summary = tmp_path / "t.csv", tmp_path / "s.json"
    assert main(["score", str(model), str(DATA / "apipop.csv"), "--territory", "dnum",
                 "--stability-draws", "0", "--small-area", str(DATA / "apiclus2.csv"),
                 "--summary", str(summary), "--out", str(out)]) == 0  # fmt: skip
    header = [h.strip('"') for h in out.read_text(encoding="utf-8").splitlines()[0].split(",")]
    assert {"risk_index_ebp", "risk_index_ebp_rmse", "in_survey"} <= set(header)
    assert json.loads(summary.read_text())["small_area"]["territory_effect_sd"] > 0


def _fmt_pct(x: float) -> str:
    from alliance87.riskmodel.report import _pct

    return _pct(x, "en")


def test_the_report_says_which_mse_it_shows_and_that_survey_weights_are_not_used(tmp_path):
    from alliance87.riskmodel.pipeline import run_fit, score_and_classify, write_model
    from alliance87.riskmodel.report import render_report

    model = run_fit(
        DATA / "apiclus2.csv",
        progress=None,
        outcome="y",
        predictors=SPEC["predictors"],
        categorical=SPEC["categorical"],
    )
    write_model(model, tmp_path / "model.json")
    args = {"territory": "dnum", "stability_draws": 0, "small_area": DATA / "apiclus2.csv"}
    _, analytic, _ = score_and_classify(tmp_path / "model.json", DATA / "apipop.csv", **args)
    _, boot, _ = score_and_classify(
        tmp_path / "model.json", DATA / "apipop.csv", small_area_bootstrap=6, seed=5, **args
    )
    assert "risk_index_ebp_rmse_bootstrap" not in analytic.columns
    assert analytic.small_area["mse"] == "analytic"
    assert boot.small_area["mse"] == "bootstrap" and boot.small_area["bootstrap_replicates"] == 6
    assert boot.small_area["survey_weights"] == "not used"
    # the EBP and the analytic RMSE do not change with the bootstrap
    np.testing.assert_array_equal(
        boot.columns["risk_index_ebp"], analytic.columns["risk_index_ebp"]
    )
    np.testing.assert_array_equal(
        boot.columns["risk_index_ebp_rmse"], analytic.columns["risk_index_ebp_rmse"]
    )
    html_a = render_report(tmp_path / "model.json", analytic, lang="en")
    html_b = render_report(tmp_path / "model.json", boot, lang="en")
    for html in (html_a, html_b):
        assert "does not use the survey weights or the sample design" in html
    assert "analytic approximation" in html_a and "parametric bootstrap" not in html_a
    assert "parametric bootstrap&#x27;s (6 replicates" in html_b
    assert "analytic approximation" not in html_b
    # the RMSE column shows the bootstrap's where there is one
    i = int(np.nanargmax(boot.columns["risk_index_ebp_rmse_bootstrap"]))
    shown = _fmt_pct(boot.columns["risk_index_ebp_rmse_bootstrap"][i])
    assert shown != _fmt_pct(analytic.columns["risk_index_ebp_rmse"][i])
    cells = f'{_fmt_pct(boot.columns["risk_index_ebp"][i])}</td><td class="n">{shown}</td>'
    assert cells in html_b and cells not in html_a
    html_es = render_report(tmp_path / "model.json", boot, lang="es")
    assert "survey weights" not in html_es


def test_the_score_command_runs_the_small_area_bootstrap_when_asked(tmp_path, capsys):
    from alliance87.riskmodel.cli import main

    model = tmp_path / "model.json"
    assert main(["fit", str(DATA / "apiclus2.csv"), "--outcome", "y", "--predictors",
                 "ell,meals,mobility,stype", "--categorical", "stype",
                 "--out", str(model)]) == 0  # fmt: skip
    out, summary = tmp_path / "t.csv", tmp_path / "s.json"
    assert main(["score", str(model), str(DATA / "apipop.csv"), "--territory", "dnum",
                 "--stability-draws", "0", "--small-area", str(DATA / "apiclus2.csv"),
                 "--small-area-bootstrap", "3", "--summary", str(summary),
                 "--out", str(out)]) == 0  # fmt: skip
    assert "parametric bootstrap MSE from 3 replicates (seed 87)" in capsys.readouterr().out
    header = [h.strip('"') for h in out.read_text(encoding="utf-8").splitlines()[0].split(",")]
    assert "risk_index_ebp_rmse_bootstrap" in header
    small = json.loads(summary.read_text())["small_area"]
    assert small["mse"] == "bootstrap" and small["bootstrap_replicates"] == 3
    assert small["survey_weights"] == "not used"
