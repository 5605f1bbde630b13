"""The estimator's numerics: iteratively reweighted least squares and the weighted AUC.

:func:`irls` solves the weighted logistic score equations sum_i w_i (y_i - mu_i) x_i = 0
(see :mod:`.fit`), in blocks of :data:`BLOCK_ROWS` records so that no n x p temporary is
made, starting from a fit on a subsample above :data:`WARM_START_RECORDS` records.
"""

from __future__ import annotations

import numpy as np

from .fit_checks import CollinearityError


def expit(eta: np.ndarray) -> np.ndarray:
    """The logistic function 1 / (1 + exp(-eta)), through tanh so that it never overflows."""
    return 0.5 * (1.0 + np.tanh(0.5 * eta))


def unit_deviance(y: np.ndarray, mu: np.ndarray) -> np.ndarray:
    """Each record's binomial deviance for a 0/1 outcome ``y`` and probability ``mu``."""
    mu = np.clip(mu, 1e-300, 1 - 1e-16)
    return -2.0 * np.where(y == 1, np.log(mu), np.log1p(-mu))


def inverse(a: np.ndarray, names: list[str]) -> np.ndarray:
    """The inverse of a symmetric positive definite matrix (Cholesky); CollinearityError
    naming the terms ``names`` if it is singular."""
    # NumPy's LAPACK, not scipy.linalg: importing scipy.linalg costs a quarter of a second of
    # every fit (docs/benchmarks.md), for the same Cholesky factorisation
    try:
        return _cho_solve(np.linalg.cholesky(a), np.eye(a.shape[0]))
    except np.linalg.LinAlgError:
        raise CollinearityError(
            "the weighted information matrix is singular: predictors "
            f"among {', '.join(names)} are collinear"
        ) from None


#: Above this many records, IRLS starts from a fit on a random subsample (see irls).
WARM_START_RECORDS = 50_000


def irls(
    X: np.ndarray,
    y: np.ndarray,
    w: np.ndarray,
    *,
    max_iter: int,
    tol: float,
    warm_start: bool = True,
    start: np.ndarray | None = None,
):
    """IRLS for the weighted logistic likelihood.

    Started as R's ``glm`` (binomial ``mustart``), stopped by R's rule (relative change of
    the deviance below ``tol``). On large samples it first iterates on a
    random subsample of about 10% (at least 20,000 records) and starts the full-data
    iterations from that estimate: the solution is the same (the score equations of the full
    sample decide where IRLS stops), it only takes fewer passes over the data. The reported
    iteration count is that of the full-data passes. ``start`` starts from given
    coefficients (a replicate's fit starts from the full sample's, as R's ``svyglm``).
    """
    n = X.shape[0]
    wn = w / w.mean()
    beta0 = start
    if beta0 is None and warm_start and n > WARM_START_RECORDS:
        rng = np.random.default_rng(0)
        idx = np.sort(rng.choice(n, max(20_000, n // 10), replace=False))
        if 0 < y[idx].sum() < len(idx):
            b, _, _, ok, _ = irls(X[idx], y[idx], w[idx], max_iter=25, tol=1e-8, warm_start=False)
            if ok and np.all(np.isfinite(b)) and np.max(np.abs(b)) < 30:
                beta0 = b
    buf = np.empty((min(BLOCK_ROWS, n), X.shape[1]), order="F")  # as X: columns contiguous
    if beta0 is None:  # R's start: one IRLS step from mustart
        mu = (wn * y + 0.5) / (wn + 1.0)
        eta = np.log(mu / (1 - mu))
        dev_old: float | None = float(np.sum(wn * unit_deviance(y, mu)))
        ww = wn * mu * (1 - mu)
        z = eta + (y - mu) / (mu * (1 - mu))
        xs = X * np.sqrt(ww)[:, None]
        beta = _solve(xs.T @ xs, X.T @ (ww * z))
        del xs
        it = 1
    else:
        beta, dev_old, it = beta0, None, 0
    converged = False
    while True:
        dev, g, info, mu = _pass(X, y, wn, beta, buf)
        if dev_old is not None and abs(dev - dev_old) / (abs(dev) + 0.1) < tol:
            converged = True
            break
        if it >= max_iter or not np.isfinite(dev):
            break
        beta = beta + _solve(info, g)  # the IRLS update, written as a Newton step
        it += 1
        dev_old = dev
    # the information matrix at the estimate, rescaled from mean-1 weights to w
    return beta, mu, it, converged, info * w.mean()


#: Rows per block in a pass over the data (a block of the design matrix stays in cache).
BLOCK_ROWS = 4096


def _pass(X: np.ndarray, y: np.ndarray, wn: np.ndarray, beta: np.ndarray, buf: np.ndarray):
    """One pass over the data at ``beta``: deviance, score, information matrix, fitted mu.

    Everything is accumulated block by block, so the design matrix is read from memory once
    per iteration instead of four or five times.
    """
    n, p = X.shape
    info = np.zeros((p, p))
    score = np.zeros(p)
    dev = 0.0
    mu = np.empty(n)
    for s in range(0, n, BLOCK_ROWS):
        e = min(s + BLOCK_ROWS, n)
        xb, wb, yb = X[s:e], wn[s:e], y[s:e]
        m = expit(xb @ beta)
        mu[s:e] = m
        dev += float(wb @ unit_deviance(yb, m))
        score += xb.T @ (wb * (yb - m))
        bb = buf[: e - s]
        np.multiply(xb, np.sqrt(wb * m * (1 - m))[:, None], out=bb)
        info += bb.T @ bb
    return dev, score, info, mu


def _cho_solve(lower: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Solve (L L') x = b given the Cholesky factor L."""
    return np.linalg.solve(lower.T, np.linalg.solve(lower, b))


def _solve(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    try:
        x = _cho_solve(np.linalg.cholesky(a), b)
        if np.all(np.isfinite(x)):
            return x
    except (np.linalg.LinAlgError, ValueError):
        pass
    return np.linalg.lstsq(a, b, rcond=None)[0]


def weighted_auc(score: np.ndarray, y: np.ndarray, w: np.ndarray) -> float:
    """Weighted area under the ROC curve (Mann-Whitney with weights; ties count one half).

    The probability that a randomly drawn (by weight) record with y = 1 scores higher than
    one with y = 0.
    """
    uniq, inv = np.unique(score, return_inverse=True)
    pos = np.bincount(inv, weights=w * (y == 1), minlength=len(uniq))
    neg = np.bincount(inv, weights=w * (y == 0), minlength=len(uniq))
    below = np.cumsum(neg) - neg
    total = pos.sum() * neg.sum()
    if total == 0:
        return float("nan")
    return float(np.sum(pos * (below + 0.5 * neg)) / total)
