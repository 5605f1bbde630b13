"""The GCG API: seats, meetings, a meeting's quorum, and the writes the pages use."""

from __future__ import annotations

import json

import pytest

from alliance87.governance import seed
from alliance87.governance.models import Attendance, Decision, Meeting
from tests.conftest import client_for

from .helpers import fill_gcg, make_meeting, mark_present, quorum_members

pytestmark = pytest.mark.django_db


def post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_seats_lists_the_32_seats_with_constituency_and_holder():
    seed.load()
    body = client_for(None).get("/api/gcg/seats").json()
    assert len(body) == 32
    chair = body[0]
    assert (chair["constituency"], chair["stakeholder_group"]) == ("chair", "governments")
    assert chair["holder"]["country"] == "FRA" and chair["holder"]["representative"] is None
    assert sum(1 for s in body if s["holder"] is None) == 30
    # Seed 000: the regional seats are «nombrados por los grupos regionales».
    assert {s["regional_group"] for s in body if s["constituency"] == "regional"} == {
        "african",
        "asia_pacific",
        "eastern_european",
        "latin_american_caribbean",
        "western_european_others",
    }


def test_meetings_are_public_but_a_meetings_detail_is_for_members(gcg_member, outsider):
    seed.load()
    meetings = client_for(None).get("/api/gcg/meetings").json()
    assert meetings[0]["number"] == 5
    url = f"/api/gcg/meetings/{meetings[0]['id']}"
    assert client_for(None).get(url).status_code in (401, 403)
    assert client_for(outsider).get(url).status_code == 403
    body = client_for(gcg_member).get(url).json()
    assert body["quorum"] == {
        "holds": False,
        "present": 0,
        "needed": 16,
        "missing_groups": ["governments", "un_igo", "employers", "workers", "ngos"],
        "text": body["quorum"]["text"],
    }
    assert [a["starts"] for a in body["agenda"]][:4] == [
        "10:30:00",
        "10:30:00",
        "10:30:00",
        "11:30:00",
    ]


def test_an_unknown_meeting_is_404(gcg_member):
    assert client_for(gcg_member).get("/api/gcg/meetings/999").status_code == 404


def test_recording_attendance_returns_the_quorum(secretariat):
    members = fill_gcg(secretariat)
    meeting = make_meeting(secretariat)
    client = client_for(secretariat)
    mark_present(secretariat, meeting, quorum_members(members, 15))
    last = next(m for m in members if m not in quorum_members(members, 15))
    r = post(
        client,
        f"/api/gcg/meetings/{meeting.pk}/attendance",
        {"member_id": last.pk, "presence": "present"},
    )
    assert r.status_code == 200 and r.json()["holds"] is True


def test_bad_attendance_input_is_a_400_naming_the_field(secretariat):
    seed.load()
    meeting = Meeting.objects.get(number=5)
    client = client_for(secretariat)
    r = post(
        client, f"/api/gcg/meetings/{meeting.pk}/attendance", {"member_id": 1, "presence": "late"}
    )
    assert r.status_code == 400
    assert r.json()["errors"][0]["field"] == "presence"
    r = post(
        client,
        f"/api/gcg/meetings/{meeting.pk}/attendance",
        {"member_id": 1, "presence": "present", "extra": 1},
    )
    assert r.status_code == 400
    assert not Attendance.objects.exists()


def test_a_decision_without_quorum_is_a_409_that_names_the_missing_groups(secretariat):
    seed.load()
    meeting = make_meeting(secretariat)
    r = post(client_for(secretariat), f"/api/gcg/meetings/{meeting.pk}/decisions", {"text": "x"})
    assert r.status_code == 409
    assert "Workers" in r.json()["detail"]
    assert not Decision.objects.exists()


def test_a_decision_with_quorum_is_201(secretariat):
    members = fill_gcg(secretariat)
    meeting = make_meeting(secretariat)
    mark_present(secretariat, meeting, quorum_members(members))
    r = post(
        client_for(secretariat),
        f"/api/gcg/meetings/{meeting.pk}/decisions",
        {"text": "Adopt the work plan"},
    )
    assert r.status_code == 201 and r.json()["outcome"] == "adopted"


