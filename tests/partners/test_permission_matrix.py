"""Role × action for the partners app: who may edit a profile, vet an application, change a
partner's status and see contact details. Refusals write nothing."""

from __future__ import annotations

import pytest

from alliance87.core.models import AuditEntry, Role
from alliance87.partners.models import Application, Partner

from ..conftest import client_for
from .conftest import application_data

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
    "admin_of_this",
    "member_of_this",
]


@pytest.fixture
def partner(make_partner):
    return make_partner("anl", names={"en": "Free Childhood Association"}, countries=["PER"])


@pytest.fixture
def actor(request, make_user, partner):
    name = request.param
    if name == "anonymous":
        return None
    if name == "outsider":
        return make_user(None)
    if name == "admin_of_this":
        return make_user(Role.PARTNER_ADMIN, scope=partner)
    if name == "member_of_this":
        return make_user(Role.PARTNER_MEMBER, scope=partner)
    return make_user(Role(name))


def allowed(persona: str, action: str) -> bool:
    table = {
        "edit_profile": {"secretariat", "admin_of_this"},
        "vet": {"secretariat"},
        "view_contacts": {"secretariat", "admin_of_this", "member_of_this"},
        "manage_people": {"secretariat", "admin_of_this"},
    }
    return persona in table[action]


@pytest.mark.parametrize("actor", PERSONAS, indirect=True)
def test_who_may_edit_a_partner_profile(request, actor, partner):
    persona = request.node.callspec.params["actor"]
    response = client_for(actor).post(
        "/en/partners/anl/edit/", {"names_en": "Changed", "version": 1}
    )
    partner.refresh_from_db()
    if allowed(persona, "edit_profile"):
        assert response.status_code == 302 and partner.names == {"en": "Changed", "_original": "en"}
    else:
        assert response.status_code in (302, 403) and partner.names == {
            "en": "Free Childhood Association"
        }
        if response.status_code == 302:
            assert "/accounts/login/" in response["Location"]
        assert not AuditEntry.objects.filter(event="partners.partner.updated").exists()


@pytest.mark.parametrize("actor", PERSONAS, indirect=True)
def test_who_may_vet_an_application(request, actor, reference_data):
    from alliance87.partners import services

    persona = request.node.callspec.params["actor"]
    application = services.application_submit(data=application_data())
    response = client_for(actor).post(
        f"/en/partners/applications/{application.pk}/approve/", {"version": 1}
    )
    application.refresh_from_db()
    if allowed(persona, "vet"):
        assert response.status_code == 302 and application.state == "approved"
    else:
        assert response.status_code in (302, 403) and application.state == "submitted"
        assert Partner.objects.filter(slug__startswith="asociacion").count() == 0
    assert client_for(actor).get("/en/partners/applications/").status_code == (
        200 if allowed(persona, "vet") else (302 if actor is None else 403)
    )


@pytest.mark.parametrize("actor", PERSONAS, indirect=True)
def test_who_sees_the_contact_details_of_a_partners_people(request, actor, partner):
    from alliance87.partners.models import Person

    persona = request.node.callspec.params["actor"]
    Person.objects.create(partner=partner, full_name="Ana Pérez", email="ana@private.example")
    html = client_for(actor).get("/en/partners/anl/").content.decode()
    assert ("ana@private.example" in html) == allowed(persona, "view_contacts")


@pytest.fixture
def colleague(partner, make_user):
    """A person of the partner, with an e-mail address, added by the Secretariat."""
    from alliance87.partners import services

    return services.person_add(
        actor=make_user(Role.SECRETARIAT),
        partner_id=partner.pk,
        data={
            "full_name": "Luis Quispe",
            "email": "luis@private.example",
            "phone": "+51 1 555 0199",
        },
    )


def _refused(response, actor) -> bool:
    if actor is None:
        return response.status_code == 302 and "/accounts/login/" in response["Location"]
    return response.status_code == 403


@pytest.mark.parametrize("actor", PERSONAS, indirect=True)
def test_who_may_see_the_people_page(request, actor, partner, colleague):
    persona = request.node.callspec.params["actor"]
    response = client_for(actor).get("/en/partners/anl/people/")
    if allowed(persona, "view_contacts"):
        assert response.status_code == 200 and "luis@private.example" in response.content.decode()
        assert ("Add a person" in response.content.decode()) == allowed(persona, "manage_people")
    else:
        assert _refused(response, actor)


