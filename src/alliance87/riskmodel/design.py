"""The sample design: strata, primary sampling units (PSUs) and the sandwich variance.

This module turns the strata and PSU columns into integer codes and computes the
with-replacement (ultimate cluster) Taylor-linearisation variance of a total of influence
functions, exactly as R ``survey``'s ``svyrecvar`` does for a one-stage design
``svydesign(ids = ~psu, strata = ~strata, weights = ~w)`` without finite population
correction (R's ``onestage``/``onestrat``):

    V = sum over strata h of  n_h / (n_h - 1) * sum over PSUs j in h of (z_hj - zbar_h)(z_hj - zbar_h)'

where z_hj is the total of the influence functions over the records of PSU j, zbar_h the mean
of those totals in stratum h and n_h the number of PSUs in stratum h (Binder 1983; Lumley
2010, section 2.2 and appendix C). Strata with a single PSU ("lonely" PSUs) follow
``options(survey.lonely.psu)``: see :data:`LONELY_PSU` and docs/riskmodel-estimation.md.

Everything is vectorised with ``np.bincount`` over PSU codes: no loop over records.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .errors import RiskModelError

#: The lonely-PSU rules of R's ``options(survey.lonely.psu = ...)``.
LONELY_PSU = ("fail", "remove", "certainty", "adjust", "average")


@dataclass(frozen=True)
class SampleDesign:
    """Integer codes of strata and PSUs for each record, and their counts.

    ``psu_code[i]`` numbers the PSU of record ``i`` (0..n_psu-1, unique across strata);
    ``psu_stratum[g]`` is the stratum code of PSU ``g``; ``psus_in_stratum[h]`` counts the
    PSUs of stratum ``h``; ``stratum_labels`` keeps the original stratum values as text.
    """

    psu_code: np.ndarray
    psu_stratum: np.ndarray
    psus_in_stratum: np.ndarray
    stratum_labels: np.ndarray
    has_strata: bool
    has_psu: bool

    @property
    def n_psu(self) -> int:
        """Number of PSUs (every record is its own PSU when no PSU column is given)."""
        return int(self.psu_stratum.shape[0])

    @property
    def n_strata(self) -> int:
        """Number of strata (one when no strata column is given)."""
        return int(self.psus_in_stratum.shape[0])

    @property
    def degrees_of_freedom(self) -> int:
        """R's ``degf``: number of PSUs minus number of strata."""
        return self.n_psu - self.n_strata

    @property
    def lonely_strata(self) -> list[str]:
        """Strata with a single PSU, as text."""
        return [_label(s) for s in self.stratum_labels[self.psus_in_stratum == 1]]


