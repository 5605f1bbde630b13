"""Who may do what on the GCG: persona × action → allowed, and nothing written when refused."""

from __future__ import annotations

import json

import pytest

from alliance87.core.models import AuditEntry
from alliance87.governance import seed
from alliance87.governance.models import ActionPoint, Attendance, Meeting, Member, Minutes
from tests.conftest import PERSONAS, client_for

pytestmark = pytest.mark.django_db


def meeting() -> Meeting:
    seed.load()
    return Meeting.objects.get(number=5)


def expected(persona, allowed_for: set[str], ok: int = 200) -> int:
    name = (
        "anonymous"
        if persona is None
        else next(r for r in PERSONAS[2:] if persona.role_assignments.filter(role=r).exists())
        if persona.role_assignments.exists()
        else "outsider"
    )
    if name in allowed_for:
        return ok
    return 401 if persona is None else 403


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_anyone_may_read_the_seats_and_the_meeting_list(persona):
    seed.load()
    assert client_for(persona).get("/api/gcg/seats").status_code == 200
    assert client_for(persona).get("/api/gcg/meetings").status_code == 200
    assert client_for(persona).get("/en/gcg/").status_code == 200


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_only_gcg_members_and_the_secretariat_read_a_meetings_detail(persona):
    m = meeting()
    r = client_for(persona).get(f"/api/gcg/meetings/{m.pk}")
    assert r.status_code == expected(persona, {"secretariat", "gcg_member"})


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_only_the_secretariat_records_attendance(persona):
    m = meeting()
    chair = Member.objects.get(seat__constituency="chair")
    before = AuditEntry.objects.count()
    r = client_for(persona).post(
        f"/api/gcg/meetings/{m.pk}/attendance",
        json.dumps({"member_id": chair.pk, "presence": "present"}),
        content_type="application/json",
    )
    allowed = expected(persona, {"secretariat"})
    assert r.status_code == allowed
    assert Attendance.objects.exists() == (allowed == 200)
    if allowed != 200:
        assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_only_the_secretariat_writes_minutes_and_action_points(persona):
    m = meeting()
    client = client_for(persona)
    r1 = client.put(
        f"/api/gcg/meetings/{m.pk}/minutes",
        json.dumps({"conclusions": "x"}),
        content_type="application/json",
    )
    r2 = client.post(
        f"/api/gcg/meetings/{m.pk}/action-points",
        json.dumps({"text": "x", "owner": "y"}),
        content_type="application/json",
    )
    assert r1.status_code == expected(persona, {"secretariat"})
    assert r2.status_code == expected(persona, {"secretariat"}, ok=201)
    assert Minutes.objects.exists() == ActionPoint.objects.exists() == (r1.status_code == 200)


@pytest.mark.parametrize(
    "persona", ["outsider", "gcg_member", "group_chair", "secretariat"], indirect=True
)
def test_only_the_secretariat_sees_the_dashboard(persona):
    seed.load()
    r = client_for(persona).get("/en/gcg/dashboard/")
    assert r.status_code == expected(persona, {"secretariat"})


def _world(make_user) -> dict:
    """The seeded GCG and the 5th meeting with an observer, an action point and minutes."""
    from alliance87.core.models import Role
    from alliance87.governance import services
    from alliance87.governance.models import Seat

    m = meeting()
    sec = make_user(Role.SECRETARIAT)
    obs = services.observer_invite(
        actor=sec,
        meeting_id=m.pk,
        name="Guest",
        organisation="",
        informed_secretariat_on=m.starts_at.date(),
        informed_group_on=m.starts_at.date(),
    )
    point = services.action_point_add(actor=sec, meeting_id=m.pk, text="Note", owner="Chair")
    services.minutes_save(actor=sec, meeting_id=m.pk, conclusions="Agreed.")
    return {
        "meeting": m.pk,
        "observer": obs.pk,
        "point": point.pk,
        "member": Member.objects.get(seat__constituency="vice_chair").pk,
        "seat": Seat.objects.get(constituency="development_partner", number=1).pk,
    }


def _state() -> tuple:
    from alliance87.governance.models import AgendaItem, Decision, Observer

    return (
        AuditEntry.objects.count(),
        Member.objects.filter(status="active").count(),
        Meeting.objects.count(),
        Decision.objects.count(),
        AgendaItem.objects.count(),
        tuple(Observer.objects.order_by("pk").values_list("present", flat=True)),
        tuple(ActionPoint.objects.order_by("pk").values_list("status", flat=True)),
        tuple(Minutes.objects.values_list("circulated_at", flat=True)),
    )


