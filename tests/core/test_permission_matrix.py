"""Who may use the people and roles pages (issue 15): the Secretariat only. Each refused
request writes nothing: no account, no role, no audit row, no e-mail."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail

from alliance87.core.models import AuditEntry, Role, RoleAssignment, User
from alliance87.pathfinders.models import Pathfinder, Stage, Status
from tests.conftest import PERSONAS, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def target(make_user):
    Pathfinder.objects.create(
        country_id="NPL", status=Status.CANDIDATE, stage=Stage.EXPRESSION_OF_INTEREST
    )
    Pathfinder.objects.create(
        country_id="PER", status=Status.CANDIDATE, stage=Stage.EXPRESSION_OF_INTEREST
    )
    person = make_user(None, full_name="Tara Target")
    assignment = RoleAssignment.objects.create(
        user=person,
        role=Role.FOCAL_POINT,
        scope_type=ContentType.objects.get_for_model(Pathfinder),
        scope_id="NPL",
    )
    return person, assignment


ACTIONS = {
    "people": ("get", lambda p, a: "/en/accounts/people/", None),
    "person": ("get", lambda p, a: f"/en/accounts/people/{p.pk}/", None),
    "invite": (
        "post",
        lambda p, a: "/en/accounts/people/invite/",
        {
            "email": "new@example.org",
            "full_name": "New Person",
            "preferred_language": "en",
            "role": "focal_point:PER",
        },
    ),
    "give_role": (
        "post",
        lambda p, a: f"/en/accounts/people/{p.pk}/roles/",
        {"role": "focal_point:PER"},
    ),
    "change_role": (
        "post",
        lambda p, a: f"/en/accounts/roles/{a.pk}/change/",
        {"role": "focal_point:PER"},
    ),
    "revoke_role": ("post", lambda p, a: f"/en/accounts/roles/{a.pk}/revoke/", {}),
}


@pytest.mark.parametrize("action", sorted(ACTIONS))
@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_only_the_secretariat_manages_people_and_roles(persona, action, target, request):
    name = request.node.callspec.params["persona"]
    person, assignment = target
    method, url, data = ACTIONS[action]
    before = (
        User.objects.count(),
        list(RoleAssignment.objects.order_by("pk").values_list("pk", "role", "scope_id")),
        AuditEntry.objects.count(),
    )
    response = getattr(client_for(persona), method)(url(person, assignment), data or {})
    if name == "secretariat":
        assert response.status_code in (200, 302)
        return
    if name == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 403
    after = (
        User.objects.count(),
        list(RoleAssignment.objects.order_by("pk").values_list("pk", "role", "scope_id")),
        AuditEntry.objects.count(),
    )
    assert after == before
    assert not mail.outbox


API_ACTIONS = {
    "api_people": ("get", lambda p, a: "/api/accounts/people", None),
    "api_invite": (
        "post",
        lambda p, a: "/api/accounts/invitations",
        {
            "email": "new@example.org",
            "full_name": "New Person",
            "preferred_language": "en",
            "role": "focal_point",
            "scope_id": "PER",
        },
    ),
    "api_give_role": (
        "post",
        lambda p, a: f"/api/accounts/people/{p.pk}/roles",
        {"role": "focal_point", "scope_id": "PER"},
    ),
    "api_change_role": (
        "put",
        lambda p, a: f"/api/accounts/roles/{a.pk}",
        {"role": "focal_point", "scope_id": "PER"},
    ),
    "api_revoke_role": ("delete", lambda p, a: f"/api/accounts/roles/{a.pk}", None),
}


@pytest.mark.parametrize("action", sorted(API_ACTIONS))
@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_only_the_secretariat_manages_people_and_roles_through_the_api(
    persona, action, target, request
):
    import json

    name = request.node.callspec.params["persona"]
    person, assignment = target
    method, url, data = API_ACTIONS[action]
    before = (
        User.objects.count(),
        list(RoleAssignment.objects.order_by("pk").values_list("pk", "role", "scope_id")),
        AuditEntry.objects.count(),
    )
    kwargs = {"content_type": "application/json"} if data is not None else {}
    body = (json.dumps(data),) if data is not None else ()
    response = getattr(client_for(persona), method)(url(person, assignment), *body, **kwargs)
    if name == "secretariat":
        assert response.status_code in (200, 201, 204), response.content[:300]
        return
    assert response.status_code == (401 if name == "anonymous" else 403)
    after = (
        User.objects.count(),
        list(RoleAssignment.objects.order_by("pk").values_list("pk", "role", "scope_id")),
        AuditEntry.objects.count(),
    )
    assert after == before
    assert not mail.outbox
