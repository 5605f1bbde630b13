"""Applications sent twice, and applications in the name of an existing partner (issue 15):
a reloaded form makes no second application and no second e-mail; the Secretariat sees an
application that may duplicate a partner flagged on the queue, the application and its home."""

from __future__ import annotations

import pytest
from django.core import mail

from alliance87.partners import rules, services
from alliance87.partners.models import Application
from tests.conftest import client_for
from tests.partners.conftest import STATEMENT, application_data

pytestmark = pytest.mark.django_db

FORM = {
    "organisation_name": "Red Andina",
    "category": "civil_society",
    "country": "BOL",
    "contact_name": "Luis Quispe",
    "contact_email": "luis@red.example",
    "statement": STATEMENT,
    "commitment": "on",
}


def test_the_form_sent_twice_makes_one_application_and_one_acknowledgement(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post("/en/partners/apply/", FORM)
        again = client.post("/en/partners/apply/", {**FORM, "organisation_name": "RED  andina"})
    assert first.status_code == again.status_code == 200
    assert Application.objects.count() == 1
    assert len([m for m in mail.outbox if m.to == ["luis@red.example"]]) == 1


def test_the_api_sent_twice_returns_the_same_application():
    one = services.application_submit(data=application_data())
    two = services.application_submit(data=application_data())
    assert one.pk == two.pk and Application.objects.count() == 1


def test_another_contact_or_organisation_is_a_new_application():
    services.application_submit(data=application_data())
    services.application_submit(data=application_data(contact_email="otro@ninezlibre.example"))
    services.application_submit(data=application_data(organisation_name="Otra Asociación"))
    assert Application.objects.count() == 3


def test_an_application_in_the_name_of_an_existing_partner_is_flagged(secretariat, make_partner):
    partner = make_partner(
        "ninez-libre", names={"es": "Asociación Niñez Libre", "en": "Free Childhood Association"}
    )
    application = services.application_submit(
        data=application_data(organisation_name="Free childhood association", acronym="")
    )
    other = services.application_submit(
        data=application_data(
            organisation_name="Nueva Red", acronym="", contact_email="x@y.example"
        )
    )
    client = client_for(secretariat)
    queue = client.get("/en/partners/applications/").content.decode()
    assert queue.count("data-duplicate") == 1
    detail = client.get(f"/en/partners/applications/{application.pk}/").content.decode()
    assert "An existing partner may already be this organisation" in detail
    assert f"/en/partners/{partner.slug}/" in detail
    assert (
        "data-duplicate"
        not in client.get(f"/en/partners/applications/{other.pk}/").content.decode()
    )
    assert "Free childhood association — already a partner?" in client.get("/en/").content.decode()


def test_the_same_organisation_by_name_acronym_or_website():
    partner = rules.organisation_keys(
        ["Organización Internacional del Trabajo", "International Labour Organization"],
        "OIT",
        "https://www.ilo.org/",
    )
    assert rules.same_organisation(
        rules.organisation_keys(["organizacion internacional  del trabajo"]), partner
    )
    assert rules.same_organisation(rules.organisation_keys(["X"], "oit"), partner)
    assert rules.same_organisation(
        rules.organisation_keys(["X"], "", "http://ilo.org/fr/"), partner
    )
    assert not rules.same_organisation(rules.organisation_keys(["Ministry of Labour"]), partner)


def test_an_application_is_flagged_by_a_partners_acronym_in_any_language(secretariat, make_partner):
    """Partners' acronyms are multilingual (the seeds give the ILO "OIT" in Spanish): with one
    application waiting, the Secretariat's home, queue and application still open, and an
    application under the Spanish acronym is flagged."""
    make_partner(
        "ilo",
        names={"en": "International Labour Organization"},
        acronym={"en": "ILO", "es": "OIT", "fr": "OIT", "pt": "OIT"},
    )
    application = services.application_submit(
        data=application_data(organisation_name="Oficina regional", acronym="oit")
    )
    client = client_for(secretariat)
    home = client.get("/en/")
    assert home.status_code == 200
    assert "Oficina regional — already a partner?" in home.content.decode()
    assert client.get("/en/partners/applications/").status_code == 200
    detail = client.get(f"/en/partners/applications/{application.pk}/").content.decode()
    assert "An existing partner may already be this organisation" in detail
