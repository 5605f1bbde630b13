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
