"""The knowledge hub in a real browser: a visitor subscribes to the newsletter, confirms from
the e-mail, receives an issue in Spanish and unsubscribes in one click; a partner submits a
resource that the Secretariat publishes and that search then finds in French."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from alliance87.core import ratelimit
from alliance87.core.models import Role
from alliance87.knowledge import services_newsletter
from alliance87.knowledge.models import Resource, Subscriber
from alliance87.partners.models import Partner

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def _path(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def test_a_visitor_subscribes_confirms_receives_an_issue_in_spanish_and_unsubscribes(
    page, make_user
):
    ratelimit.reset("knowledge.subscribe", "127.0.0.1")
    page.goto(f"{page.base_url}/es/newsletter/subscribe/")
    page.fill("#id_email", "lucia@example.org")
    page.select_option("#id_language", "es")
    page.click("main button[type=submit]")
    page.wait_for_selector("text=Revise su bandeja de entrada")
    confirm = re.search(r"https?://\S+/newsletter/confirm/\S+/", mail.outbox[-1].body).group(0)
    page.goto(page.base_url + _path(confirm))
    page.click("main button[type=submit]")
    page.wait_for_selector("text=Su suscripción está confirmada.")
    assert Subscriber.objects.get(email="lucia@example.org").state == "confirmed"

    sec = make_user(Role.SECRETARIAT)
    issue = services_newsletter.issue_create(
        actor=sec,
        subject={"en": "Alliance 8.7 news", "es": "Noticias de la Alianza 8.7", "_original": "en"},
        body={"en": "Hello.", "es": "Hola."},
    )
    mail.outbox.clear()
    services_newsletter.issue_send(actor=sec, issue_id=issue.pk)
    received = [m for m in mail.outbox if m.to == ["lucia@example.org"]]
    assert [m.subject for m in received] == ["Noticias de la Alianza 8.7"]
    leave = re.search(r"https?://\S+/newsletter/unsubscribe/\S+/", received[0].body).group(0)
    page.goto(page.base_url + _path(leave))
    page.click("main button[type=submit]")  # the one click
    page.wait_for_selector("text=Se ha dado de baja.")
    assert Subscriber.objects.get(email="lucia@example.org").state == "unsubscribed"
    assert page.console_errors == []


def test_a_partner_submits_a_resource_the_secretariat_publishes_and_search_finds_in_french(
    page, login, make_user
):
    partner = Partner.objects.create(
        slug="fair-recruit", names={"en": "Fair Recruit"}, category="civil_society", status="active"
    )
    member = make_user(Role.PARTNER_MEMBER, scope=partner)
    login(page, member)
    page.goto(f"{page.base_url}/en/resources/new/")
    page.fill("input[name=titles_en]", "Guide to fair recruitment")
    page.fill("input[name=titles_fr]", "Guide du recrutement équitable")
    page.select_option("select[name=titles__original]", "en")
    page.select_option("select[name=kind]", "guidance")
    page.select_option("select[name=publisher]", str(partner.pk))
    page.check("input[name=themes][value=forced_labour]")
    page.click("main form button[type=submit]")
    page.wait_for_selector("text=Resource drafted.")
    page.click("text=Submit for publication")
    page.wait_for_selector("text=Submitted to the Secretariat for publication.")
    resource = Resource.objects.get(titles__en="Guide to fair recruitment")
    assert resource.status == "submitted"

    page.context.clear_cookies()
    login(page, make_user(Role.SECRETARIAT))
    page.goto(f"{page.base_url}/en/resources/review/")
    page.click("text=Guide to fair recruitment")
    page.click("main button:has-text('Publish')")
    page.wait_for_selector("text=Resource published.")

    page.goto(f"{page.base_url}/fr/search/")
    page.fill("#s-q", "recrutement équitable")
    page.press("#s-q", "Enter")
    page.wait_for_selector("#results >> text=Guide du recrutement équitable")
    assert "q=recrutement" in page.url  # the results have a shareable address
    assert page.console_errors == []
