"""The fitted model file (``MODEL.json``) and the design matrix it implies.

A :class:`FittedModel` holds everything scoring, explanation and reporting need, and no
microdata: the specification, the coefficients with their design-based standard errors,
the category levels, the survey-weighted means of the design columns, a summary of the
sample design and fit statistics. Its JSON layout (``"format": "alliance87.riskmodel/1"``)
is documented in ``docs/riskmodel-estimation.md``.

Term names follow R's ``model.matrix``: ``"(Intercept)"``; a numeric determinant is named
as its column; a category level other than the reference is ``"column[level]"`` (R writes
``columnlevel``; the brackets keep the two parts apart). Categorical determinants are
treatment-coded: one 0/1 column per level, the reference level omitted.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .errors import RiskModelError

FORMAT = "alliance87.riskmodel/1"
INTERCEPT = "(Intercept)"

_COEFFICIENT_KEYS = (
    "term",
    "estimate",
    "std_error",
    "odds_ratio",
    "ci_low",
    "ci_high",
    "odds_ratio_ci_low",
    "odds_ratio_ci_high",
    "p_value",
)
_SPEC_KEYS = (
    "outcome",
    "predictors",
    "categorical",
    "reference",
    "weight",
    "strata",
    "psu",
    "where",
    "lonely_psu",
    "nest",
    "data",
    "data_sha256",
)


def term_name(column: str, level: str | None = None) -> str:
    """The name of a design column: ``column`` or ``column[level]``."""
    return column if level is None else f"{column}[{level}]"


def sort_levels(values: Sequence[Any]) -> list[str]:
    """Category levels as text, sorted numerically when every level is a number.

    This mirrors R's ``factor()``, whose default levels are the sorted distinct values; the
    first is the default reference level.
    """
    distinct = sorted({str(v) for v in values})
    try:
        return sorted(distinct, key=float)
    except ValueError:
        return distinct


def level_text(values: np.ndarray) -> np.ndarray:
    """Category values as text; integral numbers are written without a decimal point."""
    values = np.asarray(values)
    if values.dtype.kind in "biu":
        return values.astype(np.int64).astype(str)
    if values.dtype.kind == "f":
        integral = np.isfinite(values) & (values == np.floor(values))
        if integral.all():
            return values.astype(np.int64).astype(str)
        out = values.astype(str)
        out[integral] = values[integral].astype(np.int64).astype(str)
        return out
    return values.astype(str)


def design_columns(
    spec: Mapping[str, Any] | FittedModel, levels: Mapping[str, Sequence[str]] | None = None
) -> list[str]:
    """The design columns (terms) a specification implies, intercept first.

    ``spec`` is a :class:`FittedModel` or a mapping with ``predictors`` and ``categorical``
    (and ``levels``, unless given separately).
    """
    predictors, categorical, lev = _spec_parts(spec, levels)
    names = [INTERCEPT]
    for p in predictors:
        if p in categorical:
            names += [term_name(p, level) for level in lev[p][1:]]
        else:
            names.append(p)
    return names


def _spec_parts(spec: Mapping[str, Any] | FittedModel, levels: Mapping[str, Sequence[str]] | None):
    if isinstance(spec, FittedModel):
        return (
            list(spec.specification["predictors"]),
            set(spec.specification["categorical"]),
            spec.levels,
        )
    lev = levels if levels is not None else spec.get("levels", {})
    categorical = set(spec.get("categorical") or ())
    missing = [c for c in categorical if c not in lev]
    if missing:
        raise RiskModelError(
            f"no levels given for the categorical determinant '{missing[0]}'", column=missing[0]
        )
    return list(spec["predictors"]), categorical, lev


def design_matrix(
    columns: Mapping[str, np.ndarray],
    model: Mapping[str, Any] | FittedModel,
    levels: Mapping[str, Sequence[str]] | None = None,
) -> np.ndarray:
    """Build the design matrix: intercept, numeric columns, dummies for category levels.

    ``columns`` maps each determinant to its values (numeric arrays for numeric determinants,
    text for categorical ones). ``model`` is a :class:`FittedModel` or a mapping with
    ``predictors``, ``categorical`` and ``levels`` (first level = reference). A missing
    determinant, or a category level the model never saw, raises :class:`RiskModelError`
    naming the column (and the level). The matrix is column-major (Fortran order).
    """
    predictors, categorical, lev = _spec_parts(model, levels)
    absent = [p for p in predictors if p not in columns]
    if absent:
        raise RiskModelError(
            f"the data lack the determinant '{absent[0]}' the model uses", column=absent[0]
        )
    n = len(next(iter(columns.values()))) if columns else 0
    names = design_columns({"predictors": predictors, "categorical": sorted(categorical)}, lev)
    X = np.zeros((n, len(names)), order="F")  # column-major: each column is contiguous
    X[:, 0] = 1.0
    j = 1
    for p in predictors:
        values = np.asarray(columns[p])
        if len(values) != n:
            raise RiskModelError(f"column '{p}' has {len(values)} values, expected {n}", column=p)
        if p in categorical:
            known = [str(v) for v in lev[p]]
            text = level_text(values)
            uniq, inverse = np.unique(text, return_inverse=True)
            index = {level: i for i, level in enumerate(known)}
            unseen = [u for u in uniq.tolist() if u not in index]
            if unseen:
                row = int(np.flatnonzero(text == unseen[0])[0])
                raise RiskModelError(
                    f"column '{p}' has the level '{unseen[0]}', which the model never saw "
                    f"(known levels: {', '.join(known)})",
                    column=p,
                    row=row,
                )
            codes = np.array([index[u] for u in uniq.tolist()], dtype=np.intp)[inverse]
            for k in range(1, len(known)):
                X[:, j] = codes == k
                j += 1
        else:
            try:
                X[:, j] = np.asarray(values, dtype=np.float64)  # no copy of a float column
            except (TypeError, ValueError):
                raise RiskModelError(f"column '{p}' must be numeric", column=p) from None
            j += 1
    return X


@dataclass(frozen=True)
class Coefficient:
    """One term: estimate and standard error (log-odds), odds ratio, intervals, p-value.

    ``ci_low``/``ci_high`` bound the estimate on the log-odds scale; the odds-ratio interval
    is their exponential. Intervals and p-values use Student's t with the design's degrees
    of freedom, as R's ``summary.svyglm``.
    """

    term: str
    estimate: float
    std_error: float
    odds_ratio: float
    ci_low: float
    ci_high: float
    odds_ratio_ci_low: float
    odds_ratio_ci_high: float
    p_value: float

    def to_dict(self) -> dict[str, Any]:
        """The coefficient as written in ``MODEL.json``."""
        return {k: clean_json(getattr(self, k)) for k in _COEFFICIENT_KEYS}


@dataclass(frozen=True)
class FittedModel:
    """A fitted risk model, without microdata; read and write it as ``MODEL.json``.

    The weights it was fitted with are sampling weights (each record stands for ``w``
    children of the population); ``means`` are survey-weighted means of the design columns
    over the estimation sample.
    """

    specification: dict[str, Any]
    coefficients: tuple[Coefficient, ...]
    levels: dict[str, list[str]]
    means: dict[str, float]
    design: dict[str, Any]
    fit: dict[str, Any]
    software: dict[str, str] = field(default_factory=dict)
    #: the coefficients' design-based variance-covariance matrix, in :attr:`terms` order
    #: (None for a model written by hand)
    covariance: tuple[tuple[float, ...], ...] | None = None
    #: joint Wald tests per determinant (R's ``regTermTest``): determinant -> its terms,
    #: df, ddf, F, p_F, chisq, p_chisq
    wald_tests: dict[str, dict[str, Any]] = field(default_factory=dict)

    # ---------------------------------------------------------------- helpers
    @property
    def terms(self) -> list[str]:
        """Term names, intercept first, in design-matrix order."""
        return [c.term for c in self.coefficients]

    @property
    def estimates(self) -> np.ndarray:
        """The coefficient vector in :attr:`terms` order."""
        return np.array([c.estimate for c in self.coefficients])

    @property
    def vcov(self) -> np.ndarray:
        """The variance-covariance matrix as an array (RiskModelError if the file has none)."""
        if self.covariance is None:
            raise RiskModelError(
                "this model file has no variance-covariance matrix; refit it with this version"
            )
        return np.array(self.covariance, dtype=float)

    def coefficient(self, term: str) -> Coefficient:
        """The coefficient of one term; RiskModelError if the model has no such term."""
        for c in self.coefficients:
            if c.term == term:
                return c
        raise RiskModelError(f"the model has no term '{term}' (terms: {', '.join(self.terms)})")

    def design_columns(self) -> list[str]:
        """The design columns the specification and levels imply (equal to :attr:`terms`)."""
        return design_columns(self)

    def design_matrix(self, columns: Mapping[str, np.ndarray]) -> np.ndarray:
        """The design matrix for new data (see :func:`design_matrix`)."""
        return design_matrix(columns, self)

    def predict_proba(self, columns: Mapping[str, np.ndarray]) -> np.ndarray:
        """Predicted probabilities of the outcome for new data."""
        eta = self.design_matrix(columns) @ self.estimates
        return 1.0 / (1.0 + np.exp(-eta))

    # ---------------------------------------------------------------- JSON
    def to_dict(self) -> dict[str, Any]:
        """The model as the ``MODEL.json`` mapping."""
        return {
            "format": FORMAT,
            "specification": clean_json(self.specification),
            "coefficients": [c.to_dict() for c in self.coefficients],
            "levels": clean_json(self.levels),
            "means": clean_json(self.means),
            "design": clean_json(self.design),
            "fit": clean_json(self.fit),
            "software": dict(self.software),
            **(
                {"covariance": {"terms": self.terms, "matrix": clean_json(self.covariance)}}
                if self.covariance is not None
                else {}
            ),
            **({"wald_tests": clean_json(self.wald_tests)} if self.wald_tests else {}),
        }

    def to_json(self, path: str | os.PathLike[str] | None = None) -> str:
        """Write ``MODEL.json`` to ``path`` (when given) and return its text."""
        text = json.dumps(self.to_dict(), indent=2, ensure_ascii=False, allow_nan=False)
        if path is not None:
            Path(path).write_text(text + "\n", encoding="utf-8")
        return text

    @classmethod
    def from_dict(cls, data: Any, *, source: str = "the model") -> FittedModel:
        """Build a model from a parsed ``MODEL.json``, checking its structure."""
        if not isinstance(data, dict):
            raise RiskModelError(f"{source} is not a MODEL.json file: expected a JSON object")
        fmt = data.get("format")
        if fmt is None:
            raise RiskModelError(f"{source} is not a MODEL.json file: it has no 'format'")
        if fmt != FORMAT:
            raise RiskModelError(f"{source} has format {fmt!r}; this version reads {FORMAT!r}")
        # means, design and fit are optional: a model written by hand (the synthetic
        # country's true model, synth.true_model) has coefficients only
        for key in ("specification", "coefficients", "levels"):
            if key not in data:
                raise RiskModelError(f"{source} lacks the '{key}' section")
        spec = data["specification"]
        if not isinstance(spec, dict):
            raise RiskModelError(f"{source}: 'specification' must be an object")
        lacking = [k for k in ("outcome", "predictors", "categorical") if k not in spec]
        if lacking:
            raise RiskModelError(f"{source}: the specification lacks '{lacking[0]}'")
        spec = {k: spec.get(k) for k in _SPEC_KEYS} | dict(spec.items())
        spec["predictors"] = [str(p) for p in spec["predictors"]]
        spec["categorical"] = [str(p) for p in spec["categorical"] or []]
        levels = {str(k): [str(v) for v in vs] for k, vs in (data["levels"] or {}).items()}
        for c in spec["categorical"]:
            if c not in spec["predictors"]:
                raise RiskModelError(f"{source}: categorical '{c}' is not a predictor", column=c)
            if len(levels.get(c, [])) < 2:
                raise RiskModelError(
                    f"{source}: the categorical determinant '{c}' needs at least two levels",
                    column=c,
                )
        coefs = []
        for i, c in enumerate(data["coefficients"]):
            if not isinstance(c, dict) or "term" not in c or "estimate" not in c:
                raise RiskModelError(f"{source}: coefficient {i + 1} needs 'term' and 'estimate'")
            values = {
                k: _number(c.get(k), f"{source}: {c['term']} {k}")
                for k in _COEFFICIENT_KEYS
                if k != "term"
            }
            coefs.append(Coefficient(term=str(c["term"]), **values))
        expected = design_columns(spec, levels)
        got = [c.term for c in coefs]
        if got != expected:
            raise RiskModelError(
                f"{source}: the coefficients ({', '.join(got)}) do not match "
                f"the specification and levels ({', '.join(expected)})"
            )
        covariance = None
        if data.get("covariance") is not None:
            cov = data["covariance"]
            try:
                covariance = tuple(
                    tuple(_number(v, f"{source}: covariance") for v in row) for row in cov["matrix"]
                )
            except (TypeError, KeyError):
                raise RiskModelError(f"{source}: 'covariance' needs 'terms' and 'matrix'") from None
            if list(cov.get("terms", [])) != got or any(len(r) != len(got) for r in covariance):
                raise RiskModelError(
                    f"{source}: the covariance matrix does not match the coefficients"
                )
        return cls(
            specification=spec,
            coefficients=tuple(coefs),
            covariance=covariance,
            wald_tests={str(k): dict(v) for k, v in (data.get("wald_tests") or {}).items()},
            levels=levels,
            means={str(k): float(v) for k, v in (data.get("means") or {}).items()},
            design=dict(data.get("design") or {}),
            fit=dict(data.get("fit") or {}),
            software={str(k): str(v) for k, v in (data.get("software") or {}).items()},
        )

    @classmethod
    def from_json(cls, path: str | os.PathLike[str]) -> FittedModel:
        """Read and validate a ``MODEL.json`` file; RiskModelError says what is wrong."""
        return cls.from_dict(read_model_file(path), source=Path(path).name)


def read_model_file(path: str | os.PathLike[str]) -> Any:
    """The parsed content of a ``MODEL.json`` file (check it with
    :meth:`FittedModel.from_dict`); RiskModelError if it is absent or not JSON."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RiskModelError(f"model file not found: {path}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise RiskModelError(f"{path} is not a MODEL.json file: {exc}") from None


def _number(value: Any, what: str) -> float:
    if value is None:
        return math.nan
    try:
        return float(value)
    except (TypeError, ValueError):
        raise RiskModelError(f"{what} must be a number, not {value!r}") from None


def clean_json(value: Any) -> Any:
    """JSON-safe copy: NumPy scalars and arrays to Python, non-finite floats to null."""
    if isinstance(value, dict):
        return {str(k): clean_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean_json(v) for v in value]
    if isinstance(value, np.ndarray):
        return [clean_json(v) for v in value.tolist()]
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        v = float(value)
        return v if math.isfinite(v) else None
    return value


def software_versions() -> dict[str, str]:
    """The versions of this library, NumPy and SciPy, for a model's record."""
    from importlib.metadata import version

    try:
        ours = version("alliance87")
    except Exception:  # not installed as a distribution
        ours = "unknown"
    try:
        scipy_version = version("scipy")
    except Exception:
        scipy_version = "unknown"
    return {"alliance87": ours, "numpy": np.__version__, "scipy": scipy_version}
