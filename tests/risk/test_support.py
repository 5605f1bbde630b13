"""Asking for support (seed 004: a formal letter from the minister, then ILO/ECLAC technical
support): the country sends its request with the letter, the Secretariat assigns technical
staff, the staff record the support's steps; each step is audited and e-mailed to the people
concerned in their own language."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from alliance87.core.models import AuditEntry, Role
from alliance87.risk.models import SupportRequest
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

LETTER = b"%PDF-1.4 the minister's letter"


def letter(name="carta.pdf", content=LETTER):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def speaking(user, language):
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    return user


@pytest.fixture
def secretariat(make_user):
    return speaking(make_user(Role.SECRETARIAT, email="sec@example.org"), "es")


def ask(client):
    return client.post(
        "/en/risk/support/",
        {"country": "PER", "message": "Apply the model with the 2024 census", "letter": letter()},
    )


def test_a_country_requests_support_with_the_ministers_letter_and_the_secretariat_assigns_staff(
    peru_analyst, secretariat, make_user, django_capture_on_commit_callbacks
):
    staff = speaking(make_user(None, email="eclac@example.org"), "fr")
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client_for(peru_analyst))
    assert response.status_code == 302, response.content.decode()[:1500]
    req = SupportRequest.objects.get()
    assert req.status == "requested" and req.letter_name == "carta.pdf"
    assert (
        req.letter.name.startswith("risk/letters/") and "carta" not in req.letter.name
    )  # private, unguessable
    assert [m.to for m in mail.outbox] == [["sec@example.org"]]
    assert "Apoyo técnico" in mail.outbox[0].subject  # in the Secretariat's language
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(secretariat).post(
            f"/en/risk/support/{req.pk}/step/",
            {"action": "assign", "email": staff.email, "version": req.version},
        )
    req.refresh_from_db()
    assert req.status == "assigned" and list(req.staff.all()) == [staff]
    assert sorted(m.to[0] for m in mail.outbox) == sorted([staff.email, peru_analyst.email])
    staff_mail = next(m for m in mail.outbox if m.to == [staff.email])
    assert "Soutien technique" in staff_mail.subject
    # the staff see the request and its letter, and record the steps
    client = client_for(staff)
    assert client.get(f"/en/risk/support/{req.pk}/letter/").status_code == 200
    for action in ("start", "complete"):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(f"/en/risk/support/{req.pk}/step/", {"action": action})
    req.refresh_from_db()
    assert req.status == "completed"
    assert [s.status for s in req.steps.all()] == [
        "requested",
        "assigned",
        "in_progress",
        "completed",
    ]
    page = client_for(peru_analyst).get(f"/en/risk/support/{req.pk}/").content.decode()
    assert "Completed" in page and "eclac@example.org" in page
    assert AuditEntry.objects.filter(event__startswith="risk.support").count() == 4


def test_a_step_out_of_order_is_refused_and_nothing_changes(peru_analyst, secretariat):
    ask(client_for(peru_analyst))
    req = SupportRequest.objects.get()
    client_for(secretariat).post(f"/en/risk/support/{req.pk}/step/", {"action": "complete"})
    req.refresh_from_db()
    assert req.status == "requested" and req.steps.count() == 1


def test_the_letter_must_be_a_letter_within_the_size_limit(peru_analyst, settings):
    settings.RISK_LETTER_MAX_BYTES = 10
    response = ask(client_for(peru_analyst))
    assert response.status_code == 400 and "larger than the limit" in response.content.decode()
    response = client_for(peru_analyst).post(
        "/en/risk/support/",
        {"country": "PER", "message": "x", "letter": letter("carta.exe", b"MZ")},
    )
    assert response.status_code == 400 and "cannot be the letter" in response.content.decode()
    assert not SupportRequest.objects.exists()


def test_others_neither_see_nor_move_a_request(peru_analyst, make_user):
    ask(client_for(peru_analyst))
    req = SupportRequest.objects.get()
    outsider = make_user(Role.PARTNER_MEMBER)
    for url in (f"/en/risk/support/{req.pk}/", f"/en/risk/support/{req.pk}/letter/"):
        assert client_for(outsider).get(url).status_code == 404
    client_for(outsider).post(f"/en/risk/support/{req.pk}/step/", {"action": "withdraw"})
    # the country's own focal point may not assign staff to itself
    client_for(peru_analyst).post(
        f"/en/risk/support/{req.pk}/step/", {"action": "assign", "email": peru_analyst.email}
    )
    req.refresh_from_db()
    assert req.status == "requested"
    assert (
        client_for(outsider)
        .post("/en/risk/support/", {"country": "PER", "message": "x", "letter": letter()})
        .status_code
        == 404
    )
