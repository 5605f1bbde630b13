"""Why a territory's risk differs from the national level: the contribution of each factor.

Two views, both computed from the territorial means of the model's design columns:

1. **Gap decomposition** (the default shown to users). The log-odds at the territory's
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
be written for each (see :mod:`.i18n`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .score import ScoringModel, Territories


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

    Columns added: ``gap_logit`` (territory minus national log-odds at the means),
    ``gap_<determinant>`` (each determinant's part; they sum to ``gap_logit``),
    ``risk_share_<determinant>`` and ``protective_share_<determinant>`` (candidate (1), in %),
    and ``top_factors`` (up to ``top`` terms, ``;``-separated, largest part first, each as
    ``term:higher`` or ``term:lower``).
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
                for f in top_factors_of(j, model, part, xbar, national, top)
            )
        )
    table.columns["top_factors"] = tops
    return table


def top_factors_of(
    j: int,
    model: ScoringModel,
    part: dict[str, np.ndarray],
    xbar: dict[str, np.ndarray],
    national: dict[str, float],
    top: int,
) -> list[Factor]:
    """The determinants pushing territory ``j`` up, each told by its strongest term."""
    best: dict[str, Factor] = {}
    totals: dict[str, float] = {}
    for t in model.terms:
        totals[t.determinant] = totals.get(t.determinant, 0.0) + float(part[t.name][j])
    for t in model.terms:
        c = float(part[t.name][j])
        if c <= 0 or totals[t.determinant] <= 0:
            continue
        if t.determinant not in best or c > best[t.determinant].contribution:
            direction = "higher" if xbar[t.name][j] > national[f"mean_{t.name}"] else "lower"
            best[t.determinant] = Factor(t.name, t.determinant, c, direction)
    ranked = sorted(best.values(), key=lambda f: -totals[f.determinant])
    return [Factor(f.term, f.determinant, totals[f.determinant], f.direction) for f in ranked[:top]]


def parse_top_factors(text: str) -> list[tuple[str, str]]:
    """``"poor:higher;attends_school:lower"`` -> ``[("poor", "higher"), ...]``."""
    out = []
    for item in (text or "").split(";"):
        if ":" in item:
            term, direction = item.rsplit(":", 1)
            out.append((term, direction))
    return out
