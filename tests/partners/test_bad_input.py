"""Issue 3, "Done means": bad input on every partner form and API payload gets a clear error
naming the field, and nothing is half-saved."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from alliance87.core.models import AuditEntry, Role
from alliance87.partners import services
from alliance87.partners.models import Application, Partner

from ..conftest import client_for
from .conftest import application_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(make_partner):
    return make_partner("anl", names={"en": "Free Childhood Association"}, countries=["PER"])


@pytest.fixture
def admin(make_user, partner):
    return make_user(Role.PARTNER_ADMIN, scope=partner)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"website": "not a web address"}, "website"),
        ({"countries_of_work": ["XXX"]}, "countries_of_work"),
        ({"regions_of_work": ["999"]}, "regions_of_work"),
        ({"headquarters": "ZZZ"}, "headquarters"),
        ({"themes": ["astrology"]}, "themes"),
        ({"names_en": ""}, "names"),
        ({"acronym_es": "A" * 41}, "acronym"),
    ],
)
def test_the_profile_form_names_the_field_at_fault_and_saves_nothing(admin, partner, data, field):
    post = {"names_en": "Free Childhood Association", "version": 1, **data}
    response = client_for(admin).post("/en/partners/anl/edit/", post)
    assert response.status_code == 200 and field in response.context["form"].errors
    partner.refresh_from_db()
    assert (
        partner.version == 1
        and not AuditEntry.objects.filter(event="partners.partner.updated").exists()
    )


def test_the_profile_form_refuses_a_logo_over_the_limit_and_names_it(admin, partner, settings):
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "navy").save(buffer, "PNG")
    settings.LOGO_MAX_BYTES = 10  # a real PNG, "over" the limit (LOGO_MAX_MB, 2 MB by default)
    logo = SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")
    response = client_for(admin).post(
        "/en/partners/anl/edit/",
        {"names_en": "Free Childhood Association", "version": 1, "logo": logo},
    )
    assert "may be at most 10\xa0bytes" in " ".join(response.context["form"].errors["logo"])
    partner.refresh_from_db()
    assert not partner.logo and partner.version == 1


def test_the_profile_form_says_when_someone_else_saved_first(admin, partner):
    services.partner_update(
        actor=admin, partner_id=partner.pk, expected_version=1, data={"acronym": "FCA"}
    )
    response = client_for(admin).post(
        "/en/partners/anl/edit/", {"names_en": "Changed", "version": 1}
    )
    assert (
        response.status_code == 200
        and "Someone else changed this profile" in response.content.decode()
    )
    partner.refresh_from_db()
    assert partner.names == {"en": "Free Childhood Association"}


def test_the_profile_form_without_its_version_saves_nothing(admin, partner):
    response = client_for(admin).post("/en/partners/anl/edit/", {"names_en": "Changed"})
    assert response.status_code == 200 and "version" in response.context["form"].errors
    partner.refresh_from_db()
    assert partner.names == {"en": "Free Childhood Association"}


@pytest.mark.parametrize(
    ("step", "data", "field"),
    [
        ("request-info", {"reason": "", "version": 1}, "reason"),
        ("reject", {"reason": " ", "version": 1}, "reason"),
        ("approve", {}, "version"),
    ],
)
def test_the_vetting_form_names_the_field_at_fault(application, secretariat, step, data, field):
    url = f"/en/partners/applications/{application.pk}/{step}/"
    response = client_for(secretariat).post(url, data)
    assert response.status_code == 200 and field in response.context["form"].errors
    application.refresh_from_db()
    assert application.state == "submitted" and application.version == 1
    assert not Partner.objects.exists()
    assert not (
        AuditEntry.objects.filter(event__startswith="partners.application.")
        .exclude(event="partners.application.submitted")
        .exists()
    )


@pytest.mark.parametrize("step", ["promote", ""])
def test_an_unknown_vetting_step_is_not_found(application, secretariat, step):
    url = f"/en/partners/applications/{application.pk}/{step}/" if step else None
    client = client_for(secretariat)
    if url is None:  # the decision page itself takes no decision
        assert client.post(f"/en/partners/applications/{application.pk}/", {}).status_code == 405
    else:
        assert client.post(url, {"version": 1}).status_code == 404
    application.refresh_from_db()
    assert application.state == "submitted" and application.version == 1


def test_each_vetting_step_is_a_post(application, secretariat):
    client = client_for(secretariat)
    assert client.get(f"/en/partners/applications/{application.pk}/approve/").status_code == 405


def test_the_reply_form_needs_an_answer(client, application, secretariat):
    services.application_request_info(
        actor=secretariat, application_id=application.pk, reason="Statutes?"
    )
    response = client.post(f"/en/partners/apply/{application.token}/", {"reply": "  "})
    assert "reply" in response.context["form"].errors
    application.refresh_from_db()
    assert application.state == "info_requested"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"website": "not a web address"}, "website"),
        ({"contact_email": "nope"}, "contact_email"),
        ({"category": "spies"}, "category"),
        ({"country": "XXX"}, "country"),
        ({"themes": ["astrology"]}, "themes"),
    ],
)
def test_the_application_form_names_a_malformed_field(client, reference_data, data, field):
    post = {**application_data(), "commitment": "on", **data}
    response = client.post("/en/partners/apply/", post)
    assert response.status_code == 200 and field in response.context["form"].errors
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"website": "not a web address"}, "website"),
        ({"government_kind": "ministry"}, "government_kind"),
        ({"category": "country"}, "government_kind"),
        ({"themes": ["astrology"]}, "themes"),
        ({"organisation_name": "x" * 201}, "organisation_name"),
        ({"language": "de"}, "language"),
        ({"statement": 20}, "statement"),
    ],
)
def test_an_api_application_with_a_bad_value_names_the_field(
    client, reference_data, overrides, field
):
    response = client.post(
        "/api/partner-applications", application_data(**overrides), content_type="application/json"
    )
    assert response.status_code == 400, response.content
    assert field in [e["field"].split(".")[0] for e in response.json()["errors"]]
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("page=0", "page"),
        ("page=two", "page"),
        ("country=PERU", "country"),
        ("region=EU", "region"),
        ("theme=astrology", "theme"),
    ],
)
def test_a_bad_directory_query_names_the_parameter(client, query, field):
    response = client.get(f"/api/partners?{query}")
    assert response.status_code == 400 and field in [e["field"] for e in response.json()["errors"]]
