"""The estimator's input checks: each names the column (and the record) at fault.

In memory (:func:`check_outcome`, :func:`check_weights`, :func:`check_columns`), on the
fitted values (:func:`check_separation`, :func:`name_divergence`), and on a data file
as it is read into memory (:func:`record_checks`, evaluated in the scan that reads it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from .errors import RiskModelError
from .model import INTERCEPT


class SeparationError(RiskModelError):
    """The outcome is perfectly predicted by a predictor: its estimate would be infinite."""


class CollinearityError(RiskModelError):
    """Predictors are constant or perfectly collinear: their effects cannot be told apart."""


def check_outcome(y: Any, n: int, name: str) -> np.ndarray:
    y = np.asarray(y)
    if y.shape != (n,):
        raise RiskModelError(f"outcome '{name}' has {y.size} values for {n} records", column=name)
    try:
        yf = y.astype(np.float64)
    except (TypeError, ValueError):
        raise RiskModelError(f"outcome '{name}' must be coded 0 or 1", column=name) from None
    bad = ~np.isin(yf, (0.0, 1.0))
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise RiskModelError(
            f"outcome '{name}' must be 0 or 1, but record {row + 1} has {y[row]!r}",
            column=name,
            row=row,
        )
    if yf.min() == yf.max():
        raise RiskModelError(
            f"outcome '{name}' is {int(yf[0])} for every record: there is nothing to model",
            column=name,
        )
    return yf


def check_weights(weights: Any, n: int, name: str) -> np.ndarray:
    if weights is None:
        return np.ones(n)
    w = np.asarray(weights, dtype=np.float64)
    if w.shape != (n,):
        raise RiskModelError(f"weight '{name}' has {w.size} values for {n} records", column=name)
    bad = ~np.isfinite(w)
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise RiskModelError(
            f"weight '{name}' is missing for record {row + 1}; every record "
            "needs a sampling weight",
            column=name,
            row=row,
        )
    bad = w <= 0
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise RiskModelError(
            f"weight '{name}' must be positive, but record {row + 1} has {w[row]:g}",
            column=name,
            row=row,
        )
    return w


def check_columns(
    X: np.ndarray, names: list[str], det: dict[str, str], lo: np.ndarray, hi: np.ndarray
) -> None:
    """Constant and perfectly collinear design columns, named (``lo``/``hi``: column ranges)."""
    for j, name in enumerate(names):
        if name == INTERCEPT:
            continue
        if lo[j] == hi[j]:
            d = det.get(name, name)
            what = (
                f"the level '{name[len(d) + 1 : -1]}' of '{d}' is in every record"
                if d != name
                else f"predictor '{name}' is constant (every record has {lo[j]:g})"
            )
            raise CollinearityError(
                f"{what}: its effect cannot be estimated; leave it out", column=d
            )
    norms = np.sqrt(np.einsum("ij,ij->j", X, X))
    norms[norms == 0] = 1.0
    gram = (X.T @ X) / np.outer(norms, norms)
    eig = np.linalg.eigvalsh(gram)
    if eig[0] > 1e-9 * eig[-1]:
        return  # well conditioned: singular values of the scaled X differ by < ~3e4
    # near or exactly singular: decide with a pivoted QR, as R's glm (tolerance 1e-7)
    from scipy import linalg  # imported only here: it costs a quarter of a second

    r, piv = linalg.qr(X / norms, mode="r", pivoting=True, check_finite=False)
    d = np.abs(np.diag(r))
    rank = int((d > 1e-7 * d[0]).sum()) if d.size else 0
    if rank == X.shape[1]:
        return
    k = rank
    j = int(piv[k])
    # the dropped column as a combination of the kept ones: R11 c = R12
    c = linalg.solve_triangular(r[:rank, :rank], r[:rank, k], check_finite=False)
    involved = [names[int(piv[i])] for i in range(rank) if abs(c[i]) > 1e-6]
    cols = [det.get(t, t) for t in [names[j], *involved] if t != INTERCEPT]
    unique = list(dict.fromkeys(cols))
    terms = ", ".join(f"'{t}'" for t in [names[j], *involved])
    raise CollinearityError(
        f"predictors {', '.join(repr(c) for c in unique)} are perfectly collinear "
        f"(the design columns {terms} are linearly dependent): leave one of them out",
        column=unique[0] if unique else names[j],
    )


def check_separation(
    X: np.ndarray,
    y: np.ndarray,
    names: list[str],
    det: dict[str, str],
    outcome: str,
    lo: np.ndarray,
    hi: np.ndarray,
) -> None:
    """Complete or quasi-complete separation by a single design column, named."""
    pos = y == 1
    n_pos = int(pos.sum())
    p = X.shape[1]
    cand = np.flatnonzero((lo == 0) & (hi == 1))
    binary = np.zeros(p, dtype=bool)
    if cand.size:
        sub = X[:, cand]
        binary[cand] = ((sub == 0) | (sub == 1)).all(axis=0)
    xp = X[pos]
    ones = np.ones(X.shape[0]) @ X
    ones_pos = np.ones(xp.shape[0]) @ xp
    lo1, hi1 = xp.min(axis=0), xp.max(axis=0)
    lo0, hi0 = lo.copy(), hi.copy()
    cont = np.flatnonzero(~binary)
    if cont.size:
        xn = X[np.ix_(~pos, cont)]
        lo0[cont], hi0[cont] = xn.min(axis=0), xn.max(axis=0)
    n = len(y)
    for j, name in enumerate(names):
        if name == INTERCEPT:
            continue
        d = det.get(name, name)
        if binary[j]:
            sides = ((1.0, ones[j], ones_pos[j]), (0.0, n - ones[j], n_pos - ones_pos[j]))
            for value, count, count_pos in sides:
                if count and count_pos in (0, count):
                    level = (
                        f"records with {name}" if d != name else f"records with {name} = {value:g}"
                    )
                    if d != name and value == 0.0:
                        level = f"records without {name}"
                    raise SeparationError(
                        f"separation: every one of the {int(count)} {level} has {outcome} = "
                        f"{int(count_pos > 0)}, so the effect of '{d}' would be infinite; "
                        "merge the level with another, or leave the predictor out",
                        column=d,
                    )
            continue
        if hi0[j] <= lo1[j] or hi1[j] <= lo0[j]:
            above = hi0[j] <= lo1[j]
            kind = "complete" if (hi0[j] < lo1[j] or hi1[j] < lo0[j]) else "quasi-complete"
            raise SeparationError(
                f"{kind} separation: '{d}' alone predicts {outcome} (every record with "
                f"{outcome} = 1 has {d} {'≥' if above else '≤'} "
                f"{lo1[j] if above else hi1[j]:g}), so its effect would be infinite; "
                "leave it out or group its values",
                column=d,
            )


def is_diverging(mu: np.ndarray) -> bool:
    return bool(((mu < 1e-10) | (mu > 1 - 1e-10)).any())


def name_divergence(X, beta, names, det, outcome, converged) -> None:
    scale = X.std(axis=0)
    effect = np.abs(beta) * np.where(scale > 0, scale, 0.0)
    j = int(np.argmax(effect))
    d = det.get(names[j], names[j])
    why = "did not converge" if not converged else "gives fitted probabilities of 0 or 1"
    raise SeparationError(
        f"the model {why}: the predictors separate {outcome} = 1 from {outcome} = 0 "
        f"(quasi-complete separation), most of all through '{d}'; merge levels or leave "
        "predictors out",
        column=d,
    )


def sql_row_check(ds, sql_condition: str, column: str | None = None) -> tuple[int, Any]:
    """1-based position (in the filtered data) of the first record meeting a condition,
    and the value of ``column`` there."""
    from .io import quote_identifier

    value = quote_identifier(column) if column else "NULL"
    row = ds.con.execute(
        f"SELECT r, v FROM (SELECT row_number() OVER () AS r, {value} AS v, "  # noqa: S608
        f"({sql_condition}) AS bad FROM {quote_identifier(ds.view)}) WHERE bad "
        "ORDER BY r LIMIT 1"
    ).fetchone()
    return int(row[0]), row[1]


def record_checks(
    ds, *, outcome: str, weight: str | None, strata: str | None, psu: str | None
) -> list[tuple[str, Callable[[], None]]]:
    """Missing or non-positive weights, missing strata or PSUs, an outcome other than 0/1:
    ``(condition, fail)`` pairs, an SQL condition that a record at fault meets and the
    function raising the error that names the first such record (it is looked up only
    then), for :meth:`.io.Dataset.read_arrays` to evaluate in its scan of the data. A
    weight column that is not numeric is an error at once.
    """
    from .io import quote_identifier

    checks: list[tuple[str, str, Callable[[int, Any], RiskModelError]]] = []
    for col, label in ((weight, "weight"), (strata, "stratum"), (psu, "PSU")):
        if col is None:
            continue
        q = quote_identifier(col)
        cond = (
            f"({q} IS NULL OR NOT isfinite({q}))"
            if ds.dtypes[col].upper().startswith(("DOUBLE", "FLOAT", "REAL"))
            else f"{q} IS NULL"
        )
        checks.append(
            (
                cond,
                col,
                lambda r, v, col=col, label=label: RiskModelError(
                    f"the {label} column '{col}' is missing for record {r} of the data (after the "
                    "filter); every record needs one",
                    column=col,
                    row=r - 1,
                    code=f"{label.lower()}_missing",  # weight_missing, stratum_missing...
                    params={"column": col, "row": r},
                ),
            )
        )
    if weight is not None:
        if not ds.is_numeric(weight):
            raise RiskModelError(f"the weight column '{weight}' must be numeric", column=weight)
        checks.append(
            (
                f"{quote_identifier(weight)} <= 0",
                weight,
                lambda r, v: RiskModelError(
                    f"weight '{weight}' must be positive, but record {r} of the data (after the "
                    f"filter) has {v!r}",
                    column=weight,
                    row=r - 1,
                    code="weight_not_positive",
                    params={"column": weight, "row": r, "value": repr(v)},
                ),
            )
        )
    qo = quote_identifier(outcome)
    cond = (
        f"{qo} IS NOT NULL AND NOT (CAST({qo} AS DOUBLE) IN (0, 1))"
        if ds.is_numeric(outcome)
        else f"{qo} IS NOT NULL AND TRIM(CAST({qo} AS VARCHAR)) NOT IN ('0', '1', '')"
    )
    checks.append(
        (
            cond,
            outcome,
            lambda r, v: RiskModelError(
                f"outcome '{outcome}' must be 0 or 1, but record {r} of the data (after the filter) "
                f"has {v!r}",
                column=outcome,
                row=r - 1,
                code="outcome_not_binary",
                params={"column": outcome, "row": r, "value": repr(v)},
            ),
        )
    )

    def fail(cond: str, col: str, error: Callable[[int, Any], RiskModelError]) -> None:
        row, value = sql_row_check(ds, cond, col)
        raise error(row, value)

    return [
        (cond, lambda cond=cond, col=col, error=error: fail(cond, col, error))
        for cond, col, error in checks
    ]


def check_records(
    ds, *, outcome: str, weight: str | None, strata: str | None, psu: str | None
) -> None:
    """:func:`record_checks` on their own, in one SQL scan of the data."""
    from .io import quote_identifier

    checks = record_checks(ds, outcome=outcome, weight=weight, strata=strata, psu=psu)
    select = ", ".join(f"coalesce(bool_or({c}), false)" for c, _ in checks)
    flags = ds.con.execute(f"SELECT {select} FROM {quote_identifier(ds.view)}").fetchone()  # noqa: S608
    for (_, fail), flag in zip(checks, flags, strict=True):
        if flag:
            fail()
