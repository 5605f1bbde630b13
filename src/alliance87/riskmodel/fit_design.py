"""The design options of :func:`.fit.fit_file`: stages, FPCs, calibration, replicates.

:class:`DesignOptions` gathers what a survey file's documentation says about its design
(docs/riskmodel-estimation.md, "Designs"): the PSU column of each stage, the finite
population correction of each stage, post-stratification or linear calibration totals,
or replicate weights with their type and factors. :meth:`DesignOptions.columns` lists the
columns to read; :meth:`DesignOptions.arrays` turns the columns read (every record the
filter kept) into the estimator's arguments (:meth:`.fit.SurveyLogit.fit`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .errors import RiskModelError
from .model import INTERCEPT, design_columns, design_matrix, level_text, sort_levels
from .variance import calibrate, poststratify, replicate_factors


def _names(value: str | Sequence[str] | None) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return [str(v) for v in value]


@dataclass
class DesignOptions:
    """The design beyond strata and one PSU column (every field optional).

    ``psu``: one column per stage; ``fpc``: one per stage (population sizes, or sampling
    fractions when every value is at most 1); ``poststrata`` and ``population`` (post-stratum
    -> population count) as R's ``postStratify``; ``calibration`` as R's ``calibrate``
    (linear): ``{"variables": [...], "categorical": [...], "totals": {term: total}}``,
    terms named as the model's (``(Intercept)``, ``column[level]``, ``column``);
    ``replicates``: the replicate weight columns, or a regular expression matching them (as
    R's ``svrepdesign(repweights = "^repw")``), with ``replicate_type`` (JK1, JKn, BRR, Fay,
    bootstrap, other), ``replicate_scale``, ``replicate_rscales``, ``fay_rho`` and
    ``replicate_mse``.
    """

    psu: list[str] = field(default_factory=list)
    fpc: list[str] = field(default_factory=list)
    poststrata: str | None = None
    population: Mapping[str, float] | None = None
    calibration: Mapping[str, Any] | None = None
    replicates: list[str] = field(default_factory=list)
    replicate_type: str | None = None
    replicate_scale: float | None = None
    replicate_rscales: Sequence[float] | None = None
    fay_rho: float | None = None
    replicate_mse: bool = False

    @classmethod
    def from_arguments(
        cls, available: Sequence[str], *, psu=None, fpc=None, replicates=None, **kwargs: Any
    ) -> DesignOptions:
        """Options from :func:`.fit.fit_file`'s arguments; ``replicates`` as a string that
        names no column is a regular expression over the file's columns ``available``."""
        reps = replicates
        if isinstance(reps, str) and reps not in available and "," not in reps:
            try:
                pattern = re.compile(reps)
            except re.error as exc:
                raise RiskModelError(
                    f"replicates {reps!r} is not a regular expression: {exc}"
                ) from None
            reps = [c for c in available if pattern.search(c)]
            if not reps:
                raise RiskModelError(f"no column matches the replicate weights {replicates!r}")
        opts = cls(psu=_names(psu), fpc=_names(fpc), replicates=_names(reps), **kwargs)
        opts.check()
        return opts

    def check(self) -> None:
        """Refuse combinations R's survey would not fit."""
        if self.replicates:
            if self.psu or self.fpc:
                raise RiskModelError(
                    "replicate weights carry the design: give either replicate weights or "
                    "the strata, PSUs and FPCs, not both"
                )
            if self.replicate_type is None:
                raise RiskModelError(
                    "give the replicate type (JK1, JKn, BRR, Fay, bootstrap or other)"
                )
            if self.poststrata or self.calibration:
                raise RiskModelError(
                    "calibrated replicate weights are already calibrated: leave out the "
                    "post-stratification or calibration"
                )
        elif self.replicate_type is not None:
            raise RiskModelError("a replicate type is given but no replicate weight columns")
        if self.poststrata and self.calibration:
            raise RiskModelError("give post-strata or calibration totals, not both")
        if self.poststrata and not self.population:
            raise RiskModelError(f"post-strata '{self.poststrata}' need population counts")
        if len(self.psu) > 1 and self.fpc and len(self.fpc) != len(self.psu):
            raise RiskModelError(
                f"give one finite population correction per stage: {len(self.psu)} stages, "
                f"{len(self.fpc)} FPC columns"
            )

    def columns(self) -> tuple[list[str], list[str]]:
        """(numeric, text) columns to read for the design, beyond weight, strata and PSU."""
        numeric = [*self.fpc, *self.replicates]
        text = list(self.psu[1:])
        if self.poststrata:
            text.append(self.poststrata)
        if self.calibration:
            cat = [str(c) for c in self.calibration.get("categorical", ())]
            for v in self.calibration.get("variables", ()):
                (text if v in cat else numeric).append(str(v))
        return numeric, text

    def arrays(self, cols: Mapping[str, np.ndarray], w0: np.ndarray) -> dict[str, Any]:
        """The estimator's design arguments from the columns of every record read."""
        numeric, text = self.columns()
        for c in [*numeric, *text]:
            v = cols[c]
            bad = (
                ~np.isfinite(v)
                if v.dtype != object
                else np.array([x is None or str(x).strip() == "" for x in v])
            )
            if bad.any():
                raise RiskModelError(
                    f"the design column '{c}' is missing for record {int(np.argmax(bad)) + 1} "
                    "of the data (after the filter); every record needs one",
                    column=c,
                    row=int(np.argmax(bad)),
                    code="design_value_missing",
                    params={"column": c, "row": int(np.argmax(bad)) + 1},
                )
        out: dict[str, Any] = {
            "fpc": [cols[c] for c in self.fpc],
            "fpc_names": list(self.fpc),
            "psu_names": list(self.psu),
        }
        if self.poststrata:
            out["calibration"] = poststratify(
                cols[self.poststrata], w0, dict(self.population or {}), self.poststrata
            )
        elif self.calibration:
            out["calibration"] = self._calibrate(cols, w0)
        if self.replicates:
            reps = np.column_stack([cols[c] for c in self.replicates])
            scale, rscales = replicate_factors(
                self.replicate_type or "",
                reps.shape[1],
                scale=self.replicate_scale,
                rscales=self.replicate_rscales,
                rho=self.fay_rho,
                weights=w0,
                replicate_weights=reps,
            )
            out |= {
                "replicates": reps,
                "replicate_scale": scale,
                "replicate_rscales": rscales,
                "replicate_mse": self.replicate_mse,
            }
        return out

    def _calibrate(self, cols: Mapping[str, np.ndarray], w0: np.ndarray):
        spec = self.calibration or {}
        variables = [str(v) for v in spec.get("variables", ())]
        cat = [str(c) for c in spec.get("categorical", ())]
        levels = {c: sort_levels(level_text(cols[c]).tolist()) for c in cat}
        model = {"predictors": variables, "categorical": cat, "levels": levels}
        X = design_matrix({v: cols[v] for v in variables}, model)
        names = design_columns(model)
        totals = {str(k): float(v) for k, v in dict(spec.get("totals", {})).items()}
        if not spec.get("intercept", True) and INTERCEPT not in totals:
            X, names = X[:, 1:], names[1:]
        lacking = [t for t in names if t not in totals]
        if lacking:
            raise RiskModelError(
                f"the calibration totals lack '{lacking[0]}' (they need {', '.join(names)})"
            )
        return calibrate(X, w0, np.array([totals[t] for t in names]), names)

    def to_json(self) -> dict[str, Any]:
        """What MODEL.json records of the design options."""
        out: dict[str, Any] = {"psu_stages": self.psu, "fpc": self.fpc}
        if self.poststrata:
            out["poststrata"] = {
                "column": self.poststrata,
                "population": dict(self.population or {}),
            }
        if self.calibration:
            out["calibration"] = dict(self.calibration)
        if self.replicates:
            out["replicates"] = {
                "columns": self.replicates,
                "type": self.replicate_type,
                "scale": self.replicate_scale,
                "rscales": None if self.replicate_rscales is None else list(self.replicate_rscales),
                "fay_rho": self.fay_rho,
                "mse": self.replicate_mse,
            }
        return out
