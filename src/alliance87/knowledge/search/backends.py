"""The one place where the database decides how text is matched.

PostgreSQL: ``vector @@ <query>`` with ``django.contrib.postgres.search``, where ``vector`` is
``to_tsvector(<the text's language configuration: english, spanish, french, portuguese>,
text)``, stored with the text and GIN-indexed (migration 0002), and the query is built with the
same configuration. SQLite: an FTS5 table
``knowledge_fts`` holding each text's Snowball terms (``analysis.fts5_row``), matched with
``analysis.fts5_expression``. Both are given the same folded words, drop the same stop words
and stem with the same algorithms, so they return the same documents (tests/knowledge).
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Iterable

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from . import analysis


def vendor() -> str:
    return "postgresql" if connection.vendor == "postgresql" else "sqlite"


# --- SQLite (FTS5) -----------------------------------------------------------------------

FTS_TABLE = "knowledge_fts"


def sqlite_install(schema_editor=None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} "
            "USING fts5(terms, tokenize='unicode61 remove_diacritics 0')"
        )


def _sqlite_store(rows: Iterable[tuple[int, str, str]]) -> None:
    data = [(pk, analysis.fts5_row(text, lang)) for pk, lang, text in rows]
    if data:
        with connection.cursor() as cursor:
            # FTS_TABLE is a constant; the values are parameters.
            cursor.executemany(f"INSERT INTO {FTS_TABLE}(rowid, terms) VALUES (%s, %s)", data)  # noqa: S608


def _sqlite_delete(text_ids: list[int]) -> None:
    with connection.cursor() as cursor:
        for start in range(0, len(text_ids), 500):
            chunk = text_ids[start : start + 500]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({marks})", chunk)  # noqa: S608


def _sqlite_matching(texts: QuerySet, query: analysis.Query) -> QuerySet | None:
    expression = analysis.fts5_expression(query)
    if expression is None:
        return None
    return texts.filter(
        # The table name is a constant and the MATCH expression a parameter.
        pk__in=RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [expression])  # noqa: S608, S611
    )


# --- PostgreSQL (text search configurations) ---------------------------------------------


def _pg_query(phrases: Iterable[str], config: str):
    from django.contrib.postgres.search import SearchQuery

    return functools.reduce(
        operator.or_, (SearchQuery(p, config=config, search_type="plain") for p in phrases)
    )


def _pg_matching(texts: QuerySet, query: analysis.Query) -> QuerySet | None:
    conditions = []
    for lang, config in analysis.CONFIGS.items():
        if query.for_language(lang) is None:
            continue
        parts = []
        for group in query.groups:
            # Alternatives made only of stop words in this language are left out, as
            # analysis.Query.for_language leaves them out for SQLite.
            kept = [a for a in group if analysis.terms(a, lang)]
            parts.append(_pg_query(kept, config))
        parts.extend(_pg_query([w], config) for w in query.words if analysis.terms(w, lang))
        tsquery = functools.reduce(operator.and_, parts)
        conditions.append(Q(lang=lang, vector=tsquery))
    if not conditions:
        return None
    return texts.filter(functools.reduce(operator.or_, conditions))


def pg_install(schema_editor=None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS knowledge_searchtext_vector ON knowledge_searchtext "
            "USING gin (vector)"
        )


def _pg_store(rows: Iterable[tuple[int, str, str]]) -> None:
    """Write each text's ``tsvector`` with its language's configuration."""
    by_lang: dict[str, list[int]] = {}
    for pk, lang, _text in rows:
        by_lang.setdefault(lang, []).append(pk)
    with connection.cursor() as cursor:
        for lang, ids in by_lang.items():
            cursor.execute(
                "UPDATE knowledge_searchtext SET vector = to_tsvector(%s::regconfig, text) "
                "WHERE id = ANY(%s)",
                [analysis.CONFIGS[lang], ids],
            )


# --- the choice --------------------------------------------------------------------------


def install() -> None:
    """Create what the backend needs beside the tables (the FTS5 table, the GIN indexes)."""
    (pg_install if vendor() == "postgresql" else sqlite_install)()


def store(rows: Iterable[tuple[int, str, str]]) -> None:
    """Index new texts ``(pk, lang, text)``: their FTS5 rows, or their ``tsvector``."""
    (_pg_store if vendor() == "postgresql" else _sqlite_store)(list(rows))


def delete(text_ids: list[int]) -> None:
    if vendor() == "sqlite" and text_ids:
        _sqlite_delete(text_ids)


def matching_texts(texts: QuerySet, query: analysis.Query) -> QuerySet | None:
    """The texts (a ``SearchText`` queryset) that match ``query``; ``None`` when nothing can."""
    if vendor() == "postgresql":
        return _pg_matching(texts, query)
    return _sqlite_matching(texts, query)
