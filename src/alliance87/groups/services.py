"""Every change to action groups and working groups: lock, re-check, write, audit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from alliance87.core import audit
from alliance87.core.exceptions import Conflict, DomainError, TransitionRefused, ValidationError
from alliance87.core.models import Role
from alliance87.core.permissions import require
from alliance87.core.services import role_assign, role_revoke
from alliance87.partners.models import Person

from . import rules
from .models import (
    Group,
    GroupMeeting,
    Kind,
    MemberRole,
    Membership,
    Objective,
    ProgressNote,
    ResourceNeed,
    Status,
    Task,
    TaskStatus,
)


def group_qs_for_update():
    return Group.objects.select_for_update().order_by("pk")


def _names(name: str, names: dict | None, language: str = "en") -> dict:
    result = dict(names or {})
    if name:
        result.setdefault(language, name)
    if not any(v.strip() for v in result.values()):
        raise ValidationError({"name": _("Give the group a name.")})
    return result


#: Paths of the groups pages and API that a group's slug must not take.
RESERVED_SLUGS = frozenset({"propose"})


def _unique_slug(base: str) -> str:
    slug = slugify(base)[:70] or "group"
    candidate, n = slug, 2
    while candidate in RESERVED_SLUGS or Group.objects.filter(slug=candidate).exists():
        candidate, n = f"{slug}-{n}", n + 1
    return candidate


def group_propose(
    *,
    actor,
    name: str,
    kind: str = Kind.ACTION_GROUP,
    names: dict | None = None,
    description: str = "",
    language: str = "en",
) -> Group:
    """A proposal for a new group; it goes to the GCG, whose decision creates it."""
    require(actor, "groups.propose")
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Choose an action group or a working group.")})
    with transaction.atomic():
        names = _names(name, names, language)
        group = Group(
            slug=_unique_slug(names.get("en") or next(iter(names.values()))),
            kind=kind,
            names=names,
            status=Status.PROPOSED,
            description={language: description} if description else {},
        )
        group.full_clean()
        group.save()
        audit.record(actor=actor, event="groups.group.proposed", obj=group, allow_empty=True)
    return group


def group_create_by_decision(
    *,
    actor,
    decision_ref: str,
    name: str = "",
    kind: str = Kind.ACTION_GROUP,
    names: dict | None = None,
    group_id: int | None = None,
    language: str = "en",
) -> Group:
    """Create a group on a GCG decision: activate a proposed group (``group_id``) or create it
    active. Called by the governance service that records the decision, in its transaction."""
    require(actor, "groups.manage")
    if not decision_ref:
        raise DomainError(
            rules.transition_refusal(rules.Status.PROPOSED, rules.Status.ACTIVE, decision_ref=None),
            field="decision_ref",
        )
    with transaction.atomic():
        if group_id is None:
            names = _names(name, names, language)
            group = Group(
                slug=_unique_slug(names.get("en") or next(iter(names.values()))),
                kind=kind,
                names=names,
                status=Status.ACTIVE,
                decision_ref=decision_ref,
            )
            group.full_clean()
            group.save()
            audit.record(
                actor=actor,
                event="groups.group.created",
                obj=group,
                changes={"status": [None, Status.ACTIVE], "decision_ref": [None, decision_ref]},
            )
            return group
        group = group_qs_for_update().filter(pk=group_id).first()
        if group is None:
            raise ValidationError({"group": _("There is no such group.")})
        return _transition(actor, group, Status.ACTIVE, decision_ref)


def group_close(*, actor, group_id: int, expected_version: int | None = None) -> Group:
    """Close an active group (the Secretariat, on the GCG's decision)."""
    require(actor, "groups.manage")
    with transaction.atomic():
        group = group_qs_for_update().get(pk=group_id)
        if expected_version is not None and group.version != expected_version:
            raise Conflict(_("Someone else changed this group. Reload it and try again."))
        return _transition(actor, group, Status.CLOSED, None)


def _transition(actor, group: Group, target: str, decision_ref: str | None) -> Group:
    reason = rules.transition_refusal(
        rules.Status(group.status), rules.Status(target), decision_ref=decision_ref
    )
    if reason:
        raise TransitionRefused(reason)
    data = {"status": target}
    if decision_ref:
        data["decision_ref"] = decision_ref
    changes = audit.apply_changes(group, data)
    group.version += 1
    group.full_clean()
    group.save(update_fields=[*changes, "version"])
    audit.record(actor=actor, event=f"groups.group.{target}", obj=group, changes=changes)
    return group


def member_add(
    *,
    actor,
    group_id: int,
    person_id: int,
    role: str = MemberRole.MEMBER,
    joined_on: dt.date | None = None,
) -> Membership:
    """Add an expert to a group; they join from their partner organisation."""
    with transaction.atomic():
        group = group_qs_for_update().filter(pk=group_id).first()
        if group is None:
            raise ValidationError({"group": _("There is no such group.")})
        require(actor, "groups.edit_work", group)
        if role not in MemberRole.values:
            raise ValidationError({"role": _("Choose a role.")})
        if role in (MemberRole.CHAIR, MemberRole.CO_CHAIR, MemberRole.FOCAL_POINT):
            require(actor, "groups.manage", group)
        if group.status == Status.CLOSED:
            raise TransitionRefused(_("This group is closed."))
        person = Person.objects.filter(pk=person_id).first()
        if person is None:
            raise ValidationError({"person": _("There is no such person.")})
        if person.partner_id is None:
            raise ValidationError(
                {"person": _("A member joins from a partner organisation; this person has none.")}
            )
        current = group.memberships.filter(left_on__isnull=True).aggregate(
            chairs=Count("pk", filter=Q(role=MemberRole.CHAIR)),
            co=Count("pk", filter=Q(role=MemberRole.CO_CHAIR)),
            focal=Count("pk", filter=Q(role=MemberRole.FOCAL_POINT)),
        )
        reason = rules.leadership_refusal(current["chairs"], current["co"], rules.Role(role))
        if reason is None and role == MemberRole.FOCAL_POINT:
            reason = rules.focal_point_refusal(current["focal"])
        if reason:
            raise ValidationError({"role": reason})
        m = Membership(
            group=group,
            person=person,
            partner_id=person.partner_id,
            role=role,
            joined_on=joined_on or timezone.localdate(),
        )
        m.full_clean()
        m.save()
        audit.record(
            actor=actor,
            event="groups.member.added",
            obj=m,
            changes={"group": [None, group.slug], "role": [None, role]},
            label=f"{person} — {group}",
        )
        if role in LEADING_ROLES and person.user_id:
            # The chair or co-chair edits the work plan: a group_chair role on this group only.
            role_assign(
                actor=actor, user=person.user, role=Role.GROUP_CHAIR, scope=group, check=False
            )
    return m


#: Roles whose holders lead the group and edit its work plan (seed 001: «un presidente, o
#: dos copresidentes»).
LEADING_ROLES = (MemberRole.CHAIR, MemberRole.CO_CHAIR)


def member_remove(*, actor, membership_id: int, left_on: dt.date | None = None) -> Membership:
    """A member leaves a group (the membership is kept, with the day they left)."""
    with transaction.atomic():
        m = (
            Membership.objects.select_for_update()
            .select_related("group", "person")
            .filter(pk=membership_id)
            .first()
        )
        if m is None:
            raise ValidationError({"membership": _("There is no such member.")})
        require(actor, "groups.edit_work", m.group)
        if m.role != MemberRole.MEMBER:
            require(actor, "groups.manage", m.group)
        if m.left_on is not None:
            raise TransitionRefused(_("This person has already left the group."))
        changes = audit.apply_changes(m, {"left_on": left_on or timezone.localdate()})
        m.full_clean()
        m.save(update_fields=list(changes))
        audit.record(actor=actor, event="groups.member.left", obj=m, changes=changes)
        user = m.person.user if m.role in LEADING_ROLES and m.person.user_id else None
        if user is not None:
            role_revoke(actor=actor, user=user, role=Role.GROUP_CHAIR, scope=m.group)
    return m


def objective_add(*, actor, group_id: int, title: str, language: str = "en") -> Objective:
    """Add an objective at the end of a group's work plan."""
    group = Group.objects.filter(pk=group_id).first()
    if group is None:
        raise ValidationError({"group": _("There is no such group.")})
    require(actor, "groups.edit_work", group)
    if not title.strip():
        raise ValidationError({"title": _("Give the objective a title.")})
    with transaction.atomic():
        position = (group.objectives.count() or 0) + 1
        obj = Objective.objects.create(
            group=group, position=position, titles={language: title.strip()}
        )
        audit.record(actor=actor, event="groups.objective.added", obj=obj, allow_empty=True)
    return obj


def task_add(
    *,
    actor,
    objective_id: int,
    title: str,
    owner_id: int | None = None,
    due_on: dt.date | None = None,
    language: str = "en",
    group_id: int | None = None,
) -> Task:
    """Add a task to an objective of the work plan (of group ``group_id`` when given)."""
    objective = Objective.objects.select_related("group").filter(pk=objective_id).first()
    if objective is None:
        raise ValidationError({"objective": _("There is no such objective.")})
    require(actor, "groups.edit_work", objective.group)
    if group_id is not None and objective.group_id != group_id:
        raise ValidationError({"objective": _("This objective is not in this group's work plan.")})
    if not title.strip():
        raise ValidationError({"title": _("Give the task a title.")})
    if owner_id is not None and not Person.objects.filter(pk=owner_id).exists():
        raise ValidationError({"owner": _("There is no such person.")})
    with transaction.atomic():
        task = Task(objective=objective, titles={language: title}, owner_id=owner_id, due_on=due_on)
        task.full_clean()
        task.save()
        audit.record(actor=actor, event="groups.task.added", obj=task, allow_empty=True)
    return task


def task_set_status(
    *,
    actor,
    task_id: int,
    status: str,
    expected_version: int | None = None,
    group_id: int | None = None,
) -> Task:
    """Change a task's status (of a task of group ``group_id`` when given)."""
    with transaction.atomic():
        task = (
            Task.objects.select_for_update()
            .select_related("objective__group")
            .filter(pk=task_id)
            .first()
        )
        if task is None:
            raise ValidationError({"task": _("There is no such task.")})
        require(actor, "groups.edit_work", task.objective.group)
        if group_id is not None and task.objective.group_id != group_id:
            raise ValidationError({"task": _("This task is not in this group's work plan.")})
        if status not in TaskStatus.values:
            raise ValidationError({"status": _("Choose a status.")})
        if expected_version is not None and task.version != expected_version:
            raise Conflict(_("Someone else changed this task. Reload it and try again."))
        changes = audit.apply_changes(task, {"status": status})
        if changes:
            task.version += 1
            task.save(update_fields=[*changes, "version"])
            audit.record(actor=actor, event="groups.task.status_changed", obj=task, changes=changes)
    return task


def note_add(*, actor, group_id: int, text: str, task_id: int | None = None) -> ProgressNote:
    """A progress note on a group's work plan, optionally on one of its tasks."""
    group = Group.objects.filter(pk=group_id).first()
    if group is None:
        raise ValidationError({"group": _("There is no such group.")})
    require(actor, "groups.edit_work", group)
    if not text.strip():
        raise ValidationError({"text": _("Write the note.")})
    if task_id is not None and not Task.objects.filter(pk=task_id, objective__group=group).exists():
        raise ValidationError({"task": _("This task is not in this group's work plan.")})
    with transaction.atomic():
        note = ProgressNote.objects.create(
            group=group, task_id=task_id, text=text.strip(), author=actor
        )
        audit.record(actor=actor, event="groups.note.added", obj=note, allow_empty=True)
    return note


def meeting_add(
    *,
    actor,
    group_id: int,
    date: dt.date,
    title: str,
    place: str = "",
    language: str = "en",
    date_precision: str = GroupMeeting.Precision.DAY,
) -> GroupMeeting:
    """Record a meeting of a group; ``date_precision`` "month" when only the month is known
    (the month's first day is stored)."""
    group = Group.objects.filter(pk=group_id).first()
    if group is None:
        raise ValidationError({"group": _("There is no such group.")})
    require(actor, "groups.edit_work", group)
    if not title.strip():
        raise ValidationError({"title": _("Give the meeting a title.")})
    if date_precision not in GroupMeeting.Precision.values:
        raise ValidationError({"date_precision": _("Give the day or only the month.")})
    if date_precision == GroupMeeting.Precision.MONTH:
        date = date.replace(day=1)
    with transaction.atomic():
        m = GroupMeeting(
            group=group,
            date=date,
            date_precision=date_precision,
            place=place.strip(),
            titles={language: title.strip()},
        )
        m.full_clean()
        m.save()
        audit.record(actor=actor, event="groups.meeting.added", obj=m, allow_empty=True)
    return m


def resource_need_add(
    *,
    actor,
    group_id: int,
    description: str,
    amount: Decimal | None = None,
    currency: str = "",
    reported_to_gcg_on: dt.date | None = None,
) -> ResourceNeed:
    """Seed 001: chairs «comunicar las posibles necesidades de recursos al Grupo de
    Coordinación Global»."""
    group = Group.objects.filter(pk=group_id).first()
    if group is None:
        raise ValidationError({"group": _("There is no such group.")})
    require(actor, "groups.edit_work", group)
    if not description.strip():
        raise ValidationError({"description": _("Describe the need.")})
    if amount is not None and amount < 0:
        raise ValidationError({"amount": _("An amount cannot be negative.")})
    currency = currency.strip()
    if (amount is not None or currency) and not (len(currency) == 3 and currency.isalpha()):
        raise ValidationError({"currency": _("Give the currency as a three-letter code.")})
    if reported_to_gcg_on is not None and reported_to_gcg_on > timezone.localdate():
        raise ValidationError(
            {"reported_to_gcg_on": _("The day it was reported to the GCG cannot be in the future.")}
        )
    with transaction.atomic():
        need = ResourceNeed(
            group=group,
            description=description.strip(),
            amount=amount,
            currency=currency.upper(),
            reported_to_gcg_on=reported_to_gcg_on,
        )
        need.full_clean()
        need.save()
        audit.record(actor=actor, event="groups.resource_need.added", obj=need, allow_empty=True)
    return need


def resource_need_report(*, actor, need_id: int, group_id: int | None = None) -> ResourceNeed:
    """Report a recorded need to the GCG today: it then appears on the GCG's dashboard and on
    the page of its next meeting. Refused when already reported."""
    with transaction.atomic():
        need = (
            ResourceNeed.objects.select_for_update()
            .select_related("group")
            .filter(pk=need_id)
            .first()
        )
        if need is None or (group_id is not None and need.group_id != group_id):
            raise ValidationError({"need": _("There is no such resource need in this group.")})
        require(actor, "groups.edit_work", need.group)
        if need.reported_to_gcg_on is not None:
            raise TransitionRefused(_("This need has already been reported to the GCG."))
        changes = audit.apply_changes(need, {"reported_to_gcg_on": timezone.localdate()})
        need.save(update_fields=list(changes))
        audit.record(actor=actor, event="groups.resource_need.reported", obj=need, changes=changes)
    return need
