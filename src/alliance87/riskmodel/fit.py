"""Survey-weighted logistic regression with design-based (sandwich) standard errors.

:class:`SurveyLogit` follows scikit-learn's conventions: ``__init__`` stores keyword-only
options, ``fit`` validates its input and returns ``self``, and the results live in an
immutable :class:`SurveyLogitResults` (``results_``) that holds no microdata.

The estimator is R ``survey``'s ``svyglm(y ~ ..., design, family = quasibinomial())`` for
``svydesign(ids = ~psu, strata = ~strata, weights = ~w)``:

* coefficients: pseudo-maximum likelihood, the weighted logistic score equations
  sum_i w_i (y_i - mu_i) x_i = 0 solved by iteratively reweighted least squares (IRLS);
* variance: A^-1 V A^-1 with A = X' diag(w mu (1 - mu)) X and V the with-replacement
  variance of the PSU totals of the scores u_i = w_i (y_i - mu_i) x_i within strata
  (Binder 1983; see :mod:`.design`);
* t statistics with R's residual degrees of freedom ``degf + 1 - p``, where ``degf`` is the
  number of PSUs minus the number of strata (``summary.svyglm``); confidence intervals use
  the same t distribution (R's ``confint(fit, ddf = fit$df.residual)``).

Weights are *sampling* weights: record i stands for w_i children of the population. They
are rescaled to mean 1 for the deviance, as ``svyglm`` does; the coefficients and standard
errors do not depend on that scale.

:func:`fit_file` runs the whole estimation from a data file and returns a
:class:`~.model.FittedModel`. docs/riskmodel-estimation.md explains every choice.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .design import LONELY_PSU, SampleDesign
from .errors import RiskModelError
from .fit_checks import (
    CollinearityError,
    SeparationError,
    check_columns,
    check_outcome,
    check_separation,
    check_weights,
    is_diverging,
    name_divergence,
    record_checks,
)
from .irls import expit, inverse, irls, unit_deviance, weighted_auc
from .model import INTERCEPT, FittedModel, design_matrix, level_text, sort_levels
from .model import software_versions as _software  # risk.services imports it from here
from .progress import ProgressBar, ProgressCallback, silent
from .results import SurveyLogitResults
from .variance import (
    Calibration,
    build_multistage,
    degrees_of_freedom,
    multistage_variance,
    replicate_degrees_of_freedom,
    replicate_variance,
)


# ------------------------------------------------------------------------------ estimator
class SurveyLogit:
    """Survey-weighted logistic regression with Taylor-linearised standard errors.

    Options (keyword-only): ``lonely_psu`` is R's ``options(survey.lonely.psu)``: one of
    ``"fail"`` (default, as R), ``"remove"``, ``"certainty"``, ``"adjust"``, ``"average"``;
    ``nest=True`` reads PSU codes within strata; ``max_iter`` and ``tol`` control IRLS,
    which stops when the relative change of the deviance is below ``tol`` (R's ``glm``
    rule; R's default is 1e-8, ours is stricter). ``copy_X=False`` (scikit-learn's
    option) lets ``fit`` overwrite a float64 ``X`` with the scores instead of allocating
    them (``fit_file`` owns its design matrix; the default leaves ``X`` as it is).
    """

    def __init__(
        self,
        *,
        lonely_psu: str = "fail",
        nest: bool = False,
        max_iter: int = 50,
        tol: float = 1e-10,
        copy_X: bool = True,  # noqa: N803 - scikit-learn's name
    ):
        self.lonely_psu = lonely_psu
        self.nest = nest
        self.max_iter = max_iter
        self.tol = tol
        self.copy_X = copy_X

    def fit(
        self,
        X: np.ndarray,
        y: np.ndarray,
        *,
        weights: np.ndarray | None,
        strata: np.ndarray | None = None,
        psu: np.ndarray | None = None,
        feature_names: Sequence[str],
        outcome_name: str = "y",
        weight_name: str = "weight",
        strata_name: str = "strata",
        psu_name: str = "psu",
        determinants: Mapping[str, str] | None = None,
        progress: ProgressCallback | None = None,
        in_fit: np.ndarray | None = None,
        fpc: Sequence[np.ndarray] = (),
        psu_names: Sequence[str] = (),
        fpc_names: Sequence[str] = (),
        calibration: Calibration | None = None,
        replicates: np.ndarray | None = None,
        replicate_scale: float = 1.0,
        replicate_rscales: np.ndarray | None = None,
        replicate_mse: bool = False,
    ) -> SurveyLogit:
        """Fit the model and return ``self``; results are in ``self.results_``.

        ``X`` is the design matrix (n x p, first column the intercept when
        ``feature_names[0] == "(Intercept)"``); ``y`` holds 0/1; ``weights`` are sampling
        weights (positive; ``None`` means 1 for every record); ``strata`` and ``psu`` the
        design columns. Errors name the column (``feature_names``, ``outcome_name``...)
        and, where there is one, the first row at fault (0-based ``row``; messages count
        records from 1). ``determinants`` maps a term to the determinant it comes from.

        The design (:mod:`.variance`): ``psu`` is one column or a sequence of columns, one
        per stage, and ``fpc`` one finite population correction per stage. With
        ``in_fit`` (a mask over every record the filter read) the design columns,
        ``calibration`` and ``replicates`` cover every record and ``X``, ``y``,
        ``weights`` the fitted ones only: the others form the rest of the sample, as a
        domain in R. ``calibration`` gives the weights' calibration (its weights are
        those fitted); ``replicates`` (records x R) the replicate weights, with
        ``replicate_scale``, ``replicate_rscales`` and ``replicate_mse`` as R's
        ``svrepdesign``; then the strata and PSUs are not used.
        """
        progress = progress or silent
        if self.lonely_psu not in LONELY_PSU:
            raise RiskModelError(
                f"lonely_psu must be one of {', '.join(LONELY_PSU)}, not {self.lonely_psu!r}"
            )
        X0, X = X, np.asarray(X, dtype=np.float64)
        # may the scores overwrite X? (a copy made here is ours; else only with copy_X=False)
        reuse_X = (X is not X0 or not self.copy_X) and X.flags.writeable
        if X.ndim != 2:
            raise RiskModelError("X must be a two-dimensional design matrix")
        n, p = X.shape
        names = [str(f) for f in feature_names]
        if len(names) != p:
            raise RiskModelError(f"{len(names)} feature names for {p} design columns")
        det = dict(determinants or {})
        y = check_outcome(y, n, outcome_name)
        w = check_weights(weights, n, weight_name)
        lo, hi = X.min(axis=0), X.max(axis=0)  # NaN and inf show up here
        finite = np.isfinite(lo) & np.isfinite(hi)
        for j, name in enumerate(names):
            if finite[j]:
                continue
            bad = ~np.isfinite(X[:, j])
            if bad.any():
                row = int(np.flatnonzero(bad)[0])
                raise RiskModelError(
                    f"column '{det.get(name, name)}' has a value that is not a "
                    f"finite number (record {row + 1})",
                    column=det.get(name, name),
                    row=row,
                )
        mask = np.ones(n, dtype=bool) if in_fit is None else np.asarray(in_fit, dtype=bool)
        if int(mask.sum()) != n:
            raise RiskModelError(f"in_fit marks {int(mask.sum())} records for {n} fitted")
        if replicates is None:
            ids = [] if psu is None else list(psu) if isinstance(psu, list | tuple) else [psu]
            design = build_multistage(
                len(mask),
                strata=strata,
                ids=ids,
                fpc=list(fpc),
                nest=self.nest,
                strata_name=strata_name,
                id_names=list(psu_names) or [psu_name],
                fpc_names=fpc_names,
            )
            if self.lonely_psu == "fail" and any((st.sampled == 1).any() for st in design.stages):
                # raises now, naming the stratum, before fitting
                multistage_variance(design, np.zeros((len(mask), 1)), in_fit=mask)
        check_columns(X, names, det, lo, hi)
        progress("fitting", 1, 4)
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            beta, mu, iterations, converged, xtwx = irls(
                X, y, w, max_iter=self.max_iter, tol=self.tol
            )
        # Separation drives estimates to infinity. Look for it when the fit shows its signs
        # (no convergence, probabilities within 1e-10 of 0 or 1, or an effect across a
        # column's range above 20 on the log-odds scale): first a single column that
        # separates the outcome (named precisely), then the fit as a whole.
        diverging = not converged or not np.all(np.isfinite(beta)) or is_diverging(mu)
        if diverging or np.max(np.abs(beta[1:]) * (hi - lo)[1:], initial=0.0) > 20:
            check_separation(X, y, names, det, outcome_name, lo, hi)
        if diverging:
            name_divergence(X, beta, names, det, outcome_name, converged)
        progress("variance", 2, 4)
        ainv = inverse(xtwx, names)
        means = tuple(float(m) for m in (w @ X) / w.sum())
        eta = X @ beta
        if replicates is None:
            if reuse_X:  # X's memory becomes the scores: X is not used after this
                scores = np.multiply(X, (w * (y - mu))[:, None], out=X)
            else:
                scores = X * (w * (y - mu))[:, None]
            if not mask.all():  # the records left out are in the design, with no influence
                scores_all = np.zeros((len(mask), p))
                scores_all[mask] = scores
                scores = scores_all
            if calibration is not None:
                scores = calibration.residuals(scores)
            meat = multistage_variance(design, scores, in_fit=mask, lonely_psu=self.lonely_psu)
            cov = ainv @ meat @ ainv
            df_design = degrees_of_freedom(design, mask)
            first = design.first
            n_strata, n_psu, lonely = first.n_strata, first.n_psu, first.lonely_strata
            variance = {
                "method": "linearisation",
                "stages": len(design.stages),
                "fpc": design.has_fpc,
                "calibrated": calibration is not None,
                "domain_records_left_out": int((~mask).sum()),
            }
        else:
            cov, df_design = self._replicate_cov(
                X, y, beta, replicates, mask, replicate_scale, replicate_rscales, replicate_mse
            )
            n_strata, n_psu, lonely = 0, 0, []
            variance = {"method": "replicates", "replicates": int(replicates.shape[1])}
        cov = (cov + cov.T) / 2
        progress("statistics", 3, 4)
        wn = w / w.mean()
        dev = float(np.sum(wn * unit_deviance(y, mu)))
        rate = float(np.sum(w * y) / np.sum(w))
        null_dev = float(np.sum(wn * unit_deviance(y, np.full(n, rate))))
        pearson = (y - mu) / np.sqrt(mu * (1 - mu))  # survey's residuals.svyglm
        pbar = np.sum(w * pearson) / np.sum(w)
        dispersion = (
            float(np.sum(w * (pearson - pbar) ** 2) / np.sum(w) * n / (n - 1))
            if n > 1
            else float("nan")
        )
        self.results_ = SurveyLogitResults(
            feature_names=tuple(names),
            params=beta,
            cov_params=cov,
            df_design=df_design,
            df_resid=df_design + 1 - p,
            converged=converged,
            iterations=iterations,
            deviance=dev,
            null_deviance=null_dev,
            pseudo_r2=1.0 - dev / null_dev if null_dev > 0 else float("nan"),
            auc=weighted_auc(eta, y, w),
            dispersion=dispersion,
            weighted_rate=rate,
            sum_weights=float(w.sum()),
            records=n,
            n_strata=n_strata,
            n_psu=n_psu,
            lonely_strata=tuple(lonely),
            lonely_psu=self.lonely_psu,
            means=means,
            variance=variance,
        )
        progress("done", 4, 4)
        return self

    def _replicate_cov(self, X, y, beta, replicates, mask, scale, rscales, mse):
        """The replicate-weight covariance (each replicate refitted from ``beta``, as R's
        ``svyglm`` on a ``svrepdesign``) and R's degrees of freedom of the design."""
        reps = np.asarray(replicates, dtype=np.float64)
        if reps.ndim != 2 or reps.shape[0] != len(mask):
            raise RiskModelError("replicate weights must be a records x replicates matrix")
        if not np.all(np.isfinite(reps)) or np.any(reps < 0):
            raise RiskModelError("replicate weights must be finite and not negative")
        r = np.ones(reps.shape[1]) if rscales is None else np.asarray(rscales, dtype=float)
        estimates = np.empty((reps.shape[1], len(beta)))
        kept = reps[mask]
        for k in range(reps.shape[1]):
            wk = kept[:, k]
            with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
                b, _, _, ok, _ = irls(
                    X, y, wk, max_iter=self.max_iter, tol=self.tol, warm_start=False, start=beta
                )
            if not ok or not np.all(np.isfinite(b)):
                raise RiskModelError(
                    f"the fit with replicate weight {k + 1} does not converge (separation "
                    "within the replicate): this model cannot use these replicates"
                )
            estimates[k] = b
        cov = replicate_variance(estimates, beta, scale, r, mse)
        return cov, replicate_degrees_of_freedom(reps)

    # sklearn-style conveniences
    @property
    def coef_(self) -> np.ndarray:
        """The fitted coefficients (log-odds), in design-column order."""
        return self.results_.params

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """Predicted probabilities of the outcome for a design matrix."""
        return expit(np.asarray(X, dtype=np.float64) @ self.results_.params)


