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
