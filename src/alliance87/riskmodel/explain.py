"""Why a territory's risk differs from the national level: the contribution of each factor.

Three views, computed from territorial sums of the scoring pass:

0. **Decomposition of the risk gap** (what the report and ``top_factors`` use). The
   territory's risk index minus the national one, ``gap_risk = r_j - r``, the very gap the
   report states, splits exactly into one part per determinant, ``risk_gap_<determinant>``.
   Each record's probability is linearised by its secant slope against a reference point
   ``x_ref`` (the survey means in ``MODEL.json``): ``p_i - p_ref = s_i sum_k beta_k (x_ik -
   x_ref,k)`` holds exactly with ``s_i = (p_i - p_ref) / (eta_i - eta_ref)``, so
   ``r_j - r = sum_d (S_dj - S_d)`` with ``S_dj`` the territory's weighted mean of
   ``s_i sum_{k in d} beta_k (x_ik - x_ref,k)`` over the terms k of determinant d (column
   ``secant_<determinant>``) and ``S_d`` its national mean. The
   parts add up to the reported gap, so their sum always has the sign of the territory's
   position against the national rate; the log-odds at the means (view 1) does not: on the
   synthetic country its sign contradicts that position in 3-4 % of territories.
1. **Gap decomposition at the means on the log-odds scale** (kept for comparison). The log-odds at the territory's
   means minus the log-odds at the national means splits exactly into one part per design
   column: ``gap_j = sum_k beta_k * (xbar_kj - xbar_k,national)``. A categorical determinant's
   part is the sum over its levels. A positive part pushes the territory's risk above the
   national level. This is the linearised "gap relative to the national average" of
   MIRTI-NOTES §5, candidate (2), on the log-odds scale where it adds up exactly [I].
2. **Risk and protective shares** (MIRTI-NOTES §5, candidate (1), pending verification
   against the 2022 manual [I]): ``w_kj = beta_k * xbar_kj / sum_{m in S} beta_m * xbar_mj``
   with ``S`` the terms of the same sign, so the risk factors' shares sum to 100 % and the
   protective factors' shares sum to 100 %.

``top_factors`` lists, per territory, the terms with the largest positive parts of the gap,
so a phrase like "Lower share of children attending school than the national average" can
be written for each (see :mod:`.labels`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .scoring import ScoringModel, Territories


@dataclass(frozen=True)
class Factor:
    """One factor that raises a territory's risk above the national level."""

    term: str  # the design column, e.g. "attends_school" or "head_educ[none]"
    determinant: str  # the source column
    contribution: float  # its part of the gap in log-odds (> 0)
    direction: str  # "higher" or "lower": the territory's mean against the national one


def determinants(model: ScoringModel) -> list[str]:
    """The model's determinants that have at least one term, in model order."""
    seen: list[str] = []
    for t in model.terms:
        if t.determinant not in seen:
            seen.append(t.determinant)
    return seen


def explain(table: Territories, model: ScoringModel, *, top: int = 3) -> Territories:
    """Add the explanation columns to ``table`` (in place) and return it.

    Columns added: ``gap_risk`` (risk index minus the national one) and
    ``risk_gap_<determinant>`` (each determinant's part; they sum to ``gap_risk``) when the
    table has the ``secant_<determinant>`` sums of the scoring pass;
    ``gap_logit`` (territory minus national log-odds at the means),
    ``gap_<determinant>`` (each determinant's part; they sum to ``gap_logit``),
    ``risk_share_<determinant>`` and ``protective_share_<determinant>`` (candidate (1), in %),
    and ``top_factors`` (up to ``top`` terms, ``;``-separated, largest part first, each as
    ``term:higher`` or ``term:lower``), ranked by ``risk_gap_<determinant>`` when present,
    else by ``gap_<determinant>``).
    """
    national = table.national
    n = len(table)
    beta = {t.name: t.estimate for t in model.terms}
    xbar = {t.name: np.asarray(table.columns[f"mean_{t.name}"], dtype=float) for t in model.terms}
    part = {t.name: beta[t.name] * (xbar[t.name] - national[f"mean_{t.name}"]) for t in model.terms}
    dets = determinants(model)
    gap = np.zeros(n)
    by_det: dict[str, np.ndarray] = {d: np.zeros(n) for d in dets}
    for t in model.terms:
        by_det[t.determinant] += part[t.name]
        gap += part[t.name]
    table.columns["gap_logit"] = gap
    for d in dets:
        table.columns[f"gap_{d}"] = by_det[d]
    ranking = part
    if all(f"secant_{d}" in table.columns for d in dets):
        w = np.asarray(table.columns["children"], dtype=float)
        table.columns["gap_risk"] = np.asarray(table.columns["risk_index"], dtype=float) - float(
            national["risk_index"]
        )
        ranking = {t.name: np.zeros(n) for t in model.terms}
        for d in dets:
            sj = np.asarray(table.columns[f"secant_{d}"], dtype=float)
            table.columns[f"risk_gap_{d}"] = sj - float(np.sum(w * sj) / w.sum())
            first = next(t.name for t in model.terms if t.determinant == d)
            ranking[first] = table.columns[f"risk_gap_{d}"]

    lin = {t.name: beta[t.name] * xbar[t.name] for t in model.terms}
    pos = sum((np.maximum(v, 0) for v in lin.values()), np.zeros(n))
    neg = sum((np.minimum(v, 0) for v in lin.values()), np.zeros(n))
    for d in dets:
        r = sum(
            (np.maximum(lin[t.name], 0) for t in model.terms if t.determinant == d), np.zeros(n)
        )
        p = sum(
            (np.minimum(lin[t.name], 0) for t in model.terms if t.determinant == d), np.zeros(n)
        )
        with np.errstate(invalid="ignore", divide="ignore"):
            table.columns[f"risk_share_{d}"] = np.where(pos > 0, 100 * r / pos, 0.0)
            table.columns[f"protective_share_{d}"] = np.where(neg < 0, 100 * p / neg, 0.0)

    tops: list[str] = []
    for j in range(n):
        tops.append(
            ";".join(
                f"{f.term}:{f.direction}"
                for f in top_factors_of(j, model, ranking, xbar, national, top)
            )
        )
    table.columns["top_factors"] = tops
    return table


