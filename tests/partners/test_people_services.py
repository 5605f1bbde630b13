"""Services for a partner's people: add, edit, remove, give and remove access. Every change is
audited; a refusal writes nothing; two administrators cannot overwrite each other's edits."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from alliance87.core.exceptions import (
    Conflict,
    NotFound,
    PermissionDenied,
    TransitionRefused,
    ValidationError,
)
from alliance87.core.models import AuditEntry, Role, RoleAssignment, User
from alliance87.core.permissions import can, has_role
from alliance87.partners import rules, services
from alliance87.partners.models import Partner, Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(make_partner):
    return make_partner("anl", names={"es": "Asociación Niñez Libre"}, countries=["PER"])


@pytest.fixture
def admin(make_user, partner):
    return make_user(Role.PARTNER_ADMIN, scope=partner, full_name="Ana Admin")


@pytest.fixture
def person(partner, admin):
    return services.person_add(
        actor=admin,
        partner_id=partner.pk,
        data={
            "full_name": "Luis Quispe",
            "position": "Coordinator",
            "email": "Luis@Red.example",
            "phone": "+51 1 555 0199",
            "languages": ["es", "en"],
            "is_focal_point": True,
        },
    )


def audit_count() -> int:
    return AuditEntry.objects.count()


# Adding and editing -------------------------------------------------------------------------


def test_a_partner_administrator_adds_a_person_and_it_is_audited(person, admin, partner):
    assert person.partner == partner and person.email == "luis@red.example"
    assert person.languages == ["es", "en"] and person.is_focal_point and person.version == 1
    entry = AuditEntry.objects.get(event="partners.person.created")
    assert entry.actor == admin and entry.object_id == str(person.pk)
    assert entry.changes["full_name"] == [None, "Luis Quispe"]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"full_name": ""}, "full_name"),
        ({"full_name": "X", "email": "not-an-address"}, "email"),
        ({"full_name": "X", "phone": "call me"}, "phone"),
        ({"full_name": "X", "phone": "12"}, "phone"),
        ({"full_name": "X", "languages": ["klingon"]}, "languages"),
        ({"full_name": "X", "languages": "es"}, "languages"),
        ({"full_name": "X", "is_focal_point": "yes"}, "is_focal_point"),
        ({"full_name": 7}, "full_name"),
        ({"full_name": "X", "is_partner_admin": True}, "is_partner_admin"),
        ({"full_name": "X", "user": 1}, "user"),
    ],
)
def test_adding_a_person_with_bad_input_names_the_field_and_writes_nothing(
    admin, partner, data, field
):
    before = audit_count()
    with pytest.raises(ValidationError) as exc:
        services.person_add(actor=admin, partner_id=partner.pk, data=data)
    assert field in exc.value.message_dict
    assert not Person.objects.exists() and audit_count() == before


def test_two_people_of_one_partner_cannot_share_an_e_mail_address(person, admin, partner):
    with pytest.raises(ValidationError) as exc:
        services.person_add(
            actor=admin,
            partner_id=partner.pk,
            data={"full_name": "Other", "email": "LUIS@red.example"},
        )
    assert "email" in exc.value.message_dict and Person.objects.count() == 1


@pytest.mark.parametrize(
    "who", ["outsider", "admin_of_other", "member_of_this", "global_partner_admin"]
)
def test_only_the_partners_administrators_and_the_secretariat_manage_its_people(
    who, make_user, make_partner, partner, person
):
    actor = {
        "outsider": lambda: make_user(None),
        "admin_of_other": lambda: make_user(Role.PARTNER_ADMIN, scope=make_partner("other")),
        "member_of_this": lambda: make_user(Role.PARTNER_MEMBER, scope=partner),
        "global_partner_admin": lambda: make_user(Role.PARTNER_ADMIN),
    }[who]()
    before = audit_count()
    with pytest.raises(PermissionDenied):
        services.person_add(actor=actor, partner_id=partner.pk, data={"full_name": "Intruder"})
    with pytest.raises(PermissionDenied):
        services.person_update(
            actor=actor, person_id=person.pk, data={"position": "X"}, expected_version=1
        )
    with pytest.raises(PermissionDenied):
        services.person_grant_access(
            actor=actor, person_id=person.pk, role="partner_admin", expected_version=1
        )
    with pytest.raises(PermissionDenied):
        services.person_remove(actor=actor, person_id=person.pk, expected_version=1)
    person.refresh_from_db()
    assert person.position == "Coordinator" and person.user is None and person.version == 1
    assert Person.objects.count() == 1 and audit_count() == before and len(mail.outbox) == 0


def test_the_secretariat_manages_any_partners_people(secretariat, partner):
    person = services.person_add(
        actor=secretariat, partner_id=partner.pk, data={"full_name": "Eva Ruiz"}
    )
    assert can(secretariat, "partners.manage_people", partner) and person.partner == partner


def test_an_edit_is_audited_with_old_and_new_values(person, admin):
    services.person_update(
        actor=admin,
        person_id=person.pk,
        expected_version=1,
        data={"position": "Director", "is_focal_point": False, "phone": "+51 1 555 0200"},
    )
    person.refresh_from_db()
    assert person.position == "Director" and not person.is_focal_point and person.version == 2
    entry = AuditEntry.objects.get(event="partners.person.updated")
    assert entry.changes["position"] == ["Coordinator", "Director"]
    assert entry.changes["is_focal_point"] == [True, False]


def test_an_edit_that_changes_nothing_writes_no_audit_row(person, admin):
    services.person_update(
        actor=admin, person_id=person.pk, expected_version=1, data={"position": "Coordinator"}
    )
    person.refresh_from_db()
    assert (
        person.version == 1
        and not AuditEntry.objects.filter(event="partners.person.updated").exists()
    )


def test_a_stale_edit_is_refused_and_does_not_overwrite_the_other_administrators(
    person, admin, make_user, partner
):
    other_admin = make_user(Role.PARTNER_ADMIN, scope=partner)
    services.person_update(
        actor=other_admin, person_id=person.pk, expected_version=1, data={"position": "Director"}
    )
    with pytest.raises(Conflict):
        services.person_update(
            actor=admin, person_id=person.pk, expected_version=1, data={"position": "Intern"}
        )
    person.refresh_from_db()
    assert person.position == "Director" and person.version == 2
    assert AuditEntry.objects.filter(event="partners.person.updated").count() == 1


def test_a_person_of_another_partner_is_not_reachable_through_this_partner(
    person, make_partner, make_user
):
    other = make_partner("other")
    other_admin = make_user(Role.PARTNER_ADMIN, scope=other)
    with pytest.raises(NotFound):
        services.person_update(
            actor=other_admin,
            person_id=person.pk,
            partner_id=other.pk,
            data={"position": "X"},
            expected_version=1,
        )
    person.refresh_from_db()
    assert person.position != "X" and person.version == 1


# Access ----------------------------------------------------------------------------------------


def test_inviting_a_person_creates_their_account_gives_the_scoped_role_and_mails_a_link(
    person, admin, partner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.person_grant_access(
            actor=admin, person_id=person.pk, role="partner_member", expected_version=1
        )
    person.refresh_from_db()
    user = User.objects.get(email="luis@red.example")
    assert person.user == user and not person.is_partner_admin and person.version == 2
    assert user.preferred_language == "es" and not user.has_usable_password()
    assert has_role(user, Role.PARTNER_MEMBER, partner)
    assert can(user, "partners.view_contacts", partner) and not can(
        user, "partners.manage_people", partner
    )
    message = mail.outbox[-1]
    assert message.to == ["luis@red.example"] and "Asociación Niñez Libre" in message.subject
    assert re.search(r"/es/accounts/set-password/\S+/", message.body)  # opens in Spanish
    entry = AuditEntry.objects.get(event="partners.person.access_granted")
    assert entry.actor == admin and entry.changes["access"] == [None, "partner_member"]
    assert AuditEntry.objects.filter(event="core.role.assigned", object_id=str(user.pk)).exists()


def test_no_invitation_leaves_before_the_transaction_commits(person, admin):
    services.person_grant_access(
        actor=admin, person_id=person.pk, role="partner_member", expected_version=1
    )
    assert len(mail.outbox) == 0  # the test transaction never commits


def test_promoting_a_member_to_administrator_leaves_one_partner_role(person, admin, partner):
    services.person_grant_access(
        actor=admin, person_id=person.pk, role="partner_member", expected_version=1
    )
    services.person_grant_access(
        actor=admin, person_id=person.pk, role="partner_admin", expected_version=2
    )
    person.refresh_from_db()
    roles = set(RoleAssignment.objects.filter(user=person.user).values_list("role", flat=True))
    assert roles == {"partner_admin"} and person.is_partner_admin
    assert can(User.objects.get(pk=person.user_id), "partners.manage_people", partner)
    assert AuditEntry.objects.filter(event="core.role.revoked").count() == 1


def test_an_existing_account_is_reused_and_told_to_sign_in(
    person, admin, make_user, django_capture_on_commit_callbacks
):
    existing = make_user(None, email="luis@red.example")
    with django_capture_on_commit_callbacks(execute=True):
        services.person_grant_access(
            actor=admin, person_id=person.pk, role="partner_admin", expected_version=1
        )
    person.refresh_from_db()
    assert person.user == existing and User.objects.filter(email="luis@red.example").count() == 1
    assert "/accounts/login/" in mail.outbox[-1].body


def test_a_person_without_e_mail_cannot_be_invited(admin, partner):
    person = services.person_add(actor=admin, partner_id=partner.pk, data={"full_name": "No Mail"})
    with pytest.raises(ValidationError) as exc:
        services.person_grant_access(
            actor=admin, person_id=person.pk, role="partner_member", expected_version=1
        )
    assert (
        "email" in exc.value.message_dict and not User.objects.filter(full_name="No Mail").exists()
    )


def test_an_unknown_access_role_is_refused_naming_the_field(person, admin):
    with pytest.raises(ValidationError) as exc:
        services.person_grant_access(
            actor=admin, person_id=person.pk, role="secretariat", expected_version=1
        )
    assert "role" in exc.value.message_dict
    assert not RoleAssignment.objects.filter(role="secretariat").exists()


def test_removing_access_takes_the_role_away_and_unlinks_the_account(person, admin, partner):
    services.person_grant_access(
        actor=admin, person_id=person.pk, role="partner_member", expected_version=1
    )
    user = User.objects.get(email="luis@red.example")
    services.person_remove_access(actor=admin, person_id=person.pk, expected_version=2)
    person.refresh_from_db()
    user = User.objects.get(pk=user.pk)
    assert person.user is None and not has_role(user, Role.PARTNER_MEMBER, partner)
    assert not can(user, "partners.view_contacts", partner)
    entry = AuditEntry.objects.get(event="partners.person.access_removed")
    assert entry.changes["access"] == ["partner_member", None]


def test_removing_access_from_someone_without_any_is_refused(person, admin):
    with pytest.raises(TransitionRefused):
        services.person_remove_access(actor=admin, person_id=person.pk, expected_version=1)


def test_rule_a_partner_keeps_at_least_one_administrator(partner, secretariat):
    """rules.last_admin_refusal: a partner administrator cannot remove the last one."""
    person = services.person_add(
        actor=secretariat,
        partner_id=partner.pk,
        data={"full_name": "Only Admin", "email": "only@anl.example"},
    )
    services.person_grant_access(
        actor=secretariat, person_id=person.pk, role="partner_admin", expected_version=1
    )
    only = User.objects.get(email="only@anl.example")
    before = audit_count()
    with pytest.raises(TransitionRefused):
        services.person_remove_access(actor=only, person_id=person.pk, expected_version=2)
    with pytest.raises(TransitionRefused):
        services.person_grant_access(
            actor=only, person_id=person.pk, role="partner_member", expected_version=2
        )
    with pytest.raises(TransitionRefused):
        services.person_remove(actor=only, person_id=person.pk, expected_version=2)
    assert (
        has_role(User.objects.get(pk=only.pk), Role.PARTNER_ADMIN, partner)
        and audit_count() == before
    )
    services.person_remove_access(actor=secretariat, person_id=person.pk, expected_version=2)
    assert not has_role(User.objects.get(pk=only.pk), Role.PARTNER_ADMIN, partner)


def test_last_admin_refusal_is_pure():
    assert rules.last_admin_refusal(0, actor_is_secretariat=False)
    assert rules.last_admin_refusal(0, actor_is_secretariat=True) is None
    assert rules.last_admin_refusal(1, actor_is_secretariat=False) is None


def test_removing_a_person_removes_their_access_and_is_audited(person, admin, partner):
    services.person_grant_access(
        actor=admin, person_id=person.pk, role="partner_member", expected_version=1
    )
    user_id = Person.objects.get(pk=person.pk).user_id
    services.person_remove(actor=admin, person_id=person.pk, expected_version=2)
    assert not Person.objects.filter(pk=person.pk).exists()
    assert not RoleAssignment.objects.filter(user_id=user_id, role="partner_member").exists()
    entry = AuditEntry.objects.get(event="partners.person.removed")
    assert entry.object_id == str(person.pk) and entry.object_label == "Luis Quispe"
    assert Partner.objects.filter(pk=partner.pk).exists()


def test_a_stale_removal_is_refused(person, admin):
    services.person_update(
        actor=admin, person_id=person.pk, expected_version=1, data={"position": "Director"}
    )
    with pytest.raises(Conflict):
        services.person_remove(actor=admin, person_id=person.pk, expected_version=1)
    assert Person.objects.filter(pk=person.pk).exists()


def test_someone_who_works_with_two_partners_gets_access_to_each(
    person, admin, make_partner, secretariat
):
    other = make_partner("other")
    elsewhere = services.person_add(
        actor=secretariat,
        partner_id=other.pk,
        data={"full_name": "Luis Q.", "email": "luis@red.example"},
    )
    services.person_grant_access(
        actor=secretariat, person_id=elsewhere.pk, role="partner_member", expected_version=1
    )
    services.person_grant_access(
        actor=admin, person_id=person.pk, role="partner_admin", expected_version=1
    )
    user = User.objects.get(email="luis@red.example")
    assert has_role(user, Role.PARTNER_MEMBER, other) and has_role(
        user, Role.PARTNER_ADMIN, person.partner
    )
    assert not can(user, "partners.manage_people", other)


def test_one_account_is_never_two_people_of_the_same_partner(person, admin, partner):
    services.person_grant_access(
        actor=admin, person_id=person.pk, role="partner_member", expected_version=1
    )
    services.person_update(
        actor=admin, person_id=person.pk, expected_version=2, data={"email": "l.q@red.example"}
    )
    twin = services.person_add(
        actor=admin,
        partner_id=partner.pk,
        data={"full_name": "Luis Twin", "email": "luis@red.example"},
    )
    with pytest.raises(ValidationError) as exc:
        services.person_grant_access(
            actor=admin, person_id=twin.pk, role="partner_member", expected_version=1
        )
    assert "email" in exc.value.message_dict
    twin.refresh_from_db()
    assert twin.user is None


def test_a_person_still_named_in_a_group_is_not_removed(person, admin):
    from alliance87.groups.models import Group, Membership

    group = Group.objects.create(slug="ag-test", kind="action_group", names={"en": "Test group"})
    Membership.objects.create(group=group, person=person, partner=person.partner)
    before = audit_count()
    with pytest.raises(TransitionRefused):
        services.person_remove(actor=admin, person_id=person.pk, expected_version=1)
    assert Person.objects.filter(pk=person.pk).exists() and audit_count() == before


def test_phone_problem_accepts_usual_numbers_and_refuses_words():
    assert rules.phone_problem("+51 (1) 555-0199 ext. 12") is None
    assert rules.phone_problem("022 555 01 99") is None
    assert rules.phone_problem("ring me") and rules.phone_problem("+1 23")


def test_inviting_again_re_sends_the_e_mail_without_a_second_role(
    person, admin, partner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.person_grant_access(
            actor=admin, person_id=person.pk, role="partner_member", expected_version=1
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.person_grant_access(
            actor=admin, person_id=person.pk, role="partner_member", expected_version=2
        )
    assert len(mail.outbox) == 2
    assert RoleAssignment.objects.filter(user__email="luis@red.example").count() == 1
    assert AuditEntry.objects.filter(event="partners.person.access_granted").count() == 2
