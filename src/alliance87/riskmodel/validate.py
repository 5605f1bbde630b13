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
the observed population here. The summary states the population on both sides
(:func:`population`): the filter of each, the records whose outcome the census lacks, and
with ``age`` the ages each side covers; ``population.same`` says whether they are the same
population (``None`` when the territories file does not record its filter, as a CSV).
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
        # codes: a 0/1 outcome labelled No/Yes; the territory as score reads it
        _ds.show_labels(_ds.code_labelled([territory]))
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


def _norm(where: str | None) -> str:
    return " ".join((where or "").split()).lower()


def population(
    data: str | Path,
    *,
    territory: str,
    outcome: str,
    where: str | None,
    scored_where: str | None,
    scored_known: bool,
    age: str | None = None,
) -> dict:
    """The populations compared: the observed side (``where``, records with the outcome
    missing, ages with the outcome measured) and the predicted side (the filter the
    territories were scored with and, with ``age``, the ages it selects in ``data``)."""
    import duckdb

    def ages_and_counts(filter_: str | None, measured: bool):
        con = duckdb.connect()
        try:
            view, _types, ds = open_source(data, where=filter_, con=con)
            ds.show_labels(ds.code_labelled([territory]))
            q = quote_identifier
            cond = f"{q(territory)} IS NOT NULL"
            ages = f", MIN({q(age)}), MAX({q(age)})" if age else ""
            miss = f", COUNT(*) FILTER (WHERE {q(outcome)} IS NULL)" if measured else ", 0"
            agecond = f" AND {q(outcome)} IS NOT NULL" if measured else ""
            row = con.execute(
                f"SELECT COUNT(*){miss} FROM {view} WHERE {cond}"  # noqa: S608
            ).fetchone()
            span = (
                con.execute(
                    f"SELECT 0{ages} FROM {view} WHERE {cond}{agecond}"  # noqa: S608
                ).fetchone()
                if age
                else None
            )
        except RiskModelError:
            raise
        except Exception as exc:
            raise RiskModelError(f"cannot read {data}: {str(exc).splitlines()[0]}") from None
        finally:
            con.close()
        rng = [span[1], span[2]] if span and span[1] is not None else None
        return int(row[0]), int(row[1]), rng

    records, missing, ages = ages_and_counts(where, True)
    observed = {"where": where or None, "records": records, "outcome_missing": missing}
    predicted: dict = {"where": scored_where if scored_known else None, "known": scored_known}
    if age:
        observed["ages"] = ages
        predicted["ages"] = ages_and_counts(scored_where, False)[2] if scored_known else None
    if not scored_known:
        same, note = (
            None,
            (
                "the territories file does not record the filter it was scored with (a CSV "
                "file); pass the score's --where as --scored-where to check that both sides "
                "concern the same population"
            ),
        )
    elif _norm(scored_where) != _norm(where):
        same, note = (
            False,
            (
                f"the territories were scored with the filter {scored_where or '(none)'!r} "
                f"and the observed incidence uses {where or '(none)'!r}: not the same population"
            ),
        )
    elif missing:
        same, note = (
            False,
            (
                f"{missing} records selected lack the outcome '{outcome}': the observed incidence "
                "leaves them out and the predicted one includes them; filter them out on both sides"
            ),
        )
    elif age and predicted["ages"] != observed["ages"]:
        same, note = False, "the two sides cover different ages"
    else:
        same, note = True, ""
    return {"observed": observed, "predicted": predicted, "same": same, "note": note}


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
    age: str | None = None,
    scored_where: str | None = None,
) -> dict:
    """Read a territories file and census microdata, and return :func:`validate`'s summary
    with the populations compared (:func:`population`); ``scored_where`` gives the filter
    the territories were scored with when the file does not record it (a CSV)."""
    table = Territories.read(territories)
    observed = observed_incidence(
        data, territory=territory, outcome=outcome, weight=weight, where=where
    )
    res = validate(table, observed, method=method, thresholds=thresholds)
    known = table.where_known or scored_where is not None
    scored = table.where if table.where_known else scored_where
    res["population"] = clean_json(
        population(
            data,
            territory=territory,
            outcome=outcome,
            where=where,
            scored_where=scored,
            scored_known=known,
            age=age,
        )
    )
    return res


__all__ = ["observed_incidence", "population", "validate", "validate_file", "weighted_kappa"]


def format_validation(res: dict) -> str:
    """A short plain-text summary of a validation."""
    lv = res["levels"]
    m = lv["confusion_matrix"]["counts"]
    lines = [
        f"territories compared: {res['territories']}",
        *_population_lines(res.get("population")),
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


def _population_lines(pop: dict | None) -> list[str]:
    if not pop:
        return []

    def side(d: dict) -> str:
        text = f"filter {d['where']!r}" if d.get("where") else "no filter"
        if d.get("ages"):
            text += f", ages {d['ages'][0]:g}-{d['ages'][1]:g}"
        return text

    pred = side(pop["predicted"]) if pop["predicted"].get("known") else "filter not recorded"
    lines = [f"population: observed {side(pop['observed'])}; predicted {pred}"]
    if pop.get("note"):
        lines.append(f"warning: {pop['note']}")
    return lines
