"""Accounts and roles (issue 15): the Secretariat invites a person with a role on an object
picked from its real list, the invitee sets a password from the e-mailed link, roles are
changed and taken away from a page, and every change (the admin's too) is audited."""

from __future__ import annotations

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.exceptions import ValidationError

from alliance87.core import roles, services
from alliance87.core.models import AuditEntry, Role, RoleAssignment, User
from alliance87.pathfinders.models import Pathfinder, Stage, Status
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def nepal(db):
    return Pathfinder.objects.create(
        country_id="NPL", status=Status.CANDIDATE, stage=Stage.EXPRESSION_OF_INTEREST
    )


def _invite(client, **fields):
    data = {
        "email": "maya@labour.gov.np",
        "full_name": "Maya Gurung",
        "preferred_language": "es",
        "role": "focal_point:NPL",
        **fields,
    }
    return client.post("/en/accounts/people/invite/", data)


def test_the_invitation_form_lists_countries_by_name_not_code(secretariat, nepal):
    page = client_for(secretariat).get("/en/accounts/people/")
    assert page.status_code == 200
    html = page.content.decode()
    assert '<option value="focal_point:NPL">Nepal</option>' in html
    assert ">NPL<" not in html


def test_the_invitation_language_starts_as_the_language_of_the_page(secretariat):
    html = client_for(secretariat).get("/pt/accounts/people/").content.decode()
    assert '<option value="pt" selected>' in html
    html = client_for(secretariat).get("/es/accounts/people/").content.decode()
    assert '<option value="es" selected>' in html


def test_an_invited_focal_point_sets_a_password_from_the_link_in_their_language(
    secretariat, nepal, django_capture_on_commit_callbacks
):
    client = client_for(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client)
    assert response.status_code == 302
    user = User.objects.get(email="maya@labour.gov.np")
    assert not user.has_usable_password()
    assert RoleAssignment.objects.filter(user=user, role=Role.FOCAL_POINT, scope_id="NPL").exists()
    message = mail.outbox[-1]
    assert message.to == ["maya@labour.gov.np"]
    assert message.subject == "Está invitado a la Plataforma de la Alianza 8.7"
    assert "Nepal" in message.body
    path = re.search(r"https?://[^/\s]+(/\S+/accounts/set-password/\S+/)", message.body)[1]
    assert path.startswith("/es/accounts/set-password/")  # the page opens in Spanish too
    invitee = client_for(None)
    form = invitee.get(path, follow=True)
    assert form.status_code == 200 and "new_password1" in form.content.decode()
    assert '<html lang="es"' in form.content.decode()
    done = invitee.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a-long-new-passphrase", "new_password2": "a-long-new-passphrase"},
        follow=True,
    )
    user.refresh_from_db()
    assert user.check_password("a-long-new-passphrase")
    assert done.status_code == 200
    events = set(AuditEntry.objects.filter(object_id=str(user.pk)).values_list("event", flat=True))
    assert {"core.user.created", "core.role.assigned", "core.user.invited"} <= events


def test_the_link_works_once(secretariat, nepal, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client_for(secretariat))
    link = re.search(r"https?://[^/\s]+(/\S+/accounts/set-password/\S+/)", mail.outbox[-1].body)[1]
    invitee = client_for(None)
    form = invitee.get(link, follow=True)
    invitee.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a-long-new-passphrase", "new_password2": "a-long-new-passphrase"},
    )
    again = client_for(None).get(link, follow=True)
    assert "Este enlace ya no es válido" in again.content.decode()  # the invitee's Spanish


def test_a_role_on_the_wrong_kind_of_object_is_refused_and_nothing_is_written(secretariat, nepal):
    before = User.objects.count()
    response = _invite(client_for(secretariat), role="focal_point:1")
    assert response.status_code == 400
    assert User.objects.count() == before
    assert not mail.outbox


def test_a_role_without_its_object_is_refused(secretariat):
    response = _invite(client_for(secretariat), role="focal_point:")
    assert response.status_code == 400
    assert not User.objects.filter(email="maya@labour.gov.np").exists()
    with pytest.raises(ValidationError, match="Choose the pathfinder country"):
        services.user_invite(
            actor=secretariat, email="maya@labour.gov.np", role="focal_point", scope_id=""
        )


def test_the_admin_cannot_scope_a_focal_point_to_an_admin_log_entry(secretariat, nepal):
    wrong = ContentType.objects.get(app_label="admin", model="logentry")
    assignment = RoleAssignment(
        user=secretariat, role=Role.FOCAL_POINT, scope_type=wrong, scope_id="1"
    )
    with pytest.raises(ValidationError) as error:
        assignment.full_clean()
    assert "pathfinder country" in str(error.value)
    missing = RoleAssignment(
        user=secretariat,
        role=Role.FOCAL_POINT,
        scope_type=ContentType.objects.get_for_model(Pathfinder),
        scope_id="ZZZ",
    )
    with pytest.raises(ValidationError):
        missing.full_clean()


