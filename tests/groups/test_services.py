"""Groups services: membership from partners, leadership, work plan, creation by GCG decision."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from alliance87.core.exceptions import Conflict, DomainError, TransitionRefused, ValidationError
from alliance87.core.models import AuditEntry, Role
from alliance87.groups import seed, selectors, services
from alliance87.groups.events import GroupsEvent
from alliance87.groups.models import Group, GroupMeeting, Membership, ResourceNeed, Task
from alliance87.partners.models import Partner, Person

pytestmark = pytest.mark.django_db


def expert(name: str = "Ana Expert", with_partner: bool = True) -> Person:
    partner = None
    if with_partner:
        partner, _ = Partner.objects.get_or_create(
            slug="ilo", defaults={"names": {"en": "ILO"}, "category": "un_entity"}
        )
    return Person.objects.create(full_name=name, partner=partner)


def test_the_seed_ships_five_action_groups_and_the_monitoring_working_group_idempotently():
    seed.load()
    seed.load()
    groups = {g.slug: g for g in Group.objects.all()}
    assert len(groups) == 6
    assert groups["sdg87-monitoring"].kind == "working_group"
    assert groups["rule-of-law-governance"].status == "proposed"
    assert groups["communications-engagement"].members_noted == 40
    assert not Membership.objects.exists()  # no invented people
    assert Task.objects.filter(objective__group__slug="communications-engagement").count() == 4


def test_a_person_joins_from_their_partner_organisation(secretariat):
    seed.load()
    group = Group.objects.get(slug="migration")
    audit_before = AuditEntry.objects.count()
    m = services.member_add(actor=secretariat, group_id=group.pk, person_id=expert().pk)
    assert m.partner.slug == "ilo"
    assert AuditEntry.objects.filter(event="groups.member.added").count() == 1
    entry = AuditEntry.objects.get(event=GroupsEvent.MEMBER_ADDED)
    assert entry.actor == secretariat and entry.object_id == str(m.pk)
    assert entry.changes == {"group": [None, "migration"], "role": [None, "member"]}
    with pytest.raises(ValidationError):
        services.member_add(
            actor=secretariat, group_id=group.pk, person_id=expert("Loner", with_partner=False).pk
        )
    assert Membership.objects.count() == 1 and AuditEntry.objects.count() == audit_before + 1


def test_a_group_has_one_chair_or_two_co_chairs(secretariat):
    seed.load()
    group = Group.objects.get(slug="migration")
    services.member_add(
        actor=secretariat, group_id=group.pk, person_id=expert("A").pk, role="co_chair"
    )
    services.member_add(
        actor=secretariat, group_id=group.pk, person_id=expert("B").pk, role="co_chair"
    )
    audit_before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as err:
        services.member_add(
            actor=secretariat, group_id=group.pk, person_id=expert("C").pk, role="chair"
        )
    assert "one chair or two co-chairs" in str(err.value)
    assert err.value.error_dict["role"][0].code == "group.led_by_co_chairs"
    assert Membership.objects.filter(group=group).count() == 2
    assert AuditEntry.objects.count() == audit_before


def test_the_database_keeps_one_chair_per_group_even_past_the_service(secretariat):
    seed.load()
    group = Group.objects.get(slug="migration")
    services.member_add(
        actor=secretariat, group_id=group.pk, person_id=expert("A").pk, role="chair"
    )
    m = Membership(group=group, person=expert("B"), role="chair")
    with pytest.raises(ValidationError):
        m.full_clean()
    # Past validation too: the database's own constraint refuses a second chair.
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        m.save()
    assert Membership.objects.filter(group=group, role="chair").count() == 1


def test_a_group_chair_edits_the_work_plan_but_cannot_appoint_a_chair(make_user):
    seed.load()
    group = Group.objects.get(slug="supply-chains")
    chair = make_user(Role.GROUP_CHAIR, scope=group)
    objective = services.objective_add(actor=chair, group_id=group.pk, title="Map supply chains")
    task = services.task_add(
        actor=chair, objective_id=objective.pk, title="Draft the map", due_on=dt.date(2019, 12, 31)
    )
    services.task_set_status(actor=chair, task_id=task.pk, status="in_progress")
    services.note_add(actor=chair, group_id=group.pk, text="Work started", task_id=task.pk)
    with pytest.raises(PermissionDenied):
        services.member_add(actor=chair, group_id=group.pk, person_id=expert().pk, role="chair")
    other = Group.objects.get(slug="migration")
    with pytest.raises(PermissionDenied):
        services.objective_add(actor=chair, group_id=other.pk, title="Not mine")
    task.refresh_from_db()
    assert task.status == "in_progress" and task.is_overdue(dt.date(2020, 1, 1))


def test_a_proposed_group_is_created_only_by_a_gcg_decision(secretariat, partner_member):
    group = services.group_propose(actor=partner_member, name="Data and statistics")
    assert group.status == "proposed"
    assert group.names == {"en": "Data and statistics", "_original": "en"}
    with pytest.raises(DomainError) as err:
        services.group_create_by_decision(actor=secretariat, decision_ref="", group_id=group.pk)
    assert (err.value.code, err.value.field) == ("group.needs_decision", "decision_ref")
    group.refresh_from_db()
    assert (group.status, group.version) == ("proposed", 1)
    assert AuditEntry.objects.filter(event=GroupsEvent.GROUP_ACTIVATED).count() == 0
    services.group_create_by_decision(actor=secretariat, decision_ref="GCG6/1", group_id=group.pk)
    group.refresh_from_db()
    assert (group.status, group.decision_ref) == ("active", "GCG6/1")
    entry = AuditEntry.objects.get(event=GroupsEvent.GROUP_ACTIVATED)
    assert entry.actor == secretariat
    assert entry.changes == {"status": ["proposed", "active"], "decision_ref": ["", "GCG6/1"]}
    services.group_close(actor=secretariat, group_id=group.pk)
    entry = AuditEntry.objects.get(event=GroupsEvent.GROUP_CLOSED)
    assert (entry.actor, entry.changes) == (secretariat, {"status": ["active", "closed"]})
    audit_before = AuditEntry.objects.count()
    with pytest.raises(TransitionRefused) as err:
        services.group_create_by_decision(
            actor=secretariat, decision_ref="GCG7/1", group_id=group.pk
        )
    assert err.value.code == "group.not_allowed_from"
    group.refresh_from_db()
    assert (group.status, group.decision_ref, group.version) == ("closed", "GCG6/1", 3)
    assert AuditEntry.objects.count() == audit_before


def test_a_closed_group_takes_no_new_member(secretariat):
    seed.load()
    group = Group.objects.get(slug="migration")
    services.group_close(actor=secretariat, group_id=group.pk)
    audit_before = AuditEntry.objects.count()
    with pytest.raises(TransitionRefused, match="This group is closed."):
        services.member_add(actor=secretariat, group_id=group.pk, person_id=expert().pk)
    assert not Membership.objects.exists() and AuditEntry.objects.count() == audit_before


def test_an_outsider_cannot_propose_a_group(outsider):
    with pytest.raises(PermissionDenied):
        services.group_propose(actor=outsider, name="Mine")
    assert not Group.objects.exists()


def test_resource_needs_are_validated(secretariat):
    seed.load()
    group = Group.objects.get(slug="migration")
    audit_before = AuditEntry.objects.count()
    with pytest.raises(ValidationError):
        services.resource_need_add(
            actor=secretariat, group_id=group.pk, description="Travel", amount=-1, currency="USD"
        )
    with pytest.raises(ValidationError):
        services.resource_need_add(
            actor=secretariat,
            group_id=group.pk,
            description="Travel",
            amount=100,
            currency="dollars",
        )
    assert not ResourceNeed.objects.exists() and AuditEntry.objects.count() == audit_before
    need = services.resource_need_add(
        actor=secretariat, group_id=group.pk, description="Travel", amount=100, currency="usd"
    )
    assert need.currency == "USD"
    entry = AuditEntry.objects.get(event=GroupsEvent.RESOURCE_NEED_ADDED)
    assert entry.actor == secretariat
    # Recorded as the field stores it (a decimal, written as text), however it was passed.
    assert entry.changes["amount"] == [None, "100"] and entry.changes["currency"] == [None, "USD"]
    assert selectors.group_get("migration").resource_needs == [need]


def test_appointing_a_chair_lets_them_edit_this_groups_work_plan_and_no_other(
    secretariat, make_user
):
    seed.load()
    group = Group.objects.get(slug="migration")
    user = make_user(None, full_name="Chris Chair")
    person = expert("Chris Chair")
    person.user = user
    person.save()
    m = services.member_add(actor=secretariat, group_id=group.pk, person_id=person.pk, role="chair")
    services.objective_add(actor=user, group_id=group.pk, title="Fair recruitment")
    with pytest.raises(PermissionDenied):
        services.objective_add(
            actor=user, group_id=Group.objects.get(slug="supply-chains").pk, title="Not mine"
        )
    with pytest.raises(PermissionDenied):  # a chair does not end their own appointment
        services.member_remove(actor=user, membership_id=m.pk)
    services.member_remove(actor=secretariat, membership_id=m.pk)
    from alliance87.core.permissions import forget_roles

    forget_roles(user)
    with pytest.raises(PermissionDenied):
        services.objective_add(actor=user, group_id=group.pk, title="After leaving")
    assert group.objectives.count() == 1


def test_a_member_leaves_once_and_the_membership_is_kept(secretariat):
    seed.load()
    group = Group.objects.get(slug="migration")
    m = services.member_add(actor=secretariat, group_id=group.pk, person_id=expert().pk)
    services.member_remove(actor=secretariat, membership_id=m.pk, left_on=dt.date(2030, 1, 1))
    entry = AuditEntry.objects.get(event=GroupsEvent.MEMBER_LEFT)
    assert entry.actor == secretariat
    assert entry.changes == {"left_on": [None, "2030-01-01"]}
    audit_before = AuditEntry.objects.count()
    with pytest.raises(TransitionRefused) as err:
        services.member_remove(actor=secretariat, membership_id=m.pk)
    assert err.value.code == "membership.not_allowed_from"
    m.refresh_from_db()
    assert m.left_on == dt.date(2030, 1, 1) and AuditEntry.objects.count() == audit_before
    assert selectors.group_get("migration").members == []


def test_a_meeting_known_only_to_the_month_is_stored_on_its_first_day(secretariat):
    seed.load()
    group = Group.objects.get(slug="migration")
    m = services.meeting_add(
        actor=secretariat,
        group_id=group.pk,
        date=dt.date(2019, 5, 20),
        title="Abidjan",
        date_precision="month",
    )
    assert (m.date, m.date_precision) == (dt.date(2019, 5, 1), "month")
    assert m.titles == {"en": "Abidjan", "_original": "en"}
    audit_before = AuditEntry.objects.count()
    with pytest.raises(ValidationError):
        services.meeting_add(
            actor=secretariat,
            group_id=group.pk,
            date=dt.date(2019, 5, 20),
            title="x",
            date_precision="week",
        )
    assert GroupMeeting.objects.count() == 2 and AuditEntry.objects.count() == audit_before


def test_a_task_status_change_is_audited_with_its_old_and_new_status(secretariat):
    seed.load()
    group = Group.objects.get(slug="migration")
    objective = services.objective_add(actor=secretariat, group_id=group.pk, title="O")
    task = services.task_add(actor=secretariat, objective_id=objective.pk, title="T")
    services.task_set_status(actor=secretariat, task_id=task.pk, status="done", expected_version=1)
    entry = AuditEntry.objects.get(event=GroupsEvent.TASK_STATUS_CHANGED)
    assert entry.actor == secretariat and entry.object_id == str(task.pk)
    assert entry.changes == {"status": ["not_started", "done"]}
    audit_before = AuditEntry.objects.count()
    with pytest.raises(Conflict):
        services.task_set_status(
            actor=secretariat, task_id=task.pk, status="dropped", expected_version=1
        )
    task.refresh_from_db()
    assert (task.status, task.version) == ("done", 2)
    assert AuditEntry.objects.count() == audit_before


def test_the_seed_marks_its_texts_as_spanish_originals():
    seed.load()
    group = Group.objects.get(slug="communications-engagement")
    assert group.names["_original"] == "es" and group.acronyms["_original"] == "es"
    assert group.members_note["_original"] == "es"
    assert {t.titles["_original"] for t in Task.objects.all()} == {"es"}
    seed.load()  # found again, not duplicated
    assert Task.objects.filter(objective__group=group).count() == 4
