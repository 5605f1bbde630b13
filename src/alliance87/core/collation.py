"""Sorting by name as each language sorts (issue 13): "México" before "Ministerio",
"Bélgica" before "Burundi", whatever the accents and capitals.

- In Python, sort with :func:`key` (``sorted(countries, key=lambda c: collation.key(c.name))``)
  or :func:`sort`. The key folds accents and case (a documented approximation of the Unicode
  collation algorithm; neither PyICU nor pyuca is installed): letters compare by their base
  letter first, then accents, then case decide among equals. In Spanish, "ñ" is a letter of
  its own after "n".
- In the database, order by :func:`collated` (``qs.order_by(collated("name_es"))``): on
  PostgreSQL the ICU collation of the language (``es-x-icu``); on SQLite a collation of the
  same name built on :func:`key`, registered on each new connection (``core.apps``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.db import connection
from django.db.models import Expression, F
from django.db.models.functions import Collate

from .content import current_language

T = TypeVar("T")
LANGUAGES = ("es", "en", "fr", "pt")


def _base(text: str, language: str) -> str:
    if language == "es":  # ñ sorts after n in Spanish; keep it a letter of its own
        text = text.replace("ñ", "n\U0010ffff").replace("Ñ", "N\U0010ffff")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def key(text: str | None, language: str | None = None) -> tuple[str, str, str]:
    """The sort key of a text in ``language`` (the active one by default)."""
    lang = (language or current_language())[:2]
    value = text or ""
    # Base letters, then accents, then case (lower case first, as ICU does).
    return (_base(value, lang), unicodedata.normalize("NFKD", value).casefold(), value.swapcase())


def sort(items: Iterable[T], by: Callable[[T], str], language: str | None = None) -> list[T]:
    """``items`` sorted by the text ``by`` gives, as ``language`` sorts."""
    lang = (language or current_language())[:2]
    return sorted(items, key=lambda item: key(by(item), lang))


def collation_name(language: str | None = None, vendor: str | None = None) -> str:
    lang = (language or current_language())[:2]
    lang = lang if lang in LANGUAGES else "en"
    if (vendor or connection.vendor) == "postgresql":
        return f"{lang}-x-icu"
    return f"alliance87_{lang}"


def collated(expression: str | Expression, language: str | None = None) -> Collate:
    """A database expression that orders ``expression`` as ``language`` sorts."""
    expr = F(expression) if isinstance(expression, str) else expression
    return Collate(expr, collation_name(language))


def register_sqlite_collations(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver: the SQLite collations :func:`collated` names."""
    if connection.vendor != "sqlite":
        return
    for lang in LANGUAGES:

        def compare(a: str, b: str, lang: str = lang) -> int:
            ka, kb = key(a, lang), key(b, lang)
            return (ka > kb) - (ka < kb)

        connection.connection.create_collation(f"alliance87_{lang}", compare)
