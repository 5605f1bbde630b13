"""A link in an e-mail opens the page in the language the e-mail is written in.

The worker composes each message under the recipient's language, but it runs in the site's
default one (English): a link reversed before composing pointed a Spanish invitation at
``/en/accounts/set-password/...`` (found trying ``make run`` in Spanish)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import translation

from alliance87.core.models import Role
from alliance87.knowledge import tasks as knowledge_tasks
from alliance87.knowledge.models import Event, Registration, Subscriber
from alliance87.partners import tasks as partner_tasks
from alliance87.partners.models import Partner
from alliance87.pathfinders.models import Pathfinder, Stage, Status
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _paths(message) -> list[str]:
    return re.findall(r"https?://[^/\s]+(/\S*)", message.body)


def test_a_spanish_invitation_sent_by_an_english_secretariat_links_to_the_spanish_page(
    secretariat, django_capture_on_commit_callbacks
):
    Pathfinder.objects.create(
        country_id="NPL", status=Status.CANDIDATE, stage=Stage.EXPRESSION_OF_INTEREST
    )
    with django_capture_on_commit_callbacks(execute=True):
        client_for(secretariat).post(
            "/en/accounts/people/invite/",
            {
                "email": "maya@labour.gov.np",
                "full_name": "Maya Gurung",
                "preferred_language": "es",
                "role": "focal_point:NPL",
            },
        )
    (path,) = _paths(mail.outbox[-1])
    assert path.startswith("/es/accounts/set-password/")
    # The role and the object it is held on, whatever the object's kind ("para Grupo de
    # Trabajo…" read wrong): quoted, then in brackets.
    assert "la función «Punto focal de país pionero» (Nepal)" in mail.outbox[-1].body
    page = client_for(None).get(path, follow=True)
    assert "Defina su contraseña" in page.content.decode()


def test_a_french_newsletter_confirmation_links_to_the_french_page(
    client, django_capture_on_commit_callbacks
):
    subscriber = Subscriber.objects.create(email="claire@example.org", language="fr")
    with translation.override("en"):
        knowledge_tasks.send_confirmation.call(subscriber.pk)
    (path,) = _paths(mail.outbox[-1])
    assert path.startswith("/fr/newsletter/confirm/")


def test_an_event_registration_links_to_the_event_in_the_registrants_language():
    event = Event.objects.create(
        slug="forum",
        kind="meeting",
        titles={"en": "Forum", "_original": "en"},
        start_date=dt.date(2030, 5, 1),
    )
    r = Registration.objects.create(event=event, name="Ana", email="ana@example.org", language="es")
    with translation.override("en"):
        knowledge_tasks.confirm_registration.call(r.pk)
    assert _paths(mail.outbox[-1]) == ["/es/events/forum/"]


def test_a_partner_access_mail_links_to_the_page_in_the_persons_language(make_user):
    partner = Partner.objects.create(
        slug="forum-ong",
        names={"fr": "Forum des ONG", "_original": "fr"},
        category="civil_society",
        status="active",
    )
    user = make_user(email="luc@example.org")
    user.preferred_language = "fr"
    user.save()
    with translation.override("en"):
        partner_tasks.send_access_mail.call(user.pk, partner.pk, Role.PARTNER_MEMBER)
    (path,) = _paths(mail.outbox[-1])
    assert path.startswith("/fr/accounts/login/")
