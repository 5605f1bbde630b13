"""Small areas: a logistic model with a random intercept per territory and the empirical
best predictor (EBP) of each territory's risk (docs/riskmodel-estimation.md, "Small areas").

Where the determinants do not explain all the territorial variation, the unit-level model

    logit P(y_ij = 1) = x_ij' b + u_j,   u_j ~ N(0, s^2)  (territory j)

borrows strength from a territory's own survey records: its risk is predicted from the
census's x and from u_j's conditional distribution given the territory's survey outcomes
(ECLAC's small-area training; R's ``sae``/``emdi`` for the linear case; Jiang and Lahiri
2001 for the logistic one). It is a model-based estimator: the survey weights are not used
(as those packages' unit-level models).

Fit (:func:`fit_random_intercept`): maximum likelihood with the Laplace approximation of
the integral over each u_j, as R's ``lme4::glmer(y ~ x + (1 | territory), family =
binomial)`` (its default, nAGQ = 1): for each territory the mode m_j of u_j (Newton's
method) and H_j = sum p(1 - p) + 1/s^2 give

    l(b, s) = sum_ij log f(y_ij | x_ij' b + m_j) - sum_j m_j^2 / (2 s^2) - J log s - 1/2 sum_j log H_j,

maximised by BFGS with its exact gradient (the modes' dependence on b and s included).
Standard errors of b come from the inverse of the numerical Hessian of l in (b, log s),
as lme4's default ``vcov``.

EBP (:meth:`RandomInterceptFit.ebp`): for a census record in territory j, the expected
probability over u_j ~ N(m_j, 1/H_j) (the Laplace approximation of its conditional
distribution, lme4's ``condVar``), or over N(0, s^2) for a territory without survey
records, by Gauss-Hermite quadrature (40 nodes); a territory's EBP is the (weighted) mean
over its census records. The plug-in prediction expit(x' b + m_j) is given beside it.

MSE of the EBP (the analytic approximation, not a bootstrap): g1 + g2, where g1 is the
conditional variance of the territory's risk index r_j(u) = mean_i expit(x_i' b + u)
given its survey records, over the same u ~ N(m_j, 1/H_j) (the EBP's error when b and s
are known), and g2 the delta method for the estimated b: G' V G with V the covariance of
b and G the gradient of the EBP with respect to b, the dependence on b of the mode
(dm_j/db = -sum_i p(1 - p) x_i / H_j) and of 1/H_j included. The uncertainty of s and the bias
correction of Prasad and Rao's g3 are left out: for territories with few survey records
the MSE is somewhat understated.

Parametric bootstrap MSE (:func:`bootstrap_mse`, on request: ``small_area_file(...,
bootstrap=B, seed=...)``), as González-Manteiga, Lombardía, Molina, Morales and
Santamaría (2007) for unit-level models and R's ``emdi::ebp(MSE = TRUE, B = ...)``: B
times, draw u*_j ~ N(0, s^2), the bootstrap's true risk index r_j(u*_j) of each census
territory and survey outcomes y* from the fitted model on the survey's own records; refit
(L-BFGS-B from the fitted b and s, one start), recompute each EBP and average
(EBP*_j - r_j(u*_j))^2. It carries what g1 + g2 leaves out (s's uncertainty, the
estimators' bias), costs one fit and one EBP pass over the census per replicate, and,
drawn from the fitted s, it inherits that s's error: where s is badly estimated (few
territories) it too understates, less than g1 + g2 (tests/riskmodel/test_smallarea_bootstrap.py).

Survey weights: neither the fit nor the bootstrap uses them (each survey record counts
once; as ``sae``'s and ``emdi``'s unit-level EBP without its ``weights`` option); the
census weights only average the census records of a territory.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from .errors import RiskModelError
from .irls import expit, irls

#: Gauss-Hermite nodes for the EBP integral.
NODES = 40


def _codes(area: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    text = np.asarray([str(a) for a in area], dtype=object)
    labels, codes = np.unique(text, return_inverse=True)
    return codes.astype(np.intp).reshape(-1), labels


def _modes(eta, y, codes, n_areas, sigma, start=None):
    """Each territory's mode of u given b and s, and H (Newton, vectorised)."""
    u = np.zeros(n_areas) if start is None else start.copy()
    inv = 1.0 / sigma**2
    for _ in range(100):
        mu = expit(eta + u[codes])
        g = np.bincount(codes, weights=y - mu, minlength=n_areas) - u * inv
        h = np.bincount(codes, weights=mu * (1 - mu), minlength=n_areas) + inv
        step = g / h
        u += step
        if np.max(np.abs(step), initial=0.0) < 1e-13:
            break
    mu = expit(eta + u[codes])
    h = np.bincount(codes, weights=mu * (1 - mu), minlength=n_areas) + inv
    return u, h, mu


