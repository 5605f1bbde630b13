"""Refusal codes turned into words: one catalogue per app, one lookup for every channel.

Each app's ``messages.py`` registers the words for its codes; pages, the API, e-mails and
the command line all call :func:`refusal_text`, so the English text comes from the same
gettext catalogue as the other languages (there is no second English copy)::

    # pathfinders/messages.py
    from django.utils.translation import gettext_lazy as _
    from alliance87.core import refusals

    refusals.register({
        "document.not_allowed_from": _("Only a draft or a commented document can be submitted."),
        "report.wrong_year": lambda p: _("The report is for %(year)s.") % p,
    })

    # pathfinders/services.py
    if reason := rules.DOCUMENT.refusal("submit", doc.status):
        raise refusals.refused(reason)

A text may be a lazy string (formatted with the refusal's parameters when it has
``%(name)s`` placeholders) or a function of the parameters that returns the text.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.functional import Promise

from . import words
from .exceptions import DomainError, TransitionRefused
from .transitions import Refusal

Text = Any  # a (lazy) string, or a callable taking the params dict and returning a string

_TEXTS: dict[str, Text] = {}


def register(texts: Mapping[str, Text]) -> None:
    """Add an app's words for its refusal codes (called when its ``messages`` is imported)."""
    for code, text in texts.items():
        existing = _TEXTS.get(code)
        if existing is not None and existing is not text:
            raise ValueError(f"refusal code {code!r} is registered twice")
        _TEXTS[code] = text


def registered(code: str) -> bool:
    return code in _TEXTS


def refusal_text(refusal: Refusal) -> str:
    """The refusal in the active language. An unknown code is a bug: it raises ``KeyError``
    (``tests/core/test_refusals.py`` checks every registered code has words in the four
    languages; each app's tests check its rules return only registered codes)."""
    text = _TEXTS[refusal.code]
    params = words.params_in_words(refusal.values or {})  # dates in words, not ISO
    if callable(text) and not isinstance(text, str | Promise):
        return str(text(params))
    text = str(text)
    if params and "%(" in text:
        return text % params
    return text


def refused(
    refusal: Refusal,
    *,
    field: str | None = None,
    exception: type[DomainError] = TransitionRefused,
) -> DomainError:
    """The exception a service raises for ``refusal``: its words, its code and parameters
    (the API returns both), and the input at fault if any."""
    return exception(refusal_text(refusal), field=field, code=refusal.code, params=refusal.values)


def invalid(refusal: Refusal, field: str) -> ValidationError:
    """A refusal about one input, as the ``ValidationError`` a form shows on ``field`` (and the
    API as a 400 naming it), with the refusal's code."""
    return ValidationError({field: ValidationError(refusal_text(refusal), code=refusal.code)})
