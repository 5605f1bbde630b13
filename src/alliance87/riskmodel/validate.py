"""Validation where the census measures child labour directly (as Brazil's does from age 10).

The model's predicted territorial incidence (the risk index of a territories file) is
compared with the incidence observed in the census, territory by territory: rank
correlation (Spearman), linear correlation (Pearson), mean absolute error, and agreement of
the risk levels. Following the account of the Brazilian validation (seed 004: "if the model
classified the risk levels the way the census classified the incidence of child labour"),
the observed incidences are grouped into levels by the same method as the predicted ones,
independently, and the two groupings are cross-tabulated: confusion matrix, % of territories
classified alike, and Cohen's kappa with linear and with quadratic weights (the levels are
ordered). MIRTI-NOTES §7 [I]: the metrics of the original exercise are not known.

Compare like with like: score the census with the same ``--where`` (e.g. ``age >= 10``) as
the observed population here.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from scipy import stats

from .classify import LEVELS, classify
from .errors import RiskModelError
from .model import clean_json
from .scoring import Territories
from .scoring.engine_duckdb import open_source
from .scoring.sql import quote_identifier, text_sql


def observed_incidence(
    data: str | Path,
    *,
    territory: str,
    outcome: str,
    weight: str | None = None,
    where: str | None = None,
) -> dict[str, tuple[float, float]]:
    """Per territory: (weighted number of children with the outcome measured, incidence).

    Records whose outcome is missing (e.g. children under 10 in Brazil's census) are left
    out. The outcome must be 0/1.
    """
    import duckdb

    if not Path(data).exists():
        raise RiskModelError(f"data file not found: {data}")
    con = duckdb.connect()
    try:
        view, types, _ds = open_source(data, where=where, con=con)
        _ds.show_labels(())  # codes: a 0/1 outcome labelled No/Yes, territory codes
        types = dict(_ds.dtypes)
        for col in (territory, outcome, weight):
            if col and col not in types:
                raise RiskModelError(f"{data} lacks the column '{col}'", column=col)
        q = quote_identifier
        y = f"CAST({q(outcome)} AS DOUBLE)"
        w = f"CAST({q(weight)} AS DOUBLE)" if weight else "1.0"
        bad = con.execute(
            f"SELECT {q(outcome)} FROM {view} WHERE {q(outcome)} IS NOT NULL "  # noqa: S608
            f"AND {y} NOT IN (0, 1) LIMIT 1"
        ).fetchall()
        if bad:
            raise RiskModelError(
                f"the outcome '{outcome}' must be 0 or 1; found {bad[0][0]!r}", column=outcome
            )
        if weight:
            nbad = con.execute(
                f"SELECT count(*) FROM {view} WHERE {w} IS NULL "  # noqa: S608
                f"OR {w} <= 0"
            ).fetchone()[0]
            if nbad:
                raise RiskModelError(
                    f"the weight column '{weight}' has {nbad} missing, zero or negative values",
                    column=weight,
                )
        rows = con.execute(
            f"SELECT {text_sql(territory, types[territory])}, SUM({w}), SUM({w} * {y}) "  # noqa: S608
            f"FROM {view} WHERE {q(outcome)} IS NOT NULL AND {q(territory)} IS NOT NULL "
            "GROUP BY 1"
        ).fetchall()
    except RiskModelError:
        raise
    except Exception as exc:
        raise RiskModelError(f"cannot read {data}: {str(exc).splitlines()[0]}") from None
    finally:
        con.close()
    return {str(code): (float(n), float(s) / float(n)) for code, n, s in rows if n}


def weighted_kappa(
    a: list[str], b: list[str], *, weights: str = "linear", categories: tuple[str, ...] = LEVELS
) -> float:
    """Cohen's kappa of two ordered classifications with ``linear`` or ``quadratic`` weights.

    Disagreement weight between categories i and j: |i - j| / (k - 1) (linear) or
    ((i - j) / (k - 1))² (quadratic); ``none`` gives the unweighted kappa.
    """
    k = len(categories)
    pos = {c: i for i, c in enumerate(categories)}
    m = np.zeros((k, k))
    for x, y in zip(a, b, strict=True):
        m[pos[x], pos[y]] += 1
    n = m.sum()
    if n == 0:
        return float("nan")
    i, j = np.indices((k, k))
    if weights == "linear":
        d = np.abs(i - j) / (k - 1)
    elif weights == "quadratic":
        d = ((i - j) / (k - 1)) ** 2
    else:
        d = (i != j).astype(float)
    expected = np.outer(m.sum(axis=1), m.sum(axis=0)) / n
    denom = (d * expected).sum()
    if denom == 0:
        return 1.0
    return float(1 - (d * m).sum() / denom)


def validate(
    table: Territories,
    observed: dict[str, tuple[float, float]],
    *,
    method: str = "kmeans",
    thresholds: list[float] | None = None,
) -> dict:
    """Compare predicted (``table.risk_index``) and observed territorial incidence."""
    codes = table.columns["territory"]
    pred_all = dict(zip(codes, np.asarray(table.columns["risk_index"], float), strict=True))
    common = [c for c in codes if c in observed]
    if len(common) < 3:
        raise RiskModelError(
            f"only {len(common)} territories are both in the territories file "
            "and in the data: check --territory and the codes"
        )
    pred = np.array([pred_all[c] for c in common])
    obs = np.array([observed[c][1] for c in common])
    n_obs = np.array([observed[c][0] for c in common])
    pl = classify(pred, method=method, thresholds=thresholds).levels
    ol = classify(obs, method=method, thresholds=thresholds).levels
    matrix = [
        [sum(1 for x, y in zip(pl, ol, strict=True) if x == p and y == o) for o in LEVELS]
        for p in LEVELS
    ]
    agree = sum(matrix[i][i] for i in range(3))
    total_obs = float(n_obs.sum())
    return clean_json(
        {
            "territories": len(common),
            "territories_only_predicted": [c for c in codes if c not in observed],
            "territories_only_observed": sorted(c for c in observed if c not in pred_all),
            "children_observed": total_obs,
            "national_observed": float((obs * n_obs).sum() / total_obs),
            "national_predicted": float((pred * n_obs).sum() / total_obs),
            "spearman": float(stats.spearmanr(pred, obs).statistic),
            "pearson": float(stats.pearsonr(pred, obs).statistic),
            "mean_absolute_error": float(np.mean(np.abs(pred - obs))),
            "root_mean_squared_error": float(np.sqrt(np.mean((pred - obs) ** 2))),
            "mean_error": float(np.mean(pred - obs)),
            "levels": {
                "method": method,
                "confusion_matrix": {
                    "rows": "predicted",
                    "columns": "observed",
                    "labels": list(LEVELS),
                    "counts": matrix,
                },
                "percent_correctly_classified": 100.0 * agree / len(common),
                "kappa_linear": weighted_kappa(pl, ol, weights="linear"),
                "kappa_quadratic": weighted_kappa(pl, ol, weights="quadratic"),
                "kappa_unweighted": weighted_kappa(pl, ol, weights="none"),
            },
            "by_territory": [
                {
                    "territory": c,
                    "predicted": float(p),
                    "observed": float(o),
                    "children_observed": float(n),
                    "predicted_level": a,
                    "observed_level": b,
                }
                for c, p, o, n, a, b in zip(common, pred, obs, n_obs, pl, ol, strict=True)
            ],
        }
    )


def validate_file(
    territories: str | Path,
    data: str | Path,
    *,
    territory: str,
    outcome: str,
    weight: str | None = None,
    where: str | None = None,
    method: str = "kmeans",
    thresholds: list[float] | None = None,
) -> dict:
    """Read a territories file and census microdata, and return :func:`validate`'s summary."""
    table = Territories.read(territories)
    observed = observed_incidence(
        data, territory=territory, outcome=outcome, weight=weight, where=where
    )
    return validate(table, observed, method=method, thresholds=thresholds)


__all__ = ["observed_incidence", "validate", "validate_file", "weighted_kappa"]


def format_validation(res: dict) -> str:
    """A short plain-text summary of a validation."""
    lv = res["levels"]
    m = lv["confusion_matrix"]["counts"]
    lines = [
        f"territories compared: {res['territories']}",
        f"national incidence: observed {100 * res['national_observed']:.2f}%, predicted "
        f"{100 * res['national_predicted']:.2f}%",
        f"Spearman {res['spearman']:.3f}; Pearson {res['pearson']:.3f}; mean absolute error "
        f"{100 * res['mean_absolute_error']:.2f} percentage points",
        f"risk levels: {lv['percent_correctly_classified']:.1f}% classified alike; weighted "
        f"kappa linear {lv['kappa_linear']:.3f}, quadratic {lv['kappa_quadratic']:.3f}",
        "confusion (rows predicted, columns observed: low, medium, high):",
    ]
    lines += [
        f"  {name:<6} " + " ".join(f"{v:5d}" for v in row)
        for name, row in zip(("low", "medium", "high"), m, strict=True)
    ]
    return "\n".join(lines)
