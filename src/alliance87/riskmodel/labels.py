"""Plain-word names of the determinants and of the risk levels, in the four languages.

:func:`term_label` gives the phrase used in "Higher <label> than the national average",
:func:`term_name` the short name in the model table. The synthetic country's determinants
have catalogue entries here; labels given by the user (``report --labels``: a JSON of
``{term: {lang: text}}`` with an optional ``"names"`` member of the same shape) come
first. A determinant with neither is named in prose as what it is, a variable without a
label: "the variable “hh_size”", its level quoted too ("the variable “head_educ” equal to
“higher”"), the same way in every phrase, never as a bare code such as
``head_educ[higher]``; :func:`unlabelled` lists them for the report's note that says so.
A variable label stored in the Stata or SPSS file the model was fitted on (the column's
own label, ``specification.variable_labels``; :func:`with_variable_labels` adds them as
the labels' ``"variables"`` member, ``{column: text}``) names the determinant when neither
gives a label: "average of “Household size”", "share of children with “Head's education”
equal to “primary”".
"""

from __future__ import annotations

from collections.abc import Mapping

from .i18n import gettext_noop, t

#: The risk levels, lowest first, as the tables and the map name them.
LEVEL_NAMES = {
    "low": gettext_noop("Low"),
    "medium": gettext_noop("Medium"),
    "high": gettext_noop("High"),
}
NO_DATA = gettext_noop("No data")

#: Plain-word labels of the synthetic country's design columns, used in the phrases
#: "Higher <label> than the national average".
TERM_LABELS: dict[str, str] = {
    "age": gettext_noop("average age of the children"),
    "male": gettext_noop("share of boys"),
    "rural": gettext_noop("share of children living in rural areas"),
    "hh_size": gettext_noop("average household size"),
    "poor": gettext_noop("share of children in poor households"),
    "attends_school": gettext_noop("share of children attending school"),
    "head_agri": gettext_noop("share of children whose household head works in agriculture"),
    "head_educ[none]": gettext_noop("share of children whose household head has no schooling"),
    "ethnicity[majority]": gettext_noop("share of children of the majority group"),
    "head_educ[primary]": gettext_noop(
        "share of children whose household head has primary education only"
    ),
    "head_educ[secondary]": gettext_noop(
        "share of children whose household head has secondary education"
    ),
    "head_educ[higher]": gettext_noop(
        "share of children whose household head has higher education"
    ),
    "ethnicity[indigenous]": gettext_noop("share of indigenous children"),
    "ethnicity[afrodescendant]": gettext_noop("share of Afro-descendant children"),
}

#: Short names of the synthetic country's design columns, for the model table.
TERM_NAMES: dict[str, str] = {
    "age": gettext_noop("Age (years)"),
    "male": gettext_noop("Boy"),
    "rural": gettext_noop("Rural area"),
    "hh_size": gettext_noop("Household size (members)"),
    "poor": gettext_noop("Poor household"),
    "attends_school": gettext_noop("Attends school"),
    "head_agri": gettext_noop("Household head works in agriculture"),
    "head_educ[none]": gettext_noop("Head's education: none"),
    "head_educ[primary]": gettext_noop("Head's education: primary"),
    "head_educ[secondary]": gettext_noop("Head's education: secondary"),
    "head_educ[higher]": gettext_noop("Head's education: higher"),
    "ethnicity[majority]": gettext_noop("Majority group"),
    "ethnicity[indigenous]": gettext_noop("Indigenous"),
    "ethnicity[afrodescendant]": gettext_noop("Afro-descendant"),
}

#: Plain-word names of the synthetic country's outcome, for prose.
OUTCOME_NAMES: dict[str, str] = {"child_labour": gettext_noop("child labour")}

_GENERIC_LEVEL = gettext_noop("share of children with the variable “{col}” equal to “{level}”")
_GENERIC_NUMERIC = gettext_noop("average of the variable “{col}”")
_LABELLED_LEVEL = gettext_noop("share of children with “{label}” equal to “{level}”")
_LABELLED_NUMERIC = gettext_noop("average of “{label}”")
#: The report's note on the determinants that have no label (:func:`unlabelled`).
UNLABELLED_NOTE = gettext_noop(
    "These variables have no label, so the profiles name them in quotes as the data does: "
    "{names}. A labels file (report --labels) gives them plain words."
)
_QUOTED = gettext_noop("“{name}”")
_REFERENCE = gettext_noop("{name} (reference)")
_HIGHER = gettext_noop("Higher {label} than the national average")
_LOWER = gettext_noop("Lower {label} than the national average")

