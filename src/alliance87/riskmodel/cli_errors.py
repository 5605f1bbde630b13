"""The library's most common errors in the user's language: :data:`ERROR_MESSAGES`, one
English message (a catalogue id) per :attr:`.errors.RiskModelError.code`, formatted with the
error's ``params``. The command line prints them; the web app (``risk.present``) words a
failed run with them."""

from __future__ import annotations

from .i18n import gettext_noop, t

#: The command line's most common errors (:attr:`.errors.RiskModelError.code`), shown in
#: the user's language with the error's ``params``; any other error is shown in English,
#: as the library raised it.
ERROR_MESSAGES = {
    "file_not_found": gettext_noop("data file not found: {path}"),
    "missing_columns": gettext_noop("{file} lacks {columns}; its columns are: {available}"),
    "determinant_missing": gettext_noop(
        "{source} lacks the column '{column}', a determinant the model needs"
    ),
    "unseen_level": gettext_noop(
        "the column '{column}' has {levels}, which the survey never saw (the model knows "
        "{known}); recode it or filter it out with --where"
    ),
    "outcome_not_binary": gettext_noop(
        "outcome '{column}' must be 0 or 1, but record {row} of the data (after the filter) "
        "has {value}"
    ),
    "weight_not_positive": gettext_noop(
        "weight '{column}' must be positive, but record {row} of the data (after the filter) "
        "has {value}"
    ),
    "content_not_extension": gettext_noop(
        "{file} is not a {expected} file, as its name says: its content is in {found} "
        "format; rename it with the right extension or export it again"
    ),
    "labels_differ": gettext_noop(
        "the value labels of '{column}' differ between the model's survey and {file} "
        "(code: the model's label ≠ the file's label): {differences}; relabel one of the files"
    ),
    "column_all_missing": gettext_noop(
        "column '{column}' is missing in every record: leave it out of the model or check "
        "how the file codes it"
    ),
    "weight_missing": gettext_noop(
        "the weight column '{column}' is missing for record {row} of the data (after the "
        "filter); every record needs one"
    ),
    "stratum_missing": gettext_noop(
        "the stratum column '{column}' is missing for record {row} of the data (after the "
        "filter); every record needs one"
    ),
    "psu_missing": gettext_noop(
        "the PSU column '{column}' is missing for record {row} of the data (after the "
        "filter); every record needs one"
    ),
    "design_value_missing": gettext_noop(
        "the design column '{column}' is missing for record {row} of the data (after the "
        "filter); every record needs one"
    ),
    "filter_invalid": gettext_noop("the filter (--where) is invalid: {reason}"),
    "filter_not_one": gettext_noop(
        "the filter (--where) is invalid: it must be one SQL expression, without ';'"
    ),
    "weights_not_positive": gettext_noop(
        "the weight column '{column}' has {count} missing, zero or negative values; weights "
        "must be positive"
    ),
}


def error_text(exc: Exception, lang: str = "en") -> str:
    """The user's-language text of a :class:`.errors.RiskModelError` when its code has a
    translation, else its English message."""
    code = getattr(exc, "code", None)
    if lang != "en" and code in ERROR_MESSAGES:
        try:
            return t(ERROR_MESSAGES[code], lang, **getattr(exc, "params", {}))
        except (KeyError, IndexError):  # a parameter the translation expects is absent
            return str(exc)
    return str(exc)
