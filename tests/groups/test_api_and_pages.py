"""Groups API and pages, with the permission matrix and query counts."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from alliance87.core.models import AuditEntry
from alliance87.groups import seed, services
from alliance87.groups.events import GroupsEvent
from alliance87.groups.models import Group, GroupMeeting, Membership, Objective, ResourceNeed
from alliance87.partners.models import Partner, Person
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def people(n: int) -> list[Person]:
    partner, _ = Partner.objects.get_or_create(
        slug="ioe", defaults={"names": {"en": "IOE"}, "category": "employers"}
    )
    return [Person.objects.create(full_name=f"Expert {i}", partner=partner) for i in range(n)]


def test_the_groups_list_is_public_and_notes_the_40_plus_members():
    seed.load()
    body = client_for(None).get("/api/groups").json()
    assert [g["slug"] for g in body][:2] == ["communications-engagement", "humanitarian-conflict"]
    ceag = next(g for g in body if g["slug"] == "communications-engagement")
    assert ceag["members_noted"] == 40 and ceag["acronym"] == "CEAG"
    html = client_for(None).get("/es/groups/").content.decode()
    assert "Más de 40 miembros" in html and "Grupo de Trabajo sobre el Seguimiento" in html


def test_a_groups_detail_shows_the_work_plan():
    seed.load()
    body = client_for(None).get("/api/groups/communications-engagement").json()
    assert body["objectives"][1]["tasks"][0]["due_on"] == "2019-12-31"
    assert client_for(None).get("/api/groups/nope").status_code == 404
    html = client_for(None).get("/en/groups/supply-chains/").content.decode()
    assert "Abidjan" in html and "May 2019" in html


def test_bad_member_input_is_refused_with_the_field(secretariat):
    seed.load()
    client = client_for(secretariat)
    r = client.post(
        "/api/groups/migration/members",
        json.dumps({"person_id": 999}),
        content_type="application/json",
    )
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "person"
    r = client.post(
        "/api/groups/migration/members",
        json.dumps({"person_id": 1, "x": 1}),
        content_type="application/json",
    )
    assert r.status_code == 400
    assert not Membership.objects.exists()


def test_a_task_is_added_from_the_page(secretariat):
    seed.load()
    group = Group.objects.get(slug="migration")
    objective = services.objective_add(
        actor=secretariat, group_id=group.pk, title="Fair recruitment"
    )
    client = client_for(secretariat)
    r = client.post(
        "/en/groups/migration/tasks/add/",
        {"objective": objective.pk, "title": "Survey", "due_on": "2030-01-01"},
    )
    assert r.status_code == 302
    assert objective.tasks.get().title == "Survey"
    r = client.post(
        "/en/groups/migration/tasks/add/",
        {"objective": objective.pk, "title": "", "due_on": "not a date"},
    )
    assert r.status_code == 400
    assert Objective.objects.get(pk=objective.pk).tasks.count() == 1


def test_group_pages_run_a_fixed_number_of_queries(secretariat, django_assert_num_queries):
    seed.load()
    group = Group.objects.get(slug="migration")
    anon = client_for(None)

    def count(url: str) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert anon.get(url).status_code == 200
        return len(ctx.captured_queries)

    o = services.objective_add(actor=secretariat, group_id=group.pk, title="O")
    urls = ["/en/groups/", "/en/groups/migration/", "/api/groups/migration"]
    small = [count(url) for url in urls]
    for p in people(12):
        services.member_add(actor=secretariat, group_id=group.pk, person_id=p.pk)
    for i in range(5):
        o = services.objective_add(actor=secretariat, group_id=group.pk, title=f"O{i}")
        services.task_add(actor=secretariat, objective_id=o.pk, title=f"T{i}", owner_id=p.pk)
        services.note_add(actor=secretariat, group_id=group.pk, text=f"N{i}")
        services.meeting_add(
            actor=secretariat, group_id=group.pk, date=dt.date(2030, 1, i + 1), title=f"M{i}"
        )
        services.resource_need_add(actor=secretariat, group_id=group.pk, description=f"R{i}")
    assert [count(url) for url in urls] == small
    with django_assert_num_queries(1):
        anon.get("/api/groups")


def test_the_group_pages_keep_their_query_count_with_more_groups_and_for_their_editors(
    secretariat, make_user
):
    """The list grows with proposed groups; the Secretariat and the group's chair see the
    page with its forms (people to choose, a status select per task)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from alliance87.core.models import Role

    seed.load()
    group = Group.objects.get(slug="migration")
    chair = make_user(Role.GROUP_CHAIR, scope=group)
    readers = [client_for(None), client_for(secretariat), client_for(chair)]
    urls = ["/en/groups/", "/api/groups", "/en/groups/migration/", "/api/groups/migration"]

    def counts() -> list[int]:
        result = []
        for client in readers:
            for url in urls:
                client.get(url)  # warm the session and role caches
                with CaptureQueriesContext(connection) as ctx:
                    assert client.get(url).status_code == 200
                result.append(len(ctx.captured_queries))
        return result

    o = services.objective_add(actor=secretariat, group_id=group.pk, title="O")
    services.task_add(actor=secretariat, objective_id=o.pk, title="T")
    small = counts()
    for i in range(6):
        services.group_propose(actor=secretariat, name=f"Group {i}", kind="action_group")
    for p in people(8):
        services.member_add(actor=secretariat, group_id=group.pk, person_id=p.pk)
    for i in range(4):
        o = services.objective_add(actor=secretariat, group_id=group.pk, title=f"O{i}")
        services.task_add(actor=secretariat, objective_id=o.pk, title=f"T{i}", owner_id=p.pk)
        services.resource_need_add(actor=secretariat, group_id=group.pk, description=f"R{i}")
    assert counts() == small


