"""The language links lead to a page that opens. A refused form is shown at the address it
was posted to (``/es/accounts/people/invite/``, POST only): its "Français" link led to a
blank 405 page; it now leads back to the page the form is on, in French."""

from __future__ import annotations

import re

import pytest

from tests.conftest import client_for

pytestmark = pytest.mark.django_db


LINK = re.compile(
    r'<a href="([^"]+)" hreflang="[a-z]{2}" lang="[a-z]{2}" data-language="([a-z]{2})"'
)


def _links(html: str) -> dict[str, str]:
    return {code: href for href, code in LINK.findall(html)}


def test_the_links_on_a_refused_form_lead_back_to_the_forms_page_in_each_language(secretariat):
    c = client_for(secretariat)
    r = c.post(
        "/es/accounts/people/invite/",
        {"email": "no-es-una-direccion", "full_name": "", "role": ""},
        HTTP_REFERER="http://testserver/es/accounts/people/?q=ana",
    )
    assert r.status_code == 400
    links = _links(r.content.decode())
    assert links["fr"] == "/fr/accounts/people/?q=ana"
    assert c.get(links["fr"]).status_code == 200
    # Without a referring page of this site, they lead to each language's home page.
    r = c.post(
        "/es/accounts/people/invite/", {"email": "x"}, HTTP_REFERER="https://elsewhere.example/"
    )
    assert _links(r.content.decode())["fr"] == "/fr/"


def test_the_links_keep_the_page_and_name_each_language_capitalised():
    html = client_for(None).get("/es/partners/?q=trabajo").content.decode()
    assert _links(html)["fr"] == "/fr/partners/?q=trabajo"
    names = re.findall(r'data-language="[a-z]{2}"[^>]*>([^<]+)</a>', html)
    assert names == ["English", "Español", "Français", "Português"]
