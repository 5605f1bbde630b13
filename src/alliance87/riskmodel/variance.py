"""Design-based variances beyond one stage with replacement: R ``survey``'s ``svyrecvar``
for multistage designs with finite population corrections (FPC), domains, calibrated and
post-stratified weights, and ``svrVar`` for replicate weights.

Taylor linearisation (:class:`Multistage`, :func:`multistage_variance`), as ``svyrecvar``
(Lumley 2010, appendix C). For stage s, a *group* is a stratum within one unit of stage s-1
(at stage 1, a stratum); n_g is the number of units the design sampled in group g and N_g
the number in the population (the FPC; infinite without one). The variance of a total of
influence functions is

    V = sum over stages s, groups g:  a_g (1 - n_g/N_g) n_g/(n_g - 1) sum_j (z_j - zbar_g)(z_j - zbar_g)'

where z_j totals the influence functions over the records of unit j, zbar_g = (sum of z_j
in g) / n_g, and a_g is the product of the sampling fractions n/N of the groups above g
(1 at stage 1). Stages after the first count only when FPCs are given (without them, the
first stage's with-replacement variance is the ultimate-cluster variance, as in R).

Domains: the design is built on every record the filter read; records left out of the fit
(missing outcome or determinant) have influence zero, so a unit none of whose records is in
the fit still counts in n_g and in the mean zbar_g. That is R's behaviour for
``subset(design, ...)`` and for ``svyglm``'s handling of missing values: the design's
sample sizes are kept.

Calibration (:class:`Calibration`): linear calibration (R's ``calibrate(..., calfun =
"linear")`` without bounds) and post-stratification (R's ``postStratify``, the same
calibration on the post-strata's indicators). Weights become w g with
g = 1 + x'(X'WX)^-1 (T - X'w), and the influence functions are replaced by their residuals
from the weighted regression on the calibration variables before the stage sums (R's
``qr.resid`` in ``svyrecvar``).

Replicate weights (:func:`replicate_variance`): V = scale sum_r rscale_r (b_r - bbar)(b_r - bbar)'
with bbar the mean of the replicate estimates (or the full-sample estimate when ``mse``),
and the scale factors of R's ``svrepdesign`` (:func:`replicate_factors`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .design import LONELY_PSU, SampleDesign, _codes, _label, build_design, psu_totals
from .errors import RiskModelError

#: Replicate-weight types, as R's ``svrepdesign(type = ...)``.
REPLICATE_TYPES = ("JK1", "JKn", "BRR", "Fay", "bootstrap", "other")


# ------------------------------------------------------------------------------ stages
@dataclass(frozen=True)
class Stage:
    """One sampling stage: ``unit[i]`` codes record i's unit (0..units-1); ``group[j]``
    codes unit j's group; per group: ``sampled`` (n_g), ``population`` (N_g, inf without
    an FPC), ``above`` (a_g, the product of the sampling fractions above), ``parent`` (the
    unit of the stage above, 0 at stage 1) and ``label`` (for messages)."""

    unit: np.ndarray
    group: np.ndarray
    sampled: np.ndarray
    population: np.ndarray
    above: np.ndarray
    parent: np.ndarray
    label: list[str]


@dataclass(frozen=True)
class Multistage:
    """The stages of a design over every record the filter read (see the module)."""

    first: SampleDesign
    stages: tuple[Stage, ...]
    has_fpc: bool


def _fpc_per_group(values, unit_group, record_unit, sampled, name: str) -> np.ndarray:
    """N_g from an FPC column: population sizes, or sampling fractions when all are <= 1."""
    v = np.asarray(values, dtype=np.float64)
    if not np.all(np.isfinite(v)) or np.any(v <= 0):
        raise RiskModelError(
            f"column '{name}' (a finite population correction) must hold positive numbers",
            column=name,
        )
    g = unit_group[record_unit]
    first = np.full(len(sampled), np.nan)
    first[g[::-1]] = v[::-1]  # one value per group (the first record's)
    if np.any(np.abs(v - first[g]) > 1e-9 * np.abs(first[g])):
        raise RiskModelError(
            f"column '{name}' (a finite population correction) varies within a stratum; "
            "it must be the same for every record of a stratum at its stage",
            column=name,
        )
    pop = sampled / first if np.all(v <= 1) else first
    if np.any(pop < sampled - 1e-9):
        raise RiskModelError(
            f"column '{name}' implies more units sampled than the population holds",
            column=name,
        )
    return pop


def build_multistage(
    n: int,
    *,
    strata: np.ndarray | None,
    ids: Sequence[np.ndarray],
    fpc: Sequence[np.ndarray] = (),
    nest: bool = False,
    strata_name: str = "strata",
    id_names: Sequence[str] = (),
    fpc_names: Sequence[str] = (),
) -> Multistage:
    """The stages of ``n`` records. ``ids`` holds one column per stage (empty: every record
    is a unit); ``strata`` stratifies the first stage; ``fpc`` one column per stage, or none.
    Units of a later stage are read within their unit of the stage above."""
    id_names = list(id_names) or [f"psu{k + 1}" for k in range(len(ids))]
    fpc_names = list(fpc_names) or [f"fpc{k + 1}" for k in range(len(fpc))]
    if fpc and len(fpc) != max(len(ids), 1):
        raise RiskModelError(
            f"give one finite population correction per stage: {max(len(ids), 1)} "
            f"stage(s), {len(fpc)} FPC column(s)"
        )
    first = build_design(
        n,
        strata=strata,
        psu=ids[0] if ids else None,
        nest=nest,
        strata_name=strata_name,
        psu_name=id_names[0] if ids else "psu",
    )
    sampled = first.psus_in_stratum.astype(np.float64)
    pop = (
        _fpc_per_group(fpc[0], first.psu_stratum, first.psu_code, sampled, fpc_names[0])
        if fpc
        else np.full(len(sampled), np.inf)
    )
    stage = Stage(
        unit=first.psu_code,
        group=first.psu_stratum,
        sampled=sampled,
        population=pop,
        above=np.ones(len(sampled)),
        parent=np.zeros(len(sampled), dtype=np.intp),
        label=[_label(s) for s in first.stratum_labels],
    )
    stages = [stage]
    for k in range(1, len(ids) if fpc else 1):
        prev = stages[-1]
        raw, _ = _codes(ids[k])
        pair = prev.unit.astype(np.int64) * (int(raw.max()) + 1) + raw
        uniq, unit = np.unique(pair, return_inverse=True)
        unit = unit.astype(np.intp).reshape(-1)
        # a group is a unit of the stage above (no strata below the first stage)
        parent_of_unit = np.zeros(len(uniq), dtype=np.intp)
        parent_of_unit[unit] = prev.unit
        groups_of_parent, group = np.unique(parent_of_unit, return_inverse=True)
        group = group.astype(np.intp).reshape(-1)
        sampled_k = np.bincount(group).astype(np.float64)
        pop_k = _fpc_per_group(fpc[k], group, unit, sampled_k, fpc_names[k])
        pg = prev.group[groups_of_parent]  # the parent's group at the stage above
        # name each group by its unit above, as read (the first record of each unit)
        _, first_record = np.unique(prev.unit, return_index=True)
        read = np.asarray(ids[k - 1])[first_record]
        prefix = [prev.label[g] + "/" if k > 1 else "" for g in prev.group[prev.unit[first_record]]]
        raw_above = [f"{a}{_label(v)}" for a, v in zip(prefix, read, strict=True)]
        above = prev.above[pg] * prev.sampled[pg] / prev.population[pg]
        stages.append(
            Stage(
                unit=unit,
                group=group,
                sampled=sampled_k,
                population=pop_k,
                above=above,
                parent=groups_of_parent.astype(np.intp),
                label=[f"{id_names[k - 1]} {raw_above[u]}" for u in groups_of_parent.tolist()],
            )
        )
    return Multistage(first=first, stages=tuple(stages), has_fpc=bool(fpc))


def multistage_variance(
    design: Multistage,
    influence: np.ndarray,
    *,
    in_fit: np.ndarray,
    lonely_psu: str = "fail",
) -> np.ndarray:
    """The variance of the total of ``influence`` (records x p, zero outside the fit) over
    every stage of ``design``, as R's ``svyrecvar``; ``in_fit`` marks the fitted records
    (a stratum none of whose records is fitted does not count, as in R)."""
    if lonely_psu not in LONELY_PSU:
        raise RiskModelError(
            f"lonely_psu must be one of {', '.join(LONELY_PSU)}, not {lonely_psu!r}"
        )
    x = np.asarray(influence, dtype=np.float64)
    p = x.shape[1]
    v = np.zeros((p, p))
    for s, st in enumerate(design.stages, start=1):
        n_units, n_groups = len(st.group), len(st.sampled)
        if s == 1:  # records grouped by PSU: one pass (design.psu_totals)
            z = psu_totals(design.first, x)
        else:
            z = np.empty((n_units, p))
            for j in range(p):
                z[:, j] = np.bincount(st.unit, weights=x[:, j], minlength=n_units)
        present = (
            np.bincount(st.group[st.unit], weights=in_fit.astype(np.float64), minlength=n_groups)
            > 0
        )
        sums = np.empty((n_groups, p))
        for j in range(p):
            sums[:, j] = np.bincount(st.group, weights=z[:, j], minlength=n_groups)
        n_g = st.sampled
        with np.errstate(divide="ignore", invalid="ignore"):
            f = np.where(np.isinf(st.population), 1.0, (st.population - n_g) / st.population)
        lonely = (n_g == 1) & present & (f >= 1e-7)
        if lonely.any() and lonely_psu == "fail":
            names = [st.label[i] for i in np.flatnonzero(lonely)]
            where = "stratum" if s == 1 else "unit"
            raise RiskModelError(
                f"{where} '{names[0]}' has only one PSU"
                + (f" at stage {s}" if s > 1 else "")
                + (f" (and {len(names) - 1} more strata)" if len(names) > 1 else "")
                + "; its variance cannot be estimated. Choose a lonely-PSU rule "
                "(--lonely-psu remove, certainty, adjust or average) or merge strata"
            )
        dev = z - (sums / n_g[:, None])[st.group]
        scale = np.where(n_g > 1, f * n_g / np.maximum(n_g - 1, 1), f)
        scale = np.where(f < 1e-7, 0.0, scale) * st.above
        if lonely_psu == "adjust":
            dev = np.where(lonely[st.group][:, None], z, dev)
        elif lonely_psu == "average" and lonely.any():
            # within each unit above: strata present / strata with two or more PSUs
            n_par = np.bincount(st.parent, weights=present, minlength=st.parent.max() + 1)
            ok = n_par - np.bincount(st.parent, weights=lonely, minlength=len(n_par))
            empty = (ok == 0) & (n_par > 0)
            if empty.any():  # R: 0 x (strata) / 0, a NaN variance
                name = st.label[int(np.flatnonzero(lonely & empty[st.parent])[0])]
                raise RiskModelError(
                    f"lonely-PSU rule 'average' at stage {s}: '{name}' has no stratum with two "
                    "or more PSUs to average over (R gives a NaN variance); choose another rule"
                )
            with np.errstate(divide="ignore", invalid="ignore"):
                factor = np.where(ok > 0, n_par / ok, np.nan)[st.parent]
            scale = np.where(lonely, 0.0, scale * factor)
        else:
            scale = np.where(lonely, 0.0, scale)
        w = dev * np.sqrt(scale)[st.group][:, None]
        v += w.T @ w
    return v


def degrees_of_freedom(design: Multistage, in_fit: np.ndarray) -> int:
    """R's ``degf``: first-stage units with a fitted record, minus strata with one."""
    first = design.first
    units = (
        np.bincount(first.psu_code, weights=in_fit.astype(np.float64), minlength=first.n_psu) > 0
    )
    strata = np.bincount(first.psu_stratum[units], minlength=first.n_strata) > 0
    return int(units.sum() - strata.sum())


