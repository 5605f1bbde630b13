"""The fitted values of :class:`.fit.SurveyLogit`, with no microdata."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .model import Coefficient
from .tdist import t_ppf, t_sf


@dataclass(frozen=True)
class SurveyLogitResults:
    """The fitted values of :class:`SurveyLogit`, with no microdata.

    ``params`` (log-odds), ``cov_params`` (design-based covariance), ``bse`` (standard
    errors), ``tvalues``, ``pvalues`` (two-sided, Student's t with ``df_resid``);
    ``df_design`` is R's ``degf`` (PSUs minus strata) and ``df_resid`` is
    ``df_design + 1 - p`` as in ``summary.svyglm``. ``deviance`` and ``null_deviance`` use the
    weights rescaled to mean 1 (as ``svyglm``); ``pseudo_r2`` is McFadden's
    1 - deviance / null deviance on that weighted log-likelihood; ``auc`` the weighted area
    under the ROC curve; ``dispersion`` R's quasibinomial dispersion (survey variance of the
    Pearson residuals); ``means`` the survey-weighted means of the design columns.
    """

    feature_names: tuple[str, ...]
    params: np.ndarray
    cov_params: np.ndarray
    df_design: int
    df_resid: int
    converged: bool
    iterations: int
    deviance: float
    null_deviance: float
    pseudo_r2: float
    auc: float
    dispersion: float
    weighted_rate: float
    sum_weights: float
    records: int
    n_strata: int
    n_psu: int
    lonely_strata: tuple[str, ...]
    lonely_psu: str
    means: tuple[float, ...]
    #: "linearisation" (Taylor) or "replicates"; the design's features used
    variance: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in ("params", "cov_params"):
            getattr(self, name).setflags(write=False)

    @property
    def bse(self) -> np.ndarray:
        """Design-based standard errors."""
        return np.sqrt(np.diag(self.cov_params))

    @property
    def tvalues(self) -> np.ndarray:
        """Estimates divided by their standard errors."""
        return self.params / self.bse

    @property
    def pvalues(self) -> np.ndarray:
        """Two-sided p-values from Student's t with ``df_resid`` degrees of freedom."""
        if self.df_resid <= 0:
            return np.full_like(self.params, np.nan)
        # our own t distribution (.tdist): importing scipy.stats costs more than the fit
        return 2.0 * t_sf(np.abs(self.tvalues), self.df_resid)

    def conf_int(self, level: float = 0.95) -> np.ndarray:
        """Confidence intervals (p x 2) for the log-odds, Student's t with ``df_resid``.

        With no residual degrees of freedom (more coefficients than PSUs minus strata) the
        intervals are undefined (NaN), as in R's ``confint.svyglm``.
        """
        q = t_ppf(0.5 + level / 2, self.df_resid) if self.df_resid > 0 else np.nan
        return np.column_stack([self.params - q * self.bse, self.params + q * self.bse])

    def wald_tests(self, determinants, predictors) -> dict:
        """A joint Wald test per determinant (R's ``regTermTest``), on the residual df;
        ``determinants`` maps each term to its determinant."""
        out = {}
        for p in predictors:
            index = [i for i, t in enumerate(self.feature_names) if determinants.get(t) == p]
            if index:
                terms = [self.feature_names[i] for i in index]
                test = wald_test(self.params, self.cov_params, index, self.df_resid)
                out[p] = {"terms": terms, **test}
        return out

    def coefficients(self, level: float = 0.95) -> list[Coefficient]:
        """One :class:`~.model.Coefficient` per term."""
        ci = self.conf_int(level)
        with np.errstate(over="ignore"):
            return [
                Coefficient(
                    term=t,
                    estimate=float(b),
                    std_error=float(se),
                    odds_ratio=float(np.exp(b)),
                    ci_low=float(lo),
                    ci_high=float(hi),
                    odds_ratio_ci_low=float(np.exp(lo)),
                    odds_ratio_ci_high=float(np.exp(hi)),
                    p_value=float(p),
                )
                for t, b, se, (lo, hi), p in zip(
                    self.feature_names, self.params, self.bse, ci, self.pvalues, strict=True
                )
            ]


def wald_test(
    params: np.ndarray, cov: np.ndarray, index: list[int], ddf: float
) -> dict[str, float]:
    """The joint Wald test that the coefficients ``index`` are all zero, as R's
    ``regTermTest``: chisq = b' V^-1 b; the F form is chisq / k on (k, ddf) degrees of
    freedom (R's default, ``ddf`` the model's residual degrees of freedom) and the
    chi-square form has k degrees of freedom (R's ``df = Inf``)."""
    from .tdist import chi2_sf, f_sf

    b = params[index]
    v = cov[np.ix_(index, index)]
    chisq = float(b @ np.linalg.solve(v, b))
    k = len(index)
    f = chisq / k
    return {
        "df": k,
        "ddf": float(ddf),
        "F": f,
        "p_F": f_sf(f, k, ddf) if ddf > 0 else float("nan"),
        "chisq": chisq,
        "p_chisq": chi2_sf(chisq, k),
    }
