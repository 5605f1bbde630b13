"""The resource list, the platform-wide search page and the API, with fixed query counts."""

from __future__ import annotations

import pytest

from alliance87.knowledge.models import Resource
from alliance87.knowledge.search import index

pytestmark = pytest.mark.django_db


def make_resources(n: int, partner) -> None:
    from alliance87.core.models import Country

    peru = Country.objects.get(pk="PER")
    rows = [
        Resource(
            slug=f"study-{i}",
            titles={"en": f"Study {i} on child labour in mining", "_original": "en"},
            summary={"es": f"Estudio {i} sobre el trabajo infantil en la minería"},
            kind="study" if i % 2 else "tool",
            themes=["child_labour"],
            languages=["en", "es"] if i % 3 else ["en"],
            publisher=partner,
            status="published",
        )
        for i in range(n)
    ]
    for r in rows:
        r.save()
        r.countries.set([peru])
    index.rebuild(["resource"])


def test_the_list_has_facets_with_counts_and_an_htmx_fragment(client, partner):
    make_resources(6, partner)
    r = client.get("/en/resources/?kind=study")
    body = r.content.decode()
    assert r.status_code == 200
    assert "3 resources" in body
    assert 'hx-target="#results"' in body and 'hx-swap="outerHTML"' in body
    assert "Study (3)" in body and "Tool (3)" in body  # type counts ignore the type filter
    assert "Peru (3)" in body
    fragment = client.get("/en/resources/?kind=study", HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith('<div id="results">') or 'id="results"' in fragment
    assert "<form" not in fragment.split('id="results"')[1]


def test_the_list_searches_in_other_languages(client, partner):
    make_resources(4, partner)
    body = client.get("/fr/resources/?q=travail+des+enfants").content.decode()
    assert "4 ressources" in body


@pytest.mark.parametrize("n", [3, 30])
def test_the_list_runs_a_fixed_number_of_queries(client, partner, n, django_assert_num_queries):
    make_resources(n, partner)
    with django_assert_num_queries(4):
        client.get("/en/resources/?q=mining&theme=child_labour")


@pytest.mark.parametrize("n", [3, 30])
def test_the_search_page_runs_a_fixed_number_of_queries(
    client, partner, n, django_assert_num_queries
):
    make_resources(n, partner)
    with django_assert_num_queries(5):  # count, rows, facets, country facet, country names
        r = client.get("/en/search/?q=trabajo+infantil&country=PER")
    assert f"{n} results" in r.content.decode()
    with django_assert_num_queries(4):  # no facet filter: the three facets in one query
        r = client.get("/en/search/?q=trabajo+infantil")
    assert f"{n} results" in r.content.decode()


def test_search_results_can_be_shared_by_url(shipped, client):
    url = "/es/search/?q=OIT&kind=partner"
    body = client.get(url).content.decode()
    assert "Organización Internacional del Trabajo" in body
    assert 'href="?q=OIT&amp;kind=partner"' in body
    fragment = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "Organización Internacional del Trabajo" in fragment


def test_the_search_api_answers_with_counts_per_kind(shipped, client):
    data = client.get("/api/search?q=travail+des+enfants").json()
    assert data["count"] >= 30
    assert data["kinds"]["partner"] >= 30
    assert any(
        hit["ref"] == "alliance-87-mandate"
        for hit in client.get("/api/search?q=mandat&kind=resource").json()["results"]
    )
