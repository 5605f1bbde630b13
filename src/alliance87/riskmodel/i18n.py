"""The risk model's languages (English, Spanish, French, Portuguese) and its numbers.

The library never imports Django, yet its messages live in gettext catalogues like the
apps': ``riskmodel/locale/<lang>/LC_MESSAGES/django.po``, with the English text as the
message id in the code. ``make messages`` extracts them (Django's ``makemessages``, which
finds ``_()``, ``gettext()``, ``ngettext()`` and ``gettext_noop()``) and ``alliance87
compiletranslations`` compiles them; here Python's :mod:`gettext` reads the compiled files.
A missing ``.mo`` file gives English, not an error. Placeholders are ``str.format`` fields
(``{name}``, python-brace-format).

Numbers are written with Babel in each language's conventions: 1,001,864 / 1.001.864 /
1 001 864; 7.83% / 7,83 %. Babel is imported when a number is first written (an English
integer, the only number ``risk fit`` prints, is Python's own ``1,001,864``).
"""

from __future__ import annotations

import gettext as _gettext
import os
from collections.abc import Callable, Mapping
from decimal import Decimal
from functools import cache
from pathlib import Path

LANGUAGES = ("en", "es", "fr", "pt")
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "django"  # the apps' domain, so that the same commands extract and compile it
_LANG_ENV = ("ALLIANCE87_LANG", "LC_ALL", "LC_MESSAGES", "LANG")


def gettext_noop(message: str) -> str:
    """Mark ``message`` for extraction without translating it (translate it later with
    :func:`t`)."""
    return message


def check_language(lang: str) -> str:
    """Return ``lang`` if supported, else raise a clear error."""
    from .errors import RiskModelError

    if lang not in LANGUAGES:
        raise RiskModelError(f"unknown language {lang!r}: use one of {', '.join(LANGUAGES)}")
    return lang


@cache
def translation(lang: str) -> _gettext.NullTranslations:
    """The compiled catalogue of ``lang`` (English, the message ids, if there is none)."""
    return _gettext.translation(
        DOMAIN, localedir=LOCALE_DIR, languages=[check_language(lang)], fallback=True
    )


def gettext_for(lang: str) -> Callable[[str], str]:
    """The ``gettext`` function of ``lang``: bind it to ``_`` where messages are written."""
    return translation(lang).gettext


def ngettext_for(lang: str) -> Callable[[str, str, int], str]:
    """The ``ngettext`` function of ``lang`` (singular, plural, count)."""
    return translation(lang).ngettext


def t(message: str, lang: str = "en", **kwargs: object) -> str:
    """``message`` (an English message id marked with :func:`gettext_noop`) in ``lang``,
    formatted with ``kwargs``."""
    text = translation(lang).gettext(message)
    return text.format(**kwargs) if kwargs else text


def resolve_language(explicit: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The command line's language: ``explicit`` (``--lang``) if given, else the first set
    of ``ALLIANCE87_LANG``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` (``es_CO.UTF-8`` -> ``es``),
    else English; a language without a catalogue is English too."""
    if explicit:
        return check_language(explicit)
    env = os.environ if environ is None else environ
    for name in _LANG_ENV:
        value = (env.get(name) or "").strip()
        if value:
            code = value.split(".")[0].split("_")[0].split("-")[0].lower()
            return code if code in LANGUAGES else "en"
    return "en"


# ------------------------------------------------------------------------------ numbers
# Decimal(x) is the float's exact value, so Babel rounds as Python's format() does.
def integer(n: float, lang: str = "en") -> str:
    """An integer with the language's thousands separator: 1,001,864 / 1.001.864."""
    if lang == "en":  # Babel's English grouping, without importing Babel
        return f"{int(n):,}"
    from babel.numbers import format_decimal

    return format_decimal(int(n), format="#,##0", locale=lang)


def decimal(
    x: float,
    lang: str = "en",
    digits: int = 2,
    *,
    grouping: bool = False,
    significant: bool = False,
) -> str:
    """A number with ``digits`` decimals (``significant=True``: at most ``digits``
    significant digits), with the language's decimal comma or point: 7.83 / 7,83;
    ``grouping=True`` adds thousands separators."""
    if round(float(x), digits) == 0:  # no "-0" or "-0.00"
        x = 0.0
    if significant:
        pattern = "@" + "#" * (digits - 1)
    else:
        pattern = ("#,##0" if grouping else "0") + ("." + "0" * digits if digits else "")
    from babel.numbers import format_decimal

    return format_decimal(Decimal(float(x)), format=pattern, locale=lang)


def percent(x: float, lang: str = "en", digits: int = 2) -> str:
    """A share as a percentage: 7.83% in English, 7,83 % in Spanish, French, Portuguese."""
    sign = "%" if lang == "en" else "\u00a0%"
    pattern = "#,##0" + ("." + "0" * digits if digits else "") + sign
    from babel.numbers import format_percent

    return format_percent(Decimal(100 * float(x)).scaleb(-2), format=pattern, locale=lang)
