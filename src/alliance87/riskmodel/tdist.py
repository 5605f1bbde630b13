"""Student's t distribution: the upper tail and the quantile, for p-values and intervals.

Written here rather than imported from SciPy because importing ``scipy.stats`` (or even
``scipy.special``, with its array-API layer) costs 0.4-1 s of every ``alliance87 risk fit``
process, more than the fit of a 200,000-record survey (docs/benchmarks.md). The upper
tail is the regularised incomplete beta function, P(T > t) = I_x(df/2, 1/2) / 2 with
x = df / (df + t²), evaluated by its continued fraction (modified Lentz, as Numerical
Recipes §6.4 and Cephes' ``incbet``); the quantile inverts it by Newton's method from a
bracketing bisection. tests/riskmodel/test_tdist.py checks both against ``scipy.stats.t``
to 1e-12 relative for degrees of freedom from 1 to 10^4 (a survey's PSUs minus strata), and
to 1e-10 at 10^6.
"""

from __future__ import annotations

import math

import numpy as np

_EPS = 1e-16
_TINY = 1e-300


def _betacf(a: float, b: float, x: float) -> float:
    """The continued fraction of the incomplete beta function (modified Lentz)."""
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > _TINY else _TINY)
    h = d
    for m in range(1, 10_000):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > _TINY else _TINY)
        c = 1.0 + aa / c
        c = c if abs(c) > _TINY else _TINY
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > _TINY else _TINY)
        c = 1.0 + aa / c
        c = c if abs(c) > _TINY else _TINY
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < _EPS:
            break
    return h


def _stirling_correction(z: float) -> float:
    """log Gamma(z) - ((z - 1/2) log z - z + log(2 pi) / 2), for z >= 20 (error < 1e-15)."""
    z2 = z * z
    return (1 / 12 - (1 / 360 - (1 / 1260 - 1 / (1680 * z2)) / z2) / z2) / z


def _lbeta(a: float, b: float) -> float:
    """log B(a, b), without the cancellation of three large lgamma values when a is large
    and b small (a t distribution's df/2 and 1/2)."""
    if a < b:
        a, b = b, a
    if a < 20 or b >= 20:
        return math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)
    # log Gamma(a) - log Gamma(a + b) by Stirling, with the large terms cancelled exactly:
    # (a - 1/2) log a - (a + b - 1/2) log(a + b) + b
    #   = -(a - 1/2) log1p(b / a) - b log(a + b) + b
    diff = (
        -(a - 0.5) * math.log1p(b / a)
        - b * math.log(a + b)
        + b
        + _stirling_correction(a)
        - _stirling_correction(a + b)
    )
    return math.lgamma(b) + diff


def betainc(a: float, b: float, x: float, xc: float | None = None) -> float:
    """The regularised incomplete beta function I_x(a, b); ``xc`` = 1 - x, when the caller
    knows it more precisely than 1 - x."""
    xc = 1.0 - x if xc is None else xc
    if x <= 0.0:
        return 0.0
    if xc <= 0.0:
        return 1.0
    log_x = math.log1p(-xc) if xc < 0.5 else math.log(x)
    log_xc = math.log1p(-x) if x < 0.5 else math.log(xc)
    log_front = a * log_x + b * log_xc - _lbeta(a, b)
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(log_front) * _betacf(a, b, x) / a
    return 1.0 - math.exp(log_front) * _betacf(b, a, xc) / b


def _sf(t: float, df: float) -> float:
    if math.isnan(t) or math.isnan(df):
        return math.nan
    if math.isinf(t):
        return 0.0 if t > 0 else 1.0
    t2 = t * t
    # P(|T| > |t|) = I_x(df/2, 1/2) with x = df / (df + t^2), 1 - x = t^2 / (df + t^2)
    both = betainc(0.5 * df, 0.5, df / (df + t2), t2 / (df + t2))
    tail = 0.5 * both
    return tail if t >= 0 else 1.0 - tail


def t_sf(t, df: float):
    """P(T > t) for Student's t with ``df`` degrees of freedom (``scipy.stats.t.sf``)."""
    values = np.asarray(t, dtype=float)
    out = np.array([_sf(float(v), float(df)) for v in values.ravel()]).reshape(values.shape)
    return out if values.ndim else float(out)


def t_ppf(q: float, df: float) -> float:
    """The quantile of Student's t with ``df`` degrees of freedom (``scipy.stats.t.ppf``)."""
    if not 0.0 < q < 1.0:
        return -math.inf if q == 0.0 else math.inf if q == 1.0 else math.nan
    if q < 0.5:
        return -_isf(q, df)
    return _isf(1.0 - q, df)


def _isf(target: float, df: float) -> float:
    """The t >= 0 whose upper tail is ``target`` (at most 1/2)."""
    lo, hi = 0.0, 1.0
    while _sf(hi, df) > target:
        lo, hi = hi, 2.0 * hi
    t = 0.5 * (lo + hi)
    for _ in range(200):
        f = _sf(t, df) - target
        if f > 0:
            lo = t
        else:
            hi = t
        density = math.exp(
            math.lgamma(0.5 * (df + 1))
            - math.lgamma(0.5 * df)
            - 0.5 * math.log(df * math.pi)
            - 0.5 * (df + 1) * math.log1p(t * t / df)
        )
        step = f / density if density > 0 else 0.0
        new = t + step
        if not lo < new < hi:
            new = 0.5 * (lo + hi)
        if abs(new - t) <= 1e-15 * max(1.0, abs(t)):
            return new
        t = new
    return t


def f_sf(f: float, df1: float, df2: float) -> float:
    """P(F > f) for Fisher's F with ``df1`` and ``df2`` degrees of freedom
    (``scipy.stats.f.sf``): I_x(df2/2, df1/2) with x = df2 / (df2 + df1 f)."""
    if math.isnan(f) or df1 <= 0 or df2 <= 0:
        return math.nan
    if f <= 0:
        return 1.0
    if math.isinf(f):
        return 0.0
    d = df2 + df1 * f
    return betainc(0.5 * df2, 0.5 * df1, df2 / d, df1 * f / d)


def chi2_sf(x: float, df: float) -> float:
    """P(X > x) for the chi-square with ``df`` degrees of freedom (``scipy.stats.chi2.sf``):
    the regularised upper incomplete gamma Q(df/2, x/2), by its series below a + 1 and its
    continued fraction above (Numerical Recipes §6.2)."""
    if math.isnan(x) or df <= 0:
        return math.nan
    if x <= 0:
        return 1.0
    if math.isinf(x):
        return 0.0
    a, z = 0.5 * df, 0.5 * x
    log_front = -z + a * math.log(z) - math.lgamma(a)
    if z < a + 1.0:
        term = total = 1.0 / a
        ap = a
        for _ in range(100_000):
            ap += 1.0
            term *= z / ap
            total += term
            if abs(term) < abs(total) * _EPS:
                break
        return max(0.0, 1.0 - total * math.exp(log_front))
    b = z + 1.0 - a
    c = 1.0 / _TINY
    d = 1.0 / b
    h = d
    for i in range(1, 100_000):
        an = -i * (i - a)
        b += 2.0
        d = an * d + b
        d = d if abs(d) > _TINY else _TINY
        c = b + an / c
        c = c if abs(c) > _TINY else _TINY
        d = 1.0 / d
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < _EPS:
            break
    return math.exp(log_front) * h