def _loglik_and_gradient(theta, X, y, codes, n_areas, state):
    p = X.shape[1]
    beta, log_s = theta[:p], theta[p]
    s = np.exp(log_s)
    eta = X @ beta
    u, h, mu = _modes(eta, y, codes, n_areas, s, state.get("u"))
    state["u"] = u
    with np.errstate(divide="ignore"):
        ll_y = np.sum(np.where(y == 1, np.log(mu), np.log1p(-mu)))
    ll = ll_y - np.sum(u**2) / (2 * s**2) - n_areas * log_s - 0.5 * np.sum(np.log(h))
    w = mu * (1 - mu)
    w3 = w * (1 - 2 * mu)
    # modes' derivatives: du_j/db = -sum_i w x_i / H_j; du_j/ds = (2 u_j / s^3) / H_j
    wx = np.column_stack(
        [np.bincount(codes, weights=w * X[:, k], minlength=n_areas) for k in range(p)]
    )
    du_db = -wx / h[:, None]
    du_ds = (2 * u / s**3) / h
    # d H_j / d b and d s
    w3x = np.column_stack(
        [np.bincount(codes, weights=w3 * X[:, k], minlength=n_areas) for k in range(p)]
    )
    w3sum = np.bincount(codes, weights=w3, minlength=n_areas)
    dh_db = w3x + w3sum[:, None] * du_db
    dh_ds = -2 / s**3 + w3sum * du_ds
    grad_b = X.T @ (y - mu) - 0.5 * (dh_db / h[:, None]).sum(axis=0)
    grad_s = np.sum(u**2) / s**3 - n_areas / s - 0.5 * np.sum(dh_ds / h)
    return ll, np.r_[grad_b, grad_s * s]


@dataclass(frozen=True)
class BootstrapMSE:
    """The parametric bootstrap MSE of each territory's EBP (:func:`bootstrap_mse`):
    ``mse`` by territory, the ``replicates`` drawn, the ``seed``, and how many refits
    stopped without the optimiser's convergence flag (kept: see the module)."""

    mse: dict[str, float] = field(default_factory=dict)
    replicates: int = 0
    seed: int = 0
    not_converged: int = 0


