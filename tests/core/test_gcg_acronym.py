"""The Global Coordinating Group has one acronym per language on every page: "GCM" in Spanish
(Grupo de Coordinación Mundial) and French (Groupe de coordination mondial). The calendar
said "Reuniones del GCG" while the rest of the Spanish platform said "GCM"."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

SRC = Path(__file__).resolve().parents[2] / "src" / "alliance87"
ENGLISH_ACRONYM = re.compile(r"\bGCG\b(?!\d)")  # "GCG5/2" is a decision's reference, kept


@pytest.mark.parametrize("language", ["es", "fr"])
def test_spanish_and_french_catalogues_call_the_gcg_gcm(language):
    found = []
    for po in sorted(SRC.glob(f"*/locale/{language}/LC_MESSAGES/django.po")):
        with po.open("rb") as f:
            for message in read_po(f):
                for text in (
                    message.string if isinstance(message.string, tuple) else [message.string]
                ):
                    if text and ENGLISH_ACRONYM.search(text):
                        found.append(f"{po.parts[-5]}: {text}")
    assert found == []
