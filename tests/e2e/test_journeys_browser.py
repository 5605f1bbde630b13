"""Persona journeys in a real browser (issue 15), each from the invitation e-mail to its main
task, reading the e-mails it receives and following their links: a Working Group reviewer
(in French), a GCG member (in Spanish) and a partner's administrator (in French)."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from alliance87.core.models import Role, User
from alliance87.pathfinders.models import Document, Pathfinder, Stage, Status

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

PASSWORD = "un-mot-de-passe-assez-long-87"


def _path(link: str) -> str:
    """The link's path on the test server (messages carry SITE_URL's host)."""
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


def _link(message, pattern: str) -> str:
    found = re.search(r"https?://\S+" + pattern + r"\S*", message.body)
    assert found, message.body
    return found.group(0)


def _invite(page, *, email: str, name: str, language: str, role_value: str):
    """The Secretariat invites someone from the people and roles page."""
    page.click("header >> text=People and roles")
    page.fill("#id_email", email)
    page.fill("#id_full_name", name)
    page.select_option("#id_preferred_language", language)
    page.select_option("#id_role", value=role_value)
    page.click("main button:has-text('Send the invitation')")
    assert "is invited" in page.locator(".messages").inner_text()
    message = next(m for m in reversed(mail.outbox) if m.to == [email])
    return _link(message, "/accounts/set-password/")


def _accept(browser, live_server, login, link: str, email: str, locale: str, lang: str):
    """The invitee opens the e-mail's link, sets a password and signs in."""
    context = browser.new_context(locale=locale)
    invitee = context.new_page()
    invitee.set_default_timeout(10_000)
    invitee.goto(live_server.url + _path(link))
    invitee.fill("#id_new_password1", PASSWORD)
    invitee.fill("#id_new_password2", PASSWORD)
    invitee.click("main button[type=submit]")
    invitee.wait_for_load_state("networkidle")
    assert "/accounts/login/" in invitee.url
    login(invitee, User.objects.get(email=email), password=PASSWORD, lang=lang)
    return context, invitee


def test_a_reviewer_is_invited_comments_on_the_report_assigned_to_them_and_the_country_is_told(
    page, login, secretariat, browser, live_server, make_user
):
    from alliance87.groups.models import Group

    wg = Group.objects.create(slug="wg", kind="working_group", names={"en": "Working Group"})
    nepal = Pathfinder.objects.create(
        country_id="NPL", status=Status.ACTIVE, stage=Stage.IMPLEMENTATION
    )
    peru = Pathfinder.objects.create(
        country_id="PER", status=Status.ACTIVE, stage=Stage.IMPLEMENTATION
    )
    report = Document.objects.create(
        pathfinder=nepal,
        kind="report",
        year=2025,
        state="submitted",
        sections={"progress": "Dix municipalités sans travail des enfants."},
    )
    report.versions.create(number=1, sections=report.sections)
    other = Document.objects.create(
        pathfinder=peru, kind="report", year=2025, state="submitted", sections={"progress": "x"}
    )
    focal = make_user(Role.FOCAL_POINT, scope=nepal, email="fp@labour.gov.example")
    User.objects.filter(pk=focal.pk).update(preferred_language="en")

    login(page, secretariat)
    link = _invite(
        page,
        email="claire@wg.example",
        name="Claire Martin",
        language="fr",
        role_value=f"reviewer:{wg.pk}",
    )
    reviewer = User.objects.get(email="claire@wg.example")
    # The Secretariat assigns Nepal's report to her (Peru's stays with nobody).
    page.goto(f"{live_server.url}/en/pathfinders/documents/{report.pk}/")
    page.select_option("#id_reviewer", value=str(reviewer.pk))
    page.click("#assign")
    assert "Reviewer assigned" in page.locator(".messages").inner_text()
    told = next(m for m in reversed(mail.outbox) if m.to == ["claire@wg.example"])
    review_link = _link(told, f"/pathfinders/documents/{report.pk}/")

    context, rev = _accept(browser, live_server, login, link, "claire@wg.example", "fr-FR", "fr")
    rev.goto(live_server.url + "/fr/pathfinders/reviews/")
    listed = rev.locator("main").inner_text()
    assert "Népal" in listed and "Pérou" not in listed
    rev.goto(live_server.url + _path(review_link))
    assert rev.locator("h1").inner_text().startswith("Népal")
    assert "Dix municipalités" in rev.locator("main").inner_text()
    refused = rev.goto(f"{live_server.url}/fr/pathfinders/documents/{other.pk}/")
    assert refused.status == 403  # Peru's report is not hers
    rev.goto(live_server.url + _path(review_link))
    rev.fill("#id_comment_progress", "Ajoutez les données de 2024.")
    rev.click("#comment-form button[type=submit]")
    rev.wait_for_load_state("networkidle")
    assert "pays" in rev.locator(".messages").inner_text()
    context.close()

    to_country = next(m for m in reversed(mail.outbox) if m.to == ["fp@labour.gov.example"])
    assert "commented" in to_country.subject
    doc_link = _link(to_country, f"/pathfinders/documents/{report.pk}/")
    fp_context = browser.new_context(locale="en-GB")
    fp = fp_context.new_page()
    fp.set_default_timeout(10_000)
    login(fp, focal)
    fp.goto(live_server.url + _path(doc_link))
    assert "Ajoutez les données de 2024." in fp.locator("#comments").inner_text()
    fp_context.close()
    report.refresh_from_db()
    assert report.state == "commented"
    assert page.console_errors == []


