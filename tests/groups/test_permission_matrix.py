"""Who may do what on action groups and working groups: persona × action → allowed, and
nothing written when refused. The group chair persona chairs the Migration group only."""

from __future__ import annotations

import json

import pytest

from alliance87.core.models import AuditEntry, Role
from alliance87.groups import seed, services
from alliance87.groups.models import (
    Group,
    GroupMeeting,
    Membership,
    Objective,
    ProgressNote,
    ResourceNeed,
    Task,
)
from alliance87.partners.models import Partner, Person
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
EDITORS = {"secretariat", "group_chair"}
WITH_A_ROLE = set(PERSONAS[2:])


@pytest.fixture
def persona_scope(db):
    seed.load()
    return {"group_chair": Group.objects.get(slug="migration")}


@pytest.fixture
def work(make_user, persona_scope):
    """An objective with one task in the Migration group, and an expert from a partner."""
    sec = make_user(Role.SECRETARIAT)
    group = Group.objects.get(slug="migration")
    objective = services.objective_add(actor=sec, group_id=group.pk, title="Fair recruitment")
    task = services.task_add(actor=sec, objective_id=objective.pk, title="Survey")
    partner = Partner.objects.create(slug="ilo", names={"en": "ILO"}, category="un_entity")
    person = Person.objects.create(full_name="Ana Expert", partner=partner)
    return {"objective": objective.pk, "task": task.pk, "person": person.pk}


# action: (API path, payload, model that the write adds to or changes, who may, success code)
API = {
    "add_member": ("members", lambda w: {"person_id": w["person"]}, Membership, EDITORS, 201),
    "appoint_chair": (
        "members",
        lambda w: {"person_id": w["person"], "role": "chair"},
        Membership,
        {"secretariat"},
        201,
    ),
    "add_objective": ("objectives", lambda w: {"title": "Data"}, Objective, EDITORS, 201),
    "add_task": (
        "tasks",
        lambda w: {"objective_id": w["objective"], "title": "Report"},
        Task,
        EDITORS,
        201,
    ),
    "set_task_status": (
        "tasks/{task}/status",
        lambda w: {"status": "done", "version": 1},
        Task,
        EDITORS,
        200,
    ),
    "add_note": ("notes", lambda w: {"text": "Progress"}, ProgressNote, EDITORS, 201),
    "add_meeting": (
        "meetings",
        lambda w: {"date": "2030-05-04", "title": "Planning call"},
        GroupMeeting,
        EDITORS,
        201,
    ),
    "add_resource_need": (
        "resource-needs",
        lambda w: {"description": "Travel", "amount": "1000", "currency": "USD"},
        ResourceNeed,
        EDITORS,
        201,
    ),
}


def _state(model) -> tuple:
    if model is Task:
        return tuple(Task.objects.order_by("pk").values_list("pk", "status"))
    return (model.objects.count(),)


@pytest.mark.parametrize("action", list(API))
@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_only_the_secretariat_and_the_groups_own_chair_change_its_work(persona, action, work):
    path, payload, model, allowed_for, ok = API[action]
    name = _name(persona)
    before, audit_before = _state(model), AuditEntry.objects.count()
    r = client_for(persona).post(
        f"/api/groups/migration/{path.format(**work)}",
        json.dumps(payload(work)),
        content_type="application/json",
    )
    if name in allowed_for:
        assert r.status_code == ok, r.content
        assert _state(model) != before
    else:
        assert r.status_code == (401 if persona is None else 403)
        assert _state(model) == before
        assert AuditEntry.objects.count() == audit_before


# page form (its path under the group): (form data, model the write adds to)
PAGES = {
    "members": ({"person": "{person}", "role": "member"}, Membership),
    "objectives": ({"title": "Data"}, Objective),
    "tasks": ({"objective": "{objective}", "title": "Report"}, Task),
    "notes": ({"text": "Progress"}, ProgressNote),
    "meetings": ({"date": "2030-05-04", "title": "Planning call"}, GroupMeeting),
    "needs": ({"description": "Travel", "amount": "1000", "currency": "USD"}, ResourceNeed),
}


