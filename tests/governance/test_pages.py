"""GCG pages: seats, dashboard, meetings, the live quorum indicator, minutes PDF, calendar."""

from __future__ import annotations

import pytest

from alliance87.governance import seed
from alliance87.governance.models import Attendance, Decision, Meeting
from tests.conftest import client_for

from .helpers import fill_gcg, make_meeting, mark_present, quorum_members

pytestmark = pytest.mark.django_db


def test_the_seats_page_shows_vacant_seats_and_the_chair(client):
    seed.load()
    html = client.get("/en/gcg/").content.decode()
    assert "France" in html and "Argentina" in html
    assert html.count("Vacant") == 30


def test_the_seats_page_is_translated():
    seed.load()
    html = client_for(None).get("/es/gcg/").content.decode()
    assert "Vacante" in html


def test_the_meeting_page_shows_the_agenda_and_the_missing_groups(gcg_member):
    seed.load()
    meeting = Meeting.objects.get(number=5)
    html = client_for(gcg_member).get(f"/es/gcg/meetings/{meeting.pk}/").content.decode()
    assert "Pausa para el café" in html and "Madison Ballroom" in html
    assert "10:30" in html
    assert 'data-quorum="not-met"' in html and "Trabajadores" in html


def test_recording_attendance_with_htmx_returns_the_quorum_fragment(secretariat):
    members = fill_gcg(secretariat)
    meeting = make_meeting(secretariat)
    mark_present(secretariat, meeting, quorum_members(members, 15))
    last = next(m for m in members if m not in quorum_members(members, 15))
    r = client_for(secretariat).post(
        f"/en/gcg/meetings/{meeting.pk}/attendance/",
        {"member_id": last.pk, "presence": "present"},
        HTTP_HX_REQUEST="true",
    )
    html = r.content.decode()
    assert r.status_code == 200 and html.lstrip().startswith('<section id="attendance">')
    assert 'data-quorum="met"' in html
    assert "<html" not in html and "HX-Request" in r["Vary"]


def test_bad_attendance_input_is_refused_in_the_fragment(secretariat):
    members = fill_gcg(secretariat)
    meeting = make_meeting(secretariat)
    r = client_for(secretariat).post(
        f"/en/gcg/meetings/{meeting.pk}/attendance/",
        {"member_id": members[0].pk, "presence": "late"},
        HTTP_HX_REQUEST="true",
    )
    assert r.status_code == 400 and "<html" not in r.content.decode()
    assert not Attendance.objects.exists()


def test_a_decision_without_quorum_is_refused_on_the_page(secretariat):
    seed.load()
    meeting = make_meeting(secretariat)
    r = client_for(secretariat).post(
        f"/en/gcg/meetings/{meeting.pk}/decisions/", {"text": "Adopt", "kind": "general"}
    )
    assert r.status_code == 400
    assert "No quorum" in r.content.decode()
    assert not Decision.objects.exists()


def test_the_minutes_pdf_is_a_pdf(gcg_member):
    seed.load()
    meeting = Meeting.objects.get(number=5)
    r = client_for(gcg_member).get(f"/en/gcg/meetings/{meeting.pk}/minutes.pdf")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert r.content[:4] == b"%PDF"


def test_the_calendar_feed_lists_the_meetings():
    seed.load()
    r = client_for(None).get("/en/gcg/meetings.ics")
    body = r.content.decode()
    assert r["Content-Type"].startswith("text/calendar")
    assert "BEGIN:VEVENT" in body and "DTSTART:20190717T143000Z" in body


def test_the_dashboard_is_for_the_secretariat(secretariat, gcg_member):
    seed.load()
    assert client_for(gcg_member).get("/en/gcg/dashboard/").status_code == 403
    html = client_for(secretariat).get("/en/gcg/dashboard/").content.decode()
    assert "Years with fewer than two meetings" in html and "2019" in html


def test_the_meeting_page_runs_a_fixed_number_of_queries(secretariat, django_assert_num_queries):
    seed.load()
    meeting = make_meeting(secretariat)
    client = client_for(secretariat)
    client.get(f"/en/gcg/meetings/{meeting.pk}/")  # warm the session and role caches

    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/en/gcg/meetings/{meeting.pk}/").status_code == 200
        return len(ctx.captured_queries)

    small = count()
    members = fill_gcg(secretariat)
    mark_present(secretariat, meeting, quorum_members(members))
    assert count() == small