def post(client, url: str, data: dict):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_the_api_adds_objectives_meetings_and_resource_needs_as_the_page_does(secretariat):
    seed.load()
    client = client_for(secretariat)
    r = post(client, "/api/groups/migration/objectives", {"title": "Fair recruitment"})
    assert r.status_code == 201 and r.json()["title"] == "Fair recruitment"
    objective = r.json()["id"]
    r = post(client, "/api/groups/migration/tasks", {"objective_id": objective, "title": "Survey"})
    assert r.status_code == 201 and r.json()["status"] == "not_started"
    r = post(
        client,
        "/api/groups/migration/meetings",
        {"date": "2030-05-17", "title": "Planning", "place": "Geneva", "precision": "month"},
    )
    assert r.status_code == 201
    assert (r.json()["date"], r.json()["precision"]) == ("2030-05-01", "month")
    r = post(
        client,
        "/api/groups/migration/resource-needs",
        {
            "description": "Travel of experts",
            "amount": "12000.50",
            "currency": "chf",
            "reported_to_gcg_on": "2019-07-17",
        },
    )
    assert r.status_code == 201
    assert (r.json()["amount"], r.json()["currency"]) == ("12000.50", "CHF")
    body = client_for(None).get("/api/groups/migration").json()
    assert [o["title"] for o in body["objectives"]] == ["Fair recruitment"]
    assert body["meetings"][0]["place"] == "Geneva"
    assert body["resource_needs"][0]["reported_to_gcg_on"] == "2019-07-17"
    assert AuditEntry.objects.filter(event="groups.resource_need.added").count() == 1
    entry = AuditEntry.objects.get(event=GroupsEvent.RESOURCE_NEED_ADDED)
    assert entry.actor == secretariat
    assert entry.changes["amount"] == [None, "12000.50"]
    assert entry.changes["reported_to_gcg_on"] == [None, "2019-07-17"]
    objective_entry = AuditEntry.objects.get(event=GroupsEvent.OBJECTIVE_ADDED)
    assert objective_entry.changes["titles"] == [
        None,
        {"en": "Fair recruitment", "_original": "en"},
    ]


