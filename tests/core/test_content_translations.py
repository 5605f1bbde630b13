"""Seeded content reads in every language (issue 13, "Content in every language").

The interface's catalogues are checked by ``test_translations.py``; this module checks the
content the loaders ship: every multilingual text the seed data files hold, and every
``MultilingualField`` value the loaders write, has a Spanish original and its English,
French and Portuguese translations.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.apps import apps

from alliance87.core import content
from alliance87.core.content import MultilingualField
from alliance87.core.seeding import seed_modules

SRC = Path(__file__).resolve().parents[2] / "src" / "alliance87"
LANGUAGES = ("es", "en", "fr", "pt")
#: Fields that quote a seed word for word (the Regional Initiative's network and roadmap):
#: a quotation stays in the seed's Spanish, shown as the original in every language.
QUOTES = {"quote"}
DATA_FILES = sorted(
    p
    for p in SRC.glob("*/data/*.json")
    if p.name not in {"truth.json"} and "translations" not in p.stem
)


def multilingual_texts(node, path=""):
    """Every object of the file that holds a text per language (an ``es`` or ``en`` string),
    and the translations that sit beside a Spanish ``text``/``title`` (results data)."""
    if isinstance(node, dict):
        if any(isinstance(node.get(k), str) for k in ("es", "en")):
            yield path, {k: v for k, v in node.items() if k in LANGUAGES}
        for key in ("translations", "title_translations"):
            if isinstance(node.get(key), dict):
                spanish = node.get("text") if key == "translations" else node.get("title")
                yield f"{path}/{key}", {"es": spanish, **node[key]}
        for key, value in node.items():
            if key not in ("translations", "title_translations"):
                yield from multilingual_texts(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from multilingual_texts(value, f"{path}[{i}]")


def test_the_seed_data_files_are_checked():
    names = {p.name for p in DATA_FILES}
    assert {"pathfinders.json", "partners.json", "groups.json", "meetings.json"} <= names
    assert "regional_initiative.json" in names


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_every_seeded_text_has_spanish_english_french_and_portuguese(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    problems = [
        f"{where}: no {', '.join(lang for lang in LANGUAGES if not texts.get(lang))}"
        for where, texts in multilingual_texts(data)
        if not all(isinstance(texts.get(lang), str) and texts[lang].strip() for lang in LANGUAGES)
    ]
    assert not problems, f"{path.name}: missing translations:\n" + "\n".join(problems[:40])


@pytest.mark.django_db
def test_every_loaded_multilingual_value_is_a_spanish_original_with_its_translations():
    for _label, module in seed_modules():
        module.load()
    problems, checked = [], 0
    for model in apps.get_models():
        fields = [
            f.name
            for f in model._meta.get_fields()
            if isinstance(f, MultilingualField) and f.name not in QUOTES
        ]
        if not fields:
            continue
        for row in model.objects.all():
            for name in fields:
                value = getattr(row, name)
                if not content.texts(value):
                    continue  # an optional text the seeds do not give
                checked += 1
                missing = content.missing_languages(value)
                if missing or content.original_language(value) != "es":
                    problems.append(
                        f"{model._meta.label} {row.pk} {name}: missing {missing}, "
                        f"original {content.original_language(value)!r}"
                    )
    assert checked > 300
    assert not problems, "\n".join(problems[:40])
