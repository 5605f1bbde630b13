"""The groups API: public reads; work plan writes through services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import Http404
from django.utils.translation import get_language
from ninja import Router, Schema, Status
from pydantic import ConfigDict, Field

from alliance87.core.api_support import authenticated, optional_auth

from . import selectors, services
from .models import Group, Membership

router = Router(tags=["groups"])


class GroupOut(Schema):
    slug: str
    kind: str
    name: str
    acronym: str
    status: str
    decision_ref: str
    members: int
    members_noted: int | None


def _group(g: Group, members: int) -> dict:
    return {
        "slug": g.slug,
        "kind": g.kind,
        "name": g.name,
        "acronym": g.acronym,
        "status": g.status,
        "decision_ref": g.decision_ref,
        "members": members,
        "members_noted": g.members_noted,
    }


@router.get("/groups", response=list[GroupOut], auth=optional_auth)
def groups(request, kind: str | None = None, status: str | None = None):
    return [_group(g, g.member_count) for g in selectors.group_list(kind=kind, status=status)]


class MemberOut(Schema):
    id: int
    name: str
    partner: str | None
    role: str


class TaskOut(Schema):
    id: int
    title: str
    owner: str | None
    due_on: dt.date | None
    status: str
    overdue: bool


class ObjectiveOut(Schema):
    id: int
    title: str
    tasks: list[TaskOut]


class GroupMeetingOut(Schema):
    id: int
    date: dt.date
    precision: str
    place: str
    title: str


class ResourceNeedOut(Schema):
    id: int
    description: str
    amount: str | None
    currency: str
    reported_to_gcg_on: dt.date | None


class GroupDetailOut(GroupOut):
    members_note: str
    leaders: list[MemberOut]
    member_list: list[MemberOut]
    objectives: list[ObjectiveOut]
    meetings: list[GroupMeetingOut]
    resource_needs: list[ResourceNeedOut]


def _task(t) -> dict:
    return {
        "id": t.pk,
        "title": t.title,
        "owner": t.owner.full_name if t.owner_id else None,
        "due_on": t.due_on,
        "status": t.status,
        "overdue": t.is_overdue(),
    }


def _group_meeting(m) -> dict:
    return {
        "id": m.pk,
        "date": m.date,
        "precision": m.date_precision,
        "place": m.place,
        "title": m.title,
    }


def _need(r) -> dict:
    return {
        "id": r.pk,
        "description": r.description,
        "amount": str(r.amount) if r.amount is not None else None,
        "currency": r.currency,
        "reported_to_gcg_on": r.reported_to_gcg_on,
    }


def _language() -> str:
    return (get_language() or "en")[:2]


def _member(m) -> dict:
    return {
        "id": m.pk,
        "name": m.person.full_name,
        "partner": str(m.partner) if m.partner_id else None,
        "role": m.role,
    }


@router.get("/groups/{slug}", response=GroupDetailOut, auth=optional_auth)
def group(request, slug: str):
    d = selectors.group_get(slug)
    if d is None:
        raise Http404
    from alliance87.core.models import pick_language

    return {
        **_group(d.group, len(d.leaders) + len(d.members)),
        "members_note": pick_language(d.group.members_note),
        "leaders": [_member(m) for m in d.leaders],
        "member_list": [_member(m) for m in d.members],
        "objectives": [
            {"id": o.pk, "title": o.title, "tasks": [_task(t) for t in o.tasks.all()]}
            for o in d.objectives
        ],
        "meetings": [_group_meeting(m) for m in d.meetings],
        "resource_needs": [_need(r) for r in d.resource_needs],
    }


def _group_id(slug: str) -> int:
    pk = Group.objects.filter(slug=slug).values_list("pk", flat=True).first()
    if pk is None:
        raise Http404
    return pk


class MemberIn(Schema):
    model_config = ConfigDict(extra="forbid")
    person_id: int
    role: str = "member"


@router.post("/groups/{slug}/members", response={201: MemberOut}, auth=authenticated)
def add_member(request, slug: str, payload: MemberIn):
    m = services.member_add(
        actor=request.user, group_id=_group_id(slug), person_id=payload.person_id, role=payload.role
    )
    return Status(201, _member(m))


class TaskIn(Schema):
    model_config = ConfigDict(extra="forbid")
    objective_id: int
    title: str
    owner_id: int | None = None
    due_on: dt.date | None = None


@router.post("/groups/{slug}/tasks", response={201: TaskOut}, auth=authenticated)
def add_task(request, slug: str, payload: TaskIn):
    """Add a task to one of the group's objectives."""
    t = services.task_add(
        actor=request.user,
        group_id=_group_id(slug),
        objective_id=payload.objective_id,
        title=payload.title,
        owner_id=payload.owner_id,
        due_on=payload.due_on,
        language=_language(),
    )
    return Status(201, _task(t))


class TaskStatusIn(Schema):
    model_config = ConfigDict(extra="forbid")
    status: str
    version: int | None = None