def test_a_group_is_proposed_through_the_api(partner_member):
    r = post(
        client_for(partner_member), "/api/groups", {"name": "Propose", "kind": "working_group"}
    )
    assert r.status_code == 201
    assert (r.json()["status"], r.json()["kind"]) == ("proposed", "working_group")
    assert r.json()["slug"] != "propose"  # the proposal page keeps its address
    r = post(client_for(partner_member), "/api/groups", {"name": "", "kind": "club"})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "kind"
    assert Group.objects.count() == 1


@pytest.mark.parametrize(
    ("path", "payload", "field"),
    [
        ("objectives", {"title": "  "}, "title"),
        ("objectives", {"title": "x", "position": 1}, None),
        ("meetings", {"date": "2030-02-30", "title": "x"}, "date"),
        ("meetings", {"date": "2030-02-03", "title": ""}, "title"),
        ("meetings", {"date": "2030-02-03", "title": "x", "precision": "year"}, "date_precision"),
        ("resource-needs", {"description": ""}, "description"),
        ("resource-needs", {"description": "x", "amount": "-5", "currency": "USD"}, "amount"),
        ("resource-needs", {"description": "x", "amount": "5", "currency": "dollars"}, "currency"),
        ("resource-needs", {"description": "x", "amount": "5"}, "currency"),
        ("resource-needs", {"description": "x", "amount": "abc", "currency": "USD"}, "amount"),
        ("resource-needs", {"description": "x", "reported_to_gcg_on": "2999-01-01"}, None),
        ("tasks", {"objective_id": 999999, "title": "x"}, "objective"),
    ],
)
def test_bad_work_plan_input_is_a_400_and_writes_nothing(secretariat, path, payload, field):
    seed.load()
    counts = (Objective.objects.count(), GroupMeeting.objects.count(), ResourceNeed.objects.count())
    r = post(client_for(secretariat), f"/api/groups/migration/{path}", payload)
    assert r.status_code == 400, r.content
    if field:
        assert field in [e["field"] for e in r.json()["errors"]]
    assert counts == (
        Objective.objects.count(),
        GroupMeeting.objects.count(),
        ResourceNeed.objects.count(),
    )


def test_a_task_of_another_groups_work_plan_is_refused_under_this_groups_address(secretariat):
    seed.load()
    other = Group.objects.get(slug="supply-chains")
    objective = services.objective_add(actor=secretariat, group_id=other.pk, title="Map")
    task = services.task_add(actor=secretariat, objective_id=objective.pk, title="Draft")
    client = client_for(secretariat)
    r = post(client, "/api/groups/migration/tasks", {"objective_id": objective.pk, "title": "x"})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "objective"
    audit_before = AuditEntry.objects.count()
    # The task is in the path: under another group's address it is not there (404).
    r = post(
        client, f"/api/groups/migration/tasks/{task.pk}/status", {"status": "done", "version": 1}
    )
    assert r.status_code == 404
    task.refresh_from_db()
    assert (task.status, task.version) == ("not_started", 1) and objective.tasks.count() == 1
    assert AuditEntry.objects.count() == audit_before
    assert post(client, "/api/groups/nope/objectives", {"title": "x"}).status_code == 404


def test_a_stale_task_version_is_a_409(secretariat):
    seed.load()
    group = Group.objects.get(slug="migration")
    objective = services.objective_add(actor=secretariat, group_id=group.pk, title="O")
    task = services.task_add(actor=secretariat, objective_id=objective.pk, title="T")
    client = client_for(secretariat)
    url = f"/api/groups/migration/tasks/{task.pk}/status"
    assert post(client, url, {"status": "in_progress", "version": 1}).status_code == 200
    assert post(client, url, {"status": "done", "version": 1}).status_code == 409
    task.refresh_from_db()
    assert task.status == "in_progress"