@dataclass(frozen=True)
class RandomInterceptFit:
    """The fitted random-intercept model: ``params`` (b, in ``terms`` order), their
    ``std_errors``, ``sigma`` (s), each territory's ``modes`` (m_j) and
    ``conditional_variances`` (1/H_j) in ``areas`` order, and the Laplace ``loglik``."""

    terms: tuple[str, ...]
    params: np.ndarray
    std_errors: np.ndarray
    sigma: float
    areas: tuple[str, ...]
    modes: np.ndarray
    conditional_variances: np.ndarray
    loglik: float
    converged: bool
    #: the covariance of ``params`` and each territory's dm_j/db (for the EBP's MSE)
    covariance: np.ndarray | None = None
    mode_gradients: np.ndarray | None = None
    variance_gradients: np.ndarray | None = None
    #: the parametric bootstrap of the EBP's MSE, when asked for (:func:`bootstrap_mse`)
    bootstrap: BootstrapMSE | None = None

    def ebp(
        self,
        X: np.ndarray,
        area: Sequence,
        weights: np.ndarray | None = None,
        *,
        bootstrap: dict[str, float] | None = None,
    ) -> dict[str, dict[str, float]]:
        """Per census territory: records, children, ``ebp`` (the EBP of its risk index),
        ``mse`` (its analytic mean squared error g1 + g2, see the module), ``plug_in``
        (expit(x' b + m_j)) and whether the survey ``sampled`` it; with ``bootstrap``
        (``{territory: MSE}``, :func:`bootstrap_mse`), ``mse_bootstrap`` too."""
        codes, labels = _codes(np.asarray(area))
        w = np.ones(len(codes)) if weights is None else np.asarray(weights, dtype=float)
        e, g1, g2, pl, known = self._ebp_arrays(np.asarray(X, dtype=float), codes, labels, w)
        children = np.bincount(codes, weights=w, minlength=len(labels))
        records = np.bincount(codes, minlength=len(labels))
        out = {
            str(lab): {
                "records": int(records[i]),
                "children": float(children[i]),
                "ebp": float(e[i]),
                "mse": float(g1[i] + g2[i]),
                "plug_in": float(pl[i]),
                "sampled": bool(known[i]),
            }
            for i, lab in enumerate(labels)
        }
        if bootstrap is not None:
            for lab, r in out.items():
                r["mse_bootstrap"] = float(bootstrap.get(lab, np.nan))
        return out

    def _ebp_arrays(self, X, codes, labels, w, *, mse: bool = True):
        """The EBP, g1, g2, plug-in and sampled flag of each territory of ``labels``
        (``codes``: each record's territory among them); ``mse=False`` skips g1 and g2."""
        index = {a: i for i, a in enumerate(self.areas)}
        known = np.array([lab in index for lab in labels], dtype=bool)
        m = np.array([self.modes[index[lab]] if lab in index else 0.0 for lab in labels])
        v = np.array(
            [
                self.conditional_variances[index[lab]] if lab in index else self.sigma**2
                for lab in labels
            ]
        )
        z, gw = np.polynomial.hermite.hermgauss(NODES)
        gw = gw / np.sqrt(np.pi)
        eta = X @ self.params
        n_l = len(labels)
        children = np.bincount(codes, weights=w, minlength=n_l)
        e = np.zeros(n_l)
        e2 = np.zeros(n_l)  # E[r_j(u)^2]: g1 = e2 - e^2
        q = np.zeros(len(codes))  # E[p (1 - p)] per record, for the gradient
        qz = np.zeros(len(codes))  # E[p (1 - p) z]: the spread's part of the gradient
        shift = m[codes]
        spread = np.sqrt(2 * v[codes])
        for zk, wk in zip(z, gw, strict=True):
            pk = expit(eta + shift + spread * zk)
            rk = np.bincount(codes, weights=w * pk, minlength=n_l) / children
            e += wk * rk
            if mse:
                e2 += wk * rk**2
                q += wk * pk * (1 - pk)
                qz += wk * zk * pk * (1 - pk)
        g1 = np.maximum(e2 - e**2, 0.0)
        g2 = np.zeros(n_l)
        if mse and self.covariance is not None:
            wq = w * q
            grad = (
                np.column_stack(
                    [
                        np.bincount(codes, weights=wq * X[:, k], minlength=n_l)
                        for k in range(X.shape[1])
                    ]
                )
                / children[:, None]
            )

            def per_area(values):
                return np.array(
                    [values[index[lab]] if lab in index else np.zeros(X.shape[1]) for lab in labels]
                ).reshape(n_l, X.shape[1])

            if self.mode_gradients is not None:
                dm = per_area(self.mode_gradients)
                grad += (np.bincount(codes, weights=wq, minlength=n_l) / children)[:, None] * dm
            if self.variance_gradients is not None:
                # d sqrt(2 v) / db = dv/db / sqrt(2 v)
                dv = per_area(self.variance_gradients) / np.sqrt(2 * v)[:, None]
                wqz = np.bincount(codes, weights=w * qz, minlength=n_l) / children
                grad += wqz[:, None] * dv
            g2 = np.einsum("ij,jk,ik->i", grad, self.covariance, grad)
        plug = expit(eta + shift)
        pl = np.bincount(codes, weights=w * plug, minlength=n_l) / children
        return e, g1, g2, pl, known