def test_the_admin_offers_only_the_kinds_of_object_roles_are_held_on(secretariat):
    page = client_for(secretariat).get("/en/admin/core/roleassignment/add/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "pathfinder country" in html
    assert "log entry" not in html


def test_giving_the_secretariat_role_in_the_admin_is_audited(secretariat, make_user):
    someone = make_user(None)
    response = client_for(secretariat).post(
        "/en/admin/core/roleassignment/add/",
        {"user": someone.pk, "role": Role.SECRETARIAT, "scope_type": "", "scope_id": ""},
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(event="core.role.assigned", object_id=str(someone.pk))
    assert entry.actor == secretariat
    assert entry.changes["role"] == [None, "secretariat"]


def test_the_admin_refuses_an_invalid_scope_and_writes_nothing(secretariat, make_user):
    someone = make_user(None)
    wrong = ContentType.objects.get(app_label="admin", model="logentry")
    response = client_for(secretariat).post(
        "/en/admin/core/roleassignment/add/",
        {"user": someone.pk, "role": Role.FOCAL_POINT, "scope_type": wrong.pk, "scope_id": "1"},
    )
    assert response.status_code == 200  # the form again, with its error
    assert not RoleAssignment.objects.filter(user=someone).exists()


def test_deleting_a_role_in_the_admin_is_audited(secretariat, make_user):
    someone = make_user(Role.GCG_MEMBER)
    assignment = someone.role_assignments.get()
    response = client_for(secretariat).post(
        f"/en/admin/core/roleassignment/{assignment.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert AuditEntry.objects.filter(event="core.role.revoked", object_id=str(someone.pk)).exists()


def test_changing_an_account_in_the_admin_is_audited(secretariat, make_user):
    someone = make_user(None, full_name="Old Name")
    client_for(secretariat).post(
        f"/en/admin/core/user/{someone.pk}/change/",
        {
            "email": someone.email,
            "username": someone.username,
            "full_name": "New Name",
            "preferred_language": "en",
            "is_active": "on",
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
        },
    )
    entry = AuditEntry.objects.get(event="core.user.updated", object_id=str(someone.pk))
    assert entry.changes["full_name"] == ["Old Name", "New Name"]


def test_a_role_is_changed_and_taken_away_from_the_roles_page(secretariat, make_user, nepal):
    peru = Pathfinder.objects.create(
        country_id="PER", status=Status.CANDIDATE, stage=Stage.EXPRESSION_OF_INTEREST
    )
    someone = make_user(Role.FOCAL_POINT, scope=nepal)
    assignment = someone.role_assignments.get()
    client = client_for(secretariat)
    page = client.get(f"/en/accounts/people/{someone.pk}/")
    assert page.status_code == 200 and "Nepal" in page.content.decode()
    changed = client.post(
        f"/en/accounts/roles/{assignment.pk}/change/", {"role": "focal_point:PER"}
    )
    assert changed.status_code == 302
    assignment.refresh_from_db()
    assert assignment.scope_id == "PER"
    entry = AuditEntry.objects.get(event="core.role.changed")
    assert entry.changes["scope"] == ["Nepal", "Peru"]
    revoked = client.post(f"/en/accounts/roles/{assignment.pk}/revoke/")
    assert revoked.status_code == 302
    assert not someone.role_assignments.exists()
    assert AuditEntry.objects.filter(event="core.role.revoked").count() == 1
    assert peru.pk == "PER"


def test_no_one_takes_away_their_own_secretariat_role(secretariat):
    assignment = secretariat.role_assignments.get()
    response = client_for(secretariat).post(f"/en/accounts/roles/{assignment.pk}/revoke/")
    assert response.status_code == 302
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_the_people_page_has_a_fixed_number_of_queries(
    secretariat, make_user, nepal, django_assert_max_num_queries
):
    client = client_for(secretariat)
    for _ in range(3):
        make_user(Role.FOCAL_POINT, scope=nepal)
    client.get("/en/accounts/people/")  # warm caches (content types)
    with django_assert_max_num_queries(20) as small:
        client.get("/en/accounts/people/")
    for _ in range(12):
        make_user(Role.PARTNER_MEMBER)
    with django_assert_max_num_queries(20) as large:
        client.get("/en/accounts/people/")
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_audit_log_names_the_actor_beside_the_name_they_gave(make_user, nepal):
    impostor = make_user(Role.SECRETARIAT, full_name="Demo Secretariat", email="demo@elsewhere.org")
    services.role_assign(actor=impostor, user=make_user(None), role=Role.REVIEWER)
    page = client_for(impostor).get("/en/audit/").content.decode()
    assert "Demo Secretariat <small>&lt;demo@elsewhere.org&gt;</small>" in page


def test_every_role_has_a_list_to_choose_from(nepal):
    values = {value for _group, options in roles.choices() for value, _label in options}
    assert "secretariat:" in values and "focal_point:NPL" in values
    assert {roles.parse_choice(v)[0] for v in values} >= {
        Role.SECRETARIAT,
        Role.FOCAL_POINT,
    }
