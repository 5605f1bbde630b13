"""The API twins of the calendar, the event and news pages, and the newsletter's subscribe
form: the same filters and answers as the pages, and who may read what."""

from __future__ import annotations

import json

import pytest
from django.core import mail

from alliance87.core import ratelimit
from alliance87.core.permissions import roles_of
from alliance87.knowledge import services_news
from alliance87.knowledge.models import Subscriber
from tests.conftest import PERSONAS, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    ratelimit.reset("knowledge.subscribe", "127.0.0.1")
    yield
    ratelimit.reset("knowledge.subscribe", "127.0.0.1")


def test_the_events_api_has_the_calendars_filters(shipped, client):
    every = client.get("/api/events").json()
    page = client.get("/en/events/").content.decode()
    assert every and all(e["title"] in page for e in every if e["kind"] != "gcg_meeting")
    webinars = client.get("/api/events?kind=side_event&year=2019").json()
    assert webinars and {e["kind"] for e in webinars} == {"side_event"}
    assert {e["date"][:4] for e in webinars} == {"2019"}
    kinds = {e["kind"] for e in every}
    assert {"gcg_meeting", "group_meeting", "global_event"} <= kinds


def test_the_event_api_gives_the_side_events_capacity_and_a_404_for_none(shipped, client):
    slug = next(
        e["url"].rstrip("/").rsplit("/", 1)[-1]
        for e in client.get("/api/events?kind=side_event").json()
        if e["date"] == "2019-07-17"
    )
    r = client.get(f"/api/events/{slug}")
    assert r.status_code == 200 and r.json()["capacity"] == 75
    assert r.json()["capacity_min"] == 50
    assert client.get("/api/events/no-such-event").status_code == 404


def test_the_news_api_lists_published_items_only(
    partner, partner_admin_user, secretariat_user, client
):
    s = services_news.story_create(
        actor=partner_admin_user,
        titles={"en": "Cocoa farms", "_original": "en"},
        body={"en": "Text", "_original": "en"},
        publisher=partner,
    )
    assert client.get("/api/news").json() == []
    assert client.get(f"/api/news/{s.slug}").status_code == 404  # a draft is not revealed
    services_news.story_submit(actor=partner_admin_user, story_id=s.pk)
    services_news.story_publish(actor=secretariat_user, story_id=s.pk)
    listed = client.get("/api/news").json()
    assert [(n["slug"], n["title"], n["publisher"]) for n in listed] == [
        (s.slug, "Cocoa farms", partner.slug)
    ]
    assert client.get(f"/api/news/{s.slug}").json()["body"] == "Text"


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_who_reads_a_draft_news_item_through_the_api(persona, partner, make_user):
    from alliance87.core.models import Role

    s = services_news.story_create(
        actor=make_user(Role.PARTNER_ADMIN, scope=partner),
        titles={"en": "Draft", "_original": "en"},
        body={"en": "Text", "_original": "en"},
        publisher=partner,
    )
    name = "anonymous" if persona is None else next(iter(roles_of(persona)), "outsider")
    allowed = name in {"partner_admin", "partner_member", "secretariat"}
    assert client_for(persona).get(f"/api/news/{s.slug}").status_code == (200 if allowed else 404)
    assert client_for(persona).get("/api/events").status_code == 200  # public to everyone


def _subscribe(client, email: str, language: str = "es"):
    body = json.dumps({"email": email, "language": language})
    return client.post("/api/newsletter/subscribe", body, content_type="application/json")


def test_subscribing_through_the_api_answers_the_same_whatever_the_address(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = _subscribe(client, "ana@example.org")
    Subscriber.objects.filter(email="ana@example.org").update(state=Subscriber.State.CONFIRMED)
    with django_capture_on_commit_callbacks(execute=True):
        known = _subscribe(client, "ana@example.org")
        new = _subscribe(client, "ben@example.org", "fr")
    assert first.status_code == known.status_code == new.status_code == 202
    assert first.json() == known.json() == new.json()
    assert len(mail.outbox) == 2  # the confirmed address gets nothing more
    assert Subscriber.objects.get(email="ben@example.org").language == "fr"
    bad = _subscribe(client, "not-an-address")
    assert bad.status_code == 400 and "email" in bad.content.decode()


def test_the_subscribe_api_is_rate_limited_with_the_page(client):
    for i in range(5):
        assert _subscribe(client, f"p{i}@example.org").status_code == 202
    r = _subscribe(client, "p6@example.org")
    assert r.status_code == 429
    assert not Subscriber.objects.filter(email="p6@example.org").exists()
    assert (
        client.post(
            "/en/newsletter/subscribe/", {"email": "q@example.org", "language": "en"}
        ).status_code
        == 429
    )


def test_a_news_item_reads_in_the_requests_language_else_in_its_original(
    partner, partner_admin_user, secretariat_user, client
):
    s = services_news.story_create(
        actor=partner_admin_user,
        titles={"es": "Fincas de cacao", "en": "Cocoa farms", "_original": "es"},
        summary={"es": "Resumen", "_original": "es"},
        body={"es": "Texto", "fr": "Texte", "_original": "es"},
        publisher=partner,
    )
    services_news.story_submit(actor=partner_admin_user, story_id=s.pk)
    services_news.story_publish(actor=secretariat_user, story_id=s.pk)
    french = client.get(f"/api/news/{s.slug}", HTTP_ACCEPT_LANGUAGE="fr").json()
    # French has its own body; the title and summary fall back to the Spanish original.
    assert (french["title"], french["summary"], french["body"]) == (
        "Fincas de cacao",
        "Resumen",
        "Texte",
    )
    english = client.get("/api/news", HTTP_ACCEPT_LANGUAGE="en").json()[0]
    assert (english["title"], english["body"]) == ("Cocoa farms", "Texto")
