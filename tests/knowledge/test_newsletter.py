"""The newsletter: double opt-in, one-click unsubscription, issues in each subscriber's
language sent by the worker, and the public archive."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from alliance87.core import ratelimit
from alliance87.core.models import AuditEntry, Role
from alliance87.knowledge import services_newsletter as newsletter
from alliance87.knowledge.models import Delivery, NewsletterIssue, Subscriber
from tests.conftest import PERSONAS, client_for

pytestmark = pytest.mark.django_db

SUBJECT = {"en": "News from Alliance 8.7", "es": "Noticias de la Alianza 8.7", "_original": "en"}
BODY = {
    "en": "The pathfinder handbook is online.",
    "es": "El manual de los países pioneros está en línea.",
}


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    ratelimit.reset("knowledge.subscribe", "127.0.0.1")
    yield
    ratelimit.reset("knowledge.subscribe", "127.0.0.1")


def _link(message, name: str) -> str:
    return re.search(rf"https?://[^\s]+/newsletter/{name}/[^\s/]+/", message.body).group(0)


def _subscribe_and_confirm(client, email: str, language: str, capture) -> Subscriber:
    with capture(execute=True):
        r = client.post("/en/newsletter/subscribe/", {"email": email, "language": language})
    assert r.status_code == 200 and "Check your inbox" in r.content.decode()
    link = _link(mail.outbox[-1], "confirm")
    path = link.split("://", 1)[1].split("/", 1)[1]
    assert client.get("/" + path).status_code == 200  # a page with a button: nothing changes yet
    assert Subscriber.objects.get(email=email).state == "pending"
    r = client.post("/" + path)
    assert "Your subscription is confirmed" in r.content.decode() or r.status_code == 200
    return Subscriber.objects.get(email=email)


def test_double_opt_in_in_the_chosen_language(client, django_capture_on_commit_callbacks):
    s = _subscribe_and_confirm(client, "ana@example.org", "es", django_capture_on_commit_callbacks)
    assert s.state == "confirmed" and s.language == "es"
    assert mail.outbox[0].subject.startswith("Confirme")
    assert "/es/newsletter/confirm/" in mail.outbox[0].body  # the page opens in Spanish too


def test_the_answer_reveals_no_address(client, django_capture_on_commit_callbacks):
    _subscribe_and_confirm(client, "ana@example.org", "en", django_capture_on_commit_callbacks)
    mail.outbox.clear()
    again = client.post("/en/newsletter/subscribe/", {"email": "ana@example.org", "language": "en"})
    new = client.post("/en/newsletter/subscribe/", {"email": "new@example.org", "language": "en"})

    def page(r) -> str:  # the same page but for the per-request CSRF token
        return re.sub(r"CSRFToken[^}]*", "", r.content.decode())

    assert page(again) == page(new)
    assert Subscriber.objects.get(email="ana@example.org").state == "confirmed"


def test_a_forged_or_expired_link_is_refused(client):
    r = client.post("/en/newsletter/confirm/not-a-token/")
    assert r.status_code == 400 and "not valid" in r.content.decode()


def test_the_subscribe_form_is_rate_limited(client):
    for i in range(5):
        client.post("/en/newsletter/subscribe/", {"email": f"a{i}@example.org", "language": "en"})
    r = client.post("/en/newsletter/subscribe/", {"email": "z@example.org", "language": "en"})
    assert r.status_code == 429
    assert not Subscriber.objects.filter(email="z@example.org").exists()


def test_an_issue_goes_to_each_confirmed_subscriber_in_their_language(
    client, make_user, django_capture_on_commit_callbacks
):
    es = _subscribe_and_confirm(client, "es@example.org", "es", django_capture_on_commit_callbacks)
    _subscribe_and_confirm(client, "fr@example.org", "fr", django_capture_on_commit_callbacks)
    Subscriber.objects.create(email="pending@example.org", language="en")
    gone = Subscriber.objects.create(email="gone@example.org", language="en", state="unsubscribed")
    sec = make_user(Role.SECRETARIAT)
    issue = newsletter.issue_create(actor=sec, subject=SUBJECT, body=BODY)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        newsletter.issue_send(actor=sec, issue_id=issue.pk)
    by_to = {m.to[0]: m for m in mail.outbox}
    assert set(by_to) == {"es@example.org", "fr@example.org"}
    assert by_to["es@example.org"].subject == "Noticias de la Alianza 8.7"
    assert by_to["fr@example.org"].subject == "News from Alliance 8.7"  # no French: the original
    header = by_to["es@example.org"].extra_headers["List-Unsubscribe"]
    assert header.startswith("<http") and "/newsletter/unsubscribe/" in header
    assert by_to["es@example.org"].extra_headers["List-Unsubscribe-Post"] == (
        "List-Unsubscribe=One-Click"
    )
    issue.refresh_from_db()
    assert issue.state == "sent" and issue.recipients == 2
    assert Delivery.objects.filter(subscriber=gone).count() == 0
    assert AuditEntry.objects.filter(event="knowledge.issue.sent").count() == 1

    # One click (the mail client's RFC 8058 POST, no CSRF token): unsubscribed.
    url = header.strip("<>").split("://", 1)[1].split("/", 1)[1]
    r = client_for(None).post("/" + url, {"List-Unsubscribe": "One-Click"})
    assert r.status_code == 200
    es.refresh_from_db()
    assert es.state == "unsubscribed"

    # The archive shows it, in the reader's language.
    assert "Noticias de la Alianza 8.7" in client.get("/es/newsletter/").content.decode()
    assert "El manual" in client.get(f"/es/newsletter/{issue.pk}/").content.decode()


def test_bounced_and_unsubscribed_addresses_receive_nothing(
    make_user, django_capture_on_commit_callbacks
):
    Subscriber.objects.create(email="b@example.org", language="en", state="confirmed")
    sec = make_user(Role.SECRETARIAT)
    assert newsletter.bounces_record(actor=sec, emails=["B@example.org", "nobody@example.org"]) == 1
    issue = newsletter.issue_create(actor=sec, subject=SUBJECT, body=BODY)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        newsletter.issue_send(actor=sec, issue_id=issue.pk)
    assert mail.outbox == []


def test_an_issue_is_sent_once(make_user, django_capture_on_commit_callbacks):
    from alliance87.core.exceptions import TransitionRefused

    sec = make_user(Role.SECRETARIAT)
    issue = newsletter.issue_create(actor=sec, subject=SUBJECT, body=BODY)
    with django_capture_on_commit_callbacks(execute=True):
        newsletter.issue_send(actor=sec, issue_id=issue.pk)
    with pytest.raises(TransitionRefused):
        newsletter.issue_send(actor=sec, issue_id=issue.pk)


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_only_the_secretariat_composes_and_sends(persona, make_user):
    from alliance87.core.permissions import is_secretariat

    allowed = persona is not None and is_secretariat(persona)
    client = client_for(persona)
    r = client.post(
        "/en/newsletter/new/",
        {"subject_en": "Hello", "subject__original": "en", "body_en": "Text"},
    )
    assert r.status_code == (302 if allowed else 302 if persona is None else 403)
    assert NewsletterIssue.objects.filter(subject__en="Hello").exists() == allowed
    draft = newsletter.issue_create(actor=make_user(Role.SECRETARIAT), subject=SUBJECT, body=BODY)
    r = client.post(f"/en/newsletter/{draft.pk}/send/")
    draft.refresh_from_db()
    assert (draft.state != "draft") == allowed
    preview = client.get(f"/en/newsletter/{draft.pk}/")
    assert preview.status_code == (200 if allowed else 404)
