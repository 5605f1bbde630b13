"""One calendar (the knowledge hub's events, GCG meetings from governance, group meetings from
groups), its iCalendar feeds with the time zones right, event pages and registration."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from icalendar import Calendar

from alliance87.core import ratelimit
from alliance87.core.exceptions import TransitionRefused
from alliance87.core.permissions import is_secretariat
from alliance87.knowledge import services_events
from alliance87.knowledge.models import Event, Registration

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    ratelimit.reset("knowledge.register", "127.0.0.1")
    yield
    ratelimit.reset("knowledge.register", "127.0.0.1")


def feed(client, query: str = "") -> Calendar:
    r = client.get(f"/en/events/feed.ics{query}")
    assert r.status_code == 200 and r["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(r.content)


def vevents(cal: Calendar) -> dict[str, object]:
    return {str(e["uid"]): e for e in cal.walk("VEVENT")}


def test_the_calendar_reads_gcg_and_group_meetings_from_their_apps(shipped, client):
    body = client.get("/en/events/").content.decode()
    assert "5th meeting of the Alliance 8.7 Global Coordinating Group" in body  # governance
    assert "Action Group on Supply Chains meeting" in body  # groups (Abidjan, May 2019)
    assert "107th International Labour Conference" in body
    assert "Child Labour Forum" in body
    assert not Event.objects.filter(titles__en__icontains="Global Coordinating Group").exists()


def test_a_month_is_shown_as_a_month_and_left_out_of_the_feed(shipped, client):
    body = client.get("/en/events/?kind=global_event").content.decode()
    assert "June 2019" in body and "day not given in the source" in body
    uids = vevents(feed(client))
    assert "event-international-labour-conference-2019@alliance87" not in uids
    assert "event-the-hague-child-labour-forum-2020@alliance87" not in uids


def test_the_feed_keeps_the_gcg_meetings_time_zone(shipped, client):
    cal = feed(client)
    gcg = vevents(cal)["gcg-meeting-" + str(_meeting_pk()) + "@alliance87"]
    start = gcg.decoded("dtstart")
    assert start.tzinfo is not None
    assert start.astimezone(zoneinfo.ZoneInfo("America/New_York")).time() == dt.time(10, 30)
    assert start.astimezone(dt.UTC).time() == dt.time(14, 30)  # EDT in July
    assert "America/New_York" in {str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")}


def _meeting_pk() -> int:
    from alliance87.governance.models import Meeting

    return Meeting.objects.get(number=5).pk


def test_a_time_without_a_stated_zone_stays_floating(shipped, client):
    side = vevents(feed(client))["event-supply-chains-side-event-2019@alliance87"]
    start = side.decoded("dtstart")
    assert start == dt.datetime(2019, 7, 17, 17, 30) and start.tzinfo is None
    page = client.get("/en/events/supply-chains-side-event-2019/").content.decode()
    assert "the source does not state the time zone" in page


def test_days_without_a_time_are_all_day_events(shipped, client):
    ilc = vevents(feed(client))["event-international-labour-conference-2018@alliance87"]
    assert ilc.decoded("dtstart") == dt.date(2018, 5, 28)
    assert ilc.decoded("dtend") == dt.date(2018, 6, 9)  # DTEND is exclusive (RFC 5545)


def test_there_is_a_feed_per_filter(shipped, client):
    only = vevents(feed(client, "?kind=gcg_meeting"))
    assert list(only) == [f"gcg-meeting-{_meeting_pk()}@alliance87"]
    assert vevents(feed(client, "?year=2018")).keys() == {
        "event-international-labour-conference-2018@alliance87"
    }
    page = client.get("/en/events/?kind=gcg_meeting").content.decode()
    assert "/en/events/feed.ics?kind=gcg_meeting" in page


@pytest.mark.parametrize("n", [2, 20])
def test_the_calendar_runs_a_fixed_number_of_queries(client, n, django_assert_num_queries):
    for i in range(n):
        Event.objects.create(
            slug=f"webinar-{i}",
            kind="webinar",
            titles={"en": f"Webinar {i}"},
            start_date=dt.date(2030, 1, 1) + dt.timedelta(days=i),
            starts=dt.time(10),
            timezone="Europe/Paris",
            duration_minutes=60,
        )
    with django_assert_num_queries(3):
        r = client.get("/en/events/")
    assert r.content.decode().count("cal-webinar") == n


def test_the_side_event_page_has_its_agenda_hosts_and_capacity(shipped, client):
    body = client.get("/es/events/supply-chains-side-event-2019/").content.decode()
    assert "Conversación entre los panelistas" in body and "Sra. Beate Andrees" in body
    assert "ILO, Alianza 8.7 y Freedom Fund" in body
    assert "0 de 75" in body and "50–75" in body


def test_registering_sends_the_confirmation_in_the_chosen_language(
    shipped, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(
            "/en/events/supply-chains-side-event-2019/register/",
            {"name": "Ana", "email": "Ana@Example.org", "language": "fr"},
        )
    assert r.status_code == 302
    assert Registration.objects.get().email == "ana@example.org"
    assert mail.outbox[0].to == ["ana@example.org"]
    assert mail.outbox[0].subject.startswith("Vous êtes inscrit")
    # The link opens the event's page in French too, not in the language of the form's page.
    assert "/fr/events/supply-chains-side-event-2019/" in mail.outbox[0].body


def test_registration_closes_at_capacity_and_an_address_registers_once(shipped):
    event = Event.objects.get(slug="supply-chains-side-event-2019")
    Event.objects.filter(pk=event.pk).update(capacity=1)
    services_events.register(event_id=event.pk, name="A", email="a@example.org", language="en")
    with pytest.raises(TransitionRefused) as exc:
        services_events.register(event_id=event.pk, name="B", email="b@example.org", language="en")
    assert exc.value.code == "event.full"
    Event.objects.filter(pk=event.pk).update(capacity=None)
    with pytest.raises(ValidationError):
        services_events.register(event_id=event.pk, name="A", email="A@example.org", language="en")
    assert Registration.objects.count() == 1


def test_the_registration_form_is_rate_limited(shipped, client):
    url = "/en/events/supply-chains-side-event-2019/register/"
    for i in range(10):
        client.post(url, {"name": "X", "email": f"x{i}@example.org", "language": "en"})
    r = client.post(url, {"name": "X", "email": "late@example.org", "language": "en"})
    assert r.status_code == 429
    assert not Registration.objects.filter(email="late@example.org").exists()


@pytest.mark.parametrize("persona", ["outsider", "partner_admin", "secretariat"], indirect=True)
def test_only_the_secretariat_adds_events(persona):
    fields = {
        "slug": "w",
        "kind": "webinar",
        "titles": {"en": "W"},
        "start_date": dt.date(2030, 1, 1),
    }
    if is_secretariat(persona):
        services_events.event_create(actor=persona, **fields)
        assert Event.objects.filter(slug="w").exists()
    else:
        with pytest.raises(PermissionDenied):
            services_events.event_create(actor=persona, **fields)
        assert not Event.objects.filter(slug="w").exists()


def test_the_search_finds_events(shipped):
    from alliance87.knowledge import search

    assert ("event", "the-hague-child-labour-forum-2020") in search.refs(
        search.Filters(q="forum travail des enfants")
    )


def _meta(client, path: str) -> str:
    """The event page's line under its title: kind, date, place and city (the page also quotes
    its Spanish source, which keeps "Nueva York")."""
    import re

    return re.search(r'<p class="meta">(.*?)</p>', client.get(path).content.decode(), re.S)[1]


def test_an_events_city_is_in_the_pages_language_nueva_york_only_in_spanish(shipped, client):
    """Issue 13: the seeded cities are Spanish in the seed documents; each page, feed and API
    answer gives the city in its own language."""
    slug = "hlpf-pathfinder-side-event-2019"
    assert "New York" in _meta(client, f"/fr/events/{slug}/")
    assert "New York" in _meta(client, f"/en/events/{slug}/")
    assert "Nova York" in _meta(client, f"/pt/events/{slug}/")
    assert "Nueva York" in _meta(client, f"/es/events/{slug}/")
    assert "La Haye" in _meta(client, "/fr/events/the-hague-child-labour-forum-2020/")

    uid = "event-international-labour-conference-2018@alliance87"
    in_french = vevents(Calendar.from_ical(client.get("/fr/events/feed.ics").content))[uid]
    assert str(in_french["location"]) == "Genève"
    in_spanish = vevents(Calendar.from_ical(client.get("/es/events/feed.ics").content))[uid]
    assert str(in_spanish["location"]) == "Ginebra"
    api = client.get(f"/api/events/{slug}", HTTP_ACCEPT_LANGUAGE="fr").json()
    assert api["city"] == "New York"
