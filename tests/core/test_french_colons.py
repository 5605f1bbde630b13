"""French sets a space before a colon (issue 13): «Exporter : CSV», «Statut : Actif»,
«Manifestation d'intérêt : …»; Spanish, Portuguese and English do not («Exportar: CSV»).

A label's colon written outside its translated string comes from ``{% colon %}``
(``core.words.colon``); a colon inside a message is the catalogue's. Seeded pages are rendered
and their visible text (tags stripped) is searched for a letter followed by a colon (French) or
a space followed by a colon (the others); times (10:30), URLs (https://) and seed citations
(001_….txt:203) are not labels.
"""

from __future__ import annotations

import re

import pytest

from alliance87.core import words
from alliance87.core.models import Role
from tests.conftest import client_for
from tests.core.test_pages_read_natively import seeded, text_runs  # noqa: F401

#: A colon right after a letter or a closing bracket/quote, not a time, URL or file:line.
TIGHT_COLON = re.compile(r"[^\W\d_][)»\"]?:(?!//|\d)")
#: A space (of any width) before a colon that ends a label.
SPACED_COLON = re.compile(r"[^\W\d_][)»\"]?[\s\u00a0\u202f]:(?!\d)")
#: A seed cited with its words quoted as the seed writes them (Spanish): not the page's text.
CITATION = re.compile(r"\d{3}_[0-9a-f]{16}\.txt:[\d–, -]+\(«.*?»\)")


def _paths() -> list[str]:
    from alliance87.governance.models import Meeting
    from alliance87.partners.models import Partner

    partner = Partner.objects.exclude(status="active").order_by("slug").first() or (
        Partner.objects.order_by("slug").first()
    )
    meeting = Meeting.objects.get(number=5)
    return [
        "/",
        "/pathfinders/",
        "/pathfinders/NPL/",
        "/pathfinders/NPL/workspace/",
        "/partners/",
        f"/partners/{partner.slug}/",
        f"/gcg/meetings/{meeting.pk}/",
        "/gcg/dashboard/",
        "/resources/",
        "/results/",
    ]


def _runs(client, lang: str, pattern: re.Pattern) -> tuple[list[str], list[str]]:
    """The runs of visible text that hold ``pattern``, and every run, over the pages."""
    found, every = [], []
    for path in _paths():
        response = client.get(f"/{lang}{path}")
        assert response.status_code == 200, f"/{lang}{path}: {response.status_code}"
        runs = [CITATION.sub(" ", run) for run in text_runs(response.content.decode())]
        every += runs
        found += [f"/{lang}{path}: {run[:160]}" for run in runs if pattern.search(run)]
    return found, every


def test_the_colon_is_the_languages():
    assert words.colon("fr") == " :"
    assert [words.colon(lang) for lang in ("es", "pt", "en")] == [":", ":", ":"]
    assert TIGHT_COLON.search("Exporter: CSV")
    assert not TIGHT_COLON.search("Exporter : CSV")
    assert not TIGHT_COLON.search("10:30–13:00, https://www.alliance87.org, 001_ab.txt:203")
    assert SPACED_COLON.search("Exportar : CSV")
    assert not SPACED_COLON.search("Exportar: CSV · 10:30")


def test_french_pages_set_a_space_before_every_colon(seeded, make_user):  # noqa: F811
    client = client_for(make_user(Role.SECRETARIAT))
    problems, runs = _runs(client, "fr", TIGHT_COLON)
    assert not problems, f"{len(problems)} colons without a space:\n" + "\n".join(problems[:40])
    # The labels the templates join with {% colon %} are there, spaced.
    assert any("Exporter :" in run for run in runs)


def test_spanish_pages_set_no_space_before_a_colon(seeded, make_user):  # noqa: F811
    client = client_for(make_user(Role.SECRETARIAT))
    problems, runs = _runs(client, "es", SPACED_COLON)
    assert not problems, f"{len(problems)} spaced colons:\n" + "\n".join(problems[:40])
    assert any("Exportar:" in run for run in runs)


@pytest.mark.parametrize(("lang", "expected"), [("fr", "Exporter :"), ("pt", "Exportar:")])
def test_the_tag_follows_the_page_language(lang, expected):
    from django.template import Context, Template
    from django.utils import translation

    template = Template('{% load i18n core_tags %}{% translate "Export" %}{% colon %}')
    with translation.override(lang):
        assert template.render(Context()) == expected
