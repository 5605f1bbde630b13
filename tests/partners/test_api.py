"""API: GET /api/partners, GET /api/partners/{slug}, POST /api/partner-applications."""

from __future__ import annotations

import pytest

from alliance87.partners.models import Application

from .conftest import application_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def partners(make_partner):
    make_partner(
        "anl",
        names={"es": "Asociación Niñez Libre"},
        category="civil_society",
        themes=["child_labour"],
        countries=["PER"],
    )
    make_partner(
        "ilo",
        names={"en": "International Labour Organization"},
        acronym="ILO",
        category="un_entity",
        themes=["forced_labour"],
        regions=["150"],
    )
    make_partner("gone", status="suspended", countries=["PER"])


def test_the_list_filters_by_query_category_country_region_and_theme(client, partners):
    assert [p["slug"] for p in client.get("/api/partners?q=ninez").json()["results"]] == ["anl"]
    assert [p["slug"] for p in client.get("/api/partners?country=PER").json()["results"]] == ["anl"]
    assert [p["slug"] for p in client.get("/api/partners?region=150").json()["results"]] == ["ilo"]
    assert [
        p["slug"] for p in client.get("/api/partners?theme=forced_labour").json()["results"]
    ] == ["ilo"]
    body = client.get("/api/partners?category=un_entity").json()
    assert body["count"] == 1 and body["pages"] == 1 and body["results"][0]["acronym"] == "ILO"


def test_the_list_rejects_an_unknown_category_naming_the_parameter(client, partners):
    response = client.get("/api/partners?category=spies")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "category"


def test_the_detail_shows_public_fields_only(client, partners):
    body = client.get("/api/partners/anl").json()
    assert body["names"] == {"es": "Asociación Niñez Libre"} and body["countries_of_work"] == [
        "PER"
    ]
    assert body["regions_of_work"] == [] and "people" not in body and "email" not in str(body)


def test_a_suspended_partner_is_not_found(client, partners):
    assert client.get("/api/partners/gone").status_code == 404


@pytest.mark.parametrize("size", [10, 500])
def test_the_list_runs_a_fixed_number_of_queries(
    size, client, many_partners, django_assert_num_queries
):
    many_partners(size)
    with django_assert_num_queries(2):
        response = client.get("/api/partners?theme=child_labour&q=partner")
    assert response.json()["count"] == size // 2


def test_an_application_is_accepted(client, reference_data):
    response = client.post(
        "/api/partner-applications", application_data(), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["state"] == "submitted"
    assert Application.objects.get().contact_email == "ana@ninezlibre.example"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        (application_data(is_admin=True), "is_admin"),
        (application_data(commitment="maybe"), "commitment"),
        (application_data(themes="child_labour"), "themes"),
        (application_data(category="spies"), "category"),
        (application_data(country=7), "country"),
        ({k: v for k, v in application_data().items() if k != "statement"}, "statement"),
    ],
)
def test_a_malformed_application_is_refused_naming_the_field(client, payload, field):
    response = client.post("/api/partner-applications", payload, content_type="application/json")
    assert response.status_code == 400
    assert field in [e["field"] for e in response.json()["errors"]]
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"commitment": False}, "commitment"),
        ({"contact_email": "nope"}, "contact_email"),
        ({"statement": "Too short."}, "statement"),
        ({"country": "XXX"}, "country"),
    ],
)
def test_an_application_breaking_a_rule_is_refused_naming_the_field(
    client, reference_data, overrides, field
):
    response = client.post(
        "/api/partner-applications", application_data(**overrides), content_type="application/json"
    )
    assert response.status_code == 400
    assert field in [e["field"] for e in response.json()["errors"]]
    assert not Application.objects.exists()


def test_the_endpoints_are_documented_in_openapi(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {"/api/partners", "/api/partners/{slug}", "/api/partner-applications"} <= set(paths)


def test_applications_are_rate_limited_per_address(client, reference_data, settings):
    from alliance87.partners import views

    for i in range(views.APPLICATIONS_PER_HOUR):
        data = application_data(contact_email=f"a{i}@example.org")
        assert (
            client.post(
                "/api/partner-applications", data, content_type="application/json"
            ).status_code
            == 201
        )
    response = client.post(
        "/api/partner-applications", application_data(), content_type="application/json"
    )
    assert response.status_code == 429 and "Too many" in response.json()["detail"]
    assert Application.objects.count() == views.APPLICATIONS_PER_HOUR


def test_public_endpoints_document_that_no_token_is_needed_and_their_errors(client):
    schema = client.get("/api/openapi.json").json()
    for path, method in [
        ("/api/partners", "get"),
        ("/api/partners/{slug}", "get"),
        ("/api/partner-applications", "post"),
    ]:
        operation = schema["paths"][path][method]
        assert {} in operation["security"], path
        assert "400" in operation["responses"], path
    assert "404" in schema["paths"]["/api/partners/{slug}"]["get"]["responses"]
    people = schema["paths"]["/api/partners/{slug}/people"]["get"]
    assert {} not in people["security"]
    assert {"401", "403", "404"} <= set(people["responses"])


def test_a_missing_partner_is_a_404_with_the_error_shape(client):
    response = client.get("/api/partners/nobody")
    assert response.status_code == 404 and response.json()["detail"]
    assert client.get("/api/partners/nobody/people").status_code in (401, 404)


def test_names_come_by_language_with_their_original(client, make_partner):
    make_partner("orig", names={"es": "Red Andina", "en": "Andean Network", "_original": "es"})
    body = client.get("/api/partners/orig").json()
    assert body["names"] == {"es": "Red Andina", "en": "Andean Network"}
    assert body["original_language"] == "es" and body["name"] == "Andean Network"


def test_the_list_and_the_detail_give_the_acronym_in_every_language_beside_the_requests(
    client, make_partner
):
    acronyms = {"en": "ILO", "es": "OIT", "fr": "OIT", "pt": "OIT"}
    make_partner("ilo", names={"en": "International Labour Organization"}, acronym=acronyms)
    listed = client.get("/api/partners").json()["results"][0]
    assert listed["acronym"] == "ILO" and listed["acronyms"] == acronyms
    detail = client.get("/api/partners/ilo", HTTP_ACCEPT_LANGUAGE="es").json()
    assert detail["acronym"] == "OIT" and detail["acronyms"] == acronyms
