"""The knowledge pages write dates in words in the page's language (core.words), and name
languages rather than show their codes: a Spanish reader saw "4 marzo 2030" (Django's
``date:"j F Y"``, without the "de") and a French Secretariat "EN: …" in a newsletter preview."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from alliance87.core.models import Role
from alliance87.knowledge.models import Event, NewsletterIssue, Story
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _page(path: str, user=None) -> str:
    r = client_for(user).get(path)
    assert r.status_code == 200
    return r.content.decode()


def test_an_event_and_the_calendar_give_the_date_in_spanish_words():
    Event.objects.create(
        slug="foro",
        kind="meeting",
        titles={"es": "Foro regional", "_original": "es"},
        start_date=dt.date(2030, 3, 4),
        end_date=dt.date(2030, 3, 6),
    )
    Event.objects.create(
        slug="taller",
        kind="meeting",
        titles={"es": "Taller", "_original": "es"},
        start_date=dt.date(2030, 10, 1),
        date_precision="month",
    )
    for path in ("/es/events/foro/", "/es/events/"):
        html = _page(path)
        assert "4 de marzo de 2030 – 6 de marzo de 2030" in html
        assert "4 marzo 2030" not in html
    assert "octubre de 2030" in _page("/es/events/taller/")
    assert "1 de octubre de 2030" in _page("/es/")  # the home page's next events


def test_news_give_the_publication_date_in_words():
    Story.objects.create(
        slug="nota",
        titles={"es": "Una nota", "_original": "es"},
        body={"es": "Texto"},
        status="published",
        published_at=timezone.make_aware(dt.datetime(2026, 12, 1, 12)),
    )
    assert "1 de diciembre de 2026" in _page("/es/news/")
    assert "1 de diciembre de 2026" in _page("/es/news/nota/")


def test_a_newsletter_preview_names_each_language_and_a_sent_issue_its_date(make_user):
    secretariat = make_user(Role.SECRETARIAT)
    issue = NewsletterIssue.objects.create(
        subject={"en": "December news", "fr": "Nouvelles de décembre", "_original": "fr"},
        body={"fr": "Bonjour", "_original": "fr"},
    )
    html = _page(f"/fr/newsletter/{issue.pk}/", secretariat)
    assert "<dt>Anglais</dt>" in html and "<dt>Français</dt>" in html
    assert "<strong>EN</strong>" not in html
    NewsletterIssue.objects.filter(pk=issue.pk).update(
        state="sent", sent_at=timezone.make_aware(dt.datetime(2026, 12, 1, 12))
    )
    assert "1 de diciembre de 2026" in _page(f"/es/newsletter/{issue.pk}/")
    assert "1 de diciembre de 2026" in _page("/es/newsletter/")


def test_an_events_hours_are_given_in_its_own_time_zone_named_by_its_place():
    """The 5th GCG meeting (New York, 10:30 local time) was shown "14:30–17:00
    (America/New_York)": the hours were UTC's, labelled with the event's zone by its code."""
    Event.objects.create(
        slug="gcg-5",
        kind="gcg_meeting",
        titles={"es": "5.ª reunión del GCM", "_original": "es"},
        start_date=dt.date(2019, 7, 17),
        starts=dt.time(10, 30),
        ends=dt.time(13, 0),
        timezone="America/New_York",
    )
    for path in ("/es/events/gcg-5/", "/es/events/"):
        html = _page(path)
        assert "17 de julio de 2019, 10:30–13:00, hora de Estados Unidos (Nueva York)" in html
        assert "America/New_York" not in html
    assert "10:30–13:00, heure : États-Unis (New York)" in _page("/fr/events/gcg-5/")