@pytest.mark.parametrize("what", list(PAGES))
@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_the_page_forms_follow_the_same_matrix(persona, what, work):
    data, model = PAGES[what]
    before, audit_before = model.objects.count(), AuditEntry.objects.count()
    r = client_for(persona).post(
        f"/en/groups/migration/{what}/add/", {k: v.format(**work) for k, v in data.items()}
    )
    if _name(persona) in EDITORS:
        assert r.status_code == 302
        assert model.objects.count() == before + 1
    else:
        assert r.status_code in ((302,) if persona is None else (403,))
        assert model.objects.count() == before
        assert AuditEntry.objects.count() == audit_before


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_members_leave_by_the_editors_and_the_group_closes_by_the_secretariat(
    persona, make_user, work
):
    sec = make_user(Role.SECRETARIAT)
    group = Group.objects.get(slug="migration")
    m = services.member_add(actor=sec, group_id=group.pk, person_id=work["person"])
    name = _name(persona)
    client = client_for(persona)
    r = client.post(
        f"/api/groups/migration/members/{m.pk}/leave", "{}", content_type="application/json"
    )
    assert r.status_code == (200 if name in EDITORS else 401 if persona is None else 403)
    m.refresh_from_db()
    assert (m.left_on is not None) == (name in EDITORS)
    body = json.dumps({"version": group.version})
    r = client.post("/api/groups/migration/close", body, content_type="application/json")
    allowed = name == "secretariat"
    assert r.status_code == (200 if allowed else 401 if persona is None else 403)
    group.refresh_from_db()
    assert (group.status == "closed") == allowed


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_only_the_editors_report_a_need_to_the_gcg(persona, make_user, work):
    sec = make_user(Role.SECRETARIAT)
    group = Group.objects.get(slug="migration")
    need = services.resource_need_add(actor=sec, group_id=group.pk, description="Travel")
    r = client_for(persona).post(f"/api/groups/migration/resource-needs/{need.pk}/report")
    allowed = _name(persona) in EDITORS
    assert r.status_code == (200 if allowed else 401 if persona is None else 403)
    need.refresh_from_db()
    assert (need.reported_to_gcg_on is not None) == allowed


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_anyone_with_a_role_may_propose_a_group(persona):
    r = client_for(persona).post(
        "/api/groups", json.dumps({"name": "Data"}), content_type="application/json"
    )
    allowed = _name(persona) in WITH_A_ROLE
    assert r.status_code == (201 if allowed else (401 if persona is None else 403))
    assert Group.objects.filter(names__en="Data").exists() == allowed
    r = client_for(persona).post("/en/groups/propose/", {"name": "Data 2", "kind": "action_group"})
    assert r.status_code in ((302,) if allowed or persona is None else (403,))
    assert Group.objects.filter(names__en="Data 2").exists() == allowed


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_anyone_may_read_the_groups(persona, persona_scope):
    assert client_for(persona).get("/api/groups").status_code == 200
    assert client_for(persona).get("/api/groups/migration").status_code == 200
    assert client_for(persona).get("/en/groups/migration/").status_code == 200


def test_the_chair_of_another_group_changes_nothing_here(make_user, work):
    chair = make_user(Role.GROUP_CHAIR, scope=Group.objects.get(slug="supply-chains"))
    client = client_for(chair)
    for action, (path, payload, model, _who, _ok) in API.items():
        before = _state(model)
        r = client.post(
            f"/api/groups/migration/{path.format(**work)}",
            json.dumps(payload(work)),
            content_type="application/json",
        )
        assert r.status_code == 403, action
        assert _state(model) == before


def _name(persona) -> str:
    if persona is None:
        return "anonymous"
    roles = set(persona.role_assignments.values_list("role", flat=True))
    return next(iter(roles)) if roles else "outsider"
