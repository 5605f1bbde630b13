"""Django merges every app's catalogue into one per language, so two apps must not translate
the same message differently: only one translation would win site-wide (the app first in
INSTALLED_APPS) and the other app's pages would read wrong.

Only the catalogues Django merges count: those of the apps in INSTALLED_APPS (the risk
model's command-line catalogue, `riskmodel/locale`, is read by its own `gettext` and merges with
nothing).

A word that is a different word per noun (a withdrawn run, a withdrawn application) carries a
context (`pgettext`, `{% translate ... context ... %}`); a word with one meaning has one
translation in every catalogue.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.apps import apps

LANGS = ("es", "fr", "pt")


def catalogues(lang: str) -> list[tuple[str, Path]]:
    """(app label, catalogue) for each installed app with a catalogue in that language."""
    found = []
    for config in apps.get_app_configs():
        po = Path(config.path) / "locale" / lang / "LC_MESSAGES" / "django.po"
        if po.exists() and config.name.startswith("alliance87."):
            found.append((config.label, po))
    return found


def translations(lang: str) -> dict[tuple[str | None, object], dict[object, list[str]]]:
    """(context, msgid) -> translation -> the apps whose catalogue gives it."""
    found: dict[tuple[str | None, object], dict[object, list[str]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for app, po in catalogues(lang):
        with po.open("rb") as f:
            catalog = read_po(f, locale=lang)
        for message in catalog:
            if not message.id or message.fuzzy or not message.string:
                continue
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if not all(strings):
                continue
            found[(message.context, message.id)][message.string].append(app)
    return found


def test_the_catalogues_of_the_installed_apps_are_read():
    labels = {app for app, _ in catalogues("es")}
    assert {"core", "partners", "pathfinders", "groups", "governance", "results"} <= labels


@pytest.mark.parametrize("lang", LANGS)
def test_no_two_apps_translate_the_same_message_differently(lang):
    collisions = []
    for (context, msgid), by_string in sorted(
        translations(lang).items(), key=lambda item: (item[0][0] or "", str(item[0][1]))
    ):
        if len(by_string) > 1:
            where = "; ".join(
                f"{string!r} in {', '.join(apps)}" for string, apps in by_string.items()
            )
            label = f"[{context}] " if context else ""
            collisions.append(f"{label}{msgid!r}: {where}")
    assert not collisions, (
        f"{lang}: {len(collisions)} messages translated differently by two apps "
        "(give each meaning a context, or one wording everywhere):\n" + "\n".join(collisions)
    )


def _precedence(lang: str) -> list[tuple[str, Path]]:
    """Every catalogue Django reads for a language, highest precedence first: the project's
    LOCALE_PATHS, then each installed app in INSTALLED_APPS order (Django's admin and auth
    come before ours)."""
    from django.conf import settings

    found = [
        ("project locale", Path(p) / lang / "LC_MESSAGES" / "django.po")
        for p in settings.LOCALE_PATHS
    ]
    found += [
        (config.label, Path(config.path) / "locale" / lang / "LC_MESSAGES" / "django.po")
        for config in apps.get_app_configs()
    ]
    return [(label, po) for label, po in found if po.exists()]


def _same(theirs: object, mine: object) -> bool:
    """The same words; plural forms compared as far as both catalogues define them (Babel
    gives Spanish a third form for millions that Django's catalogues do not have)."""
    if isinstance(theirs, tuple) and isinstance(mine, tuple):
        n = min(len(theirs), len(mine))
        return theirs[:n] == mine[:n]
    return theirs == mine


@pytest.mark.parametrize("lang", LANGS)
def test_no_catalogue_read_before_ours_changes_our_words(lang):
    """A message of ours that Django's admin or auth also translate reads as Django's on our
    pages (they come first in INSTALLED_APPS): 'Filter' became 'Filtro' on every button and
    'History' 'Histórico'. The project's own catalogue (LOCALE_PATHS, read first) must then
    carry our words."""
    ours = {key: next(iter(by)) for key, by in translations(lang).items()}
    effective: dict[tuple[str | None, object], tuple[object, str]] = {}
    for label, po in _precedence(lang):
        with po.open("rb") as f:
            catalog = read_po(f, locale=lang)
        for message in catalog:
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if not message.id or message.fuzzy or not all(strings):
                continue
            effective.setdefault((message.context, message.id), (message.string, label))
    shadowed = [
        f"{msgid!r}: ours {mine!r}, read as {effective[key][0]!r} from {effective[key][1]}"
        for key, mine in sorted(ours.items(), key=lambda item: str(item[0]))
        for msgid in [key[1]]
        if not _same(effective[key][0], mine)
    ]
    assert not shadowed, (
        f"{lang}: our words replaced by a catalogue Django reads first (put ours in the "
        "project's locale/, or give the message a context):\n" + "\n".join(shadowed)
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "word"), [("es", "Filtrar"), ("fr", "Filtrer"), ("pt", "Filtrar")]
)
def test_the_filter_buttons_say_filter_as_a_verb(lang, word, reference_data):
    from tests.conftest import client_for

    page = client_for(None).get(f"/{lang}/pathfinders/").content.decode()
    assert f'<button type="submit">{word}</button>' in page
