"""How text becomes search terms, the same for both databases (pure Python, no Django).

Every text is split into plain words (letters and digits) in lower case, each followed by its
*folded* form (accents removed: "niños ninos"). What is stored and what PostgreSQL is given is
that text;
PostgreSQL then drops the language's stop words and stems with its ``english``, ``spanish``,
``french`` or ``portuguese`` configuration (Snowball). The SQLite path does the same here,
with PostgreSQL's own stop-word lists (``data/stopwords``) and the same Snowball stemmers
(``snowballstemmer``, docs/decisions/0007-knowledge-snowball.md).

A query is first read for glossary terms in any language ("OIT", "BIT", "travail des
enfants"): each one found becomes a group of alternatives, every name of that concept in every
language, so "trabalho infantil" finds what "child labour" finds.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import snowballstemmer

DATA = Path(__file__).resolve().parent.parent / "data"

#: The platform's languages and their PostgreSQL text search configuration (Snowball).
CONFIGS = {"en": "english", "es": "spanish", "fr": "french", "pt": "portuguese"}
LANGUAGES = tuple(CONFIGS)

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def fold(value: str) -> str:
    """Lower case without accents: "Organización" → "organizacion"."""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def lower_words(value: str) -> list[str]:
    """The plain words of ``value`` in lower case, accents kept."""
    return _WORD.findall(unicodedata.normalize("NFC", (value or "").casefold()))


def words(value: str) -> list[str]:
    """The folded plain words of ``value``."""
    return _WORD.findall(fold(value or ""))


def normalised(value: str) -> str:
    """What is stored for a text and given to PostgreSQL: each word in lower case, followed
    by its folded form where that differs ("niños ninos"). Stemmers handle accented endings
    ("orientación", "orientaciones" → "orient") that they miss once folded, and a reader who
    types without accents ("ninos") still finds the word."""
    out: list[str] = []
    for w in lower_words(value):
        out.append(w)
        folded = fold(w)
        if folded != w:
            out.extend(_WORD.findall(folded))
    return " ".join(out)


@functools.cache
def stopwords(lang: str) -> frozenset[str]:
    path = DATA / "stopwords" / f"{CONFIGS[lang]}.stop"
    return frozenset(w.strip() for w in path.read_text(encoding="utf-8").split() if w.strip())


@functools.cache
def _stemmer(lang: str):
    return snowballstemmer.stemmer(CONFIGS[lang])


@functools.lru_cache(maxsize=200_000)
def _stem(lang: str, word: str) -> str:
    return _stemmer(lang).stemWord(word)


def terms(value: str, lang: str) -> list[str]:
    """The stemmed terms of ``value`` in ``lang``, as PostgreSQL's configuration makes them
    (stop words dropped; words of digits kept as they are)."""
    stop = stopwords(lang)
    out = []
    for w in lower_words(value):
        if any(c.isdigit() for c in w):
            out.append(w)  # PostgreSQL maps words with digits to the simple dictionary
        elif w not in stop:
            out.append(_stem(lang, w))
    return out


@dataclass(frozen=True)
class Concept:
    """A glossary entry: its names (full names and acronyms) in each language."""

    key: str
    names: dict[str, tuple[str, ...]]

    def all_names(self) -> list[str]:
        seen: dict[str, None] = {}
        for lang in LANGUAGES:
            for n in self.names.get(lang, ()):
                seen.setdefault(n, None)
        return list(seen)


@functools.cache
def glossary() -> tuple[Concept, ...]:
    raw = json.loads((DATA / "glossary.json").read_text(encoding="utf-8"))
    return tuple(
        Concept(c["key"], {lang: tuple(c["names"].get(lang, ())) for lang in LANGUAGES})
        for c in raw["concepts"]
    )


@dataclass(frozen=True)
class Query:
    """A parsed query: ``groups`` (each a tuple of alternative phrases, one of which must
    match) and ``words`` (each must match). Both are folded text; each backend analyses them
    per language with that language's configuration."""

    groups: tuple[tuple[str, ...], ...]
    words: tuple[str, ...]
    concepts: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.groups or self.words)

    def for_language(self, lang: str) -> tuple[tuple[tuple[str, ...], ...], tuple[str, ...]] | None:
        """The query in ``lang``: each group as its alternatives' term lists (an alternative
        made only of stop words is left out), and the remaining terms. ``None`` when the query
        cannot match a text in ``lang`` (a group with no alternative left, or nothing at all)."""
        groups = []
        for group in self.groups:
            alts = tuple(t for t in (tuple(terms(a, lang)) for a in group) if t)
            if not alts:
                return None
            groups.append(alts)
        rest = tuple(terms(" ".join(self.words), lang))
        if not groups and not rest:
            return None
        return tuple(groups), rest


def _phrases() -> list[tuple[tuple[str, ...], Concept]]:
    """Every glossary name as folded words, longest first (so "child labour" wins over
    "labour" and "International Labour Organization" over "ILO")."""
    out = []
    for concept in glossary():
        for name in concept.all_names():
            out.append((tuple(words(name)), concept))
    return sorted(out, key=lambda p: -len(p[0]))


def parse(query: str, *, limit: int = 12) -> Query:
    """Read ``query``: glossary names (in any language) become groups of alternatives, the
    other words stay words, as typed (accents kept). At most ``limit`` words are kept."""
    raw = lower_words(query)[:limit]
    ws = [fold(w) for w in raw]
    phrases = _phrases()
    groups: list[tuple[str, ...]] = []
    concepts: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(ws):
        for phrase, concept in phrases:
            if phrase and tuple(ws[i : i + len(phrase)]) == phrase:
                if concept.key not in concepts:
                    concepts.append(concept.key)
                    groups.append(tuple(" ".join(words(n)) for n in concept.all_names()))
                i += len(phrase)
                break
        else:
            rest.append(raw[i])
            i += 1
    return Query(tuple(groups), tuple(rest), tuple(concepts))


def fts5_expression(query: Query, languages: Sequence[str] = LANGUAGES) -> str | None:
    """The FTS5 MATCH expression of ``query`` over the stored terms: a text matches when, in
    its own language, every group has one alternative whose terms are all there and every
    remaining term is there. Each text's row starts with a ``xlang<code>`` marker term."""
    per_language = []
    for lang in languages:
        parsed = query.for_language(lang)
        if parsed is None:
            continue
        groups, rest = parsed
        parts = [_quote(f"xlang{lang}")]
        for alts in groups:
            parts.append(
                "(" + " OR ".join("(" + " ".join(map(_quote, a)) + ")" for a in alts) + ")"
            )
        parts.extend(_quote(t) for t in rest)
        per_language.append("(" + " AND ".join(parts) + ")")
    return " OR ".join(per_language) if per_language else None


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def fts5_row(text: str, lang: str) -> str:
    """What the FTS5 table stores for a text: its language marker and its stemmed terms."""
    return " ".join([f"xlang{lang}", *terms(text, lang)])


def matches(query: Query, texts: Iterable[tuple[str, str]]) -> bool:
    """Whether a document with these ``(lang, text)`` matches (the reference the backends
    are tested against)."""
    for lang, body in texts:
        parsed = query.for_language(lang)
        if parsed is None:
            continue
        have = set(terms(body, lang))
        groups, rest = parsed
        if all(any(set(a) <= have for a in alts) for alts in groups) and set(rest) <= have:
            return True
    return False
