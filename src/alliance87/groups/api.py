"""The groups API: public reads; work plan writes through services.

Every endpoint returns one schema, built from the model by its resolvers (no dict by hand),
and documents its errors in the one error shape (``core.api_support.ErrorOut``). An object
missing at its address (a group's slug, a task, member or need of another group) is a 404.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import ConfigDict, Field

from alliance87.core.api_support import PUBLIC_READ, authenticated, errors, localised, optional_auth
from alliance87.core.content import current_language
from alliance87.core.exceptions import NotFound

from . import selectors, services
from .models import Group

router = Router(tags=["groups"])

#: Public reads: a token, when sent, identifies the caller, but none is needed (the empty
#: security requirement says so in OpenAPI).
PUBLIC = {"auth": optional_auth}
#: A signed-in write: bad input, not signed in, not allowed, no such group (or object in it).
ADD = errors(400, 401, 403, 404)
#: A write that may also be refused by the object's state or a stale ``version`` (409).
STEP = errors(400, 401, 403, 404, 409)


class GroupOut(Schema):
    slug: str
    kind: str
    name: str
    acronym: str
    status: str
    decision_ref: str
    members: int = Field(description="current members recorded")
    members_noted: int | None
    version: int = Field(description="send it back to close the group (optimistic locking)")

    @staticmethod
    def resolve_members(obj) -> int:
        count = getattr(obj, "member_count", None)
        if count is None:  # not annotated by the selector: count the current members
            count = obj.memberships.filter(left_on__isnull=True).count()
        return count


class MemberOut(Schema):
    id: int
    name: str
    partner: str | None
    role: str

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.person.full_name

    @staticmethod
    def resolve_partner(obj) -> str | None:
        return str(obj.partner) if obj.partner_id else None


class MemberLeftOut(MemberOut):
    left_on: dt.date


class TaskOut(Schema):
    id: int
    title: str
    owner: str | None
    due_on: dt.date | None
    status: str
    overdue: bool
    version: int = Field(description="send it back to change the status (optimistic locking)")

    @staticmethod
    def resolve_owner(obj) -> str | None:
        return obj.owner.full_name if obj.owner_id else None

    @staticmethod
    def resolve_overdue(obj) -> bool:
        return obj.is_overdue()


class ObjectiveOut(Schema):
    id: int
    title: str
    tasks: list[TaskOut]


class GroupMeetingOut(Schema):
    id: int
    date: dt.date
    precision: str = Field(description="day, or month when only the month is known")
    place: str
    title: str

    @staticmethod
    def resolve_precision(obj) -> str:
        return obj.date_precision


class GroupResourceNeedOut(Schema):
    id: int
    description: str
    amount: str | None
    currency: str
    reported_to_gcg_on: dt.date | None

    @staticmethod
    def resolve_amount(obj) -> str | None:
        return str(obj.amount) if obj.amount is not None else None


class NoteOut(Schema):
    id: int
    text: str


class GroupDetailOut(GroupOut):
    """A group (``selectors.GroupDetail``) with its members, work plan, meetings and needs."""

    members_note: str
    leaders: list[MemberOut]
    member_list: list[MemberOut]
    objectives: list[ObjectiveOut]
    meetings: list[GroupMeetingOut]
    resource_needs: list[GroupResourceNeedOut]

    resolve_members_note = localised("members_note")

    @staticmethod
    def resolve_member_list(obj) -> list:
        return obj.members


def _group_id(slug: str) -> int:
    pk = Group.objects.filter(slug=slug).values_list("pk", flat=True).first()
    if pk is None:
        raise NotFound(_("There is no such group."))
    return pk


@router.get("/groups", response=list[GroupOut], **PUBLIC)
def groups(request, kind: str | None = None, status: str | None = None):
    """All groups, with their current member counts (filters: ``kind``, ``status``)."""
    return selectors.group_list(kind=kind, status=status)


@router.get("/groups/{slug}", response={200: GroupDetailOut, **PUBLIC_READ}, **PUBLIC)
def group(request, slug: str):
    """A group with its leaders, members, work plan, meetings and resource needs."""
    d = selectors.group_get(slug)
    if d is None:
        raise NotFound(_("There is no such group."))
    return d


class ProposalIn(Schema):
    model_config = ConfigDict(extra="forbid")
    name: str
    kind: str = Field("action_group", description="action_group or working_group")
    description: str = ""


@router.post("/groups", response={201: GroupOut, **errors(400, 401, 403)}, auth=authenticated)
def propose(request, payload: ProposalIn):
    """Propose a new group; it stays proposed until a GCG decision creates it."""
    g = services.group_propose(
        actor=request.user,
        name=payload.name,
        kind=payload.kind,
        description=payload.description,
        language=current_language(),
    )
    return Status(201, g)


class MemberIn(Schema):
    model_config = ConfigDict(extra="forbid")
    person_id: int
    role: str = "member"


@router.post("/groups/{slug}/members", response={201: MemberOut, **STEP}, auth=authenticated)
def add_member(request, slug: str, payload: MemberIn):
    """Add an expert (from their partner); a leader's role only by the Secretariat; 409 when
    the group is closed."""
    m = services.member_add(
        actor=request.user, group_id=_group_id(slug), person_id=payload.person_id, role=payload.role
    )
    return Status(201, m)


class MemberLeaveIn(Schema):
    model_config = ConfigDict(extra="forbid")
    left_on: dt.date | None = None


@router.post(
    "/groups/{slug}/members/{membership_id}/leave",
    response={200: MemberLeftOut, **STEP},
    auth=authenticated,
)
def member_leave(request, slug: str, membership_id: int, payload: MemberLeaveIn):
    """A member leaves the group; a chair, co-chair or focal point leaves only by the
    Secretariat (and a chair's rights on the group go with the seat); 409 when already left."""
    return services.member_remove(
        actor=request.user,
        group_id=_group_id(slug),
        membership_id=membership_id,
        left_on=payload.left_on,
    )


class ObjectiveIn(Schema):
    model_config = ConfigDict(extra="forbid")
    title: str


@router.post("/groups/{slug}/objectives", response={201: ObjectiveOut, **ADD}, auth=authenticated)
def add_objective(request, slug: str, payload: ObjectiveIn):
    """Add an objective at the end of the group's work plan."""
    o = services.objective_add(
        actor=request.user,
        group_id=_group_id(slug),
        title=payload.title,
        language=current_language(),
    )
    return Status(201, o)


class TaskIn(Schema):
    model_config = ConfigDict(extra="forbid")
    objective_id: int
    title: str
    owner_id: int | None = None
    due_on: dt.date | None = None


@router.post("/groups/{slug}/tasks", response={201: TaskOut, **ADD}, auth=authenticated)
def add_task(request, slug: str, payload: TaskIn):
    """Add a task to one of the group's objectives (400 on ``objective`` for another's)."""
    t = services.task_add(
        actor=request.user,
        group_id=_group_id(slug),
        objective_id=payload.objective_id,
        title=payload.title,
        owner_id=payload.owner_id,
        due_on=payload.due_on,
        language=current_language(),
    )
    return Status(201, t)


class TaskStatusIn(Schema):
    model_config = ConfigDict(extra="forbid")
    status: str
    version: int = Field(description="the version of the task read (optimistic locking)")


@router.post(
    "/groups/{slug}/tasks/{task_id}/status", response={200: TaskOut, **STEP}, auth=authenticated
)
def set_task_status(request, slug: str, task_id: int, payload: TaskStatusIn):
    """Change a task's status (404 for a task of another group; 409 when ``version`` is
    stale)."""
    return services.task_set_status(
        actor=request.user,
        group_id=_group_id(slug),
        task_id=task_id,
        status=payload.status,
        expected_version=payload.version,
    )


class NoteIn(Schema):
    model_config = ConfigDict(extra="forbid")
    text: str
    task_id: int | None = None


@router.post("/groups/{slug}/notes", response={201: NoteOut, **ADD}, auth=authenticated)
def add_note(request, slug: str, payload: NoteIn):
    """A progress note on the work plan, optionally on one of its tasks."""
    n = services.note_add(
        actor=request.user, group_id=_group_id(slug), text=payload.text, task_id=payload.task_id
    )
    return Status(201, n)


class GroupMeetingIn(Schema):
    model_config = ConfigDict(extra="forbid")
    date: dt.date
    title: str
    place: str = ""
    precision: str = Field("day", description="day, or month when only the month is known")


@router.post("/groups/{slug}/meetings", response={201: GroupMeetingOut, **ADD}, auth=authenticated)
def add_meeting(request, slug: str, payload: GroupMeetingIn):
    """Record a meeting of the group."""
    m = services.meeting_add(
        actor=request.user,
        group_id=_group_id(slug),
        date=payload.date,
        title=payload.title,
        place=payload.place,
        date_precision=payload.precision,
        language=current_language(),
    )
    return Status(201, m)


class ResourceNeedIn(Schema):
    model_config = ConfigDict(extra="forbid")
    description: str
    amount: Decimal | None = Field(None, max_digits=14, decimal_places=2)
    currency: str = Field("", description="ISO 4217 code, with an amount")
    reported_to_gcg_on: dt.date | None = None


@router.post(
    "/groups/{slug}/resource-needs", response={201: GroupResourceNeedOut, **ADD}, auth=authenticated
)
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
    return Status(201, r)


@router.post(
    "/groups/{slug}/resource-needs/{need_id}/report",
    response={200: GroupResourceNeedOut, **STEP},
    auth=authenticated,
)
def report_resource_need(request, slug: str, need_id: int):
    """Report a recorded need to the GCG today (404 for a need of another group; 409 when
    already reported)."""
    return services.resource_need_report(
        actor=request.user, need_id=need_id, group_id=_group_id(slug)
    )


class CloseIn(Schema):
    model_config = ConfigDict(extra="forbid")
    version: int = Field(description="the version of the group read (optimistic locking)")


@router.post("/groups/{slug}/close", response={200: GroupOut, **STEP}, auth=authenticated)
def close(request, slug: str, payload: CloseIn):
    """Close an active group (the Secretariat, on the GCG's decision); 409 from any other
    status or on a stale ``version``."""
    return services.group_close(
        actor=request.user, group_id=_group_id(slug), expected_version=payload.version
    )
