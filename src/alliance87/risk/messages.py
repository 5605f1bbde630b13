"""The words for the risk app's refusal codes (``rules.py``), once for pages and the API."""

from __future__ import annotations

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from alliance87.core import refusals


def _not_allowed(p: dict) -> str:
    return _("A run that is %(state)s cannot do this.") % {"state": p.get("state", "")}


def _support_not_allowed(p: dict) -> str:
    return _("A request that is %(state)s cannot take this step.") % {"state": p.get("state", "")}


refusals.register(
    {
        "run.not_allowed_from": _not_allowed,
        "support.not_allowed_from": _support_not_allowed,
        "support.letter_format": lambda p: (
            _("%(file)s cannot be the letter: give a %(allowed)s file.")
            % {"file": p["file"], "allowed": ", ".join(p["allowed"])}
        ),
        "support.letter_empty": lambda p: _("%(file)s is empty.") % {"file": p["file"]},
        "support.letter_too_large": lambda p: (
            _("%(file)s is larger than the limit of %(limit)s.")
            % {"file": p["file"], "limit": filesizeformat(p["limit"])}
        ),
        "run.already_published": _("These results are already published."),
        "run.not_published": _("These results are not published."),
        "run.unknown_method": lambda p: (
            _("%(method)s is not a classification method; choose one of %(allowed)s.")
            % {"method": p["method"], "allowed": ", ".join(p["allowed"])}
        ),
        "run.no_such_column": lambda p: (
            (
                _("The survey has no column %(column)s.")
                if p["file"] == "survey"
                else _("The census has no column %(column)s.")
            )
            % {"column": p["column"]}
        ),
        "run.no_determinants": _("Choose at least one determinant."),
        "run.determinant_missing": lambda p: (
            _("%(column)s must be a column of both the survey and the census.")
            % {"column": p["column"]}
        ),
        "run.not_a_determinant": lambda p: (
            _("%(column)s is not among the determinants.") % {"column": p["column"]}
        ),
        "run.field_required": _("This field is required."),
        "run.thresholds_unused": _("Thresholds are only used by the fixed thresholds method."),
        "run.thresholds_needed": _(
            "The fixed thresholds method needs two thresholds: between low and medium, and "
            "between medium and high."
        ),
        "run.thresholds_order": _(
            "The thresholds must increase and lie between 0 % and 100 %: the first between low "
            "and medium, the second between medium and high."
        ),
        "upload.bad_format": lambda p: (
            _("%(file)s cannot be used here: this kind of dataset takes %(allowed)s files.")
            % {"file": p["file"], "allowed": ", ".join(p["allowed"])}
        ),
        "upload.length_required": _("The upload must say its length (Upload-Length)."),
        "upload.too_large": lambda p: (
            _("The file is larger than the limit of %(limit)s.")
            % {"limit": filesizeformat(p["limit"])}
        ),
        "upload.offset_mismatch": lambda p: (
            _(
                "This chunk starts at byte %(given)s but the server has %(expected)s bytes; "
                "resume from there."
            )
            % {"given": p.get("given"), "expected": p["expected"]}
        ),
        "upload.past_length": _("This chunk goes past the length the upload declared."),
        "upload.content_mismatch": lambda p: (
            _(
                "%(file)s does not start as a %(format)s file does: check that you chose the right file."
            )
            % {"file": p["file"], "format": p["format"]}
        ),
    }
)