def _maximise(X, y, codes, n_areas, starts):
    """Maximise the Laplace log-likelihood from each start ``(b, log s)`` (columns of X
    scaled to at most 1 in absolute value); returns (b, log s) and whether it converged."""
    from scipy.optimize import minimize  # only this option needs SciPy's optimiser

    p = X.shape[1]
    scale = np.maximum(np.abs(X).max(axis=0), 1e-300)
    Xs = X / scale
    state: dict = {}

    def scaled(theta):
        ll, g = _loglik_and_gradient(theta, Xs, y, codes, n_areas, state)
        return -ll, -g

    best = None
    for beta, log_s in starts:
        res = minimize(
            scaled,
            np.r_[np.asarray(beta) * scale, log_s],
            jac=True,
            method="L-BFGS-B",
            bounds=[(None, None)] * p + [(-15.0, 5.0)],
            options={"maxiter": 5000, "gtol": 1e-9, "ftol": 1e-14, "maxcor": 30},
        )
        if best is None or res.fun < best.fun:
            best = res
    return np.r_[best.x[:p] / scale, best.x[p]], bool(best.success)


def fit_random_intercept(
    X: np.ndarray, y: np.ndarray, area: Sequence, *, terms: Sequence[str]
) -> RandomInterceptFit:
    """Fit logit P(y = 1) = X b + u_area by Laplace maximum likelihood (see the module)."""
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    codes, labels = _codes(np.asarray(area))
    n_areas = len(labels)
    if n_areas < 2:
        raise RiskModelError(
            "a random territory effect needs survey records in two or more territories"
        )
    p = X.shape[1]
    scale = np.maximum(np.abs(X).max(axis=0), 1e-300)
    beta0, *_ = irls(X / scale, y, np.ones(len(y)), max_iter=50, tol=1e-10, warm_start=False)
    beta0 = beta0 / scale
    # two starts: the likelihood is not concave
    theta, converged = _maximise(X, y, codes, n_areas, [(beta0, np.log(0.5)), (beta0, np.log(2.0))])

    def objective(theta):
        ll, g = _loglik_and_gradient(theta, X, y, codes, n_areas, {})
        return -ll, -g

    # the Hessian by central differences of the exact gradient
    hess = np.empty((p + 1, p + 1))
    for k in range(p + 1):
        step = 1e-5 * max(1.0, abs(theta[k]))
        up, down = theta.copy(), theta.copy()
        up[k] += step
        down[k] -= step
        hess[:, k] = (objective(up)[1] - objective(down)[1]) / (2 * step)
    hess = (hess + hess.T) / 2
    s = float(np.exp(theta[p]))
    cov = None
    try:
        cov = np.linalg.inv(hess if s > 1e-6 else hess[:p, :p])[:p, :p]
        se = np.sqrt(np.diag(cov))
    except np.linalg.LinAlgError:
        se = np.full(p, np.nan)
    u, h, mu = _modes(X @ theta[:p], y, codes, n_areas, s)
    wmu = mu * (1 - mu)
    dm = (
        -np.column_stack(
            [np.bincount(codes, weights=wmu * X[:, k], minlength=n_areas) for k in range(p)]
        )
        / h[:, None]
    )
    w3 = wmu * (1 - 2 * mu)
    dh = (
        np.column_stack(
            [np.bincount(codes, weights=w3 * X[:, k], minlength=n_areas) for k in range(p)]
        )
        + np.bincount(codes, weights=w3, minlength=n_areas)[:, None] * dm
    )
    dv = -dh / (h**2)[:, None]
    ll, _ = _loglik_and_gradient(theta, X, y, codes, n_areas, {})
    return RandomInterceptFit(
        terms=tuple(terms),
        params=theta[:p].copy(),
        std_errors=se,
        sigma=s,
        areas=tuple(str(a) for a in labels),
        modes=u,
        conditional_variances=1.0 / h,
        loglik=float(ll),
        converged=converged,
        covariance=cov,
        mode_gradients=dm,
        variance_gradients=dv,
    )


