"""Groups API and pages, with the permission matrix and query counts."""

from __future__ import annotations

import json

import pytest

from alliance87.groups import seed, services
from alliance87.groups.models import Group, Membership, Objective, ProgressNote
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


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("anonymous", False),
        ("outsider", False),
        ("partner_member", False),
        ("gcg_member", False),
        ("group_chair", True),
        ("secretariat", True),
    ],
    indirect=["persona"],
)
def test_permission_matrix_for_adding_a_note(persona, allowed):
    seed.load()
    r = client_for(persona).post(
        "/api/groups/migration/notes",
        json.dumps({"text": "Progress"}),
        content_type="application/json",
    )
    assert r.status_code == (201 if allowed else (401 if persona is None else 403))
    assert ProgressNote.objects.exists() == allowed


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("anonymous", False),
        ("outsider", False),
        ("partner_member", True),
        ("secretariat", True),
    ],
    indirect=["persona"],
)
def test_permission_matrix_for_proposing_a_group(persona, allowed):
    r = client_for(persona).post("/en/groups/propose/", {"name": "Data", "kind": "action_group"})
    assert r.status_code in ((302,) if allowed else (302, 403))
    assert Group.objects.filter(names__en="Data").exists() == allowed


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
        "/en/groups/migration/add/task/",
        {"objective": objective.pk, "title": "Survey", "due_on": "2030-01-01"},
    )
    assert r.status_code == 302
    assert objective.tasks.get().title == "Survey"
    r = client.post(
        "/en/groups/migration/add/task/",
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
    list_small, page_small = count("/en/groups/"), count("/api/groups/migration")
    for p in people(12):
        services.member_add(actor=secretariat, group_id=group.pk, person_id=p.pk)
    for i in range(5):
        services.task_add(actor=secretariat, objective_id=o.pk, title=f"T{i}", owner_id=p.pk)
    assert count("/en/groups/") == list_small
    assert count("/api/groups/migration") == page_small
    with django_assert_num_queries(1):
        anon.get("/api/groups")
