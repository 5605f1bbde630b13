"""Shared fixtures of the risk-model tests: reference values from R and small survey files.

``assert_like_r`` is the one assertion helper every comparison with R ``survey`` goes
through. Each quantity has its own tolerance and the reason for it (STYLE.md, habit 10).
The R values were computed by ``src/alliance87/riskmodel/reference/svyglm_reference.R``
(committed with its inputs and the R and survey versions); the tests never need R.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

REFERENCE_DIR = (
    Path(__file__).resolve().parents[2] / "src" / "alliance87" / "riskmodel" / "reference"
)


@pytest.fixture(autouse=True)
def _english_unless_asked(monkeypatch):
    """The command line follows LANG; tests run in English unless they set a language."""
    for name in ("ALLIANCE87_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)


#: quantity -> (relative tolerance, absolute tolerance, why)
TOLERANCES: dict[str, tuple[float, float, str]] = {
    "estimate": (
        1e-6,
        0.0,
        "the issue's target. R stops IRLS when the deviance changes by less than "
        "1e-8 (relative); we iterate to 1e-10, so the estimates differ by ~1e-8.",
    ),
    "std_error": (
        1e-4,
        0.0,
        "the issue's target. The sandwich depends on the fitted probabilities, so "
        "R's looser convergence shows at ~2e-5.",
    ),
    "ci": (
        1e-4,
        1e-8,
        "estimate +/- t quantile x standard error: inherits the standard error's 1e-4.",
    ),
    "p_value": (
        2e-3,
        1e-15,
        "a tail probability magnifies the relative error of t by about t^2 "
        "(t up to 12 here): 1e-5 in the standard error becomes ~1e-3.",
    ),
    "deviance": (1e-8, 0.0, "a sum of fitted log-likelihood terms: near machine precision."),
    "dispersion": (1e-6, 0.0, "survey variance of Pearson residuals; depends on mu only."),
    "degrees_of_freedom": (0.0, 0.0, "counts of PSUs and strata: must be equal."),
}


def _check(name: str, ours, theirs, case: str) -> None:
    rtol, atol, why = TOLERANCES[name]
    ours = np.asarray(ours, dtype=float)
    theirs = np.asarray(theirs, dtype=float)
    assert ours.shape == theirs.shape, f"{case}: {name} has shape {ours.shape}, R {theirs.shape}"
    ok = np.abs(ours - theirs) <= atol + rtol * np.abs(theirs)
    assert ok.all(), (
        f"{case}: {name} differs from R beyond rtol={rtol}, atol={atol} "
        f"({why})\nours: {ours}\nR:    {theirs}"
    )


@pytest.fixture(scope="session")
def svyglm_reference() -> dict:
    """The committed R ``survey`` results (svyglm_reference.json)."""
    return json.loads((REFERENCE_DIR / "svyglm_reference.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def reference_dir() -> Path:
    """The folder with the R script, its inputs and its results."""
    return REFERENCE_DIR


@pytest.fixture(scope="session")
def assert_like_r() -> Callable:
    """``assert_like_r(model, r_case, case_name)``: compare a FittedModel with one R case."""

    def compare(model, r: dict, case: str) -> None:
        assert model.terms == r["terms"], f"{case}: terms {model.terms} vs R {r['terms']}"
        coefs = model.coefficients
        _check("estimate", [c.estimate for c in coefs], r["estimate"], case)
        _check("std_error", [c.std_error for c in coefs], r["std_error"], case)
        _check("ci", [c.ci_low for c in coefs], r["ci_low_t"], case)
        _check("ci", [c.ci_high for c in coefs], r["ci_high_t"], case)
        _check("p_value", [c.p_value for c in coefs], r["p_value"], case)
        _check("degrees_of_freedom", model.design["degrees_of_freedom"], r["degf"], case)
        _check(
            "degrees_of_freedom",
            model.design["residual_degrees_of_freedom"],
            r["df_residual"],
            case,
        )
        _check("deviance", model.fit["deviance"], r["deviance"], case)
        _check("deviance", model.fit["null_deviance"], r["null_deviance"], case)
        _check("dispersion", model.fit["dispersion"], r["dispersion"], case)
        assert model.design["records"] == r["records"], case

    return compare


def _rows_to_csv(path: Path, header: list[str], rows: list[list]) -> Path:
    lines = [",".join(header)] + [",".join("" if v is None else str(v) for v in r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def write_csv(tmp_path: Path) -> Callable[..., Path]:
    """``write_csv(header, rows, name="survey.csv")`` writes a small CSV and returns its path."""

    def write(header: list[str], rows: list[list], name: str = "survey.csv") -> Path:
        return _rows_to_csv(tmp_path / name, header, rows)

    return write


@pytest.fixture(scope="session")
def small_survey() -> dict[str, np.ndarray]:
    """A small clustered survey (600 children, 4 strata x 5 PSUs) as NumPy columns."""
    rng = np.random.default_rng(87)
    n = 600
    psu = np.repeat(np.arange(20), 30)
    stratum = psu // 5
    age = rng.integers(5, 18, n).astype(float)
    male = rng.integers(0, 2, n).astype(float)
    educ = rng.choice(np.array(["none", "primary", "secondary"], dtype=object), n)
    eta = -3 + 0.15 * age + 0.4 * male - 0.5 * (educ == "secondary") + rng.normal(0, 0.4, 20)[psu]
    y = (rng.random(n) < 1 / (1 + np.exp(-eta))).astype(float)
    weight = rng.uniform(10, 50, 20)[psu]
    return {
        "y": y,
        "age": age,
        "male": male,
        "educ": educ,
        "weight": weight,
        "stratum": np.array([f"S{s}" for s in stratum], dtype=object),
        "psu": (psu + 1).astype(float),
    }


@pytest.fixture
def small_survey_csv(tmp_path: Path, small_survey) -> Path:
    """``small_survey`` written to a CSV file."""
    cols = list(small_survey)
    rows = [[_fmt(small_survey[c][i]) for c in cols] for i in range(len(small_survey["y"]))]
    return _rows_to_csv(tmp_path / "small.csv", cols, rows)


def _fmt(v) -> str:
    if isinstance(v, float | np.floating) and float(v).is_integer():
        return str(int(v))
    return str(v)
