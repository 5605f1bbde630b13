"""Student's t distribution without SciPy at import time, checked against scipy.stats.t."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from alliance87.riskmodel.tdist import t_ppf, t_sf

DFS = [1, 2, 3, 5, 10, 29, 30, 100, 1_899, 10_000, 1_000_000]


def _rtol(df: int) -> float:
    # at 10^6 degrees of freedom the continued fraction's terms are large and nearly cancel:
    # about 1e-11 is left (a survey's PSUs minus strata are far fewer)
    return 1e-10 if df >= 1_000_000 else 1e-12


@pytest.mark.parametrize("df", DFS)
def test_the_upper_tail_matches_scipy(df):
    # (not t = 1e-8: there SciPy 1.17's t.sf is off by 3e-9 at df = 1, against the exact
    # Cauchy tail 1/2 - atan(t)/pi; see the next test)
    t = np.array([-40, -5.0, -1.96, -0.3, 0.0, 0.01, 0.7, 1.0, 2.5, 4.0, 8.0, 15.0, 38.0])
    ours, theirs = t_sf(t, df), stats.t.sf(t, df)
    ok = theirs > 1e-290
    np.testing.assert_allclose(ours[ok], theirs[ok], rtol=_rtol(df), atol=0)


def test_the_upper_tail_matches_the_closed_forms_at_one_and_two_degrees_of_freedom():
    t = np.array([1e-8, 1e-3, 0.5, 3.0, 100.0])
    np.testing.assert_allclose(t_sf(t, 1), 0.5 - np.arctan(t) / np.pi, rtol=1e-13)
    np.testing.assert_allclose(t_sf(t, 2), 0.5 - t / (2 * np.sqrt(2 + t * t)), rtol=1e-12)


@pytest.mark.parametrize("df", DFS)
def test_the_quantile_matches_scipy(df):
    for q in (0.5, 0.6, 0.8, 0.9, 0.95, 0.975, 0.995, 0.9995, 0.025, 1e-6):
        assert t_ppf(q, df) == pytest.approx(stats.t.ppf(q, df), rel=_rtol(df), abs=1e-14)


def test_a_fit_imports_neither_scipy_stats_nor_scipy_special():
    import subprocess
    import sys

    code = (
        "import sys; import alliance87.riskmodel.cli, alliance87.riskmodel.fit; "
        "print(sorted(m for m in sys.modules if m.startswith(('scipy.stats', 'scipy.special'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("df", [1, 2, 3, 5, 10, 30, 200])
def test_the_chi_square_and_f_tails_match_scipy(df):
    from scipy import stats

    from alliance87.riskmodel.tdist import chi2_sf, f_sf

    for x in (1e-3, 0.5, 1.0, 3.0, 10.0, 40.0, 150.0):
        np.testing.assert_allclose(chi2_sf(x, df), stats.chi2.sf(x, df), rtol=1e-10, atol=1e-300)
        for ddf in (1, 8, 34, 1000):
            np.testing.assert_allclose(
                f_sf(x, df, ddf), stats.f.sf(x, df, ddf), rtol=1e-10, atol=1e-300
            )
