"""What scoring needs from a fitted model: the determinants, their levels, the coefficients.

:class:`ScoringModel` is built from the one reader of ``MODEL.json``
(:meth:`.model.FittedModel.from_dict`, which checks the format version and the structure),
so a file the scorer reads is a file ``fit`` could have written.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import INTERCEPT, FittedModel, read_model_file


@dataclass(frozen=True)
class Term:
    """One design column: a numeric determinant, or one non-reference level of a categorical."""

    name: str  # as in MODEL.json: "age" or "head_educ[primary]"
    determinant: str  # the source column: "age" or "head_educ"
    level: str | None  # the category level, or None for a numeric determinant
    estimate: float


@dataclass(frozen=True)
class ScoringModel:
    """What scoring needs from ``MODEL.json``: determinants, levels and coefficients."""

    outcome: str
    predictors: list[str]
    categorical: list[str]
    levels: dict[str, list[str]]
    intercept: float
    terms: list[Term]
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_json(cls, source: str | Path | Mapping[str, Any] | FittedModel) -> ScoringModel:
        """Read a ``MODEL.json`` file (or its parsed content), checked as ``fit`` writes it;
        a :class:`.model.FittedModel` (what ``fit`` returns) is taken as it is."""
        if isinstance(source, FittedModel):
            return cls.from_fitted(source)
        if isinstance(source, Mapping):
            data, name = dict(source), "the model"
        else:
            data, name = read_model_file(source), Path(source).name
        return cls.from_fitted(FittedModel.from_dict(data, source=name), raw=data)

    @classmethod
    def from_fitted(cls, fitted: FittedModel, *, raw: dict | None = None) -> ScoringModel:
        """The scoring view of a fitted model (``raw``: the ``MODEL.json`` content)."""
        spec = fitted.specification
        coefs = {c.term: float(c.estimate) for c in fitted.coefficients}
        predictors = list(spec["predictors"])
        categorical = list(spec.get("categorical") or [])
        levels = {k: [str(v) for v in vs] for k, vs in fitted.levels.items()}
        terms: list[Term] = []
        for p in predictors:
            if p in categorical:
                for level in levels.get(p, [])[1:]:
                    name = f"{p}[{level}]"
                    if name in coefs:
                        terms.append(Term(name, p, level, coefs[name]))
            elif p in coefs:
                terms.append(Term(p, p, None, coefs[p]))
        return cls(
            outcome=str(spec.get("outcome") or ""),
            predictors=predictors,
            categorical=categorical,
            levels=levels,
            intercept=coefs.get(INTERCEPT, 0.0),
            terms=terms,
            raw=fitted.to_dict() if raw is None else raw,
        )

    def coefficient(self, term: str) -> float:
        """The estimate of a term, 0 if the model has none."""
        if term == INTERCEPT:
            return self.intercept
        return next((t.estimate for t in self.terms if t.name == term), 0.0)
