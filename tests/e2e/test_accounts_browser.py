"""The Secretariat invites a focal point in a real browser (issue 15): a country chosen by
its name, the invitation e-mailed in the invitee's language by the task queue, the link in
it opened, a password set, and the invitee signs in to their home with their country's work."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from alliance87.core.models import AuditEntry, User
from alliance87.pathfinders.models import Document, Pathfinder, Stage, Status

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def test_the_secretariat_invites_a_focal_point_who_sets_a_password_and_reaches_home(
    page, login, secretariat, browser, live_server
):
    nepal = Pathfinder.objects.create(
        country_id="NPL", status=Status.CANDIDATE, stage=Stage.EXPRESSION_OF_INTEREST
    )
    Document.objects.create(pathfinder=nepal, kind="report", year=2025, state="draft")
    login(page, secretariat)
    page.click("header >> text=People and roles")
    page.fill("#id_email", "maya.gurung@labour.gov.example")
    page.fill("#id_full_name", "Maya Gurung")
    page.select_option("#id_preferred_language", "es")
    page.select_option("#id_role", label="Nepal")  # the country by its name
    page.click("main button:has-text('Send the invitation')")
    assert "is invited" in page.locator(".messages").inner_text()
    assert "Maya Gurung" in page.locator("main table").inner_text()

    # The queued task has run (the suite's task backend runs it when the change commits).
    message = mail.outbox[-1]
    assert message.to == ["maya.gurung@labour.gov.example"]
    assert "Nepal" in message.body
    link = re.search(r"https?://\S+/accounts/set-password/\S+/", message.body).group(0)

    context = browser.new_context(locale="es-ES")
    invitee = context.new_page()
    invitee.set_default_timeout(10_000)
    invitee.goto(live_server.url + "/" + link.split("://", 1)[1].split("/", 1)[1])
    invitee.fill("#id_new_password1", "una-contrasena-larga-87")
    invitee.fill("#id_new_password2", "una-contrasena-larga-87")
    invitee.click("main button[type=submit]")
    invitee.wait_for_load_state("networkidle")
    assert "/accounts/login/" in invitee.url
    user = User.objects.get(email="maya.gurung@labour.gov.example")
    login(invitee, user, password="una-contrasena-larga-87", lang="es")
    assert invitee.url.rstrip("/").endswith("/es")
    home = invitee.locator("main").inner_text()
    assert "Maya Gurung" in home
    assert "Nepal" in home and "2025" in home
    invitee.click("main a[href$='/pathfinders/NPL/workspace/']")
    assert invitee.url.endswith("/es/pathfinders/NPL/workspace/")
    context.close()
    assert AuditEntry.objects.filter(event="core.user.invited", object_id=str(user.pk)).exists()
    assert page.console_errors == []
