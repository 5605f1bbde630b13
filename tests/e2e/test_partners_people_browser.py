"""A partner administrator manages the partner's people in a real browser: adds a colleague,
invites them, the colleague signs in and sees contact details; the public sees only the focal
point's name and position."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from alliance87.core.models import Role
from alliance87.partners.models import Partner, Person

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def test_an_administrator_adds_and_invites_a_colleague_who_then_signs_in(
    page, login, make_user, browser, live_server
):
    partner = Partner.objects.create(
        slug="red-andina",
        names={"es": "Red Andina", "en": "Andean Network"},
        category="civil_society",
        status="active",
    )
    admin = make_user(Role.PARTNER_ADMIN, scope=partner, full_name="Ana Admin")
    login(page, admin)
    page.goto(f"{live_server.url}/en/partners/red-andina/")
    page.click("text=Manage people")
    page.click("text=Add a person")
    page.fill("#id_full_name", "Luis Quispe")
    page.fill("#id_position", "Programme coordinator")
    page.fill("#id_email", "luis@redandina.example")
    page.fill("#id_phone", "call me")
    page.check("input[name=languages][value=es]")
    page.check("#id_is_focal_point")
    page.click("main button[type=submit]")
    assert "telephone number" in page.locator(".has-error").inner_text()  # named next to the field
    page.fill("#id_phone", "+591 2 555 0199")
    page.click("main button[type=submit]")
    row = page.locator("tr", has_text="Luis Quispe")
    assert "luis@redandina.example" in row.inner_text() and "No access" in row.inner_text()

    row.locator("select[name=role]").select_option("partner_member")
    row.locator("button", has_text="Invite").click()
    assert (
        "Partner member"
        in page.locator("tr", has_text="Luis Quispe").locator(".access").inner_text()
    )
    link = re.search(r"http\S+/accounts/set-password/\S+/", mail.outbox[-1].body).group(0)
    assert mail.outbox[-1].to == ["luis@redandina.example"]

    context = browser.new_context(locale="es-ES")
    colleague = context.new_page()
    colleague.set_default_timeout(10_000)
    colleague.goto(link.replace("http://127.0.0.1:8000", live_server.url))
    colleague.fill("#id_new_password1", "a-long-and-new-password-87")
    colleague.fill("#id_new_password2", "a-long-and-new-password-87")
    colleague.click("main button[type=submit]")
    user = Person.objects.get(full_name="Luis Quispe").user
    login(colleague, user, password="a-long-and-new-password-87", lang="es")
    colleague.goto(f"{live_server.url}/es/partners/red-andina/")
    assert "Gestionar las personas" not in colleague.content()
    colleague.click("text=Todas las personas y sus datos de contacto")
    assert "+591 2 555 0199" in colleague.locator("main").inner_text()
    assert colleague.locator("text=Añadir una persona").count() == 0
    context.close()

    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("tr", has_text="Luis Quispe").locator("button", has_text="Remove access").click()
    assert "No access" in page.locator("tr", has_text="Luis Quispe").locator(".access").inner_text()

    public_context = browser.new_context(locale="en-GB")
    public = public_context.new_page()
    public.goto(f"{live_server.url}/en/partners/red-andina/")
    text = public.locator("main").inner_text()
    public_context.close()
    assert (
        "Luis Quispe, Programme coordinator" in text
        and "redandina.example" not in text
        and "555" not in text
    )
    assert page.console_errors == []