# action: (method, url, payload, who may, the code they get)
WRITES = {
    "assign_seat": (
        "post",
        "/api/gcg/seats/{seat}/holder",
        {"term_start": "2026-01-01", "country": "NOR"},
        {"secretariat"},
        201,
    ),
    "schedule_meeting": (
        "post",
        "/api/gcg/meetings",
        {"title": "x", "starts_at": "2030-01-01T10:00:00Z", "ends_at": "2030-01-01T12:00:00Z"},
        {"secretariat"},
        201,
    ),
    "record_decision": (  # the Secretariat passes the check, then no quorum: 409
        "post",
        "/api/gcg/meetings/{meeting}/decisions",
        {"text": "x"},
        {"secretariat"},
        409,
    ),
    "invite_observer": (
        "post",
        "/api/gcg/meetings/{meeting}/observers",
        {
            "name": "Guest 2",
            "informed_secretariat_on": "2019-07-01",
            "informed_group_on": "2019-07-01",
        },
        {"secretariat"},
        201,
    ),
    "observer_presence": (
        "post",
        "/api/gcg/meetings/{meeting}/observers/{observer}/presence",
        {"present": True},
        {"secretariat"},
        200,
    ),
    "action_point_status": (
        "post",
        "/api/gcg/meetings/{meeting}/action-points/{point}/status",
        {"status": "done", "version": 1},
        {"secretariat"},
        200,
    ),
    "circulate_minutes": (
        "post",
        "/api/gcg/meetings/{meeting}/minutes/circulate",
        None,
        {"secretariat"},
        200,
    ),
    "add_agenda_item": (
        "post",
        "/api/gcg/meetings/{meeting}/agenda",
        {"title": "Welcome"},
        {"secretariat"},
        201,
    ),
    "member_leaves": ("post", "/api/gcg/members/{member}/leave", {}, {"secretariat"}, 200),
    "confirm_forfeiture": (  # the Secretariat passes the check; no three absences: 409
        "post",
        "/api/gcg/members/{member}/forfeit",
        None,
        {"secretariat"},
        409,
    ),
}


@pytest.mark.parametrize("action", list(WRITES))
@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_only_the_secretariat_makes_the_gcgs_other_writes(persona, action, make_user):
    method, url, payload, allowed_for, ok = WRITES[action]
    world = _world(make_user)
    before = _state()
    client = client_for(persona)
    url = url.format(**world)
    if payload is None:
        r = getattr(client, method)(url)
    else:
        r = getattr(client, method)(url, json.dumps(payload), content_type="application/json")
    code = expected(persona, allowed_for, ok=ok)
    assert r.status_code == code, r.content
    if code in (401, 403, 409):
        assert _state() == before
    else:
        assert _state() != before


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_only_the_secretariat_reads_the_dashboard_through_the_api(persona):
    seed.load()
    r = client_for(persona).get("/api/gcg/dashboard")
    assert r.status_code == expected(persona, {"secretariat"})


def test_the_chair_writes_minutes_and_invites_observers_but_nothing_else(make_user):
    from django.utils import timezone

    from alliance87.core.models import Role
    from alliance87.governance import services
    from alliance87.partners.models import Person

    m = meeting()
    sec = make_user(Role.SECRETARIAT)
    chair_user = make_user(None)
    chair = Member.objects.get(seat__constituency="chair")
    services.member_leave(actor=sec, member_id=chair.pk)
    person = Person.objects.create(full_name="Chair", user=chair_user)
    from alliance87.governance.models import Seat

    services.seat_assign(
        actor=sec,
        seat_id=Seat.objects.get(constituency="chair").pk,
        country_iso3="BRA",
        person_id=person.pk,
        term_start=timezone.localdate(),
    )
    client = client_for(chair_user)
    r = client.put(
        f"/api/gcg/meetings/{m.pk}/minutes",
        json.dumps({"conclusions": "Agreed."}),
        content_type="application/json",
    )
    assert r.status_code == 200
    r = client.post(
        f"/api/gcg/meetings/{m.pk}/observers",
        json.dumps(
            {
                "name": "Guest",
                "informed_secretariat_on": "2019-07-01",
                "informed_group_on": "2019-07-01",
            }
        ),
        content_type="application/json",
    )
    assert r.status_code == 201 and r.json()["speaking_rights"] is False
    assert client.get(f"/api/gcg/meetings/{m.pk}").status_code == 200
    before = _state()
    assert client.post(f"/api/gcg/meetings/{m.pk}/minutes/circulate").status_code == 403
    r = client.post(
        f"/api/gcg/meetings/{m.pk}/attendance",
        json.dumps({"member_id": chair.pk, "presence": "present"}),
        content_type="application/json",
    )
    assert r.status_code == 403
    assert _state() == before


def test_the_person_representing_a_current_member_reads_the_meetings(make_user):
    from django.utils import timezone

    from alliance87.core.models import Role
    from alliance87.governance import services
    from alliance87.governance.models import Seat
    from alliance87.partners.models import Person

    m = meeting()
    sec = make_user(Role.SECRETARIAT)
    delegate = make_user(None)
    url = f"/api/gcg/meetings/{m.pk}"
    assert client_for(delegate).get(url).status_code == 403
    person = Person.objects.create(full_name="Delegate", user=delegate)
    member = services.seat_assign(
        actor=sec,
        seat_id=Seat.objects.get(constituency="development_partner", number=1).pk,
        country_iso3="NOR",
        person_id=person.pk,
        term_start=timezone.localdate(),
    )
    assert client_for(delegate).get(url).status_code == 200
    assert client_for(delegate).get(f"/en/gcg/meetings/{m.pk}/").status_code == 200
    before = _state()
    assert (
        client_for(delegate).post(f"/api/gcg/meetings/{m.pk}/minutes/circulate").status_code == 403
    )
    assert _state() == before
    services.member_leave(actor=sec, member_id=member.pk, on=timezone.localdate())
    # still within the last day of the term; the day after, the pages close
    import datetime as dt
    from unittest import mock

    later = timezone.localdate() + dt.timedelta(days=1)
    with mock.patch("django.utils.timezone.localdate", return_value=later):
        assert client_for(delegate).get(url).status_code == 403
