"""Issue 13: a numbered GCG meeting reads naturally in every language on its page, in the
meetings list and in the calendar feed. Its title shows as written in the languages it is
written in; in the others it is named by its position, the number as each language writes its
ordinal ("6e réunion du Groupe de coordination mondial"), not left in another language. The
feed's name is in the reader's language too."""

from __future__ import annotations

import pytest

from tests.conftest import client_for

from .helpers import make_meeting

NAMED = {
    "es": "6.ª reunión del Grupo de Coordinación Mundial de la Alianza 8.7",
    "fr": "6e réunion du Groupe de coordination mondial de l'Alliance 8.7",
    "pt": "6ª reunião do Grupo de Coordenação Global da Aliança 8.7",
}
CALENDAR = {
    "en": "Alliance 8.7 — Global Coordinating Group",
    "es": "Alianza 8.7 — Grupo de Coordinación Mundial",
    "fr": "Alliance 8.7 — Groupe de coordination mondial",
    "pt": "Aliança 8.7 — Grupo de Coordenação Global",
}


def _unfolded(ics: bytes) -> str:
    return ics.decode().replace("\r\n ", "").replace("\\,", ",")


@pytest.mark.parametrize("lang", NAMED)
def test_a_meeting_titled_in_english_only_is_named_by_its_ordinal_in_the_readers_language(
    secretariat, lang
):
    from html import unescape

    meeting = make_meeting(secretariat, title="Sixth GCG meeting", language="en", number=6)
    client = client_for(secretariat)
    page = unescape(client.get(f"/{lang}/gcg/meetings/{meeting.pk}/").content.decode())
    assert f'<h1><span lang="{lang}">{NAMED[lang]}</span></h1>' in page
    assert "Sixth GCG meeting" not in page
    listing = unescape(client.get(f"/{lang}/gcg/meetings/").content.decode())
    assert f'<span lang="{lang}">{NAMED[lang]}</span></a>' in listing
    ics = _unfolded(client.get(f"/{lang}/gcg/meetings.ics").content)
    assert f"SUMMARY:{NAMED[lang]}" in ics
    assert f"X-WR-CALNAME:{CALENDAR[lang]}" in ics
    assert "Sixth GCG meeting" not in ics


def test_in_the_language_it_is_written_in_the_title_stays_as_written(secretariat):
    meeting = make_meeting(secretariat, title="Sixth GCG meeting", language="en", number=6)
    client = client_for(secretariat)
    page = client.get(f"/en/gcg/meetings/{meeting.pk}/").content.decode()
    assert '<h1><span lang="en">Sixth GCG meeting</span></h1>' in page
    ics = _unfolded(client.get("/en/gcg/meetings.ics").content)
    assert "SUMMARY:Sixth GCG meeting" in ics
    assert f"X-WR-CALNAME:{CALENDAR['en']}" in ics


def test_an_unnumbered_meeting_keeps_its_title_in_every_language(secretariat):
    meeting = make_meeting(secretariat, title="Réunion extraordinaire", language="fr")
    page = client_for(secretariat).get(f"/es/gcg/meetings/{meeting.pk}/").content.decode()
    assert "Réunion extraordinaire" in page
    assert "reunión del Grupo de Coordinación Mundial" not in page.split("<h1>")[1][:200]
