"""Every change to action groups and working groups: lock, re-check, write, audit.

Each service is one durable transaction (``changes.write()``), except
:func:`group_create_by_decision`, which runs inside the governance service that records the
GCG's decision. Lock order: a group before its members, objectives and tasks.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from alliance87.core import changes, content, refusals
from alliance87.core.exceptions import DomainError, NotFound, ValidationError
from alliance87.core.models import Role
from alliance87.core.permissions import require
from alliance87.core.refusals import refused
from alliance87.core.services import role_assign, role_revoke
from alliance87.partners.models import Person

from . import rules
from .events import TRANSITION_EVENTS, GroupsEvent
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


def _names(name: str, names: dict | None, language: str = "en") -> dict:
    result = dict(names or {})
    if name:
        result.setdefault(language, name)
        result.setdefault(content.ORIGINAL, language)
    if not any(v.strip() for v in content.texts(result).values()):
        raise ValidationError({"name": _("Give the group a name.")})
    return result


def _text(language: str, text: str) -> dict:
    """A text the user wrote in ``language``: that language is its original."""
    return content.make(language, **{language: text})


#: Paths of the groups pages and API that a group's slug must not take.
RESERVED_SLUGS = frozenset({"propose"})


def _unique_slug(names: dict) -> str:
    texts = content.texts(names)
    slug = slugify(texts.get("en") or next(iter(texts.values())))[:70] or "group"
    candidate, n = slug, 2
    while candidate in RESERVED_SLUGS or Group.objects.filter(slug=candidate).exists():
        candidate, n = f"{slug}-{n}", n + 1
    return candidate


def _group(group_id: int, *, lock: bool = False) -> Group:
    if lock:
        return changes.lock(Group, not_found=_("There is no such group."), pk=group_id)
    group = Group.objects.filter(pk=group_id).first()
    if group is None:
        raise NotFound(_("There is no such group."))
    return group


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
    names = _names(name, names, language)
    with changes.write():
        return changes.create(
            Group,
            actor=actor,
            event=GroupsEvent.GROUP_PROPOSED,
            slug=_unique_slug(names),
            kind=kind,
            names=names,
            status=Status.PROPOSED,
            description=_text(language, description) if description else {},
        )


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
        reason = rules.transition_refusal(
            rules.Status.PROPOSED, rules.Status.ACTIVE, decision_ref=None
        )
        raise refused(reason, field="decision_ref", exception=DomainError)
    # Nested: governance's decision_record calls this inside its own transaction, so the
    # decision and the group it creates are written (or rolled back) together.
    with changes.write(nested=True):
        if group_id is None:
            names = _names(name, names, language)
            return changes.create(
                Group,
                actor=actor,
                event=GroupsEvent.GROUP_CREATED,
                changes={"status": [None, Status.ACTIVE], "decision_ref": [None, decision_ref]},
                slug=_unique_slug(names),
                kind=kind,
                names=names,
                status=Status.ACTIVE,
                decision_ref=decision_ref,
            )
        try:
            group = _group(group_id, lock=True)
        except NotFound:  # the decision names it in its input: a 400 on that input
            raise ValidationError({"group": _("There is no such group.")}) from None
        return _transition(actor, group, Status.ACTIVE, decision_ref)


def group_close(*, actor, group_id: int, expected_version: int | None = None) -> Group:
    """Close an active group (the Secretariat, on the GCG's decision)."""
    require(actor, "groups.manage")
    with changes.write():
        group = _group(group_id, lock=True)
        changes.check_version(group, expected_version)
        return _transition(actor, group, Status.CLOSED, None)


def _transition(actor, group: Group, target: str, decision_ref: str | None) -> Group:
    """Move a locked ``group`` to ``target`` as ``rules.GROUP`` allows (one audit row)."""
    if reason := rules.transition_refusal(
        rules.Status(group.status), rules.Status(target), decision_ref=decision_ref
    ):
        raise refused(reason)
    data = {"status": target}
    if decision_ref:
        data["decision_ref"] = decision_ref
    changes.update(
        group, actor=actor, event=TRANSITION_EVENTS[rules.GROUP_ACTION_TO[target]], data=data
    )
    return group


#: Roles whose holders lead the group and edit its work plan (seed 001: «un presidente, o
#: dos copresidentes»).
LEADING_ROLES = (MemberRole.CHAIR, MemberRole.CO_CHAIR)


def member_add(
    *,
    actor,
    group_id: int,
    person_id: int,
    role: str = MemberRole.MEMBER,
    joined_on: dt.date | None = None,
) -> Membership:
    """Add an expert to a group; they join from their partner organisation."""
    with changes.write():
        group = _group(group_id, lock=True)  # the group first: its leadership is counted
        require(actor, "groups.edit_work", group)
        if role not in MemberRole.values:
            raise ValidationError({"role": _("Choose a role.")})
        if role in (MemberRole.CHAIR, MemberRole.CO_CHAIR, MemberRole.FOCAL_POINT):
            require(actor, "groups.manage", group)
        if reason := rules.GROUP.refusal("add_member", rules.Status(group.status)):
            raise refused(reason)
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
            raise refusals.invalid(reason, "role")
        m = changes.create(
            Membership,
            actor=actor,
            event=GroupsEvent.MEMBER_ADDED,
            changes={"group": [None, group.slug], "role": [None, role]},
            label=f"{person} — {group}",
            group=group,
            person=person,
            partner_id=person.partner_id,
            role=role,
            joined_on=joined_on or timezone.localdate(),
        )
        if role in LEADING_ROLES and person.user_id:
            # The chair or co-chair edits the work plan: a group_chair role on this group only.
            role_assign(
                actor=actor, user=person.user, role=Role.GROUP_CHAIR, scope=group, check=False
            )
    return m


def member_remove(
    *, actor, membership_id: int, left_on: dt.date | None = None, group_id: int | None = None
) -> Membership:
    """A member leaves a group (the membership is kept, with the day they left); of group
    ``group_id`` when given (404 for a membership of another group)."""
    missing = _("There is no such member.")
    found = Membership.objects.filter(pk=membership_id).values_list("group_id", flat=True).first()
    if found is None or (group_id is not None and found != group_id):
        raise NotFound(missing)
    with changes.write():
        group = _group(found, lock=True)  # parent before child
        m = changes.lock(
            Membership.objects.select_related("person"), not_found=missing, pk=membership_id
        )
        require(actor, "groups.edit_work", group)
        if m.role != MemberRole.MEMBER:
            require(actor, "groups.manage", group)
        if reason := rules.MEMBERSHIP.refusal("leave", rules.membership_state(m.left_on)):
            raise refused(reason)
        changes.update(
            m,
            actor=actor,
            event=GroupsEvent.MEMBER_LEFT,
            data={"left_on": left_on or timezone.localdate()},
        )
        user = m.person.user if m.role in LEADING_ROLES and m.person.user_id else None
        if user is not None:
            role_revoke(actor=actor, user=user, role=Role.GROUP_CHAIR, scope=group)
    return m


def objective_add(*, actor, group_id: int, title: str, language: str = "en") -> Objective:
    """Add an objective at the end of a group's work plan."""
    require(actor, "groups.edit_work", _group(group_id))
    if not title.strip():
        raise ValidationError({"title": _("Give the objective a title.")})
    with changes.write():
        group = _group(group_id, lock=True)  # one position each, in turn
        return changes.create(
            Objective,
            actor=actor,
            event=GroupsEvent.OBJECTIVE_ADDED,
            group=group,
            position=group.objectives.count() + 1,
            titles=_text(language, title.strip()),
        )


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
    with changes.write():
        return changes.create(
            Task,
            actor=actor,
            event=GroupsEvent.TASK_ADDED,
            objective=objective,
            titles=_text(language, title),
            owner_id=owner_id,
            due_on=due_on,
        )


def task_set_status(
    *,
    actor,
    task_id: int,
    status: str,
    expected_version: int | None = None,
    group_id: int | None = None,
) -> Task:
    """Change a task's status (of a task of group ``group_id`` when given: 404 otherwise);
    409 when ``expected_version`` is stale."""
    missing = _("There is no such task in this group's work plan.")
    with changes.write():
        task = changes.lock(
            Task.objects.select_related("objective__group"), not_found=missing, pk=task_id
        )
        require(actor, "groups.edit_work", task.objective.group)
        if group_id is not None and task.objective.group_id != group_id:
            raise NotFound(missing)
        if status not in TaskStatus.values:
            raise ValidationError({"status": _("Choose a status.")})
        if reason := rules.TASK.refusal(rules.TaskStatus(status), rules.TaskStatus(task.status)):
            raise refused(reason)
        changes.update(
            task,
            actor=actor,
            event=GroupsEvent.TASK_STATUS_CHANGED,
            data={"status": status},
            expected_version=expected_version,
        )
    return task


def note_add(*, actor, group_id: int, text: str, task_id: int | None = None) -> ProgressNote:
    """A progress note on a group's work plan, optionally on one of its tasks."""
    group = _group(group_id)
    require(actor, "groups.edit_work", group)
    if not text.strip():
        raise ValidationError({"text": _("Write the note.")})
    task = None
    if task_id is not None:
        task = Task.objects.filter(pk=task_id, objective__group=group).first()
        if task is None:
            raise ValidationError({"task": _("This task is not in this group's work plan.")})
    with changes.write():
        return changes.create(
            ProgressNote,
            actor=actor,
            event=GroupsEvent.NOTE_ADDED,
            group=group,
            task=task,
            text=text.strip(),
            author=actor,
        )


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
    group = _group(group_id)
    require(actor, "groups.edit_work", group)
    if not title.strip():
        raise ValidationError({"title": _("Give the meeting a title.")})
    if date_precision not in GroupMeeting.Precision.values:
        raise ValidationError({"date_precision": _("Give the day or only the month.")})
    if date_precision == GroupMeeting.Precision.MONTH:
        date = date.replace(day=1)
    with changes.write():
        return changes.create(
            GroupMeeting,
            actor=actor,
            event=GroupsEvent.MEETING_ADDED,
            group=group,
            date=date,
            date_precision=date_precision,
            place=place.strip(),
            titles=_text(language, title.strip()),
        )


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
    group = _group(group_id)
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
    with changes.write():
        return changes.create(
            ResourceNeed,
            actor=actor,
            event=GroupsEvent.RESOURCE_NEED_ADDED,
            group=group,
            description=description.strip(),
            amount=amount,
            currency=currency.upper(),
            reported_to_gcg_on=reported_to_gcg_on,
        )


def resource_need_report(*, actor, need_id: int, group_id: int | None = None) -> ResourceNeed:
    """Report a recorded need to the GCG today: it then appears on the GCG's dashboard and on
    the page of its next meeting. Refused (409) when already reported; 404 for a need of
    another group than ``group_id``."""
    missing = _("There is no such resource need in this group.")
    with changes.write():
        need = changes.lock(
            ResourceNeed.objects.select_related("group"), not_found=missing, pk=need_id
        )
        if group_id is not None and need.group_id != group_id:
            raise NotFound(missing)
        require(actor, "groups.edit_work", need.group)
        if reason := rules.RESOURCE_NEED.refusal(
            "report", rules.need_state(need.reported_to_gcg_on)
        ):
            raise refused(reason)
        changes.update(
            need,
            actor=actor,
            event=GroupsEvent.RESOURCE_NEED_REPORTED,
            data={"reported_to_gcg_on": timezone.localdate()},
        )
    return need
