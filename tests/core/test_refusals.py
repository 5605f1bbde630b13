"""Every refusal code that an app registers has its words in the four languages, and the
words differ from English in Spanish, French and Portuguese (no untranslated copy).

Each app's own tests check that its rules return only registered codes
(tests/<app>/test_messages.py or test_rules.py); this one checks the registry as a whole."""

from __future__ import annotations

import pytest
from django.utils import translation

from alliance87.core import refusals
from alliance87.core.transitions import Refusal


class _AnyParams(dict):
    """Parameters for any placeholder a text has: each reads as its own name."""

    def __missing__(self, key):
        return key


def _words(code: str, language: str) -> str:
    text = refusals._TEXTS[code]
    with translation.override(language):
        try:
            return refusals.refusal_text(Refusal(code, ()))
        except (KeyError, TypeError, ValueError, AttributeError):
            # A text built from its parameters: give it placeholder values.
            if callable(text) and not isinstance(text, str):
                try:
                    return str(text(_AnyParams()))
                except Exception:  # noqa: BLE001 - needs real parameters; checked per app
                    return ""
            return str(text) % _AnyParams()


def test_every_app_registers_its_refusal_words():
    prefixes = {code.split(".")[0] for code in refusals._TEXTS}
    assert {"pathfinder", "governance", "group", "partners", "results"} <= prefixes


@pytest.mark.parametrize("code", sorted(refusals._TEXTS))
def test_each_refusal_has_words_in_every_language(code):
    english = _words(code, "en")
    if not english:
        pytest.skip("worded from real parameters only; the app's own test words it")
    for language in ("es", "fr", "pt"):
        words = _words(code, language)
        assert words, f"{code} has no words in {language}"
        assert words != english, f"{code} is not translated into {language}: {english!r}"