def test_members_leave_and_the_group_closes_through_the_api(secretariat):
    seed.load()
    group = Group.objects.get(slug="migration")
    m = services.member_add(actor=secretariat, group_id=group.pk, person_id=people(1)[0].pk)
    client = client_for(secretariat)
    r = post(client, f"/api/groups/migration/members/{m.pk}/leave", {"left_on": "2030-01-01"})
    assert r.status_code == 200 and r.json()["left_on"] == "2030-01-01"
    r = post(client, f"/api/groups/supply-chains/members/{m.pk}/leave", {})
    assert r.status_code == 404
    r = post(client, f"/api/groups/migration/members/{m.pk}/leave", {"left_on": "soon"})
    assert r.status_code == 400
    assert post(client, "/api/groups/migration/close", {"version": 99}).status_code == 409
    group.refresh_from_db()
    r = post(client, "/api/groups/migration/close", {"version": group.version})
    assert r.status_code == 200 and r.json()["status"] == "closed"
    v = r.json()["version"]
    assert post(client, "/api/groups/migration/close", {"version": v}).status_code == 409
    r = post(client, "/api/groups/rule-of-law-governance/close", {"version": 1})
    assert r.status_code == 409


def test_the_page_records_a_departure_closes_the_group_and_a_month_only_meeting(secretariat):
    seed.load()
    group = Group.objects.get(slug="migration")
    m = services.member_add(actor=secretariat, group_id=group.pk, person_id=people(1)[0].pk)
    client = client_for(secretariat)
    html = client.get("/en/groups/migration/").content.decode()
    assert f'data-membership="{m.pk}"' in html and "Close the group" in html
    assert client.post(f"/en/groups/migration/members/{m.pk}/leave/").status_code == 302
    m.refresh_from_db()
    assert m.left_on is not None
    r = client.post(
        "/en/groups/migration/meetings/add/",
        {"date": "2019-05-20", "title": "Abidjan", "month_only": "on"},
    )
    assert r.status_code == 302
    assert GroupMeeting.objects.get(titles__en="Abidjan").date == dt.date(2019, 5, 1)
    group.refresh_from_db()
    assert client.post("/en/groups/migration/close/", {"version": group.version}).status_code == 302
    group.refresh_from_db()
    assert group.status == "closed"


def test_a_recorded_need_is_reported_to_the_gcg_once(secretariat):
    seed.load()
    group = Group.objects.get(slug="migration")
    need = services.resource_need_add(actor=secretariat, group_id=group.pk, description="Travel")
    client = client_for(secretariat)
    html = client.get("/en/groups/migration/").content.decode()
    assert f'data-need="{need.pk}"' in html
    url = f"/api/groups/migration/resource-needs/{need.pk}/report"
    audit_before = AuditEntry.objects.count()
    # A need of another group is not at this group's address (404); nothing is written.
    assert (
        client.post(f"/api/groups/supply-chains/resource-needs/{need.pk}/report").status_code == 404
    )
    need.refresh_from_db()
    assert need.reported_to_gcg_on is None and AuditEntry.objects.count() == audit_before
    r = client.post(url)
    assert r.status_code == 200 and r.json()["reported_to_gcg_on"] is not None
    entry = AuditEntry.objects.get(event=GroupsEvent.RESOURCE_NEED_REPORTED)
    assert entry.actor == secretariat
    assert entry.changes == {"reported_to_gcg_on": [None, r.json()["reported_to_gcg_on"]]}
    r = client.post(url)
    assert r.status_code == 409 and r.json()["code"] == "resource_need.not_allowed_from"
    assert AuditEntry.objects.count() == audit_before + 1
    assert f'data-need="{need.pk}"' not in client.get("/en/groups/migration/").content.decode()
    from alliance87.governance import selectors as gcg

    assert [r.pk for r in gcg.resource_needs_reported()] == [need.pk]