def small_area_file(
    survey: str,
    census: str,
    *,
    outcome: str,
    predictors: Sequence[str],
    territory: str,
    categorical: Sequence[str] = (),
    where: str | None = None,
    census_weight: str | None = None,
    levels: dict[str, list[str]] | None = None,
    survey_where: str | None = None,
    bootstrap: int = 0,
    seed: int = 87,
    progress: Callable[[str, int, int], None] | None = None,
) -> tuple[RandomInterceptFit, dict[str, dict[str, float]]]:
    """Fit the random-intercept model on a survey file (records with the territory code
    ``territory``) and predict every census territory's risk by EBP; ``where`` selects
    the population in both files (``survey_where``, when given, in the survey instead).
    ``levels``: each categorical determinant's levels, reference first (a fitted model's;
    default: the survey's, sorted). Records missing a value are left out of both.
    ``bootstrap``: the number of parametric bootstrap replicates of the EBP's MSE
    (:func:`bootstrap_mse`, seeded by ``seed``; 0, the default: the analytic MSE only);
    then each territory also has ``mse_bootstrap`` and the fit its ``bootstrap``."""
    from .io import open_dataset
    from .model import design_columns, design_matrix, level_text, sort_levels

    if bootstrap < 0:
        raise RiskModelError("the number of bootstrap replicates cannot be negative")
    predictors, categorical = list(predictors), list(categorical)
    numeric = [p for p in predictors if p not in categorical]
    with open_dataset(survey, where=survey_where if survey_where is not None else where) as ds:
        ds.require([outcome, territory, *predictors])
        ds.show_labels([*categorical, *ds.code_labelled([territory])])  # as fit and score
        data = ds.read_arrays(numeric=[outcome, *numeric], categorical=[territory, *categorical])
    cols = data.columns
    if levels is None:
        levels = {c: sort_levels(level_text(cols[c]).tolist()) for c in categorical}
    else:
        levels = {c: list(levels[c]) for c in categorical}
    spec = {"predictors": predictors, "categorical": categorical, "levels": levels}
    survey_X, survey_area = design_matrix(cols, spec), cols[territory]
    fit = fit_random_intercept(survey_X, cols[outcome], survey_area, terms=design_columns(spec))
    with open_dataset(census, where=where) as ds:
        ds.require([territory, *predictors, census_weight])
        ds.show_labels([*categorical, *ds.code_labelled([territory])])
        extra = [census_weight] if census_weight else []
        data = ds.read_arrays(numeric=[*numeric, *extra], categorical=[territory, *categorical])
    cols = data.columns
    census_X = design_matrix(cols, spec)
    weights = cols[census_weight] if census_weight else None
    if not bootstrap:
        return fit, fit.ebp(census_X, cols[territory], weights)
    boot = bootstrap_mse(
        fit,
        survey_X,
        survey_area,
        census_X,
        cols[territory],
        weights,
        replicates=bootstrap,
        seed=seed,
        progress=progress,
    )
    fit = replace(fit, bootstrap=boot)
    return fit, fit.ebp(census_X, cols[territory], weights, bootstrap=boot.mse)


