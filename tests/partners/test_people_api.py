"""API for a partner's people; the public API never shows their e-mail or phone."""

from __future__ import annotations

import pytest
from django.core import mail

from alliance87.core.models import AuditEntry, Role, User
from alliance87.partners import services
from alliance87.partners.models import Person

from ..conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(make_partner):
    return make_partner("anl", names={"en": "Free Childhood Association"}, countries=["PER"])


@pytest.fixture
def admin(make_user, partner):
    return make_user(Role.PARTNER_ADMIN, scope=partner)


@pytest.fixture
def focal(partner, admin):
    return services.person_add(
        actor=admin,
        partner_id=partner.pk,
        data={
            "full_name": "Luis Quispe",
            "position": "Coordinator",
            "email": "luis@private.example",
            "phone": "+51 1 555 0199",
            "is_focal_point": True,
        },
    )


def test_the_public_detail_names_focal_points_without_contacts(client, focal, partner, admin):
    services.person_add(
        actor=admin,
        partner_id=partner.pk,
        data={"full_name": "Rosa Mamani", "email": "rosa@private.example"},
    )
    body = client.get("/api/partners/anl").json()
    assert body["focal_points"] == [{"name": "Luis Quispe", "position": "Coordinator"}]
    text = str(body)
    assert "private.example" not in text and "555" not in text and "Rosa" not in text
    assert "private.example" not in client.get("/api/partners").content.decode()


def test_the_people_list_shows_contacts_to_the_partners_own_people(focal, partner, make_user):
    member = make_user(Role.PARTNER_MEMBER, scope=partner)
    body = client_for(member).get("/api/partners/anl/people").json()
    assert body == [
        {
            "id": focal.pk,
            "full_name": "Luis Quispe",
            "position": "Coordinator",
            "email": "luis@private.example",
            "phone": "+51 1 555 0199",
            "languages": [],
            "is_focal_point": True,
            "access": "",
            "version": 1,
        }
    ]


def test_the_people_list_is_refused_to_others(client, focal, outsider, make_user, make_partner):
    assert client.get("/api/partners/anl/people").status_code == 401
    assert client_for(outsider).get("/api/partners/anl/people").status_code == 403
    other_admin = make_user(Role.PARTNER_ADMIN, scope=make_partner("other"))
    assert client_for(other_admin).get("/api/partners/anl/people").status_code == 403