def test_the_secretariat_assigns_a_seat_from_the_page_and_a_broken_composition_is_refused(
    secretariat,
):
    from alliance87.governance.models import Member, Seat

    seed.load()
    client = client_for(secretariat)
    africa = Seat.objects.get(constituency="regional", regional_group="african")
    r = client.post(
        "/en/gcg/seats/assign/",
        {
            "seat": africa.pk,
            "country": "NGA",
            "term_start": "2026-01-01",
            "nominated_by": "regional_group",
        },
    )
    assert r.status_code == 302
    assert Member.objects.get(seat=africa).country_id == "NGA"
    dp = Seat.objects.get(constituency="development_partner", number=1)
    r = client.post(
        "/en/gcg/seats/assign/", {"seat": dp.pk, "country": "NGA", "term_start": "2026-01-01"}
    )
    assert r.status_code == 400
    assert "already holds a government seat" in r.content.decode()
    assert not Member.objects.filter(seat=dp).exists()


def test_the_secretariat_schedules_a_meeting_and_every_member_is_invited(secretariat):
    from alliance87.governance.models import Invitation

    members = fill_gcg(secretariat)
    client = client_for(secretariat)
    r = client.post(
        "/en/gcg/meetings/new/",
        {
            "title": "7th meeting",
            "starts_at": "2030-03-01T10:00",
            "ends_at": "2030-03-01T12:00",
            "mode": "virtual",
            "language": "fr",
        },
    )
    meeting = Meeting.objects.get(titles__fr="7th meeting")
    assert r.status_code == 302 and meeting.mode == "virtual"
    assert Invitation.objects.filter(meeting=meeting).count() == len(
        [m for m in members if m.term_end is None or m.term_end.isoformat() >= "2030-03-01"]
    )
    r = client.post(
        "/en/gcg/meetings/new/",
        {
            "title": "x",
            "starts_at": "2030-03-01T10:00",
            "ends_at": "2030-03-01T09:00",
            "mode": "virtual",
            "language": "fr",
        },
    )
    assert r.status_code == 400
    assert not Meeting.objects.filter(titles__fr="x").exists()


def test_the_minutes_are_written_in_the_meetings_language(secretariat):
    from alliance87.governance import services
    from alliance87.governance.documents import minutes_html

    seed.load()
    meeting = make_meeting(secretariat, language="es")
    services.minutes_save(actor=secretariat, meeting_id=meeting.pk, conclusions="Acordamos.")
    services.action_point_add(
        actor=secretariat, meeting_id=meeting.pk, text="Nota", owner="Secretaría"
    )
    html = minutes_html(meeting)
    assert "Principales conclusiones" in html and "Acordamos." in html
    assert "No hay cuórum" in html and "Puntos de acción" in html


