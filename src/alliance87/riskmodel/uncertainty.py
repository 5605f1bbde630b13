"""The sampling uncertainty of each territory's risk: standard errors, intervals, and how
stable the classification into levels is (docs/riskmodel.md, "Uncertainty").

A territory's risk index is r = sum_i w_i p_i / sum_i w_i over its census records, with
p_i = expit(x_i' b). Its only sampling uncertainty is that of the coefficients b, whose
design-based covariance V is kept in MODEL.json. By the delta method,
Var(r) = g' V g with g = dr/db = sum_i w_i p_i (1 - p_i) x_i / sum_i w_i (scoring sums it
in the same pass as the probabilities), which is what R's ``predict(fit, newdata,
type = "response", vcov = TRUE)`` gives for the mean of the territory's predictions. The
expected count is the number of children times r, so its standard error is that number
times r's. Intervals are computed on the log-odds scale, logit(r) +/- t se / (r (1 - r)),
and transformed back (they stay within 0 and 1), with Student's t on the model's residual
degrees of freedom as for the coefficients.

Stability (:func:`level_stability`): coefficient vectors are drawn from N(b, V) (a fixed
seed, so the result is reproducible); each draw moves every territory's log-odds risk by
g'(b* - b) / (r (1 - r)) (the same linearisation, so territories move together as the
coefficients they share do), and the territories are classified again by the same method,
thresholds re-estimated. A territory's *level probability* is the share of draws that keep
it at its level; the summary counts the territories that change level per draw.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .tdist import t_ppf

#: Columns :func:`add_uncertainty` adds to the territories table.
UNCERTAINTY_COLUMNS = (
    "risk_index_se",
    "risk_index_ci_low",
    "risk_index_ci_high",
    "expected_se",
    "expected_ci_low",
    "expected_ci_high",
)


def _logit(p: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore"):
        return np.log(p) - np.log1p(-p)


def _expit(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * x))


def covariance(raw: dict[str, Any], terms: Sequence[str]) -> np.ndarray:
    """The covariance matrix of MODEL.json (content ``raw``) in the order of ``terms``."""
    v = np.array(raw["covariance"]["matrix"], dtype=float)
    order = [list(raw["covariance"]["terms"]).index(t) for t in terms]
    return v[np.ix_(order, order)]


def add_uncertainty(
    columns: dict[str, Any],
    gradient: np.ndarray,
    raw: dict[str, Any],
    terms: Sequence[str],
    level: float = 0.95,
) -> None:
    """Add :data:`UNCERTAINTY_COLUMNS` to a territories table's ``columns`` given each
    territory's gradient of the risk index (territories x ``terms``) and the MODEL.json
    content ``raw`` (its covariance and residual degrees of freedom)."""
    v = covariance(raw, terms)
    r = np.asarray(columns["risk_index"], dtype=float)
    children = np.asarray(columns["children"], dtype=float)
    se = np.sqrt(np.maximum(np.einsum("ij,jk,ik->i", gradient, v, gradient), 0.0))
    df = (raw.get("design") or {}).get("residual_degrees_of_freedom")
    q = t_ppf(0.5 + level / 2, float(df)) if df and df > 0 else float("nan")
    with np.errstate(divide="ignore", invalid="ignore"):
        half = q * se / (r * (1 - r))
        low, high = _expit(_logit(r) - half), _expit(_logit(r) + half)
    columns["risk_index_se"] = se
    columns["risk_index_ci_low"] = low
    columns["risk_index_ci_high"] = high
    columns["expected_se"] = children * se
    columns["expected_ci_low"] = children * low
    columns["expected_ci_high"] = children * high


def level_stability(
    risk: Sequence[float],
    gradient: np.ndarray,
    cov: np.ndarray,
    classify: Callable[[np.ndarray], list[str]],
    *,
    draws: int = 200,
    seed: int = 87,
) -> tuple[np.ndarray, dict[str, Any]]:
    """Each territory's probability of keeping its level, and a summary of how many
    territories change level (see the module); ``classify`` maps risk indices to levels."""
    r = np.asarray(risk, dtype=float)
    base = np.asarray(classify(r), dtype=object)
    vals, vecs = np.linalg.eigh((cov + cov.T) / 2)
    root = vecs * np.sqrt(np.clip(vals, 0.0, None))
    rng = np.random.default_rng(seed)
    delta = rng.standard_normal((draws, len(vals))) @ root.T
    with np.errstate(divide="ignore", invalid="ignore"):
        moved = _expit(_logit(r)[None, :] + (delta @ gradient.T) / (r * (1 - r))[None, :])
    moved = np.where(np.isfinite(moved), moved, r[None, :])
    same = np.zeros(len(r))
    changes = np.empty(draws, dtype=np.int64)
    for d in range(draws):
        kept = np.asarray(classify(moved[d]), dtype=object) == base
        same += kept
        changes[d] = int((~kept).sum())
    prob = same / draws
    summary = {
        "draws": draws,
        "seed": seed,
        "territories": len(r),
        "changing_level": {
            "mean": float(changes.mean()),
            "median": float(np.median(changes)),
            "p05": float(np.quantile(changes, 0.05)),
            "p95": float(np.quantile(changes, 0.95)),
            "max": int(changes.max()),
        },
        "level_probability_below_0.8": int((prob < 0.8).sum()),
    }
    return prob, summary