@pytest.mark.parametrize("actor", PERSONAS, indirect=True)
def test_who_may_add_a_person(request, actor, partner):
    from alliance87.partners.models import Person

    persona = request.node.callspec.params["actor"]
    response = client_for(actor).post("/en/partners/anl/people/add/", {"full_name": "Eva Ruiz"})
    if allowed(persona, "manage_people"):
        assert response.status_code == 302 and Person.objects.filter(full_name="Eva Ruiz").exists()
    else:
        assert _refused(response, actor) and not Person.objects.exists()
        assert not AuditEntry.objects.filter(event="partners.person.created").exists()


@pytest.mark.parametrize("actor", PERSONAS, indirect=True)
def test_who_may_edit_a_person(request, actor, partner, colleague):
    persona = request.node.callspec.params["actor"]
    response = client_for(actor).post(
        f"/en/partners/anl/people/{colleague.pk}/edit/", {"full_name": "Luis Q.", "version": 1}
    )
    colleague.refresh_from_db()
    if allowed(persona, "manage_people"):
        assert response.status_code == 302 and colleague.full_name == "Luis Q."
    else:
        assert (
            _refused(response, actor)
            and colleague.full_name == "Luis Quispe"
            and colleague.version == 1
        )
        assert not AuditEntry.objects.filter(event="partners.person.updated").exists()


@pytest.mark.parametrize("actor", PERSONAS, indirect=True)
def test_who_may_invite_a_person(request, actor, partner, colleague):
    from django.core import mail

    from alliance87.core.models import User

    persona = request.node.callspec.params["actor"]
    response = client_for(actor).post(
        f"/en/partners/anl/people/{colleague.pk}/access/", {"role": "partner_admin", "version": 1}
    )
    colleague.refresh_from_db()
    if allowed(persona, "manage_people"):
        assert (
            response.status_code == 302
            and colleague.user is not None
            and colleague.is_partner_admin
        )
    else:
        assert _refused(response, actor) and colleague.user is None
        assert not User.objects.filter(email="luis@private.example").exists() and not mail.outbox
        assert not AuditEntry.objects.filter(event="partners.person.access_granted").exists()


@pytest.mark.parametrize("actor", PERSONAS, indirect=True)
def test_who_may_remove_a_persons_access(request, actor, partner, colleague, make_user):
    from alliance87.core.permissions import has_role
    from alliance87.partners import services

    persona = request.node.callspec.params["actor"]
    services.person_grant_access(
        actor=make_user(Role.SECRETARIAT),
        person_id=colleague.pk,
        role="partner_member",
        expected_version=1,
    )
    response = client_for(actor).post(
        f"/en/partners/anl/people/{colleague.pk}/remove-access/", {"version": 2}
    )
    colleague.refresh_from_db()
    if allowed(persona, "manage_people"):
        assert response.status_code == 302 and colleague.user is None
    else:
        assert _refused(response, actor) and has_role(colleague.user, Role.PARTNER_MEMBER, partner)
        assert not AuditEntry.objects.filter(event="partners.person.access_removed").exists()


@pytest.mark.parametrize("actor", PERSONAS, indirect=True)
def test_who_may_remove_a_person(request, actor, partner, colleague):
    from alliance87.partners.models import Person

    persona = request.node.callspec.params["actor"]
    response = client_for(actor).post(
        f"/en/partners/anl/people/{colleague.pk}/remove/", {"version": 1}
    )
    if allowed(persona, "manage_people"):
        assert response.status_code == 302 and not Person.objects.filter(pk=colleague.pk).exists()
    else:
        assert _refused(response, actor) and Person.objects.filter(pk=colleague.pk).exists()
        assert not AuditEntry.objects.filter(event="partners.person.removed").exists()


def test_applying_is_open_to_everyone(client, reference_data):
    response = client.post(
        "/api/partner-applications", application_data(), content_type="application/json"
    )
    assert response.status_code == 201 and Application.objects.count() == 1