def test_the_seats_page_runs_a_fixed_number_of_queries_for_the_secretariat(secretariat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    seed.load()
    client = client_for(secretariat)
    client.get("/en/gcg/")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/en/gcg/").status_code == 200
        return len(ctx.captured_queries)

    small = count()
    fill_gcg(secretariat)
    assert count() == small


def test_a_decision_on_the_page_activates_a_proposed_group(secretariat, partner_member):
    from alliance87.groups import services as group_services

    members = fill_gcg(secretariat)
    proposal = group_services.group_propose(actor=partner_member, name="Data")
    meeting = make_meeting(secretariat)
    mark_present(secretariat, meeting, quorum_members(members))
    r = client_for(secretariat).post(
        f"/en/gcg/meetings/{meeting.pk}/decisions/",
        {"text": "Create the data group", "kind": "create_group", "group": proposal.pk},
    )
    assert r.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "active" and proposal.decision_ref.startswith("M")


def test_group_meetings_known_to_the_day_join_the_calendar(secretariat):
    import datetime as dt

    from alliance87.groups import seed as group_seed
    from alliance87.groups import services as group_services
    from alliance87.groups.models import Group

    seed.load()
    group_seed.load()
    group = Group.objects.get(slug="migration")
    group_services.meeting_add(
        actor=secretariat, group_id=group.pk, date=dt.date(2030, 5, 4), title="Planning call"
    )
    body = client_for(None).get("/en/gcg/meetings.ics").content.decode()
    assert "Planning call" in body and "DTSTART;VALUE=DATE:20300504" in body
    assert "Abidjan" not in body  # known only to the month


def test_the_meeting_page_shows_who_is_invited(secretariat, gcg_member):
    members = fill_gcg(secretariat)
    members[0].person.email = ""
    members[0].person.save()
    meeting = make_meeting(secretariat)
    html = client_for(gcg_member).get(f"/en/gcg/meetings/{meeting.pk}/").content.decode()
    assert html.count("data-invitation=") == 30
    assert "30 members invited when the meeting was scheduled." in html
    assert html.count("no e-mail address: not sent") == 1


def test_confirming_a_forfeiture_opens_the_replacement_form_for_the_same_seat(secretariat):
    import datetime as dt

    from alliance87.governance import services

    from .helpers import TODAY

    members = fill_gcg(secretariat, start=TODAY - dt.timedelta(days=400))
    target = next(m for m in members if m.seat.constituency == "ngo")
    for i in range(3):
        m = make_meeting(secretariat, day=TODAY - dt.timedelta(days=300 - 100 * i))
        services.meeting_record_attendance(
            actor=secretariat,
            meeting_id=m.pk,
            member_id=target.pk,
            presence="absent_without_notice",
        )
    client = client_for(secretariat)
    assert "Confirm forfeiture" in client.get("/en/gcg/dashboard/").content.decode()
    r = client.post(f"/en/gcg/members/{target.pk}/forfeit/")
    assert r.status_code == 302 and r["Location"] == f"/en/gcg/?seat={target.seat_id}#assign"
    html = client.get(r["Location"]).content.decode()
    assert '<details class="card" open id="assign">' in html
    assert f'<option value="{target.seat_id}" selected>' in html
    dashboard = client.get("/en/gcg/dashboard/").content.decode()
    assert f'data-open-seat="{target.seat_id}"' in dashboard and "NGOs" in dashboard


def test_open_action_points_are_marked_done_from_the_next_meetings_page(secretariat):
    import datetime as dt

    from alliance87.governance import services

    from .helpers import TODAY

    seed.load()
    first = make_meeting(secretariat, day=TODAY - dt.timedelta(days=90))
    point = services.action_point_add(
        actor=secretariat, meeting_id=first.pk, text="Draft the note", owner="Secretariat"
    )
    second = make_meeting(secretariat)
    client = client_for(secretariat)
    html = client.get(f"/en/gcg/meetings/{second.pk}/").content.decode()
    assert f'data-carried-over="{point.pk}"' in html
    r = client.post(
        f"/en/gcg/meetings/{second.pk}/action-points/{point.pk}/",
        {"status": "done", "version": point.version},
    )
    assert r.status_code == 302
    point.refresh_from_db()
    assert point.status == "done"
    html = client.get(f"/en/gcg/meetings/{second.pk}/").content.decode()
    assert "data-carried-over" not in html


def test_the_secretariat_records_an_observers_presence_from_the_page(secretariat):
    from alliance87.governance import services

    seed.load()
    meeting = make_meeting(secretariat)
    obs = services.observer_invite(
        actor=secretariat,
        meeting_id=meeting.pk,
        name="Guest",
        organisation="",
        informed_secretariat_on=meeting.starts_at.date(),
        informed_group_on=meeting.starts_at.date(),
    )
    client = client_for(secretariat)
    url = f"/en/gcg/meetings/{meeting.pk}/observers/{obs.pk}/presence/"
    assert client.post(url, {"present": "1"}).status_code == 302
    obs.refresh_from_db()
    assert obs.present
    html = client.get(f"/en/gcg/meetings/{meeting.pk}/").content.decode()
    assert "no speaking rights" in html and 'data-quorum="not-met"' in html


def test_gcg_pages_run_a_fixed_number_of_queries_at_two_sizes(secretariat):
    import datetime as dt

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from alliance87.governance import services
    from alliance87.groups import seed as group_seed
    from alliance87.groups import services as group_services
    from alliance87.groups.models import Group

    from .helpers import TODAY

    seed.load()
    group_seed.load()
    client = client_for(secretariat)
    meeting = make_meeting(secretariat, day=TODAY + dt.timedelta(days=1))
    urls = [
        "/en/gcg/dashboard/",
        "/en/gcg/meetings/",
        f"/en/gcg/meetings/{meeting.pk}/",
        f"/api/gcg/meetings/{meeting.pk}",
        "/api/gcg/dashboard",
        "/api/gcg/meetings",
    ]
    for url in urls:
        client.get(url)  # warm the session and role caches

    def counts() -> list[int]:
        result = []
        for url in urls:
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            result.append(len(ctx.captured_queries))
        return result

    small = counts()
    members = fill_gcg(secretariat)
    assert meeting.invitations.count() == len(members)  # invited as they took their seats
    for i in range(3):
        make_meeting(secretariat, day=TODAY - dt.timedelta(days=30 * (i + 1)))
        services.observer_invite(
            actor=secretariat,
            meeting_id=meeting.pk,
            name=f"Guest {i}",
            organisation="",
            informed_secretariat_on=TODAY,
            informed_group_on=TODAY,
        )
        services.action_point_add(
            actor=secretariat, meeting_id=meeting.pk, text=f"Point {i}", owner="Chair"
        )
        group_services.resource_need_add(
            actor=secretariat,
            group_id=Group.objects.get(slug="migration").pk,
            description=f"Need {i}",
            reported_to_gcg_on=TODAY,
        )
    mark_present(secretariat, meeting, quorum_members(members))
    assert counts() == small


def test_the_secretariat_builds_the_agenda_from_the_page(secretariat):
    seed.load()
    meeting = make_meeting(secretariat)
    client = client_for(secretariat)
    url = f"/en/gcg/meetings/{meeting.pk}/agenda/"
    r = client.post(
        url,
        {
            "title": "Report on pathfinder countries",
            "starts": "10:30",
            "ends": "11:15",
            "presenter": "Secretariat",
            "documents": "Pathfinder report | https://example.org/report.pdf\nAction group guide",
        },
    )
    assert r.status_code == 302
    r = client.post(url, {"title": "Coffee", "starts": "11:15", "ends": "11:00", "is_break": "on"})
    assert r.status_code == 400 and "An item ends after it starts." in r.content.decode()
    r = client.post(url, {"title": "Bad link", "documents": "Paper | javascript:alert(1)"})
    assert r.status_code == 400
    html = client.get(f"/en/gcg/meetings/{meeting.pk}/").content.decode()
    # The title is content in the language it was written in (``{% localised %}``).
    assert (
        '<a href="https://example.org/report.pdf" rel="noopener">'
        '<span lang="en">Pathfinder report</span></a>'
    ) in html
    assert "Action group guide" in html and "javascript:" not in html
    assert meeting.agenda.count() == 1


def test_a_meeting_scheduled_in_its_own_time_zone(secretariat):
    seed.load()
    r = client_for(secretariat).post(
        "/en/gcg/meetings/new/",
        {
            "title": "8th meeting",
            "starts_at": "2030-07-17T10:30",
            "ends_at": "2030-07-17T13:00",
            "mode": "hybrid",
            "language": "en",
            "time_zone": "America/New_York",
        },
    )
    assert r.status_code == 302
    meeting = Meeting.objects.get(titles__en="8th meeting")
    assert meeting.starts_at.isoformat() == "2030-07-17T14:30:00+00:00"
    html = client_for(secretariat).get(f"/en/gcg/meetings/{meeting.pk}/").content.decode()
    assert "10:30–13:00, United States (New York) Time" in html
    assert "America/New_York" not in html  # the zone by its place, not its code


def test_the_meetings_page_title_is_only_the_title(secretariat):
    seed.load()
    html = client_for(secretariat).get("/en/gcg/meetings/").content.decode()
    title = html.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "GCG meetings" in title and "<form" not in title
    assert html.count('action="/en/gcg/meetings/new/"') == 1


def test_the_secretariat_records_that_a_government_left_early(secretariat, gcg_member):
    from alliance87.governance.models import Member

    seed.load()
    chair = Member.objects.get(seat__constituency="chair")
    assert "Has left" not in client_for(gcg_member).get("/en/gcg/").content.decode()
    assert client_for(gcg_member).post(f"/en/gcg/members/{chair.pk}/leave/").status_code == 403
    client = client_for(secretariat)
    assert "Has left" in client.get("/en/gcg/").content.decode()
    r = client.post(f"/en/gcg/members/{chair.pk}/leave/")
    assert r.status_code == 302
    chair.refresh_from_db()
    assert chair.status == "ended"
    assert client.get("/en/gcg/").content.decode().count("Vacant") == 31


def test_the_calendar_links_to_pages_in_the_feeds_language():
    seed.load()
    body = client_for(None).get("/es/gcg/meetings.ics").content.decode().replace("\r\n ", "")
    assert "/es/gcg/meetings/" in body


def test_seeded_meeting_texts_are_spanish_originals_shown_with_a_mark(client):
    seed.load()
    meeting = Meeting.objects.get(number=5)
    item = meeting.agenda.get(position=2)
    assert meeting.titles["_original"] == item.titles["_original"] == "es"
    assert item.documents[0]["title"]["_original"] == "es"
    # Each language reads its own text; Spanish, the Grupo's one name from the mandate.
    html = client.get("/fr/gcg/meetings/").content.decode()
    assert '<span lang="fr">5e réunion du Groupe de coordination mondial' in html
    es = client.get("/es/gcg/meetings/").content.decode()
    assert '<span lang="es">5.ª reunión del Grupo de Coordinación Mundial' in es
    # A language without a title of its own names a numbered meeting by its position, in
    # that language (issue 13); an unnumbered one shows the Spanish original, marked as such.
    Meeting.objects.filter(pk=meeting.pk).update(
        titles={k: v for k, v in meeting.titles.items() if k != "fr"}
    )
    html = client.get("/fr/gcg/meetings/").content.decode()
    assert '<span lang="fr">5e réunion du Groupe de coordination mondial' in html
    assert "fallback-note" not in html
    Meeting.objects.filter(pk=meeting.pk).update(number=None)
    html = client.get("/fr/gcg/meetings/").content.decode()
    assert '<span lang="es">5.ª reunión del Grupo de Coordinación Mundial' in html
    assert "fallback-note" in html


def test_a_page_for_a_missing_meeting_is_a_404(secretariat):
    client = client_for(secretariat)
    assert client.get("/en/gcg/meetings/999999/").status_code == 404
    assert client.get("/en/gcg/meetings/999999/minutes.pdf").status_code == 404
    for action in ("attendance", "decisions", "agenda", "action-points", "minutes"):
        assert client.post(f"/en/gcg/meetings/999999/{action}/", {}).status_code == 404, action
    assert client.post("/en/gcg/meetings/999999/minutes/circulate/").status_code == 404


@pytest.mark.parametrize("status", ["open", "done", "dropped"])
def test_the_meeting_page_offers_mark_done_exactly_when_the_rules_allow_it(secretariat, status):
    """The button comes from ``rules.ACTION_POINT``, not from a comparison in the template."""
    from alliance87.governance import rules, services
    from alliance87.governance.models import ActionPoint

    seed.load()
    meeting = make_meeting(secretariat)
    point = services.action_point_add(
        actor=secretariat, meeting_id=meeting.pk, text="Draft the note", owner="Secretariat"
    )
    ActionPoint.objects.filter(pk=point.pk).update(status=status)
    html = client_for(secretariat).get(f"/en/gcg/meetings/{meeting.pk}/").content.decode()
    allowed = rules.ACTION_POINT.allowed("done", rules.ActionPointStatus(status))
    assert (f'data-mark-done="{point.pk}"' in html) == allowed
    assert f'name="version" value="{point.version}"' in html or not allowed


def test_a_stale_mark_done_from_the_page_is_refused_and_changes_nothing(secretariat):
    from alliance87.governance import services

    seed.load()
    meeting = make_meeting(secretariat)
    point = services.action_point_add(
        actor=secretariat, meeting_id=meeting.pk, text="Draft the note", owner="Secretariat"
    )
    client = client_for(secretariat)
    url = f"/en/gcg/meetings/{meeting.pk}/action-points/{point.pk}/"
    services.action_point_set_status(
        actor=secretariat, action_point_id=point.pk, status="dropped", expected_version=1
    )
    r = client.post(url, {"status": "done", "version": 1}, follow=True)
    assert "Someone else changed this record" in r.content.decode()
    r = client.post(url, {"status": "done"}, follow=True)
    assert "This field is required" in r.content.decode()
    point.refresh_from_db()
    assert (point.status, point.version) == ("dropped", 2)