def test_a_gcg_member_is_invited_and_the_meeting_invitations_link_opens_the_meeting(
    page, login, secretariat, browser, live_server
):
    from alliance87.partners.models import Person
    from tests.governance.helpers import fill_gcg, make_meeting

    members = fill_gcg(secretariat)
    member = members[0]
    Person.objects.filter(pk=member.person_id).update(email="delegada@gov.example")

    login(page, secretariat)
    link = _invite(
        page,
        email="delegada@gov.example",
        name="Ana Delegada",
        language="es",
        role_value=f"gcg_member:{member.pk}",
    )
    context, delegate = _accept(
        browser, live_server, login, link, "delegada@gov.example", "es-ES", "es"
    )
    meeting = make_meeting(secretariat, title="7.ª reunión del GCG", language="es")
    invitation = next(
        m
        for m in reversed(mail.outbox)
        if m.to == ["delegada@gov.example"] and "/set-password/" not in m.body
    )
    assert "7.ª reunión del GCG" in invitation.subject
    meeting_link = _link(invitation, f"/gcg/meetings/{meeting.pk}/")
    delegate.goto(live_server.url + _path(meeting_link))
    assert delegate.url.endswith(f"/es/gcg/meetings/{meeting.pk}/")
    assert "7.ª reunión del GCG" in delegate.locator("main").inner_text()
    context.close()
    assert page.console_errors == []


def test_a_partner_administrator_is_invited_and_edits_the_organisations_profile(
    page, login, secretariat, browser, live_server
):
    from alliance87.partners.models import Partner

    partner = Partner.objects.create(
        slug="reseau-sahel",
        names={"fr": "Réseau Sahel contre le travail des enfants"},
        category="civil_society",
        status="active",
    )
    partner.refresh_region_keys()

    login(page, secretariat)
    link = _invite(
        page,
        email="aicha@reseau-sahel.example",
        name="Aïcha Traoré",
        language="fr",
        role_value=f"partner_admin:{partner.pk}",
    )
    context, admin = _accept(
        browser, live_server, login, link, "aicha@reseau-sahel.example", "fr-FR", "fr"
    )
    admin.goto(f"{live_server.url}/fr/partners/{partner.slug}/")
    admin.click("text=Modifier le profil")
    admin.fill("input[name=acronym_fr]", "RSTE")
    admin.check("input[name=themes][value=child_labour]")
    admin.click("main button[type=submit]")
    admin.wait_for_load_state("networkidle")
    assert "RSTE" in admin.locator("h1").inner_text()
    context.close()
    partner.refresh_from_db()
    assert partner.acronym["fr"] == "RSTE" and partner.themes == ["child_labour"]
    assert page.console_errors == []