# ------------------------------------------------------------------------------ calibration
@dataclass(frozen=True)
class Calibration:
    """Linear calibration of base weights ``w0`` on the columns ``X`` (records x q): the
    factors ``g`` and what the residuals need."""

    X: np.ndarray
    w0: np.ndarray
    g: np.ndarray
    names: tuple[str, ...]

    @property
    def weights(self) -> np.ndarray:
        """The calibrated weights w0 g."""
        return self.w0 * self.g

    def residuals(self, influence: np.ndarray) -> np.ndarray:
        """The influence functions' residuals from the calibration regression (R's
        ``qr.resid(qr(X sqrt(w0)), x / (g sqrt(w0))) g sqrt(w0)``)."""
        xw = self.X * self.w0[:, None]
        b = np.linalg.solve(self.X.T @ xw, self.X.T @ (influence / self.g[:, None]))
        return influence - (self.g * self.w0)[:, None] * (self.X @ b)


def calibrate(
    X: np.ndarray, w0: np.ndarray, totals: np.ndarray, names: Sequence[str]
) -> Calibration:
    """Linear calibration of ``w0`` so that the weighted totals of ``X`` equal ``totals``."""
    X = np.asarray(X, dtype=np.float64)
    totals = np.asarray(totals, dtype=np.float64)
    m = X.T @ (X * w0[:, None])
    try:
        lam = np.linalg.solve(m, totals - X.T @ w0)
    except np.linalg.LinAlgError:
        raise RiskModelError(
            f"the calibration variables ({', '.join(names)}) are collinear in the sample"
        ) from None
    g = 1.0 + X @ lam
    if np.any(w0 * g <= 0):
        raise RiskModelError(
            "linear calibration to these totals gives zero or negative weights "
            f"({int(np.sum(w0 * g <= 0))} records): check the totals"
        )
    return Calibration(X=X, w0=w0, g=g, names=tuple(names))