# ------------------------------------------------------------------------------ from a file
def fit_file(
    path: str | os.PathLike[str],
    *,
    outcome: str,
    predictors: Sequence[str],
    categorical: Sequence[str] = (),
    reference: Mapping[str, Any] | None = None,
    weight: str | None = None,
    strata: str | None = None,
    psu: str | Sequence[str] | None = None,
    where: str | None = None,
    lonely_psu: str = "fail",
    nest: bool = False,
    progress: ProgressCallback | bool | None = None,
    fpc: str | Sequence[str] | None = None,
    poststrata: str | None = None,
    population: Mapping[str, float] | None = None,
    calibration: Mapping[str, Any] | None = None,
    replicates: str | Sequence[str] | None = None,
    replicate_type: str | None = None,
    replicate_scale: float | None = None,
    replicate_rscales: Sequence[float] | None = None,
    fay_rho: float | None = None,
    replicate_mse: bool = False,
    domain: str | None = None,
) -> FittedModel:
    """Fit the risk model to a survey file and return the :class:`~.model.FittedModel`.

    ``outcome`` is the 0/1 child-labour column; ``predictors`` the determinants, of which
    ``categorical`` are treatment-coded (``reference`` maps a categorical determinant to its
    reference level; the default is the first level in sorted order, as R's ``factor``);
    ``weight`` the sampling weight column (each record stands for ``weight`` children);
    ``strata`` and ``psu`` the design columns; ``where`` a SQL filter. Records missing the
    outcome or a determinant are left out (listwise deletion) and counted per column in
    ``design.dropped_missing``; a missing weight, stratum or PSU is an error. ``progress`` is
    a callback ``(step, done, total)``, or ``True`` for a bar on stderr when it is a terminal.

    The design (docs/riskmodel-estimation.md, "Designs"; :class:`.fit_design.DesignOptions`):
    ``psu`` may name one column per stage and ``fpc`` one finite population correction per
    stage; ``poststrata`` with ``population``, or ``calibration``, calibrate the weights as
    R's ``postStratify`` and ``calibrate``; ``replicates`` (columns or a regular
    expression) with ``replicate_type`` and its factors use replicate weights instead of
    strata and PSUs. Records left out for a missing value stay in the design (a domain).
    ``domain`` (an SQL condition, e.g. ``"age >= 10"``) fits the records that meet it with
    the design of every record ``where`` selects, as R's ``subset(design, ...)``; ``where``
    instead removes the other records from the design too.
    """
    from .fit_design import DesignOptions
    from .io import QuickSniffMissed, code_text, file_sha256, open_dataset

    bar = None
    if progress is True:
        bar = ProgressBar("fit")
        report: ProgressCallback = bar
    elif callable(progress):
        report = progress
    else:
        report = silent
    predictors = list(dict.fromkeys(predictors))
    categorical = list(dict.fromkeys(categorical))
    if not predictors:
        raise RiskModelError("give at least one predictor (determinant)")
    stray = [c for c in categorical if c not in predictors]
    if stray:
        raise RiskModelError(
            f"categorical '{stray[0]}' is not among the predictors", column=stray[0]
        )
    if outcome in predictors:
        raise RiskModelError(f"the outcome '{outcome}' cannot also be a predictor", column=outcome)
    reference = {str(k): str(v) for k, v in (reference or {}).items()}
    for col in reference:
        if col not in categorical:
            raise RiskModelError(
                f"a reference level is given for '{col}', which is not a categorical predictor",
                column=col,
            )
    t0 = time.perf_counter()
    report("reading", 0, 6)
    psu_columns = psu

    def read(quick: bool):
        """The design options, the first stage's PSU column and the records read."""
        with open_dataset(path, where=where, quick_sniff=quick) as ds:
            opts = DesignOptions.from_arguments(
                ds.columns,
                psu=psu_columns,
                fpc=fpc,
                replicates=replicates,
                poststrata=poststrata,
                population=population,
                calibration=calibration,
                replicate_type=replicate_type,
                replicate_scale=replicate_scale,
                replicate_rscales=replicate_rscales,
                fay_rho=fay_rho,
                replicate_mse=replicate_mse,
            )
            first_psu = opts.psu[0] if opts.psu else None
            extra_numeric, extra_text = opts.columns()
            ds.require(
                [outcome, *predictors, weight, strata, first_psu, *extra_numeric, *extra_text]
            )
            # codes for the outcome, the design variables and numeric determinants; labels for
            # categorical determinants (docs/riskmodel-estimation.md, "Labelled files")
            ds.show_labels(categorical)
            checks = record_checks(ds, outcome=outcome, weight=weight, strata=strata, psu=first_psu)
            numeric = [outcome] + [p for p in predictors if p not in categorical]
            if weight:
                numeric.append(weight)
            text = list(categorical)
            for c in (strata, first_psu):  # design codes keep their type: numbers code faster
                if c:
                    (numeric if ds.is_numeric(c) else text).append(c)
            if not ds.is_numeric(outcome):
                numeric.remove(outcome)
                text.append(outcome)
            numeric += [c for c in extra_numeric if c not in numeric]
            text += [c for c in extra_text if c not in text and c not in numeric]
            # every record the filter kept: those missing the outcome or a determinant stay in
            # the design (a domain), as R's svyglm keeps them; one scan of the file reads the
            # columns, counts the missing values and runs the checks
            data = ds.read_arrays(
                numeric=numeric,
                categorical=text,
                complete=[outcome, *predictors],
                domain=domain,
                checks=checks,
            )
            return opts, first_psu, data, ds.value_labels, ds.variable_labels

    try:  # a CSV's types from its first rows, unless a value further on does not fit them
        opts, psu, data, value_labels, variable_labels = read(quick=True)
    except QuickSniffMissed:
        opts, psu, data, value_labels, variable_labels = read(quick=False)
    report("checking", 1, 6)
    in_fit = data.in_fit
    everyone = data.columns
    w_all = everyone[weight] if weight else np.ones(len(in_fit))
    design_args = opts.arrays(everyone, w_all)
    everyone_fits = bool(in_fit.all())

    def fitted(values: np.ndarray) -> np.ndarray:
        """The fitted records' values (no copy when every record is fitted)."""
        return values if everyone_fits else values[in_fit]

    cols = {c: fitted(everyone[c]) for c in [outcome, *predictors]}
    n = data.records
    if n == 0:
        empty = [c for c, k in data.dropped_missing.items() if k == data.records_read]
        if empty and data.records_read:
            raise RiskModelError(
                f"column '{empty[0]}' is missing in every record"
                + (f" (after the filter {where!r})" if where else "")
                + ": leave it out of the model or check how the file codes it",
                column=empty[0],
                code="column_all_missing",
                params={"column": empty[0]},
            )
        raise RiskModelError(
            "no record is left to fit after the filter and leaving out records with missing values"
        )
    y = (
        np.asarray(cols[outcome]).astype(np.float64)
        if cols[outcome].dtype != object
        else np.array([float(v) for v in cols[outcome]])
    )
    levels: dict[str, list[str]] = {}
    for c in categorical:
        present = sort_levels(level_text(cols[c]).tolist())
        if len(present) < 2:
            raise CollinearityError(
                f"the categorical predictor '{c}' has a single level "
                f"('{present[0]}') in the data: it is constant and its "
                "effect cannot be estimated",
                column=c,
            )
        if c in value_labels:  # keep the questionnaire's order where the file has labels
            order = [str(v) for v in value_labels[c].values()]
            present = [v for v in order if v in present] + [v for v in present if v not in order]
        ref = reference.get(c)
        if ref is not None:
            if ref not in present:
                raise RiskModelError(
                    f"the reference level '{ref}' of '{c}' is not in the "
                    f"data (levels: {', '.join(present)})",
                    column=c,
                )
            present = [ref] + [v for v in present if v != ref]
        levels[c] = present
    spec_levels = {"predictors": predictors, "categorical": categorical, "levels": levels}
    X = design_matrix({p: cols[p] for p in predictors}, spec_levels)
    from .model import design_columns

    names = design_columns(spec_levels)
    det = {INTERCEPT: INTERCEPT}
    for p in predictors:
        if p in categorical:
            for level in levels[p][1:]:
                det[f"{p}[{level}]"] = p
        else:
            det[p] = p
    report("fitting", 2, 6)
    cal = design_args.get("calibration")
    est = SurveyLogit(lonely_psu=lonely_psu, nest=nest, copy_X=False).fit(
        X,
        y,
        weights=fitted(cal.weights if cal is not None else w_all) if weight or cal else None,
        strata=everyone[strata] if strata else None,
        psu=[everyone[c] for c in opts.psu] if opts.psu else None,
        in_fit=in_fit,
        **design_args,
        feature_names=names,
        outcome_name=outcome,
        weight_name=weight or "weight",
        strata_name=strata or "strata",
        psu_name=psu or "psu",
        determinants=det,
        progress=lambda step, done, _total: report(step, 2 + done, 6),
    )
    res = est.results_
    del X, cols
    spec = {
        "outcome": outcome,
        "predictors": predictors,
        "categorical": categorical,
        "reference": {c: levels[c][0] for c in categorical},
        "weight": weight,
        "strata": strata,
        "psu": psu,
        "design": opts.to_json(),
        "where": where,
        "domain": domain,
        "lonely_psu": lonely_psu,
        "nest": nest,
        # which coding each categorical determinant was fitted on: its value labels (the
        # code-to-label map is kept, so a census holding the codes is mapped) or its values
        "coding": {c: "labels" if c in value_labels else "values" for c in categorical},
        "value_labels": {
            c: {code_text(k): v for k, v in value_labels[c].items()}
            for c in categorical
            if c in value_labels
        },
        # the file's own label of the outcome and each determinant (Stata/SPSS), for prose
        "variable_labels": {
            c: variable_labels[c] for c in [outcome, *predictors] if c in variable_labels
        },  # fmt: skip
        "data": Path(os.fspath(path)).name,
        "data_sha256": file_sha256(path),
    }
    model = FittedModel(
        specification=spec,
        coefficients=tuple(res.coefficients()),
        levels=levels,
        means=dict(zip(res.feature_names, res.means, strict=True)),
        design={
            "records": res.records,
            "records_read": data.records_read,
            "records_in_design": len(in_fit),
            "records_dropped": data.records_dropped,
            "dropped_missing": data.dropped_missing,
            "strata": res.n_strata,
            "psus": res.n_psu,
            "degrees_of_freedom": res.df_design,
            "residual_degrees_of_freedom": res.df_resid,
            "sum_weights": res.sum_weights,
            "lonely_psu": lonely_psu,
            "lonely_strata": list(res.lonely_strata),
            "variance": res.variance,
        },
        fit={
            "converged": res.converged,
            "iterations": res.iterations,
            "deviance": res.deviance,
            "null_deviance": res.null_deviance,
            "pseudo_r2": res.pseudo_r2,
            "auc": res.auc,
            "dispersion": res.dispersion,
            "weighted_rate": res.weighted_rate,
            "seconds": round(time.perf_counter() - t0, 3),
        },
        software=_software(),
        covariance=tuple(tuple(float(v) for v in row) for row in res.cov_params),
        wald_tests=res.wald_tests(det, predictors),
    )
    report("done", 6, 6)
    if bar is not None:
        bar.close()
    return model


__all__ = [
    "CollinearityError",
    "SampleDesign",
    "SeparationError",
    "SurveyLogit",
    "SurveyLogitResults",
    "fit_file",
    "weighted_auc",
]
