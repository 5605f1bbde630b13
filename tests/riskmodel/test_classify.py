"""Risk levels: three contiguous groups found by exact 1-D k-means (MIRTI-NOTES §4)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alliance87.riskmodel.classify import classify, optimal_breaks
from alliance87.riskmodel.errors import RiskModelError


def brute_force_breaks(x: np.ndarray) -> list[float]:
    xs = np.sort(x)
    best = None
    for i, j in itertools.combinations(range(1, len(xs)), 2):
        cost = sum(((g - g.mean()) ** 2).sum() for g in (xs[:i], xs[i:j], xs[j:]))
        if best is None or cost < best[0] - 1e-12:
            best = (cost, [float(xs[i]), float(xs[j])])
    return best[1]


def test_the_default_grouping_is_the_optimal_three_class_split_of_the_scores():
    rng = np.random.default_rng(3)
    for _ in range(5):
        x = rng.gamma(2.0, 0.05, 40)
        assert optimal_breaks(x) == pytest.approx(brute_force_breaks(x))


def test_levels_are_contiguous_ranges_with_unequal_sizes_as_the_published_fichas():
    # Guatemala, San Marcos: 7 low, 16 medium, 7 high — not terciles
    x = np.r_[np.linspace(13.3, 15.1, 7), np.linspace(17.8, 20.0, 16), np.linspace(23, 26.9, 7)]
    result = classify(x)
    bands = result.bands["national"]
    assert [b.territories for b in bands] == [7, 16, 7]
    assert bands[0].upper < bands[1].lower <= bands[1].upper < bands[2].lower
    assert sum(b.share for b in bands) == pytest.approx(1.0)
    assert result.levels[0] == "low" and result.levels[-1] == "high"


def test_equal_scores_always_get_the_same_level():
    x = [0.1, 0.1, 0.1, 0.2, 0.2, 0.5, 0.5, 0.5, 0.9]
    levels = classify(x).levels
    for a, b in itertools.combinations(range(len(x)), 2):
        if x[a] == x[b]:
            assert levels[a] == levels[b]


def test_quantile_method_gives_terciles():
    levels = classify(np.arange(30.0), method="quantiles").levels
    assert [levels.count(v) for v in ("low", "medium", "high")] == [10, 10, 10]


def test_fixed_thresholds_put_a_score_equal_to_a_threshold_in_the_level_above():
    levels = classify([0.01, 0.05, 0.07, 0.10, 0.2], method="fixed", thresholds=[0.05, 0.10])
    assert levels.levels == ["low", "medium", "medium", "high", "high"]


def test_it_refuses_fixed_classification_without_two_increasing_thresholds():
    with pytest.raises(RiskModelError, match="two increasing thresholds"):
        classify([1, 2, 3], method="fixed", thresholds=[0.2, 0.1])


def test_regional_scope_groups_each_region_on_its_own():
    x = [1, 2, 3, 10, 20, 30]
    result = classify(x, regions=["A", "A", "A", "B", "B", "B"])
    assert set(result.bands) == {"A", "B"}
    assert result.levels == ["low", "medium", "high"] * 2


def test_fewer_than_three_distinct_scores_make_fewer_levels():
    assert set(classify([0.3, 0.3, 0.3]).levels) == {"medium"}
    assert classify([0.1, 0.1, 0.4]).levels == ["low", "low", "high"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0, 1, allow_nan=False, width=32), min_size=3, max_size=12))
def test_no_other_split_into_three_contiguous_groups_has_a_smaller_within_sum_of_squares(xs):
    x = np.array(xs, dtype=float)
    cuts = optimal_breaks(x)
    if len(np.unique(x)) < 3:
        assert len(cuts) == len(np.unique(x)) - 1
        return
    cls = np.searchsorted(cuts, x, side="right")
    mine = sum(((x[cls == c] - x[cls == c].mean()) ** 2).sum() for c in range(3))
    s = np.sort(x)
    best = min(
        sum(((g - g.mean()) ** 2).sum() for g in (s[:i], s[i:j], s[j:]))
        for i, j in itertools.combinations(range(1, len(s)), 2)
    )
    assert mine <= best + 1e-12