def poststratify(
    values: np.ndarray, w0: np.ndarray, population: dict[str, float], name: str
) -> Calibration:
    """R's ``postStratify``: weights scaled so that each post-stratum's weights add up to
    its population count (``population`` maps a post-stratum, as text, to its count)."""
    text = np.asarray([_label(v) for v in values], dtype=object)
    levels = sorted({str(t) for t in text})
    pop = {str(k): float(v) for k, v in population.items()}
    absent = [lv for lv in levels if lv not in pop]
    if absent:
        raise RiskModelError(
            f"post-stratum '{absent[0]}' of column '{name}' has no population count",
            column=name,
        )
    empty = [k for k in pop if k not in levels and pop[k] > 0]
    if empty:
        raise RiskModelError(
            f"post-stratum '{empty[0]}' has a population count but no record in the sample "
            f"(column '{name}')",
            column=name,
        )
    X = np.column_stack([text == lv for lv in levels]).astype(np.float64)
    return calibrate(
        X, w0, np.array([pop[lv] for lv in levels]), [f"{name}[{lv}]" for lv in levels]
    )


# ------------------------------------------------------------------------------ replicates
def replicate_factors(
    kind: str,
    replicates: int,
    *,
    scale: float | None = None,
    rscales: Sequence[float] | None = None,
    rho: float | None = None,
    weights: np.ndarray | None = None,
    replicate_weights: np.ndarray | None = None,
) -> tuple[float, np.ndarray]:
    """``(scale, rscales)`` as R's ``svrepdesign`` sets them for ``kind``.

    JK1: (R - 1)/R; BRR: 1/R; Fay: 1/(R (1 - rho)^2); bootstrap: 1/(R - 1); JKn: scale 1
    and each replicate's (n_h - 1)/n_h, which R needs given for combined weights; when not
    given it is read from the weights (a JKn replicate multiplies the kept PSUs of its
    stratum by n_h/(n_h - 1)). ``other``: scale and rscales as given (default 1).
    """
    if kind not in REPLICATE_TYPES:
        raise RiskModelError(
            f"unknown replicate type {kind!r}; use one of {', '.join(REPLICATE_TYPES)}"
        )
    if replicates < 2:
        raise RiskModelError("replicate weights need at least two replicate columns")
    r = np.ones(replicates) if rscales is None else np.asarray(rscales, dtype=np.float64)
    if r.shape == (1,):
        r = np.full(replicates, float(r[0]))
    if r.shape != (replicates,):
        raise RiskModelError(f"{len(r)} rscales for {replicates} replicate columns")
    if kind == "Fay":
        if rho is None or not 0 <= rho < 1:
            raise RiskModelError("Fay replicates need Fay's rho, between 0 and 1 (--fay-rho)")
        return 1.0 / (replicates * (1 - rho) ** 2), r
    if kind == "BRR":
        return 1.0 / replicates, r
    if kind == "JK1":
        return (replicates - 1) / replicates if scale is None else float(scale), r
    if kind == "bootstrap":
        return 1.0 / (replicates - 1) if scale is None else float(scale), r
    if kind == "JKn" and rscales is None:
        if weights is None or replicate_weights is None:
            raise RiskModelError("JKn replicates need their rscales, (n_h - 1)/n_h")
        pos = weights > 0
        ratio = replicate_weights[pos] / weights[pos, None]
        r = 1.0 / ratio.max(axis=0)
    return 1.0 if scale is None else float(scale), r


def replicate_variance(
    estimates: np.ndarray, full: np.ndarray, scale: float, rscales: np.ndarray, mse: bool
) -> np.ndarray:
    """R's ``svrVar``: ``estimates`` is replicates x p."""
    centre = full if mse else estimates[rscales > 0].mean(axis=0)
    d = (estimates - centre) * np.sqrt(rscales)[:, None]
    return scale * (d.T @ d)


def replicate_degrees_of_freedom(replicate_weights: np.ndarray) -> int:
    """R's ``degf`` of a replicate design: the rank of the replicate weights minus one."""
    m = np.asarray(replicate_weights, dtype=np.float64)
    s = np.linalg.svd(m / np.maximum(np.abs(m).max(axis=0), 1e-300), compute_uv=False)
    return int(np.sum(s > 1e-5 * s[0])) - 1