def bootstrap_mse(
    fit: RandomInterceptFit,
    survey_X: np.ndarray,
    survey_area: Sequence,
    census_X: np.ndarray,
    census_area: Sequence,
    census_weights: np.ndarray | None = None,
    *,
    replicates: int = 50,
    seed: int = 87,
    progress: Callable[[str, int, int], None] | None = None,
) -> BootstrapMSE:
    """The parametric bootstrap MSE of each census territory's EBP (González-Manteiga,
    Lombardía, Molina, Morales and Santamaría 2007; R's ``emdi::ebp(MSE = TRUE, B = ...)``).

    Each of the ``replicates``: draw u*_j ~ N(0, s^2) for every territory (the survey's
    and the census's), the bootstrap's true risk index of each census territory
    r*_j = mean_i expit(x_i' b + u*_j) over its census records (weighted), and new survey
    outcomes y*_ij ~ Bernoulli(expit(x_ij' b + u*_j)) on the survey's own records; refit
    the model on y* (one start, at the fitted b and s), recompute every territory's EBP
    with the refitted b*, s* and modes, and add (EBP*_j - r*_j)^2. The MSE is the mean over
    the replicates. It includes what the analytic g1 + g2 leaves out (the uncertainty of s,
    the bias of the estimated b and s), at the cost of one fit and one EBP pass over the
    census per replicate. ``seed`` makes it reproducible."""
    if replicates < 1:
        raise RiskModelError("the bootstrap needs at least one replicate")
    rng = np.random.default_rng(seed)
    Xs = np.asarray(survey_X, dtype=np.float64)
    Xc = np.asarray(census_X, dtype=np.float64)
    codes_s, labels_s = _codes(np.asarray(survey_area))
    codes_c, labels_c = _codes(np.asarray(census_area))
    w = np.ones(len(codes_c)) if census_weights is None else np.asarray(census_weights, float)
    every = sorted(set(labels_s.tolist()) | set(labels_c.tolist()))
    where = {a: k for k, a in enumerate(every)}
    at_s = np.array([where[a] for a in labels_s], dtype=np.intp)[codes_s]
    at_c = np.array([where[a] for a in labels_c], dtype=np.intp)[codes_c]
    n_s = len(labels_s)
    eta_s = Xs @ fit.params
    eta_c = Xc @ fit.params
    children = np.bincount(codes_c, weights=w, minlength=len(labels_c))
    total = np.zeros(len(labels_c))
    start = [(fit.params, np.log(max(fit.sigma, 1e-6)))]
    not_converged = 0
    for b in range(replicates):
        if progress:
            progress("bootstrap", b, replicates)
        u = rng.normal(0.0, fit.sigma, len(every))
        y = (rng.random(len(codes_s)) < expit(eta_s + u[at_s])).astype(np.float64)
        true = np.bincount(codes_c, weights=w * expit(eta_c + u[at_c]), minlength=len(children))
        true /= children
        theta, converged = _maximise(Xs, y, codes_s, n_s, start)
        not_converged += not converged
        s = float(np.exp(theta[-1]))
        modes, h, _ = _modes(Xs @ theta[:-1], y, codes_s, n_s, s)
        refit = replace(
            fit,
            params=theta[:-1],
            sigma=s,
            areas=tuple(str(a) for a in labels_s),
            modes=modes,
            conditional_variances=1.0 / h,
            covariance=None,
            mode_gradients=None,
            variance_gradients=None,
            bootstrap=None,
        )
        e = refit._ebp_arrays(Xc, codes_c, labels_c, w, mse=False)[0]
        total += (e - true) ** 2
    if progress:
        progress("bootstrap", replicates, replicates)
    return BootstrapMSE(
        mse={str(a): float(v) for a, v in zip(labels_c, total / replicates, strict=True)},
        replicates=int(replicates),
        seed=int(seed),
        not_converged=int(not_converged),
    )