def test_the_page_reports_a_need_to_the_gcg(secretariat):
    seed.load()
    group = Group.objects.get(slug="migration")
    need = services.resource_need_add(actor=secretariat, group_id=group.pk, description="Travel")
    r = client_for(secretariat).post(f"/en/groups/migration/needs/{need.pk}/report/")
    assert r.status_code == 302
    need.refresh_from_db()
    assert need.reported_to_gcg_on is not None


def test_a_chair_is_offered_only_the_member_role_on_the_page(make_user):
    from alliance87.core.models import Role

    seed.load()
    group = Group.objects.get(slug="migration")
    chair = make_user(Role.GROUP_CHAIR, scope=group)
    person = people(1)[0]
    client = client_for(chair)
    html = client.get("/en/groups/migration/").content.decode()
    assert '<option value="member" selected>' in html and '<option value="chair"' not in html
    r = client.post("/en/groups/migration/members/add/", {"person": person.pk, "role": "chair"})
    assert r.status_code == 400 and "Select a valid choice" in r.content.decode()
    assert not Membership.objects.exists()
    r = client.post("/en/groups/migration/members/add/", {"person": person.pk, "role": "member"})
    assert r.status_code == 302 and Membership.objects.get().role == "member"


def test_the_groups_endpoints_document_their_output_and_errors(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    groups = {p: ops for p, ops in paths.items() if p.startswith("/api/groups")}
    assert len(groups) == 12
    for path, ops in groups.items():
        for method, op in ops.items():
            ok = [c for c in op["responses"] if c.startswith("2")]
            assert ok and "content" in op["responses"][ok[0]], (method, path)
            if method == "post":
                assert {"400", "401", "403"} <= set(op["responses"]), path
    for path in ("/api/groups", "/api/groups/{slug}"):
        assert {} in paths[path]["get"]["security"]  # public: no token needed
    assert "404" in paths["/api/groups/{slug}"]["get"]["responses"]
    assert "409" in paths["/api/groups/{slug}/close"]["post"]["responses"]


def test_a_refusal_in_the_api_carries_its_code_and_nothing_is_written(secretariat):
    seed.load()
    group = Group.objects.get(slug="rule-of-law-governance")
    audit_before = AuditEntry.objects.count()
    r = post(client_for(secretariat), "/api/groups/rule-of-law-governance/close", {"version": 1})
    assert r.status_code == 409
    assert r.json()["code"] == "group.not_allowed_from"
    assert r.json()["params"]["state"] == "proposed"
    assert "Proposed" in r.json()["detail"] and "Closed" in r.json()["detail"]
    group.refresh_from_db()
    assert (group.status, group.version) == ("proposed", 1)
    assert AuditEntry.objects.count() == audit_before


def test_the_page_shows_a_refusal_and_a_stale_version_and_writes_nothing(secretariat):
    seed.load()
    group = Group.objects.get(slug="migration")
    objective = services.objective_add(actor=secretariat, group_id=group.pk, title="O")
    task = services.task_add(actor=secretariat, objective_id=objective.pk, title="T")
    client = client_for(secretariat)
    html = client.get("/en/groups/migration/").content.decode()
    assert f'name="version" value="{task.version}"' in html
    services.task_set_status(actor=secretariat, task_id=task.pk, status="in_progress")
    audit_before = AuditEntry.objects.count()
    r = client.post(
        f"/en/groups/migration/tasks/{task.pk}/status/",
        {"status": "done", "version": 1},
        follow=True,
    )
    assert "Someone else changed this record" in r.content.decode()
    task.refresh_from_db()
    assert (task.status, task.version) == ("in_progress", 2)
    r = client.post("/en/groups/rule-of-law-governance/close/", {"version": 1}, follow=True)
    assert "A group cannot go from “Proposed” to “Closed”." in r.content.decode()
    assert Group.objects.get(slug="rule-of-law-governance").status == "proposed"
    assert AuditEntry.objects.count() == audit_before


def test_a_page_button_for_an_object_of_another_group_is_a_404(secretariat):
    seed.load()
    other = Group.objects.get(slug="supply-chains")
    need = services.resource_need_add(actor=secretariat, group_id=other.pk, description="Travel")
    m = services.member_add(actor=secretariat, group_id=other.pk, person_id=people(1)[0].pk)
    client = client_for(secretariat)
    audit_before = AuditEntry.objects.count()
    assert client.post(f"/en/groups/migration/needs/{need.pk}/report/").status_code == 404
    assert client.post(f"/en/groups/migration/members/{m.pk}/leave/").status_code == 404
    need.refresh_from_db()
    m.refresh_from_db()
    assert need.reported_to_gcg_on is None and m.left_on is None
    assert AuditEntry.objects.count() == audit_before


def _buttons(html: str) -> dict[str, bool]:
    """The group page's state buttons, as a person sees them."""
    return {
        "close": "Close the group" in html,
        "add_member": "Add the member" in html,
    }


@pytest.mark.parametrize("status", ["proposed", "active", "closed"])
def test_the_group_page_offers_exactly_the_steps_the_rules_allow(secretariat, status):
    """The buttons come from ``rules.GROUP``, not from a comparison in the template: a closed
    group offers no "Add the member" (the service refuses it), a proposed one no close."""
    from alliance87.groups import rules

    seed.load()
    group = Group.objects.get(slug="migration")
    Group.objects.filter(pk=group.pk).update(status=status)
    html = client_for(secretariat).get("/en/groups/migration/").content.decode()
    state = rules.Status(status)
    assert _buttons(html) == {
        "close": rules.GROUP.allowed("close", state),
        "add_member": rules.GROUP.allowed("add_member", state),
    }


def test_a_closed_group_offers_no_member_form_to_its_chair(make_user):
    from alliance87.core.models import Role

    seed.load()
    group = Group.objects.get(slug="migration")
    chair = make_user(Role.GROUP_CHAIR, scope=group)
    assert "Add the member" in client_for(chair).get("/en/groups/migration/").content.decode()
    Group.objects.filter(pk=group.pk).update(status="closed")
    html = client_for(chair).get("/en/groups/migration/").content.decode()
    assert "Add the member" not in html and "Close the group" not in html


def test_the_task_status_and_close_endpoints_require_the_version_read(secretariat):
    seed.load()
    group = Group.objects.get(slug="migration")
    objective = services.objective_add(actor=secretariat, group_id=group.pk, title="O")
    task = services.task_add(actor=secretariat, objective_id=objective.pk, title="T")
    client = client_for(secretariat)
    body = client.get("/api/groups/migration").json()
    assert body["version"] == group.version
    assert body["objectives"][0]["tasks"][0]["version"] == task.version
    audit_before = AuditEntry.objects.count()
    url = f"/api/groups/migration/tasks/{task.pk}/status"
    r = post(client, url, {"status": "done"})
    assert r.status_code == 400 and r.json()["errors"][0]["field"].endswith("version")
    r = post(client, "/api/groups/migration/close", {})
    assert r.status_code == 400 and r.json()["errors"][0]["field"].endswith("version")
    task.refresh_from_db()
    group.refresh_from_db()
    assert (task.status, group.status) == ("not_started", "active")
    assert AuditEntry.objects.count() == audit_before
    r = post(client, url, {"status": "done", "version": task.version})
    assert r.status_code == 200 and r.json()["version"] == task.version + 1


def test_the_pages_close_and_task_forms_refuse_a_post_without_the_version(secretariat):
    seed.load()
    group = Group.objects.get(slug="migration")
    objective = services.objective_add(actor=secretariat, group_id=group.pk, title="O")
    task = services.task_add(actor=secretariat, objective_id=objective.pk, title="T")
    client = client_for(secretariat)
    client.post(f"/en/groups/migration/tasks/{task.pk}/status/", {"status": "done"})
    client.post("/en/groups/migration/close/")
    task.refresh_from_db()
    group.refresh_from_db()
    assert (task.status, group.status) == ("not_started", "active")
