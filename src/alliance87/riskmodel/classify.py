"""Risk levels: low (bajo), medium (medio), high (alto).

Every published MIRTI and IVTI output groups territories into three levels whose ranges are
contiguous intervals of the score, with unequal numbers of territories per level (so not
terciles), and Chile's IVTI levels are described as coming from "a statistical grouping"
(MIRTI-NOTES §4, marks [C] and [P]). The default here is therefore the optimal grouping of the
scores into three contiguous classes that minimises the within-class sum of squares: exact 1-D
k-means, computed by dynamic programming (Wang and Song 2011, *Ckmeans.1d.dp*). In one
dimension this is also what Jenks' natural breaks optimises (goodness of variance fit), so
``kmeans`` and ``jenks`` name the same method. It is deterministic: no random starts.

Other methods: ``dalenius-hodges`` (the cumulative square root of the frequency rule,
Mexico's CONAPO practice), ``quantiles`` (equal-count groups, e.g. terciles) and ``fixed``
thresholds given by the user; docs/riskmodel.md 4.3 compares them and says why the default
stays. The scope is national (one grouping for all territories) or per region
(one grouping inside each region, as Guatemala's fichas seem to have been run, [I]).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from .errors import RiskModelError

LEVELS = ("low", "medium", "high")
METHODS = ("kmeans", "jenks", "dalenius-hodges", "quantiles", "fixed")


@dataclass(frozen=True)
class Band:
    """One risk level inside one scope: its data range, threshold and share of territories."""

    level: str
    lower: float  # smallest score in the level
    upper: float  # largest score in the level
    threshold: float  # a territory is at this level or above from this score
    territories: int
    share: float  # share of the scope's territories in this level


@dataclass(frozen=True)
class Classification:
    """Levels of every territory and, per scope, the bands that define them."""

    method: str
    levels: list[str]  # one per territory, in input order
    bands: dict[str, list[Band]] = field(default_factory=dict)  # scope -> bands

    def to_json(self) -> dict:
        """A JSON-ready summary (thresholds and shares per scope)."""
        return {
            "method": self.method,
            "scopes": {scope: [b.__dict__ for b in bands] for scope, bands in self.bands.items()},
        }


def optimal_breaks(values: Sequence[float], k: int = 3) -> list[float]:
    """Thresholds of the optimal grouping of ``values`` into ``k`` contiguous classes.

    Returns ``k - 1`` thresholds ``t``: class ``i`` holds the values ``t[i-1] <= x < t[i]``.
    Each threshold is the smallest value of the class above it. Equal values always fall in
    the same class; with fewer distinct values than ``k``, fewer classes are formed.
    """
    x = np.asarray(values, dtype=float)
    if x.size == 0:
        return []
    if not np.isfinite(x).all():
        raise RiskModelError("the scores to classify contain missing or infinite values")
    u, w = np.unique(x, return_counts=True)
    n = len(u)
    k = min(k, n)
    if k <= 1:
        return []
    w = w.astype(float)
    cw = np.r_[0.0, np.cumsum(w)]
    cx = np.r_[0.0, np.cumsum(w * u)]
    cxx = np.r_[0.0, np.cumsum(w * u * u)]

    def sse(i: np.ndarray | int, j: int) -> np.ndarray:
        """Within-class sum of squares of distinct values i..j-1 (vector over i)."""
        sw = cw[j] - cw[i]
        sx = cx[j] - cx[i]
        return (cxx[j] - cxx[i]) - sx * sx / sw

    # cost[c][j]: best cost of putting the first j distinct values into c + 1 classes
    cost = np.full((k, n + 1), np.inf)
    back = np.zeros((k, n + 1), dtype=int)
    for j in range(1, n + 1):
        cost[0, j] = sse(0, j)
    for c in range(1, k):
        # the last class is i..j-1. The best i does not decrease with j (Wang and Song
        # 2011), so the ends j are solved by divide and conquer, each searching only
        # between its neighbours' best starts; the top class only needs j = n
        if c == k - 1:
            i = np.arange(c, n)
            total = cost[c - 1, i] + sse(i, n)
            best = int(np.argmin(total))
            cost[c, n], back[c, n] = total[best], i[best]
            continue
        if n <= 250:  # all (i, j) at once: faster than the search below for few territories
            i = np.arange(c, n)[:, None]
            j = np.arange(c + 1, n + 1)[None, :]
            with np.errstate(divide="ignore", invalid="ignore"):
                total = np.where(i < j, cost[c - 1, i] + sse(i, j), np.inf)
            best = np.argmin(total, axis=0)  # the first best start, as the loop below
            cost[c, c + 1 :] = total[best, np.arange(total.shape[1])]
            back[c, c + 1 :] = i[best, 0]
            continue
        stack = [(c + 1, n, c, n - 1)]
        while stack:
            lo, hi, ilo, ihi = stack.pop()
            if lo > hi:
                continue
            j = (lo + hi) // 2
            i = np.arange(max(c, ilo), min(j - 1, ihi) + 1)
            total = cost[c - 1, i] + sse(i, j)
            best = int(np.argmin(total))
            cost[c, j], back[c, j] = total[best], i[best]
            stack.append((lo, j - 1, ilo, int(i[best])))
            stack.append((j + 1, hi, int(i[best]), ihi))
    cuts = []
    j = n
    for c in range(k - 1, 0, -1):
        i = back[c, j]
        cuts.append(float(u[i]))
        j = i
    return sorted(cuts)


def dalenius_hodges_breaks(
    values: Sequence[float], k: int = 3, classes: int | None = None
) -> list[float]:
    """Thresholds of Dalenius and Hodges' cumulative square root of the frequency rule
    (Dalenius and Hodges 1959; the rule Mexico's CONAPO uses for its marginalisation
    index's levels).

    The range of the values is cut into ``classes`` intervals of equal width (default
    min(10 k, number of distinct values), as R's ``stratification::strata.cumrootf``);
    the square roots of the intervals' frequencies are cumulated, and the boundary between
    levels i and i + 1 is the upper end of the interval whose cumulated total is nearest to
    i / k of the whole. Each threshold is the smallest value at or above its boundary (as in
    :func:`optimal_breaks`); a boundary that leaves a level empty is dropped.
    """
    x = np.asarray(values, dtype=float)
    if x.size == 0:
        return []
    if not np.isfinite(x).all():
        raise RiskModelError("the scores to classify contain missing or infinite values")
    distinct = np.unique(x)
    j = min(10 * k, len(distinct)) if classes is None else int(classes)
    if j < 2 or len(distinct) < 2:
        return []
    lo, hi = float(distinct[0]), float(distinct[-1])
    edges = lo + (hi - lo) * np.arange(1, j) / j  # the inner edges of the intervals
    counts = np.bincount(np.searchsorted(edges, x, side="right"), minlength=j)
    cum = np.cumsum(np.sqrt(counts))
    cuts: list[float] = []
    for i in range(1, k):
        b = int(np.argmin(np.abs(cum[:-1] - i * cum[-1] / k)))  # interval b's upper end
        above = x[x >= edges[b]]  # interval b + 1 starts at edges[b]
        if above.size and (not cuts or above.min() > cuts[-1]):
            cuts.append(float(above.min()))
    return cuts


def quantile_breaks(values: Sequence[float], k: int = 3) -> list[float]:
    """Thresholds at the 1/k, 2/k... quantiles (terciles for k = 3)."""
    x = np.asarray(values, dtype=float)
    qs = np.quantile(x, [i / k for i in range(1, k)], method="inverted_cdf")
    # a threshold is the smallest value of the class above: the next value above the quantile
    out = []
    for q in qs:
        above = x[x > q]
        out.append(float(above.min()) if above.size else float("inf"))
    return out


def level_codes(
    scores: Sequence[float], *, method: str = "kmeans", thresholds: Sequence[float] | None = None
) -> np.ndarray:
    """The national levels of :func:`classify` as codes 0, 1, 2 (low to high), without
    building its bands: for reclassifying many times (uncertainty.level_stability)."""
    x = np.asarray(scores, dtype=float)
    if method == "fixed":
        cuts = [float(t) for t in thresholds or ()]
    elif method == "quantiles":
        cuts = quantile_breaks(x)
    elif method == "dalenius-hodges":
        cuts = dalenius_hodges_breaks(x)
    else:
        cuts = optimal_breaks(x)
    return np.searchsorted(np.asarray(cuts), x, side="right")


def classify(
    scores: Sequence[float],
    *,
    method: str = "kmeans",
    thresholds: Sequence[float] | None = None,
    regions: Sequence[str] | None = None,
) -> Classification:
    """Assign each score a level: ``low``, ``medium`` or ``high``.

    ``method``: ``kmeans`` (= ``jenks``, the default), ``quantiles`` or ``fixed`` (then
    ``thresholds`` gives two increasing cut-points: a score at or above the first is
    medium, at or above the second high). ``regions``: one label per score to classify each
    region separately; ``None`` for one national grouping.
    """
    if method not in METHODS:
        raise RiskModelError(
            f"unknown classification method {method!r}; use one of {', '.join(METHODS)}"
        )
    x = np.asarray(scores, dtype=float)
    if method == "fixed" and (
        thresholds is None or len(thresholds) != 2 or not thresholds[0] < thresholds[1]
    ):
        raise RiskModelError(
            "fixed classification needs two increasing thresholds, e.g. --thresholds 0.05,0.10"
        )
    scope_of = ["national"] * len(x) if regions is None else [str(r) for r in regions]
    levels = [""] * len(x)
    bands: dict[str, list[Band]] = {}
    for scope in sorted(set(scope_of)):
        idx = np.array([i for i, s in enumerate(scope_of) if s == scope])
        xs = x[idx]
        if method == "fixed":
            cuts = [float(t) for t in thresholds]  # type: ignore[union-attr]
        elif method == "quantiles":
            cuts = quantile_breaks(xs)
        elif method == "dalenius-hodges":
            cuts = dalenius_hodges_breaks(xs)
        else:
            cuts = optimal_breaks(xs)
        # fewer than three groups only when there are fewer than three distinct scores
        names = {0: ("medium",), 1: ("low", "high")}.get(len(cuts), LEVELS)
        cls = np.searchsorted(np.asarray(cuts), xs, side="right")
        scope_bands = []
        for c, name in enumerate(names):
            members = xs[cls == c]
            for i in idx[cls == c]:
                levels[i] = name
            scope_bands.append(
                Band(
                    level=name,
                    lower=float(members.min()) if members.size else float("nan"),
                    upper=float(members.max()) if members.size else float("nan"),
                    threshold=float(cuts[c - 1]) if c > 0 else float(xs.min()),
                    territories=int(members.size),
                    share=float(members.size / xs.size),
                )
            )
        bands[scope] = scope_bands
    return Classification(
        method="kmeans" if method == "jenks" else method, levels=levels, bands=bands
    )
