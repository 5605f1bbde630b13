"""The partner directory and admission in a real browser (Playwright driving Debian's Chromium)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core import mail

from alliance87.core.models import Role
from alliance87.partners import seed
from alliance87.partners.models import Application, Partner

pytestmark = pytest.mark.django_db(transaction=True)

STATEMENT = (
    "We run community programmes that withdraw children from hazardous work in cocoa farms, "
    "support survivors of forced labour and train labour inspectors in three provinces."
)


def test_search_filter_switch_language_and_export(page):
    seed.load()
    page.goto(f"{page.base_url}/en/partners/")
    page.fill("#f-q", "organizacion")
    page.click("#directory-filters button[type=submit]")
    page.select_option("#f-category", "un_entity")  # submits by itself (data-autosubmit)
    page.wait_for_url(re.compile(r".*category=un_entity.*"))
    names = page.locator(".partner-list strong").all_inner_texts()
    assert "International Labour Organization" in names
    assert (
        "United Nations Office on Drugs and Crime" not in names
    )  # no word starting "organizacion"

    page.click("a[data-language=es]")
    page.wait_for_url(re.compile(r".*/es/partners/\?.*category=un_entity.*"))
    assert page.locator("#f-q").input_value() == "organizacion"
    assert page.locator("#f-category").input_value() == "un_entity"
    assert "Organización Internacional del Trabajo" in page.locator(".partner-list").inner_text()

    with page.expect_download() as download_info:
        page.click("text=CSV")
    content = Path(download_info.value.path()).read_text(encoding="utf-8-sig")
    assert "Organización Internacional del Trabajo" in content
    assert "Asociación" not in content and "Freedom Fund" not in content
    assert page.console_errors == []


def test_apply_vet_and_the_new_administrator_edits_the_profile(
    page, login, make_user, browser, live_server
):
    # 1. A civil society organisation applies through the public form, in Spanish.
    page.goto(f"{page.base_url}/es/partners/apply/")
    page.fill("#id_organisation_name", "Red Andina contra el Trabajo Infantil")
    page.select_option("#id_category", "civil_society")
    page.select_option("#id_country", "BOL")
    page.fill("#id_contact_name", "Luis Quispe")
    page.fill("#id_contact_email", "luis@redandina.example")
    page.fill("#id_statement", STATEMENT)
    page.click("main button[type=submit]")
    assert page.locator(".errorlist").count() > 0  # the commitment box was not ticked
    page.check("#id_commitment")
    page.click("main button[type=submit]")
    assert "luis@redandina.example" in page.locator("main").inner_text()
    application = Application.objects.get()
    assert mail.outbox[-1].to == ["luis@redandina.example"]

    # 2. The Secretariat vets it: first asks for more information, then approves.
    secretariat = make_user(Role.SECRETARIAT, full_name="Sara Sec")
    context = browser.new_context(locale="en-GB")
    sec = context.new_page()
    sec.set_default_timeout(10_000)
    login(sec, secretariat)
    sec.goto(f"{live_server.url}/en/partners/applications/")
    sec.click("text=Red Andina contra el Trabajo Infantil")
    sec.fill("#id_reason", "Please tell us where you are registered.")
    sec.click("main button:has-text('Request more information')")
    assert "More information requested" in sec.locator(".state").inner_text()

    reply_link = re.search(r"http\S+/apply/\S+/", mail.outbox[-1].body).group(0)
    page.goto(reply_link.replace("http://127.0.0.1:8000", live_server.url))
    page.fill("#id_reply", "Registered in La Paz in 2012.")
    page.click("main button[type=submit]")

    sec.reload()
    sec.click("main button:has-text('Approve')")
    assert "Approved" in sec.locator(".state").inner_text()
    context.close()
    application.refresh_from_db()
    partner = Partner.objects.get(pk=application.partner_id)

    # 3. The new administrator sets a password through the e-mailed link, signs in and edits.
    link = re.search(r"http\S+/accounts/set-password/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link.replace("http://127.0.0.1:8000", live_server.url))
    page.fill("#id_new_password1", "a-long-and-new-password-87")
    page.fill("#id_new_password2", "a-long-and-new-password-87")
    page.click("main button[type=submit]")
    user = partner.people.get().user
    login(page, user, password="a-long-and-new-password-87", lang="es")
    page.goto(f"{live_server.url}/es/partners/{partner.slug}/")
    page.click("text=Editar el perfil")
    page.fill("input[name=names_en]", "Andean Network against Child Labour")
    page.fill("input[name=acronym_es]", "RACTI")
    page.check("input[name=themes][value=child_labour]")
    page.click("main button[type=submit]")
    assert "RACTI" in page.locator("h1").inner_text()
    partner.refresh_from_db()
    assert partner.names["en"] == "Andean Network against Child Labour" and partner.themes == [
        "child_labour"
    ]
    assert page.console_errors == []