Labels = Mapping[str, Mapping[str, str]]


def _given(term: str, lang: str, labels: Mapping | None) -> str | None:
    if labels and term in labels:
        return labels[term].get(lang) or labels[term].get("en") or term
    return None


def level_name(level: str, lang: str = "en") -> str:
    """ "Low", "Medium", "High" in ``lang``; "No data" for an empty level."""
    return t(LEVEL_NAMES[level] if level else NO_DATA, lang)


def term_name(term: str, lang: str = "en", labels: Mapping | None = None) -> str:
    """A short name for a design column in the model table (the term itself if unknown)."""
    given = _given(term, lang, (labels or {}).get("names"))
    if given is not None:
        return given
    return t(TERM_NAMES[term], lang) if term in TERM_NAMES else term


def outcome_name(outcome: str, lang: str = "en", labels: Mapping | None = None) -> str:
    """The outcome in plain words: a user's label, else "child labour" (what the model's
    outcome is, whatever its column is called), never the column's name."""
    given = _given(outcome, lang, labels)
    if given is not None:
        return given
    return t(OUTCOME_NAMES.get(outcome, OUTCOME_NAMES["child_labour"]), lang)


def reference_name(column: str, level: str, lang: str = "en", labels: Mapping | None = None) -> str:
    """The model table's row of a reference level: "Head's education: none (reference)"."""
    term = f"{column}[{level}]"
    known = _given(term, lang, (labels or {}).get("names")) is not None or term in TERM_NAMES
    name = term_name(term, lang, labels) if known else f"{column}: {level}"
    return t(_REFERENCE, lang, name=name)


def term_label(term: str, lang: str = "en", labels: Labels | None = None) -> str:
    """A plain-word label for a design column: ``head_educ[primary]`` -> "share of ..."."""
    given = _given(term, lang, labels)
    if given is not None:
        return given
    if term in TERM_LABELS:
        return t(TERM_LABELS[term], lang)
    variables = (labels or {}).get("variables") or {}
    if term.endswith("]") and "[" in term:
        col, level = term[:-1].split("[", 1)
        if variables.get(col):
            return t(_LABELLED_LEVEL, lang, label=variables[col], level=level)
        return t(_GENERIC_LEVEL, lang, col=col, level=level)
    if variables.get(term):
        return t(_LABELLED_NUMERIC, lang, label=variables[term])
    return t(_GENERIC_NUMERIC, lang, col=term)


def has_label(term: str, labels: Labels | None = None) -> bool:
    """Whether a design column has a plain-word label (the user's, the catalogue's or its
    variable's label in the file)."""
    column = term[:-1].split("[", 1)[0] if term.endswith("]") and "[" in term else term
    variables = (labels or {}).get("variables") or {}
    return bool(labels and term in labels) or term in TERM_LABELS or bool(variables.get(column))


def with_variable_labels(labels: Mapping | None, model: Mapping | None) -> dict | None:
    """``labels`` (``report --labels``) with the variable labels of the file the model was
    fitted on (``specification.variable_labels``) as their ``"variables"`` member; the
    labels file's own ``"variables"`` come first."""
    spec = (model or {}).get("specification") or {}
    found = {**(spec.get("variable_labels") or {}), **((labels or {}).get("variables") or {})}
    if not found:
        return dict(labels) if labels is not None else None
    return {**(labels or {}), "variables": found}


def unlabelled(terms, lang: str = "en", labels: Labels | None = None) -> str:
    """The variables of ``terms`` without a label, quoted and comma-separated in order of
    appearance ("" when every one has a label)."""
    names: list[str] = []
    for term in terms:
        if has_label(term, labels):
            continue
        col = term[:-1].split("[", 1)[0] if term.endswith("]") and "[" in term else term
        if col not in names:
            names.append(col)
    return ", ".join(t(_QUOTED, lang, name=n) for n in names)


def factor_phrase(term: str, direction: str, lang: str = "en", labels: Labels | None = None) -> str:
    """ "Lower share of children attending school than the national average" and kin."""
    message = _HIGHER if direction == "higher" else _LOWER
    return t(message, lang, label=term_label(term, lang, labels))
