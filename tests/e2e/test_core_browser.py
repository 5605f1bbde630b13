"""The skeleton in a real browser: language switching and signing in."""

import pytest

from alliance87.core.models import Role

pytestmark = pytest.mark.django_db(transaction=True)


def test_switching_language_keeps_the_page_and_its_query(page):
    page.goto(f"{page.base_url}/en/accounts/login/?next=/en/")
    page.click("a[data-language=es]")
    page.wait_for_url("**/es/accounts/login/?next=/en/")
    assert page.locator("h1").inner_text() == "Iniciar sesión"
    page.click("a[data-language=fr]")
    assert page.locator("h1").inner_text() == "Se connecter"
    assert page.console_errors == []


def test_the_secretariat_signs_in_and_reaches_the_audit_log(page, login, make_user):
    user = make_user(Role.SECRETARIAT, full_name="Sara Sec")
    login(page, user)
    assert "Sara Sec" in page.locator("header").inner_text()
    page.click("text=Audit log")
    assert page.locator("h1").inner_text() == "Audit log"
    assert page.console_errors == []


def test_the_audit_log_filters_by_event_in_place_with_the_address_kept(page, login, make_user):
    from alliance87.core.services import role_assign

    user = make_user(Role.SECRETARIAT, full_name="Sara Sec")
    other = make_user(Role.PARTNER_MEMBER)
    role_assign(actor=user, user=other, role=Role.GCG_MEMBER)
    login(page, user, lang="es")
    page.goto(f"{page.base_url}/es/audit/")
    page.select_option("#f-event", "core.role.assigned")
    page.wait_for_url("**/es/audit/?*event=core.role.assigned*")
    results = page.locator("#results")
    assert "Función asignada" in results.inner_text()
    assert page.locator("h1").count() == 1  # the fragment replaced the results, not the page
    page.reload()  # the shared address shows the same results
    assert "Función asignada" in page.locator("#results").inner_text()
    assert page.console_errors == []


def test_a_person_who_forgot_the_password_chooses_a_new_one_from_the_e_mail(page, make_user):
    import re

    from django.core import mail

    user = make_user(Role.FOCAL_POINT)
    user.preferred_language = "fr"
    user.save(update_fields=["preferred_language"])
    page.goto(f"{page.base_url}/es/accounts/login/")
    page.click("text=¿Olvidó su contraseña?")
    page.fill("#id_email", user.email)
    page.click("form.stacked button[type=submit]")
    assert "Si alguna cuenta usa esta dirección" in page.locator("main").inner_text()
    message = mail.outbox[-1]
    assert message.subject.startswith("Choisissez un nouveau mot de passe")
    link = re.search(r"http://\S+/accounts/set-password/\S+/", message.body).group(0)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    page.goto(page.base_url + path)
    page.fill("#id_new_password1", "une-phrase-de-passe-longue-9")
    page.fill("#id_new_password2", "une-phrase-de-passe-longue-9")
    page.click("form button[type=submit]")
    page.wait_for_load_state("networkidle")
    user.refresh_from_db()
    assert user.check_password("une-phrase-de-passe-longue-9")
    assert page.console_errors == []
