"""Dates and amounts as a native reader of each language writes them (issue 13).

One home for a date in prose: :func:`date_in_words` ("30 de abril de 2027", "30 April 2027",
"30 avril 2027", "30 de abril de 2027"), :func:`month_in_words` ("abril de 2019") for the
seeds' month-precision dates, :func:`datetime_in_words` (the date in words and the time),
and :func:`amount` ("45 000,00 USD"); :func:`ordinal` for a position in figures ("the 6th
meeting", "la 6.ª reunión"). Pages use the template filters of the same names
(``{% load core_tags %}{{ meeting.starts_at|datetime_in_words }}``); e-mails call these
functions inside ``notify.send``'s ``compose()``, where the recipient's language is active.

The forms are Babel's (CLDR) long date format, in the variety the platform writes: British
English (never the ambiguous "07/17/2019"), Brazilian Portuguese (docs/developing.md). In
Spanish, groups of thousands are separated by a space as the RAE recommends, not a dot.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from babel.dates import (
    format_date,
    format_skeleton,
    format_time,
    get_timezone,
    get_timezone_location,
)
from babel.numbers import format_decimal
from django.utils import timezone

from .content import current_language

#: The Babel locale of each site language.
LOCALES = {"es": "es", "en": "en_GB", "fr": "fr", "pt": "pt_BR"}
NO_BREAK_SPACE = "\u00a0"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def locale(language: str | None = None) -> str:
    return LOCALES.get((language or current_language())[:2], "en_GB")


def _as_date(value) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def date_in_words(value, language: str | None = None) -> str:
    """A date (or an ISO date string) in words: "30 de abril de 2027"; "" for none."""
    day = _as_date(value)
    return format_date(day, "long", locale=locale(language)) if day else ""


def month_in_words(value, language: str | None = None) -> str:
    """A month, from a date or a seed's "YYYY-MM": "octubre de 2018", "October 2018"."""
    if value in (None, ""):
        return ""
    if isinstance(value, str) and len(value) == 7:
        value = f"{value}-01"
    day = _as_date(value)
    return format_skeleton("yMMMM", day, locale=locale(language)) if day else ""


def datetime_in_words(value: dt.datetime | None, language: str | None = None) -> str:
    """A moment in the current time zone: "30 de abril de 2027, 14:05"."""
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    time = format_time(local, "HH:mm", locale=locale(language))
    return f"{date_in_words(local.date(), language)}, {time}"


def zone_in_words(tzid: str, language: str | None = None) -> str:
    """A time zone named for readers, not as its IANA code: "America/New_York" → "hora de
    Estados Unidos (Nueva York)", "United States (New York) Time" (CLDR's location format)."""
    if not tzid or tzid.upper() == "UTC":
        return tzid or ""
    try:
        return get_timezone_location(get_timezone(tzid), locale=locale(language))
    except LookupError:
        return tzid


def number(value, language: str | None = None, decimals: int = 2) -> str:
    """A number with the language's separators (Spanish groups thousands with a space)."""
    if value in (None, ""):
        return ""
    lang = (language or current_language())[:2]
    pattern = "#,##0." + "0" * decimals if decimals else "#,##0"
    text = format_decimal(Decimal(str(value)), pattern, locale=locale(lang))
    if lang == "es":  # "45 000,00": the RAE's separator, in every length of number
        text = text.replace(".", NO_BREAK_SPACE)
    return text


def params_in_words(params: Mapping[str, Any] | Iterable[tuple[str, Any]]) -> dict[str, Any]:
    """Message parameters with every ISO date ("2027-04-30", as rules give them) in words;
    a text that only looks like a date ("2021-13-40", quoted back in a refusal) stays as is."""
    return {k: _word_date(v) for k, v in dict(params).items()}


def _word_date(value: Any) -> Any:
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return date_in_words(value)
        except ValueError:
            return value
    return value


def amount(value, currency: str = "", language: str | None = None) -> str:
    """An amount and its ISO 4217 code: "45 000,00 USD", "45,000.00 USD"."""
    if value in (None, ""):
        return ""
    text = number(value, language)
    return f"{text}{NO_BREAK_SPACE}{currency}" if currency else text


def ordinal(n: int, language: str | None = None, feminine: bool = True) -> str:
    """A position as a native reader writes it in figures: "6th" (British English), "6.ª"
    (Spanish, RAE), "6e" ("1re"/"1er") in French, "6ª" (Brazilian Portuguese). ``feminine``
    agrees with the noun it goes with: *la reunión, la réunion, a reunião* are feminine."""
    lang = (language or current_language())[:2]
    if lang == "es":
        return f"{n}.ª" if feminine else f"{n}.º"
    if lang == "fr":
        if n == 1:
            return "1re" if feminine else "1er"
        return f"{n}e"
    if lang == "pt":
        return f"{n}ª" if feminine else f"{n}º"
    suffix = "th" if n % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


#: What comes between a label and its value, per language: French sets a space before the
#: colon ("Exporter : CSV", as the French catalogues write "État :"); the others do not.
COLONS = {"fr": " :"}


def colon(language: str | None = None) -> str:
    """The colon after a label as the language writes it: " :" in French, ":" elsewhere."""
    return COLONS.get((language or current_language())[:2], ":")