@router.post("/groups/{slug}/tasks/{task_id}/status", response=TaskOut, auth=authenticated)
def set_task_status(request, slug: str, task_id: int, payload: TaskStatusIn):
    """Change a task's status (409 when ``version`` is stale)."""
    t = services.task_set_status(
        actor=request.user,
        group_id=_group_id(slug),
        task_id=task_id,
        status=payload.status,
        expected_version=payload.version,
    )
    return _task(t)


class NoteIn(Schema):
    model_config = ConfigDict(extra="forbid")
    text: str
    task_id: int | None = None


class NoteOut(Schema):
    id: int
    text: str


@router.post("/groups/{slug}/notes", response={201: NoteOut}, auth=authenticated)
def add_note(request, slug: str, payload: NoteIn):
    n = services.note_add(
        actor=request.user, group_id=_group_id(slug), text=payload.text, task_id=payload.task_id
    )
    return Status(201, {"id": n.pk, "text": n.text})


class ObjectiveIn(Schema):
    model_config = ConfigDict(extra="forbid")
    title: str


@router.post("/groups/{slug}/objectives", response={201: ObjectiveOut}, auth=authenticated)
def add_objective(request, slug: str, payload: ObjectiveIn):
    """Add an objective at the end of the group's work plan."""
    o = services.objective_add(
        actor=request.user, group_id=_group_id(slug), title=payload.title, language=_language()
    )
    return Status(201, {"id": o.pk, "title": o.title, "tasks": []})


class GroupMeetingIn(Schema):
    model_config = ConfigDict(extra="forbid")
    date: dt.date
    title: str
    place: str = ""
    precision: str = Field("day", description="day, or month when only the month is known")


@router.post("/groups/{slug}/meetings", response={201: GroupMeetingOut}, auth=authenticated)
def add_meeting(request, slug: str, payload: GroupMeetingIn):
    """Record a meeting of the group."""
    m = services.meeting_add(
        actor=request.user,
        group_id=_group_id(slug),
        date=payload.date,
        title=payload.title,
        place=payload.place,
        date_precision=payload.precision,
        language=_language(),
    )
    return Status(201, _group_meeting(m))


class ResourceNeedIn(Schema):
    model_config = ConfigDict(extra="forbid")
    description: str
    amount: Decimal | None = Field(None, max_digits=14, decimal_places=2)
    currency: str = Field("", description="ISO 4217 code, with an amount")
    reported_to_gcg_on: dt.date | None = None


@router.post("/groups/{slug}/resource-needs", response={201: ResourceNeedOut}, auth=authenticated)
def add_resource_need(request, slug: str, payload: ResourceNeedIn):
    """A resource need of the group; with ``reported_to_gcg_on`` it appears on the GCG's
    dashboard and on the page of its next meeting."""
    r = services.resource_need_add(
        actor=request.user,
        group_id=_group_id(slug),
        description=payload.description,
        amount=payload.amount,
        currency=payload.currency,
        reported_to_gcg_on=payload.reported_to_gcg_on,
    )
    return Status(201, _need(r))


class ProposalIn(Schema):
    model_config = ConfigDict(extra="forbid")
    name: str
    kind: str = Field("action_group", description="action_group or working_group")
    description: str = ""


@router.post("/groups", response={201: GroupOut}, auth=authenticated)
def propose(request, payload: ProposalIn):
    """Propose a new group; it stays proposed until a GCG decision creates it."""
    g = services.group_propose(
        actor=request.user,
        name=payload.name,
        kind=payload.kind,
        description=payload.description,
        language=_language(),
    )
    return Status(201, _group(g, 0))


class MemberLeaveIn(Schema):
    model_config = ConfigDict(extra="forbid")
    left_on: dt.date | None = None


class MemberLeftOut(MemberOut):
    left_on: dt.date


@router.post(
    "/groups/{slug}/members/{membership_id}/leave", response=MemberLeftOut, auth=authenticated
)
def member_leave(request, slug: str, membership_id: int, payload: MemberLeaveIn):
    """A member leaves the group; a chair, co-chair or focal point leaves only by the
    Secretariat (and a chair's rights on the group go with the seat)."""
    group_id = _group_id(slug)
    if not Membership.objects.filter(pk=membership_id, group_id=group_id).exists():
        raise Http404
    m = services.member_remove(
        actor=request.user, membership_id=membership_id, left_on=payload.left_on
    )
    return {**_member(m), "left_on": m.left_on}


class CloseIn(Schema):
    model_config = ConfigDict(extra="forbid")
    version: int | None = None


@router.post("/groups/{slug}/close", response=GroupOut, auth=authenticated)
def close(request, slug: str, payload: CloseIn):
    """Close an active group (the Secretariat, on the GCG's decision); 409 otherwise."""
    g = services.group_close(
        actor=request.user, group_id=_group_id(slug), expected_version=payload.version
    )
    return _group(g, 0)


@router.post(
    "/groups/{slug}/resource-needs/{need_id}/report",
    response=ResourceNeedOut,
    auth=authenticated,
)
def report_resource_need(request, slug: str, need_id: int):
    """Report a recorded need to the GCG today (409 when already reported)."""
    r = services.resource_need_report(actor=request.user, need_id=need_id, group_id=_group_id(slug))
    return _need(r)