def test_minutes_and_action_points_through_the_api(secretariat):
    seed.load()
    meeting = make_meeting(secretariat)
    client = client_for(secretariat)
    r = client.put(
        f"/api/gcg/meetings/{meeting.pk}/minutes",
        json.dumps({"conclusions": "Agreed", "prepared_by": "Chair"}),
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["version"] == 2
    r = client.put(
        f"/api/gcg/meetings/{meeting.pk}/minutes",
        json.dumps({"conclusions": "Other", "version": 1}),
        content_type="application/json",
    )
    assert r.status_code == 409
    r = post(client, f"/api/gcg/meetings/{meeting.pk}/action-points", {"text": "", "owner": ""})
    assert r.status_code == 400
    assert {e["field"] for e in r.json()["errors"]} == {"text", "owner"}


def test_minutes_put_without_the_version_read_once_they_exist_is_a_conflict(secretariat):
    from alliance87.governance.models import Minutes

    seed.load()
    meeting = make_meeting(secretariat)
    client = client_for(secretariat)
    url = f"/api/gcg/meetings/{meeting.pk}/minutes"
    first = client.put(url, json.dumps({"conclusions": "Agreed"}), content_type="application/json")
    assert first.status_code == 200
    r = client.put(url, json.dumps({"conclusions": "Other"}), content_type="application/json")
    assert r.status_code == 409 and r.json()["code"] == "conflict"
    assert Minutes.objects.get(meeting=meeting).conclusions == "Agreed"
    version = first.json()["version"]
    r = client.put(
        url,
        json.dumps({"conclusions": "Other", "version": version}),
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["conclusions"] == "Other"


def test_the_seats_list_runs_a_fixed_number_of_queries(secretariat, django_assert_num_queries):
    seed.load()
    with django_assert_num_queries(2):
        client_for(None).get("/api/gcg/seats")
    fill_gcg(secretariat)
    with django_assert_num_queries(2):
        client_for(None).get("/api/gcg/seats")


def test_a_seat_assignment_that_breaks_the_composition_is_a_400_on_the_seat(secretariat):
    seed.load()
    client = client_for(secretariat)
    seats = client.get("/api/gcg/seats").json()
    employers = next(s for s in seats if s["constituency"] == "employers")
    r = post(
        client,
        f"/api/gcg/seats/{employers['id']}/holder",
        {"term_start": "2026-01-01", "country": "NOR"},
    )
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "seat"
    dp = next(s for s in seats if s["constituency"] == "development_partner")
    r = post(
        client, f"/api/gcg/seats/{dp['id']}/holder", {"term_start": "2026-01-01", "country": "NOR"}
    )
    assert r.status_code == 201 and r.json()["term_end"] == "2028-12-31"


def test_a_meetings_detail_shows_invitations_observers_and_reported_needs(secretariat):
    import datetime as dt

    from alliance87.governance import services
    from alliance87.groups import seed as group_seed
    from alliance87.groups import services as group_services
    from alliance87.groups.models import Group

    members = fill_gcg(secretariat)
    group_seed.load()
    meeting = make_meeting(secretariat)
    services.observer_invite(
        actor=secretariat,
        meeting_id=meeting.pk,
        name="Guest",
        organisation="Regional body",
        informed_secretariat_on=meeting.starts_at.date(),
        informed_group_on=meeting.starts_at.date(),
    )
    group_services.resource_need_add(
        actor=secretariat,
        group_id=Group.objects.get(slug="migration").pk,
        description="Travel",
        amount=500,
        currency="EUR",
        reported_to_gcg_on=meeting.starts_at.date() - dt.timedelta(days=1),
    )
    body = client_for(secretariat).get(f"/api/gcg/meetings/{meeting.pk}").json()
    assert len(body["invitations"]) == len(members)
    assert all(i["emailed"] for i in body["invitations"])
    assert body["observers"][0] | {"id": 0} == {
        "id": 0,
        "name": "Guest",
        "organisation": "Regional body",
        "present": False,
        "speaking_rights": False,
        "counts_towards_quorum": False,
    }
    assert body["resource_needs"][0]["group"] == "migration"
    assert body["resource_needs"][0]["amount"] == "500.00"


def test_observer_presence_through_the_api_leaves_the_quorum_unchanged(secretariat):
    from alliance87.governance import services

    members = fill_gcg(secretariat)
    meeting = make_meeting(secretariat)
    mark_present(secretariat, meeting, quorum_members(members, 15))
    obs = services.observer_invite(
        actor=secretariat,
        meeting_id=meeting.pk,
        name="Guest",
        organisation="",
        informed_secretariat_on=meeting.starts_at.date(),
        informed_group_on=meeting.starts_at.date(),
    )
    client = client_for(secretariat)
    url = f"/api/gcg/meetings/{meeting.pk}/observers/{obs.pk}/presence"
    r = post(client, url, {"present": True})
    assert r.status_code == 200 and (r.json()["present"], r.json()["holds"]) == (15, False)
    assert post(client, url, {"present": "perhaps"}).status_code == 400
    other = make_meeting(secretariat, title="Other")
    r = post(client, f"/api/gcg/meetings/{other.pk}/observers/{obs.pk}/presence", {"present": 0})
    assert r.status_code == 404
    obs.refresh_from_db()
    assert obs.present is True


def test_an_observer_informed_after_the_meeting_is_a_400(secretariat):
    seed.load()
    meeting = Meeting.objects.get(number=5)
    r = post(
        client_for(secretariat),
        f"/api/gcg/meetings/{meeting.pk}/observers",
        {
            "name": "Guest",
            "informed_secretariat_on": "2019-07-01",
            "informed_group_on": "2019-08-01",
        },
    )
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "informed_group_on"
    assert not meeting.observers.exists()


def test_action_point_status_through_the_api(secretariat):
    from alliance87.governance import services

    seed.load()
    meeting = make_meeting(secretariat)
    point = services.action_point_add(
        actor=secretariat, meeting_id=meeting.pk, text="Draft", owner="Chair"
    )
    client = client_for(secretariat)
    url = f"/api/gcg/meetings/{meeting.pk}/action-points/{point.pk}/status"
    r = post(client, url, {"status": "finished", "version": 1})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "status"
    r = post(client, url, {"status": "done", "version": 1})
    assert r.status_code == 200 and r.json()["status"] == "done"
    r = post(
        client,
        f"/api/gcg/meetings/{meeting.pk}/action-points/999999/status",
        {"status": "done", "version": 1},
    )
    # A missing object is a 404 everywhere; the body still names the input at fault.
    assert r.status_code == 404 and r.json()["errors"][0]["field"] == "action_point"


def test_minutes_are_circulated_through_the_api_only_once_written(
    secretariat, django_capture_on_commit_callbacks
):
    from django.core import mail

    fill_gcg(secretariat)
    meeting = make_meeting(secretariat)
    client = client_for(secretariat)
    url = f"/api/gcg/meetings/{meeting.pk}/minutes/circulate"
    assert client.post(url).status_code == 409
    client.put(
        f"/api/gcg/meetings/{meeting.pk}/minutes",
        json.dumps({"conclusions": "Agreed."}),
        content_type="application/json",
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(url)
    assert r.status_code == 200 and r.json()["recipients"] == 30
    assert len(mail.outbox) == 30


def test_the_dashboard_api_lists_what_the_secretariat_must_act_on(secretariat):
    seed.load()
    body = client_for(secretariat).get("/api/gcg/dashboard").json()
    assert {m["holder"] for m in body["terms_ended"]} == {"France", "Argentina"}
    assert body["years_below_minimum"]["2019"] == 1
    assert any("vacant" in w for w in body["warnings"])


def test_agenda_items_through_the_api_in_order(secretariat):
    seed.load()
    meeting = make_meeting(secretariat)
    client = client_for(secretariat)
    url = f"/api/gcg/meetings/{meeting.pk}/agenda"
    r = post(
        client,
        url,
        {
            "title": "Welcome",
            "starts": "10:30",
            "ends": "10:45",
            "documents": [{"title": "Agenda", "url": "https://example.org/a.pdf"}],
        },
    )
    assert r.status_code == 201 and r.json()["position"] == 1
    r = post(client, url, {"title": "Coffee break", "is_break": True})
    assert r.status_code == 201 and r.json()["position"] == 2
    for bad, field in [
        ({"title": ""}, "title"),
        ({"title": "x", "starts": "11:00", "ends": "10:00"}, "ends"),
        ({"title": "x", "documents": [{"title": "", "url": ""}]}, "documents"),
        ({"title": "x", "documents": [{"title": "P", "url": "ftp://x"}]}, "documents"),
        ({"title": "x", "starts": "25:00"}, "starts"),
    ]:
        r = post(client, url, bad)
        assert r.status_code == 400 and field in r.json()["errors"][0]["field"], (bad, r.json())
    body = client.get(f"/api/gcg/meetings/{meeting.pk}").json()
    assert [a["title"] for a in body["agenda"]] == ["Welcome", "Coffee break"]
    assert body["agenda"][0]["documents"] == ["Agenda"]


def test_an_unknown_time_zone_is_a_400(secretariat):
    r = post(
        client_for(secretariat),
        "/api/gcg/meetings",
        {
            "title": "x",
            "starts_at": "2030-01-01T10:00:00",
            "ends_at": "2030-01-01T12:00:00",
            "time_zone": "Mars/Olympus",
        },
    )
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "time_zone"
    assert not Meeting.objects.exists()


def test_every_gcg_endpoint_documents_its_output_and_its_errors():
    from alliance87.api import api

    paths = {k: v for k, v in api.get_openapi_schema()["paths"].items() if "/gcg/" in k}
    assert len(paths) >= 14
    for path, methods in paths.items():
        for method, op in methods.items():
            responses = op["responses"]
            ok = next(s for s in responses if str(s).startswith("2"))
            assert "content" in responses[ok], (method, path)  # an output schema
            errors = [s for s in responses if str(s)[0] in "4"]
            assert errors, (method, path)
            for status in errors:
                ref = responses[status]["content"]["application/json"]["schema"]["$ref"]
                assert ref.endswith("/ErrorOut"), (method, path, status)


@pytest.mark.parametrize(
    "path, body",
    [
        ("attendance", {"member_id": 1, "presence": "present"}),
        ("decisions", {"text": "x"}),
        ("agenda", {"title": "x"}),
        ("action-points", {"text": "x", "owner": "y"}),
        (
            "observers",
            {
                "name": "x",
                "informed_secretariat_on": "2020-01-01",
                "informed_group_on": "2020-01-01",
            },
        ),
        ("minutes/circulate", {}),
        ("action-points/1/status", {"status": "done", "version": 1}),
        ("observers/1/presence", {"present": True}),
    ],
)
def test_a_missing_meeting_is_a_404_on_every_write(secretariat, path, body):
    from alliance87.core.models import AuditEntry

    before = AuditEntry.objects.count()
    r = post(client_for(secretariat), f"/api/gcg/meetings/999999/{path}", body)
    assert r.status_code == 404, r.content
    assert AuditEntry.objects.count() == before


def test_a_missing_meeting_is_a_404_for_the_minutes_too(secretariat):
    r = client_for(secretariat).put(
        "/api/gcg/meetings/999999/minutes",
        json.dumps({"conclusions": "x"}),
        content_type="application/json",
    )
    assert r.status_code == 404


def test_an_action_point_status_takes_the_version_read_and_follows_the_rules(secretariat):
    """No silent overwrite: the version the client read is required (400 without it, 409
    when someone changed the point since), and ``rules.ACTION_POINT`` refuses a step from a
    status that does not allow it (409 with its code). Nothing is written when refused."""
    from alliance87.core.models import AuditEntry
    from alliance87.governance import services

    seed.load()
    meeting = make_meeting(secretariat)
    point = services.action_point_add(
        actor=secretariat, meeting_id=meeting.pk, text="Draft", owner="Chair"
    )
    client = client_for(secretariat)
    listed = client.get(f"/api/gcg/meetings/{meeting.pk}").json()["action_points"]
    assert listed[0]["version"] == point.version == 1
    url = f"/api/gcg/meetings/{meeting.pk}/action-points/{point.pk}/status"
    audit_before = AuditEntry.objects.count()
    r = post(client, url, {"status": "done"})
    assert r.status_code == 400 and r.json()["errors"][0]["field"].endswith("version")
    # Someone else drops the point after this client read it: the client's "done" is stale.
    services.action_point_set_status(
        actor=secretariat, action_point_id=point.pk, status="dropped", expected_version=1
    )
    r = post(client, url, {"status": "done", "version": 1})
    assert r.status_code == 409 and r.json()["code"] == "conflict"
    point.refresh_from_db()
    assert (point.status, point.version) == ("dropped", 2)
    assert AuditEntry.objects.count() == audit_before + 1
    r = post(client, url, {"status": "done", "version": 2})
    assert r.status_code == 409 and r.json()["code"] == "governance.action_point.not_allowed_from"
    assert "“Dropped” to “Done”" in r.json()["detail"]
    r = post(client, url, {"status": "open", "version": 2})
    assert r.status_code == 200 and (r.json()["status"], r.json()["version"]) == ("open", 3)