def level_parts(
    j: int, model: ScoringModel, xbar: dict[str, np.ndarray], national: dict[str, float]
) -> list[tuple[str, str, float, float]]:
    """Each design column's part of territory ``j``'s gap, for describing it in words.

    Returns ``(term, determinant, part, territory mean - national mean)``. For a categorical
    determinant every level, the reference level included, gets the centred part
    ``(beta_l - beta_bar) (s_lj - s_l)`` with ``beta_bar`` the national mean coefficient
    (0 for the reference). They add up to the same total as ``beta_l (s_lj - s_l)`` (the
    shares' differences sum to zero), but the reference level gets its due: a territory with
    more heads without schooling is told so, rather than "fewer with secondary education".
    """
    out: list[tuple[str, str, float, float]] = []
    for t in model.terms:
        if t.level is None:
            diff = float(xbar[t.name][j] - national[f"mean_{t.name}"])
            out.append((t.name, t.determinant, t.estimate * diff, diff))
    for col in model.categorical:
        terms = [t for t in model.terms if t.determinant == col]
        if not terms:
            continue
        levels = model.levels.get(col, [])
        ref = levels[0] if levels else "reference"
        share_j = {t.level: float(xbar[t.name][j]) for t in terms}
        share_n = {t.level: national[f"mean_{t.name}"] for t in terms}
        share_j[ref] = 1.0 - sum(share_j.values())
        share_n[ref] = 1.0 - sum(share_n.values())
        beta = {t.level: t.estimate for t in terms}
        beta[ref] = 0.0
        beta_bar = sum(beta[lv] * share_n[lv] for lv in beta)
        for lv in beta:
            diff = share_j[lv] - share_n[lv]
            out.append((f"{col}[{lv}]", col, (beta[lv] - beta_bar) * diff, diff))
    return out


def top_factors_of(
    j: int,
    model: ScoringModel,
    part: dict[str, np.ndarray],
    xbar: dict[str, np.ndarray],
    national: dict[str, float],
    top: int,
) -> list[Factor]:
    """The determinants pushing territory ``j`` up, each told by its strongest level or value.

    Determinants are ranked by their part of the gap (``gap_<determinant>``); only those
    with a positive part are listed.
    """
    totals: dict[str, float] = {}
    for t in model.terms:
        totals[t.determinant] = totals.get(t.determinant, 0.0) + float(part[t.name][j])
    best: dict[str, tuple[str, float, float]] = {}
    for term, det, c, diff in level_parts(j, model, xbar, national):
        if totals.get(det, 0.0) <= 0 or c <= 0:
            continue
        if det not in best or c > best[det][1]:
            best[det] = (term, c, diff)
    ranked = sorted(best, key=lambda d: -totals[d])
    return [
        Factor(best[d][0], d, totals[d], "higher" if best[d][2] > 0 else "lower")
        for d in ranked[:top]
    ]


def parse_top_factors(text: str) -> list[tuple[str, str]]:
    """``"poor:higher;attends_school:lower"`` -> ``[("poor", "higher"), ...]``."""
    out = []
    for item in (text or "").split(";"):
        if ":" in item:
            term, direction = item.rsplit(":", 1)
            out.append((term, direction))
    return out
