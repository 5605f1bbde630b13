"""The Secretariat's pages to add and edit events and webinars: audit rows, optimistic
locking, a read-only admin, and who may open them."""

from __future__ import annotations

import pytest

from alliance87.core.models import AuditEntry, Role
from alliance87.core.permissions import roles_of
from alliance87.knowledge import search
from alliance87.knowledge.models import Event
from tests.conftest import PERSONAS, client_for

pytestmark = pytest.mark.django_db

WEBINAR = {
    "kind": "webinar",
    "slug": "webinar-supply-chains",
    "titles_en": "Due diligence in supply chains",
    "titles__original": "en",
    "start_date": "2030-03-04",
    "date_precision": "day",
    "starts": "14:00",
    "timezone": "Europe/Zurich",
    "duration_minutes": "60",
    "languages": ["en", "fr"],
    "interpretation": ["es"],
    "source": "Secretariat",
}


def _form(**changes) -> dict:
    return {**WEBINAR, **changes}


@pytest.fixture
def secretariat_client(make_user, client):
    client.force_login(make_user(Role.SECRETARIAT))
    return client


def _post_new(c, **changes):
    return c.post("/en/events/new/", _form(**changes))


def test_the_secretariat_adds_a_webinar_that_the_calendar_and_search_show(
    secretariat_client, django_capture_on_commit_callbacks
):
    assert secretariat_client.get("/en/events/new/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        r = _post_new(secretariat_client)
    assert r.status_code == 302, [ln for ln in r.content.decode().splitlines() if "error" in ln]
    event = Event.objects.get(slug="webinar-supply-chains")
    assert (event.duration_minutes, event.languages, event.interpretation) == (
        60,
        ["en", "fr"],
        ["es"],
    )
    assert (
        "Due diligence in supply chains" in secretariat_client.get("/en/events/").content.decode()
    )
    assert AuditEntry.objects.filter(event="knowledge.event.created").count() == 1
    assert ("event", "webinar-supply-chains") in search.refs(search.Filters(q="due diligence"))


def test_an_invalid_event_is_refused_with_the_field_named_and_nothing_saved(secretariat_client):
    r = _post_new(secretariat_client, end_date="2030-03-01")  # before the start
    assert r.status_code == 400
    assert "An event ends on or after the day it starts." in r.content.decode()
    assert not Event.objects.exists()


def test_editing_adds_the_recording_and_a_stale_edit_is_refused(
    secretariat_client, partner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _post_new(secretariat_client, hosts=[str(partner.pk)])
    event = Event.objects.get(slug="webinar-supply-chains")
    assert list(event.hosts.all()) == [partner]
    url = f"/en/events/{event.slug}/edit/"
    assert secretariat_client.get(url).status_code == 200
    edit = _form(
        recording_url="https://example.org/recording",
        version=str(event.version),
        hosts=[str(partner.pk)],
    )
    assert secretariat_client.post(url, edit).status_code == 302
    event.refresh_from_db()
    assert event.recording_url == "https://example.org/recording" and event.version == 2
    stale = secretariat_client.post(url, {**edit, "slides_url": "https://example.org/s"})
    assert stale.status_code == 400 and "Reload it" in stale.content.decode()
    event.refresh_from_db()
    assert event.slides_url == ""
    entry = AuditEntry.objects.get(event="knowledge.event.updated")
    assert entry.changes["recording_url"] == ["", "https://example.org/recording"]


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_only_the_secretariat_adds_and_edits_events_on_the_pages(persona, make_user):
    from alliance87.knowledge import services_events

    existing = services_events.event_create(
        actor=make_user(Role.SECRETARIAT),
        slug="gcg-event",
        kind="global_event",
        titles={"en": "Global event", "_original": "en"},
        start_date="2030-01-01",
    )
    allowed = persona is not None and Role.SECRETARIAT in roles_of(persona)
    refused = 302 if persona is None else 403
    c = client_for(persona)
    assert c.get("/en/events/new/").status_code == (200 if allowed else refused)
    assert _post_new(c).status_code == (302 if allowed else refused)
    assert Event.objects.filter(slug="webinar-supply-chains").exists() == allowed
    edit = c.post(
        f"/en/events/{existing.slug}/edit/",
        _form(slug=existing.slug, place="Geneva", version=str(existing.version)),
    )
    assert edit.status_code == (302 if allowed else refused)
    existing.refresh_from_db()
    assert (existing.place == "Geneva") == allowed


def test_an_unknown_time_zone_is_refused_by_name(secretariat_client):
    r = _post_new(secretariat_client, timezone="Europe/Geneva")  # not an IANA zone
    assert r.status_code == 400 and "Unknown time zone: Europe/Geneva" in r.content.decode()
    assert not Event.objects.exists()


def test_the_admin_shows_events_read_only(make_user, client):
    admin = make_user()
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    admin_client = client
    Event.objects.create(slug="x", kind="global_event", titles={"en": "X"}, start_date="2030-01-01")
    assert admin_client.get("/en/admin/knowledge/event/add/").status_code == 403
    before = AuditEntry.objects.count()
    event = Event.objects.get(slug="x")
    r = admin_client.post(f"/en/admin/knowledge/event/{event.pk}/change/", {"slug": "y"})
    assert r.status_code == 403
    assert Event.objects.filter(slug="x").exists() and AuditEntry.objects.count() == before


def test_the_form_takes_the_city_in_each_language_and_refuses_one_too_long(secretariat_client):
    r = _post_new(
        secretariat_client,
        city_en="Geneva",
        city_fr="Genève",
        city_es="Ginebra",
        city__original="en",
    )
    assert r.status_code == 302
    event = Event.objects.get(slug="webinar-supply-chains")
    assert event.city == {"en": "Geneva", "fr": "Genève", "es": "Ginebra", "_original": "en"}
    page = secretariat_client.get("/fr/events/webinar-supply-chains/").content.decode()
    assert "Genève" in page
    too_long = _post_new(secretariat_client, slug="webinar-2", city_en="x" * 101)
    assert too_long.status_code == 400 and not Event.objects.filter(slug="webinar-2").exists()
    assert "101" in too_long.content.decode()  # "at most 100 characters (it has 101)"
