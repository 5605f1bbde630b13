"""Rule 7: every user-facing string is translatable and the four locales are complete.

For each app with a catalogue, strings are extracted afresh (Django's makemessages, which needs
GNU gettext) into a copy of the app, and every entry must have a non-fuzzy translation in
Spanish, French and Portuguese. A string added to code or a template without a translation
fails here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

SRC = Path(__file__).resolve().parents[2] / "src" / "alliance87"
APPS = sorted(p.parent.name for p in SRC.glob("*/locale"))
LANGS = ("es", "fr", "pt")


def test_every_django_app_has_a_catalogue():
    apps_with_strings = {"core", "partners", "pathfinders", "governance", "groups"}
    assert apps_with_strings <= set(APPS)


@pytest.mark.parametrize("app", APPS)
def test_the_catalogue_of_each_app_is_complete_in_spanish_french_and_portuguese(app, tmp_path):
    if shutil.which("xgettext") is None:
        pytest.fail("GNU gettext is needed to check translations: apt-get install gettext")
    copy = tmp_path / app
    shutil.copytree(
        SRC / app, copy, ignore=shutil.ignore_patterns("*.mo", "__pycache__", "data", "*.parquet")
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "alliance87.settings"}
    result = subprocess.run(
        [
            sys.executable,
            "-P",
            "-m",
            "alliance87",
            "makemessages",
            *[f"-l{x}" for x in LANGS],
            "--no-location",
            "--no-obsolete",
        ],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    problems = []
    for lang in LANGS:
        po = copy / "locale" / lang / "LC_MESSAGES" / "django.po"
        if not po.exists():
            problems.append(f"{lang}: no catalogue")
            continue
        with po.open("rb") as f:
            catalog = read_po(f, locale=lang)
        for message in catalog:
            if not message.id:
                continue
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if message.fuzzy or not all(strings):
                msgid = message.id if isinstance(message.id, str) else message.id[0]
                problems.append(f"{lang}: {msgid!r}")
    assert not problems, f"{app}: untranslated or fuzzy strings:\n" + "\n".join(problems[:40])
