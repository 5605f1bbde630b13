"""The people and roles pages' API twins (issue 15): what the Secretariat does on the pages it
does through the API, audited the same way, with errors that name the field."""

from __future__ import annotations

import json

import pytest
from django.core import mail

from alliance87.core.models import AuditEntry, Role, RoleAssignment, User
from alliance87.pathfinders.models import Pathfinder, Stage, Status
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def countries(db):
    for iso3 in ("NPL", "PER"):
        Pathfinder.objects.create(
            country_id=iso3, status=Status.CANDIDATE, stage=Stage.EXPRESSION_OF_INTEREST
        )


def _post(client, url, data, method="post"):
    return getattr(client, method)(url, json.dumps(data), content_type="application/json")


def test_the_secretariat_invites_lists_changes_and_revokes_a_role_through_the_api(
    secretariat, countries, django_capture_on_commit_callbacks
):
    c = client_for(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        r = _post(
            c,
            "/api/accounts/invitations",
            {
                "email": "Maya@Labour.gov.example",
                "full_name": "Maya Gurung",
                "preferred_language": "es",
                "role": "focal_point",
                "scope_id": "NPL",
            },
        )
    assert r.status_code == 201, r.content
    role = r.json()
    assert (role["role"], role["scope_id"], role["scope"]) == ("focal_point", "NPL", "Nepal")
    user = User.objects.get(email="maya@labour.gov.example")
    assert mail.outbox[-1].to == ["maya@labour.gov.example"]  # the invitation, from the worker
    assert "/accounts/set-password/" in mail.outbox[-1].body

    people = c.get("/api/accounts/people", {"q": "maya"}).json()
    assert [(p["email"], [x["scope"] for x in p["roles"]]) for p in people] == [
        ("maya@labour.gov.example", ["Nepal"])
    ]
    r = _post(
        c, f"/api/accounts/roles/{role['id']}", {"role": "focal_point", "scope_id": "PER"}, "put"
    )
    assert r.status_code == 200 and r.json()["scope"] == "Peru"
    r = _post(c, f"/api/accounts/people/{user.pk}/roles", {"role": "reviewer"})
    assert r.status_code == 201 and r.json()["role"] == "reviewer"
    assert c.delete(f"/api/accounts/roles/{role['id']}").status_code == 204
    assert list(RoleAssignment.objects.filter(user=user).values_list("role", flat=True)) == [
        "reviewer"
    ]
    events = set(AuditEntry.objects.filter(object_id=str(user.pk)).values_list("event", flat=True))
    assert {"core.user.invited", "core.role.changed"} <= events


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"role": "focal_point", "scope_id": "ZZZ"}, "scope_id"),  # not a pathfinder country
        ({"role": "focal_point", "scope_id": ""}, "scope_id"),  # a focal point needs its country
        ({"role": "emperor", "scope_id": ""}, "role"),
        ({"role": "focal_point", "scope_id": "NPL", "email": "not-an-address"}, "email"),
        (
            {"role": "focal_point", "scope_id": "NPL", "preferred_language": "xx"},
            "preferred_language",
        ),
    ],
)
def test_a_refused_invitation_names_the_field_and_writes_nothing(
    secretariat, countries, data, field
):
    payload = {"email": "x@example.org", "full_name": "X", **data}
    before = (User.objects.count(), RoleAssignment.objects.count(), AuditEntry.objects.count())
    r = _post(client_for(secretariat), "/api/accounts/invitations", payload)
    assert r.status_code == 400, r.content
    assert field in [e["field"] for e in r.json()["errors"]], r.json()
    assert (
        User.objects.count(),
        RoleAssignment.objects.count(),
        AuditEntry.objects.count(),
    ) == before
    assert not mail.outbox


def test_the_secretariat_cannot_take_away_its_own_role_through_the_api(secretariat):
    own = RoleAssignment.objects.get(user=secretariat, role=Role.SECRETARIAT)
    r = client_for(secretariat).delete(f"/api/accounts/roles/{own.pk}")
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "role"
    assert client_for(secretariat).delete("/api/accounts/roles/99999999999").status_code == 404