def _codes(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes 0..k-1 and the sorted distinct values."""
    values = np.asarray(values)
    if values.dtype == object:
        values = values.astype(str)
    uniq, inverse = np.unique(values, return_inverse=True)
    return inverse.astype(np.intp).reshape(-1), uniq


def _label(value: object) -> str:
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))
    return str(value)


def build_design(
    n: int,
    *,
    strata: np.ndarray | None = None,
    psu: np.ndarray | None = None,
    nest: bool = False,
    strata_name: str = "strata",
    psu_name: str = "psu",
) -> SampleDesign:
    """Code the strata and PSUs of ``n`` records.

    Without ``psu`` every record is its own PSU; without ``strata`` there is one stratum.
    A PSU identifier that appears in two strata is an error unless ``nest=True`` (then PSU
    identifiers are read within their stratum, as R's ``svydesign(nest = TRUE)``).
    """
    if strata is not None:
        s_code, s_labels = _codes(strata)
        if len(s_code) != n:
            raise RiskModelError(
                f"column '{strata_name}' has {len(s_code)} values, expected {n}", column=strata_name
            )
    else:
        s_code, s_labels = np.zeros(n, dtype=np.intp), np.array(["(all)"])
    if psu is None:
        p_code = np.arange(n, dtype=np.intp)
        psu_stratum = s_code.copy()
    else:
        raw_code, _ = _codes(psu)
        if len(raw_code) != n:
            raise RiskModelError(
                f"column '{psu_name}' has {len(raw_code)} values, expected {n}", column=psu_name
            )
        n_strata = len(s_labels)
        pair = raw_code.astype(np.int64) * n_strata + s_code
        uniq_pairs, p_code = np.unique(pair, return_inverse=True)
        psu_stratum = (uniq_pairs % n_strata).astype(np.intp)
        if not nest and strata is not None:
            raw_of_pair = uniq_pairs // n_strata
            counts = np.bincount(raw_of_pair)
            if (counts > 1).any():
                bad = int(np.flatnonzero(counts > 1)[0])
                _, raw_labels = _codes(psu)
                in_strata = s_labels[psu_stratum[raw_of_pair == bad]]
                raise RiskModelError(
                    f"PSU '{_label(raw_labels[bad])}' (column '{psu_name}') appears in more than one "
                    f"stratum ({', '.join(map(_label, in_strata[:4]))}); PSUs are not nested in "
                    f"strata. If PSU codes restart in each stratum, use nest=True (--nest)",
                    column=psu_name,
                )
        p_code = p_code.astype(np.intp).reshape(-1)
    psus_in_stratum = np.bincount(psu_stratum, minlength=len(s_labels))
    return SampleDesign(
        psu_code=p_code,
        psu_stratum=psu_stratum,
        psus_in_stratum=psus_in_stratum,
        stratum_labels=s_labels,
        has_strata=strata is not None,
        has_psu=psu is not None,
    )


def psu_totals(design: SampleDesign, values: np.ndarray) -> np.ndarray:
    """Totals of each column of ``values`` (n x p) over the records of each PSU."""
    values = np.asarray(values, dtype=np.float64)
    if not design.has_psu:
        return values  # every record is its own PSU, numbered in record order
    code = design.psu_code
    if code.size and np.all(code[1:] >= code[:-1]):
        # records grouped by PSU (the usual order of survey files): one pass, no copy
        starts = np.flatnonzero(np.r_[True, code[1:] != code[:-1]])
        return np.add.reduceat(values, starts, axis=0)
    out = np.empty((design.n_psu, values.shape[1]))
    for j in range(values.shape[1]):  # a loop over columns (contiguous when column-major)
        out[:, j] = np.bincount(code, weights=values[:, j], minlength=design.n_psu)
    return out


def total_variance(
    design: SampleDesign, influence: np.ndarray, *, lonely_psu: str = "fail"
) -> np.ndarray:
    """With-replacement variance of the total of ``influence`` (n x p), as R ``svyrecvar``.

    Lonely PSUs (a stratum with one PSU), per R's ``survey.lonely.psu``:

    * ``"fail"``: RiskModelError naming the stratum;
    * ``"remove"`` and ``"certainty"``: the stratum contributes nothing;
    * ``"adjust"``: the PSU total is centred at zero instead of at its stratum mean (for
      estimating functions the population mean; R's ``onestrat`` does not centre it);
    * ``"average"``: the sum over the other strata is multiplied by
      (number of strata) / (number of strata with two or more PSUs).
    """
    if lonely_psu not in LONELY_PSU:
        raise RiskModelError(
            f"lonely_psu must be one of {', '.join(LONELY_PSU)}, not {lonely_psu!r}"
        )
    z = psu_totals(design, influence)
    n_h = design.psus_in_stratum
    h = design.psu_stratum
    lonely = n_h == 1
    if lonely.any() and lonely_psu == "fail":
        names = design.lonely_strata
        raise RiskModelError(
            f"stratum '{names[0]}' has only one PSU"
            + (f" (and {len(names) - 1} more strata)" if len(names) > 1 else "")
            + "; its variance cannot be estimated. Choose a lonely-PSU rule "
            "(--lonely-psu remove, certainty, adjust or average) or merge strata"
        )
    p = z.shape[1]
    sums = np.empty((len(n_h), p))
    for j in range(p):
        sums[:, j] = np.bincount(h, weights=z[:, j], minlength=len(n_h))
    means = sums / n_h[:, None]
    dev = z - means[h]
    scale = np.where(n_h > 1, n_h / np.maximum(n_h - 1, 1), 1.0)[h]
    lonely_psu_mask = lonely[h]
    if lonely_psu in ("remove", "certainty", "average"):
        scale = np.where(lonely_psu_mask, 0.0, scale)
    elif lonely_psu == "adjust":
        dev = np.where(lonely_psu_mask[:, None], z, dev)
    weighted = dev * np.sqrt(scale)[:, None]
    v = weighted.T @ weighted
    if lonely_psu == "average" and lonely.any():
        ok = int((~lonely).sum())
        v = v * (len(n_h) / ok) if ok else np.full_like(v, np.nan)
    return v
