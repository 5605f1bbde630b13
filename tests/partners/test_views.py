"""Pages: the directory, exports, profiles, editing, the application form and the vetting queue."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from alliance87.core.models import AuditEntry, Role
from alliance87.partners.models import Application, Partner, Person

from ..conftest import client_for
from .conftest import STATEMENT

pytestmark = pytest.mark.django_db


@pytest.fixture
def partners(make_partner):
    anl = make_partner(
        "anl",
        names={"es": "Asociación Niñez Libre", "en": "Free Childhood Association"},
        category="civil_society",
        themes=["child_labour"],
        countries=["PER"],
    )
    make_partner(
        "evil",
        names={"en": '=HYPERLINK("http://evil.example","Click")'},
        category="donor",
        description={"en": "@SUM(1+1)"},
        countries=["GBR"],
    )
    make_partner(
        "ilo",
        names={"en": "International Labour Organization"},
        acronym="ILO",
        category="un_entity",
        themes=["forced_labour"],
    )
    Person.objects.create(
        partner=anl, full_name="Ana Pérez", email="ana@private.example", phone="+51 1 555"
    )
    return anl


def test_the_directory_lists_partners_with_counts_and_keeps_filters_in_links(client, partners):
    response = client.get("/es/partners/", {"category": "civil_society", "q": "niñez"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Asociación Niñez Libre" in html and "International Labour" not in html
    assert 'value="civil_society" selected' in html
    assert "Organizaciones de la sociedad civil" in html or "Civil society" in html
    assert "category=civil_society&amp;q=ni%C3%B1ez" in html  # export links keep the filters


def test_the_directory_shows_the_name_in_the_visitors_language(client, partners):
    assert "Free Childhood Association" in client.get("/en/partners/").content.decode()
    assert "Asociación Niñez Libre" in client.get("/es/partners/").content.decode()


def test_the_directory_paginates_and_keeps_filters(client, many_partners):
    many_partners(45)
    html = client.get("/en/partners/", {"theme": "child_labour"}).content.decode()
    assert "Page 1 of 2" in html and "theme=child_labour&amp;page=2" in html


def test_the_csv_export_holds_public_fields_only_and_neutralises_formulas(client, partners):
    response = client.get("/en/partners/export.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "name"
    names = [r[0] for r in rows[1:]]
    assert '\'=HYPERLINK("http://evil.example","Click")' in names
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    body = response.content.decode()
    assert "ana@private.example" not in body and "555" not in body and "Ana Pérez" not in body


def test_the_csv_export_follows_the_filters(client, partners):
    rows = list(
        csv.reader(
            io.StringIO(
                client.get("/en/partners/export.csv", {"category": "un_entity"}).content.decode(
                    "utf-8-sig"
                )
            )
        )
    )
    assert [r[0] for r in rows[1:]] == ["International Labour Organization"]


def test_the_xlsx_export_neutralises_formulas(client, partners):
    response = client.get("/en/partners/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [
        cell.value for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)
    ]
    assert "'@SUM(1+1)" in values
    assert all(not v.startswith(("=", "+", "-", "@")) for v in values)
    assert sheet.max_row == 4


def test_a_profile_never_shows_contact_details_to_the_public(client, partners, make_user):
    html = client.get("/en/partners/anl/").content.decode()
    assert "Free Childhood Association" in html and "ana@private.example" not in html
    admin = make_user(Role.PARTNER_ADMIN, scope=partners)
    html = client_for(admin).get("/en/partners/anl/").content.decode()
    assert "ana@private.example" in html and "Edit profile" in html


def test_a_withdrawn_partner_has_no_public_profile(client, make_partner):
    make_partner("gone", status="withdrawn")
    assert client.get("/en/partners/gone/").status_code == 404


def test_a_partner_administrator_edits_the_profile_through_the_page(partners, make_user):
    admin = make_user(Role.PARTNER_ADMIN, scope=partners)
    c = client_for(admin)
    response = c.post(
        "/en/partners/anl/edit/",
        {
            "names_es": "Asociación Niñez Libre",
            "names_en": "Free Childhood Association",
            "acronym_es": "ANL",
            "acronym_en": "FCA",
            "themes": ["child_labour", "education"],
            "countries_of_work": ["PER"],
            "version": 1,
        },
    )
    assert response.status_code == 302
    partners.refresh_from_db()
    assert partners.acronym["es"] == "ANL" and partners.acronym["en"] == "FCA"
    assert partners.themes == ["child_labour", "education"]
    # Each language reads its own acronym.
    assert '(<span lang="es">ANL</span>)' in c.get("/es/partners/anl/").content.decode()
    assert AuditEntry.objects.filter(event="partners.partner.updated", actor=admin).exists()


def test_the_edit_page_refuses_a_file_that_is_not_an_image(partners, make_user):
    admin = make_user(Role.PARTNER_ADMIN, scope=partners)
    response = client_for(admin).post(
        "/en/partners/anl/edit/",
        {
            "names_en": "Free Childhood Association",
            "version": 1,
            "logo": SimpleUploadedFile("logo.png", b"not an image", content_type="image/png"),
        },
    )
    assert response.status_code == 200
    assert "logo" in response.context["form"].errors
    partners.refresh_from_db()
    assert partners.version == 1 and not partners.logo


def test_someone_else_cannot_open_the_edit_page(partners, outsider):
    assert client_for(outsider).get("/en/partners/anl/edit/").status_code == 403


def test_the_application_form_creates_an_application(client, reference_data):
    response = client.post(
        "/es/partners/apply/",
        {
            "organisation_name": "Red Andina",
            "category": "civil_society",
            "country": "BOL",
            "contact_name": "Luis Quispe",
            "contact_email": "luis@red.example",
            "statement": STATEMENT,
            "commitment": "on",
        },
    )
    assert response.status_code == 200 and "luis@red.example" in response.content.decode()
    application = Application.objects.get()
    assert application.language == "es" and application.committed_at is not None


def test_the_application_form_names_every_missing_field_and_saves_nothing(client):
    response = client.post(
        "/en/partners/apply/", {"organisation_name": "", "contact_email": "nope"}
    )
    errors = response.context["form"].errors
    assert {
        "organisation_name",
        "category",
        "country",
        "contact_name",
        "contact_email",
        "statement",
        "commitment",
    } <= set(errors)
    assert not Application.objects.exists()


def test_the_secretariat_approves_from_the_queue(application, secretariat):
    c = client_for(secretariat)
    assert "Asociación Niñez Libre" in c.get("/en/partners/applications/").content.decode()
    response = c.post(f"/en/partners/applications/{application.pk}/approve/", {"version": 1})
    assert response.status_code == 302
    application.refresh_from_db()
    assert (
        application.state == "approved"
        and Partner.objects.filter(pk=application.partner_id).exists()
    )


def test_a_rejection_without_reason_is_shown_next_to_the_field(application, secretariat):
    response = client_for(secretariat).post(
        f"/en/partners/applications/{application.pk}/reject/", {"reason": "", "version": 1}
    )
    assert "reason" in response.context["form"].errors
    application.refresh_from_db()
    assert application.state == "submitted" and application.version == 1
    assert not AuditEntry.objects.filter(event="partners.application.rejected").exists()


def test_the_applicant_answers_a_request_for_information_through_the_link(
    client, application, secretariat
):
    from alliance87.partners import services

    services.application_request_info(
        actor=secretariat, application_id=application.pk, reason="Statutes?"
    )
    response = client.post(
        f"/en/partners/apply/{application.token}/", {"reply": "Registered in 2012."}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == "resubmitted" and "2012" in application.applicant_reply


def test_an_unknown_application_link_is_not_found(client):
    assert client.get("/en/partners/apply/not-a-token/").status_code == 404


def test_the_secretariat_suspends_a_partner_from_its_profile(partners, secretariat, client):
    c = client_for(secretariat)
    page = c.get("/en/partners/anl/").content.decode()
    assert "Change the status" in page and 'action="/en/partners/anl/suspend/"' in page
    assert 'action="/en/partners/anl/activate/"' not in page  # already active
    assert c.post("/en/partners/anl/suspend/").status_code == 302
    partners.refresh_from_db()
    assert partners.status == "suspended"
    assert client.get("/en/partners/anl/").status_code == 404  # no longer public
    entry = AuditEntry.objects.get(event="partners.partner.status_changed")
    assert entry.actor is not None and entry.actor.is_authenticated
    assert entry.changes["status"] == ["active", "suspended"]


def test_a_partner_administrator_cannot_change_the_status(partners, make_user):
    admin = make_user(Role.PARTNER_ADMIN, scope=partners)
    assert "Change the status" not in client_for(admin).get("/en/partners/anl/").content.decode()
    assert client_for(admin).post("/en/partners/anl/withdraw/").status_code == 403
    partners.refresh_from_db()
    assert partners.status == "active"


@pytest.mark.parametrize("size", [10, 500])
def test_the_directory_page_runs_a_fixed_number_of_queries(
    size, client, many_partners, django_assert_num_queries
):
    many_partners(size)
    with django_assert_num_queries(5):
        response = client.get(
            "/es/partners/", {"q": "socio", "theme": "child_labour", "region": "019"}
        )
    assert response.status_code == 200 and response.context["page"].paginator.count > 0


def test_export_links_keep_a_search_with_spaces_and_ampersands(client, partners):
    html = client.get("/en/partners/", {"q": "free & childhood"}).content.decode()
    assert "export.csv?q=free+%26+childhood" in html


def test_the_directory_filters_answer_htmx_with_the_results_only(client, partners):
    response = client.get("/en/partners/", {"q": "free"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert 'id="results"' in body and "Free Childhood Association" in body
    assert 'id="directory-filters"' not in body
    assert "HX-Request" in response.headers.get("Vary", "")
    # The language links follow the new address (an out-of-band swap).
    assert 'hx-swap-oob="outerHTML:.account .languages"' in body
    assert 'href="/es/partners/?q=free"' in body


def test_the_directory_filters_work_without_javascript(client, partners):
    response = client.get("/en/partners/", {"q": "free"})
    body = response.content.decode()
    assert "<html" in body and 'id="directory-filters"' in body and 'id="results"' in body
    assert 'hx-get="/en/partners/"' in body and "hx-swap-oob" not in body


def test_a_name_shown_in_another_language_is_marked(client, make_partner):
    make_partner("solo", names={"es": "Solo en español", "_original": "es"})
    body = client.get("/en/partners/").content.decode()
    assert '<span lang="es">Solo en español</span>' in body and "original in Spanish" in body


def test_a_refused_status_step_is_shown_and_writes_nothing(partners, secretariat):
    c = client_for(secretariat)
    c.post("/en/partners/anl/withdraw/")
    partners.refresh_from_db()
    assert partners.status == "withdrawn" and partners.version == 2
    response = c.post("/en/partners/anl/activate/", follow=True)
    assert "cannot go from this status" in response.content.decode()
    partners.refresh_from_db()
    assert partners.status == "withdrawn" and partners.version == 2
    assert AuditEntry.objects.filter(event="partners.partner.status_changed").count() == 1
    assert c.get("/en/partners/anl/suspend/").status_code == 405


def test_the_edit_page_edits_every_language_and_keeps_the_spanish_original(make_partner, make_user):
    from alliance87.core import content

    partner = make_partner(
        "red",
        names=content.make("es", es="Red Andina", en="Andean Network"),
        acronym=content.make("es", es="RA"),
    )
    admin = make_user(Role.PARTNER_ADMIN, scope=partner)
    c = client_for(admin)
    html = c.get("/en/partners/red/edit/").content.decode()
    for field in ("names", "acronym", "description"):
        for lang in ("en", "es", "fr", "pt"):
            tag = re.search(rf'<(input|textarea)[^>]*name="{field}_{lang}"[^>]*>', html)
            assert tag and f'lang="{lang}"' in tag.group(0)
    # The Spanish original is the one chosen in the name's original-language list.
    form = c.get("/en/partners/red/edit/").context["form"]
    assert form["names"].value()["_original"] == "es"
    assert 'value="Red Andina"' in html and 'maxlength="40"' in html
    response = c.post(
        "/en/partners/red/edit/",
        {
            "names_es": "Red Andina",
            "names_en": "Andean Network against Child Labour",
            "names_fr": "Réseau andin",
            "names__original": "es",
            "acronym_es": "RA",
            "version": partner.version,
        },
    )
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.names == {
        "es": "Red Andina",
        "en": "Andean Network against Child Labour",
        "fr": "Réseau andin",
        "_original": "es",
    }
    # Portuguese has no name yet: its page shows the Spanish original, marked.
    page = client_for(admin).get("/pt/partners/red/").content.decode()
    assert "Red Andina" in page and "fallback-note" in page