def test_an_administrator_adds_edits_invites_and_removes_through_the_api(
    admin, partner, django_capture_on_commit_callbacks
):
    c = client_for(admin)
    response = c.post(
        "/api/partners/anl/people",
        {"full_name": "Eva Ruiz", "email": "eva@anl.example", "languages": ["pt"]},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    person_id = response.json()["id"]
    response = c.patch(
        f"/api/partners/anl/people/{person_id}",
        {"position": "Director", "version": 1},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["version"] == 2
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(
            f"/api/partners/anl/people/{person_id}/access",
            {"role": "partner_member", "version": 2},
            content_type="application/json",
        )
    assert response.status_code == 200 and response.json()["access"] == "partner_member"
    assert User.objects.get(email="eva@anl.example").preferred_language == "pt"
    assert mail.outbox[-1].to == ["eva@anl.example"]
    response = c.delete(f"/api/partners/anl/people/{person_id}/access?version=3")
    assert response.status_code == 200 and response.json()["access"] == ""
    assert c.delete(f"/api/partners/anl/people/{person_id}?version=4").status_code == 204
    assert not Person.objects.exists()
    events = list(
        AuditEntry.objects.filter(event__startswith="partners.person").values_list(
            "event", flat=True
        )
    )
    assert sorted(events) == sorted(
        [
            "partners.person.created",
            "partners.person.updated",
            "partners.person.access_granted",
            "partners.person.access_removed",
            "partners.person.removed",
        ]
    )


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"full_name": "Eva", "is_admin": True}, "is_admin"),
        ({"full_name": "Eva", "languages": ["tlh"]}, "languages"),
        ({"full_name": "Eva", "languages": "es"}, "languages"),
        ({"full_name": "Eva", "is_focal_point": "perhaps"}, "is_focal_point"),
        ({"full_name": ""}, "full_name"),
        ({"position": "Director"}, "full_name"),
        ({"full_name": "Eva", "email": "nope"}, "email"),
        ({"full_name": "Eva", "phone": "call me"}, "phone"),
    ],
)
def test_a_bad_person_payload_is_refused_naming_the_field(admin, partner, payload, field):
    response = client_for(admin).post(
        "/api/partners/anl/people", payload, content_type="application/json"
    )
    assert response.status_code == 400
    assert field in [e["field"].split(".")[0] for e in response.json()["errors"]]  # "languages.0"
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    ("payload", "field", "status"),
    [
        ({"position": "X"}, "version", 400),
        ({"position": "X", "version": "one"}, "version", 400),
        ({"position": "X", "version": 1, "user": 3}, "user", 400),
        ({"phone": "nope", "version": 1}, "phone", 400),
        ({"position": "X", "version": 7}, "", 409),
    ],
)
def test_a_bad_person_patch_is_refused_naming_the_field(admin, focal, payload, field, status):
    response = client_for(admin).patch(
        f"/api/partners/anl/people/{focal.pk}", payload, content_type="application/json"
    )
    assert response.status_code == status
    if field:
        assert field in [e["field"] for e in response.json()["errors"]]
    focal.refresh_from_db()
    assert focal.position == "Coordinator" and focal.version == 1


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"role": "secretariat", "version": 1}, "role"),
        ({"role": "partner_admin"}, "version"),
        ({"role": "partner_admin", "version": 1, "scope": "all"}, "scope"),
    ],
)
def test_a_bad_invitation_is_refused_naming_the_field(admin, focal, payload, field):
    response = client_for(admin).post(
        f"/api/partners/anl/people/{focal.pk}/access", payload, content_type="application/json"
    )
    assert response.status_code == 400 and field in [e["field"] for e in response.json()["errors"]]
    assert not User.objects.filter(email="luis@private.example").exists()


def test_a_member_cannot_change_people_through_the_api(focal, partner, make_user):
    member = make_user(Role.PARTNER_MEMBER, scope=partner)
    c = client_for(member)
    assert (
        c.post(
            "/api/partners/anl/people", {"full_name": "X"}, content_type="application/json"
        ).status_code
        == 403
    )
    assert (
        c.patch(
            f"/api/partners/anl/people/{focal.pk}",
            {"position": "X", "version": 1},
            content_type="application/json",
        ).status_code
        == 403
    )
    assert c.delete(f"/api/partners/anl/people/{focal.pk}?version=1").status_code == 403
    assert Person.objects.get().position == "Coordinator"


def test_a_person_is_only_reached_through_their_own_partner(focal, make_partner, make_user):
    make_partner("other")
    secretariat = make_user(Role.SECRETARIAT)
    response = client_for(secretariat).patch(
        f"/api/partners/other/people/{focal.pk}",
        {"position": "X", "version": 1},
        content_type="application/json",
    )
    assert response.status_code == 404


def test_the_people_endpoints_and_query_parameters_are_documented(client):
    spec = client.get("/api/openapi.json").json()
    paths = spec["paths"]
    assert {
        "/api/partners/{slug}/people",
        "/api/partners/{slug}/people/{person_id}",
        "/api/partners/{slug}/people/{person_id}/access",
    } <= set(paths)
    parameters = {p["name"]: p for p in paths["/api/partners"]["get"]["parameters"]}
    assert set(parameters) == {"q", "category", "country", "region", "theme", "page"}
    assert all(
        p.get("description") or p.get("schema", {}).get("description") for p in parameters.values()
    )
