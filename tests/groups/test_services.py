"""Groups services: membership from partners, leadership, work plan, creation by GCG decision."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from alliance87.core.exceptions import DomainError, TransitionRefused, ValidationError
from alliance87.core.models import AuditEntry, Role
from alliance87.groups import seed, selectors, services
from alliance87.groups.models import Group, Membership, Task
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
    m = services.member_add(actor=secretariat, group_id=group.pk, person_id=expert().pk)
    assert m.partner.slug == "ilo"
    assert AuditEntry.objects.filter(event="groups.member.added").count() == 1
    with pytest.raises(ValidationError):
        services.member_add(
            actor=secretariat, group_id=group.pk, person_id=expert("Loner", with_partner=False).pk
        )


def test_a_group_has_one_chair_or_two_co_chairs(secretariat):
    seed.load()
    group = Group.objects.get(slug="migration")
    services.member_add(
        actor=secretariat, group_id=group.pk, person_id=expert("A").pk, role="co_chair"
    )
    services.member_add(
        actor=secretariat, group_id=group.pk, person_id=expert("B").pk, role="co_chair"
    )
    with pytest.raises(ValidationError) as err:
        services.member_add(
            actor=secretariat, group_id=group.pk, person_id=expert("C").pk, role="chair"
        )
    assert "one chair or two co-chairs" in str(err.value)
    assert Membership.objects.filter(group=group).count() == 2


def test_the_database_keeps_one_chair_per_group_even_past_the_service(secretariat):
    seed.load()
    group = Group.objects.get(slug="migration")
    services.member_add(
        actor=secretariat, group_id=group.pk, person_id=expert("A").pk, role="chair"
    )
    m = Membership(group=group, person=expert("B"), role="chair")
    with pytest.raises(ValidationError):
        m.full_clean()


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
    with pytest.raises(DomainError):
        services.group_create_by_decision(actor=secretariat, decision_ref="", group_id=group.pk)
    services.group_create_by_decision(actor=secretariat, decision_ref="GCG6/1", group_id=group.pk)
    group.refresh_from_db()
    assert (group.status, group.decision_ref) == ("active", "GCG6/1")
    services.group_close(actor=secretariat, group_id=group.pk)
    with pytest.raises(TransitionRefused):
        services.group_create_by_decision(
            actor=secretariat, decision_ref="GCG7/1", group_id=group.pk
        )


def test_an_outsider_cannot_propose_a_group(outsider):
    with pytest.raises(PermissionDenied):
        services.group_propose(actor=outsider, name="Mine")
    assert not Group.objects.exists()


def test_resource_needs_are_validated(secretariat):
    seed.load()
    group = Group.objects.get(slug="migration")
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
    need = services.resource_need_add(
        actor=secretariat, group_id=group.pk, description="Travel", amount=100, currency="usd"
    )
    assert need.currency == "USD"
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
    services.member_remove(actor=secretariat, membership_id=m.pk)
    with pytest.raises(TransitionRefused):
        services.member_remove(actor=secretariat, membership_id=m.pk)
    m.refresh_from_db()
    assert m.left_on is not None
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
    with pytest.raises(ValidationError):
        services.meeting_add(
            actor=secretariat,
            group_id=group.pk,
            date=dt.date(2019, 5, 20),
            title="x",
            date_precision="week",
        )
