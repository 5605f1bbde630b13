"""The stratification methods of official practice: Jenks natural breaks on a known
example, Dalenius-Hodges worked by hand, and the option through the pipeline and the CLI."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from alliance87.riskmodel.classify import classify, dalenius_hodges_breaks, optimal_breaks


def _sse(groups):
    return sum(float(np.sum((g - g.mean()) ** 2)) for g in groups)


def test_jenks_natural_breaks_on_the_jenkspy_example():
    # jenkspy's README: jenks_breaks(data, n_classes=3) == [1.2, 2.3, 5.0, 7.8], i.e. the
    # classes 1.2-2.3, 3.9-5.0 and 7.1-7.8; our thresholds are the smallest value of the
    # class above
    data = [1.3, 7.1, 7.3, 2.3, 3.9, 4.1, 7.8, 1.2, 4.3, 7.3, 5.0, 4.3]
    assert optimal_breaks(data, 3) == [3.9, 7.1]
    assert classify(data, method="jenks").levels == [
        "low", "high", "high", "low", "medium", "medium", "high", "low", "medium", "high",
        "medium", "medium",
    ]  # fmt: skip


def test_jenks_is_the_best_of_every_contiguous_grouping():
    rng = np.random.default_rng(5)
    x = np.sort(rng.gamma(2.0, 1.0, 14))
    best = min(
        itertools.combinations(range(1, len(x)), 2),
        key=lambda c: _sse([x[: c[0]], x[c[0] : c[1]], x[c[1] :]]),
    )
    assert optimal_breaks(x, 3) == [x[best[0]], x[best[1]]]


def test_dalenius_hodges_worked_by_hand():
    # 15 values on 0..10 in 5 intervals of width 2: [0,2) [2,4) [4,6) [6,8) [8,10]
    # frequencies 7, 3, 2, 1, 2; cumulated square roots 2.646, 4.378, 5.792, 6.792, 8.206;
    # a third of the total is 2.735 (nearest: 2.646, the end of [0,2), boundary 2) and two
    # thirds 5.471 (nearest: 5.792, the end of [4,6), boundary 6)
    x = [0, 0, 0, 0, 1, 1, 1, 2, 2, 3, 4, 5, 6, 8, 10]
    assert dalenius_hodges_breaks(x, 3, classes=5) == [2.0, 6.0]
    levels = classify(x, method="dalenius-hodges").levels
    assert len(levels) == 15 and levels[0] == "low" and levels[-1] == "high"


def test_dalenius_hodges_uses_ten_intervals_per_level_by_default():
    x = np.arange(100.0)
    # uniform values: equal frequencies, so the boundaries split the range in thirds
    assert dalenius_hodges_breaks(x, 3) == [33.0, 66.0]


def test_one_outlying_territory_moves_few_others_under_quantiles_and_dalenius_hodges():
    rng = np.random.default_rng(87)
    risk = rng.gamma(4.0, 0.02, 500)
    with_outlier = np.append(risk, risk.max() * 3)
    moved = {}
    for method in ("kmeans", "dalenius-hodges", "quantiles"):
        before = np.array(classify(risk, method=method).levels)
        after = np.array(classify(with_outlier, method=method).levels)[:-1]
        moved[method] = int((before != after).sum())
    assert moved["quantiles"] <= 2
    assert moved["dalenius-hodges"] < moved["kmeans"]


@pytest.mark.parametrize("method", ["kmeans", "jenks", "dalenius-hodges", "quantiles"])
def test_every_method_gives_three_contiguous_levels(method):
    rng = np.random.default_rng(1)
    x = rng.normal(size=200)
    levels = np.array(classify(x, method=method).levels)
    order = np.argsort(x)
    rank = {"low": 0, "medium": 1, "high": 2}
    assert np.all(np.diff([rank[v] for v in levels[order]]) >= 0)
    assert set(levels) == {"low", "medium", "high"}


def _plain_dp(x, k=3):
    """The textbook O(k n^2) dynamic programme, for comparison."""
    u, w = np.unique(np.asarray(x, dtype=float), return_counts=True)
    n = len(u)
    cw, cx, cxx = (np.r_[0.0, np.cumsum(a)] for a in (w, w * u, w * u * u))

    def sse(i, j):
        return (cxx[j] - cxx[i]) - (cx[j] - cx[i]) ** 2 / (cw[j] - cw[i])

    cost = {(0, j): sse(0, j) for j in range(1, n + 1)}
    back = {}
    for c in range(1, k):
        for j in range(c + 1, n + 1):
            options = [(cost[(c - 1, i)] + sse(i, j), i) for i in range(c, j)]
            cost[(c, j)], back[(c, j)] = min(options)
    cuts, j = [], n
    for c in range(k - 1, 0, -1):
        j = back[(c, j)]
        cuts.append(float(u[j]))
    return sorted(cuts)


def _cost(x, cuts):
    xs = np.asarray(x, dtype=float)
    cls = np.searchsorted(np.asarray(cuts), xs, side="right")
    return _sse([xs[cls == c] for c in range(3) if (cls == c).any()])


def test_the_fast_grouping_is_the_textbook_dynamic_programme_ties_included():
    rng = np.random.default_rng(11)
    for trial in range(150):
        n = int(rng.integers(4, 40))
        x = rng.integers(0, 12, n) if trial % 2 else rng.gamma(2.0, 1.0, n)
        if len(np.unique(x)) < 3:
            continue
        expected = _plain_dp(x)
        got = optimal_breaks(x)

        # equal costs may be split differently: compare the within-class sums of squares
        assert _cost(x, got) == pytest.approx(_cost(x, expected), rel=1e-12, abs=1e-12)


@pytest.mark.parametrize("method", ["kmeans", "dalenius-hodges", "quantiles", "fixed"])
def test_level_codes_are_the_levels_of_classify(method):
    from alliance87.riskmodel.classify import level_codes

    x = np.random.default_rng(2).gamma(3.0, 0.03, 300)
    thresholds = [0.05, 0.12] if method == "fixed" else None
    levels = classify(x, method=method, thresholds=thresholds).levels
    codes = level_codes(x, method=method, thresholds=thresholds)
    assert [["low", "medium", "high"][c] for c in codes] == levels
