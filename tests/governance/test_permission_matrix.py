"""Who may do what on the GCG: persona × action → allowed, and nothing written when refused."""

from __future__ import annotations

import json

import pytest

from alliance87.core.models import AuditEntry
from alliance87.governance import seed
from alliance87.governance.models import ActionPoint, Attendance, Meeting, Member, Minutes
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anonymous",
    "outsider",
    "secretariat",
    "gcg_member",
    "focal_point",
    "reviewer",
    "group_chair",
    "partner_admin",
    "partner_member",
]


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
