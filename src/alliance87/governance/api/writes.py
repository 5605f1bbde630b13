"""GCG writes: each endpoint calls one service; refusals come back in the one error shape
(400 bad input, 401, 403, 404 missing object, 409 refused step or stale version)."""

from __future__ import annotations

import datetime as dt

from ninja import Schema, Status
from pydantic import ConfigDict, Field

from alliance87.core.api_support import WRITE, authenticated
from alliance87.core.content import current_language

from .. import services
from ..models import Minutes
from ._router import router
from .schemas import (
    ActionPointOut,
    AgendaItemOut,
    CirculationOut,
    DecisionOut,
    HolderOut,
    MeetingOut,
    MemberStateOut,
    MinutesOut,
    ObserverOut,
    QuorumOut,
    action_point_out,
    agenda_item_out,
    decision_out,
    holder_out,
    meeting_out,
    member_state_out,
    minutes_out,
    observer_out,
    quorum_out,
)


def _language() -> str:
    """The language the caller writes in (their request's), recorded as the text's original."""
    return current_language()


class AttendanceIn(Schema):
    model_config = ConfigDict(extra="forbid")
    member_id: int
    presence: str = Field(description="present, absent_with_notice or absent_without_notice")


@router.post(
    "/gcg/meetings/{meeting_id}/attendance",
    response={200: QuorumOut, **WRITE},
    auth=authenticated,
)
def record_attendance(request, meeting_id: int, payload: AttendanceIn):
    """Record one member's attendance; answers the meeting's quorum."""
    q = services.meeting_record_attendance(
        actor=request.user,
        meeting_id=meeting_id,
        member_id=payload.member_id,
        presence=payload.presence,
    )
    return quorum_out(q)


class DecisionIn(Schema):
    model_config = ConfigDict(extra="forbid")
    text: str
    kind: str = "general"
    objector_ids: list[int] = []
    country: str | None = Field(None, description="ISO alpha-3, for a pathfinder grant")
    group_name: str = ""
    group_kind: str = "action_group"
    group_id: int | None = None


@router.post(
    "/gcg/meetings/{meeting_id}/decisions",
    response={201: DecisionOut, **WRITE},
    auth=authenticated,
)
def record_decision(request, meeting_id: int, payload: DecisionIn):
    """Refused with 409 (and the missing groups) when the meeting has no quorum."""
    x = services.decision_record(
        actor=request.user,
        meeting_id=meeting_id,
        text=payload.text,
        kind=payload.kind,
        objector_ids=payload.objector_ids,
        country_iso3=payload.country,
        group_name=payload.group_name,
        group_kind=payload.group_kind,
        group_id=payload.group_id,
    )
    return Status(201, decision_out(x))


class DocumentIn(Schema):
    model_config = ConfigDict(extra="forbid")
    title: str
    url: str = ""


class AgendaItemIn(Schema):
    model_config = ConfigDict(extra="forbid")
    title: str
    starts: dt.time | None = Field(None, description="the meeting's local time")
    ends: dt.time | None = None
    presenter: str = ""
    is_break: bool = False
    documents: list[DocumentIn] = []


@router.post(
    "/gcg/meetings/{meeting_id}/agenda",
    response={201: AgendaItemOut, **WRITE},
    auth=authenticated,
)
def add_agenda_item(request, meeting_id: int, payload: AgendaItemIn):
    """Add an item at the end of the meeting's agenda (its titles in the request's language)."""
    a = services.agenda_item_add(
        actor=request.user,
        meeting_id=meeting_id,
        title=payload.title,
        starts=payload.starts,
        ends=payload.ends,
        presenter=payload.presenter,
        is_break=payload.is_break,
        documents=[d.model_dump() for d in payload.documents],
        language=_language(),
    )
    return Status(201, agenda_item_out(a))


class ActionPointIn(Schema):
    model_config = ConfigDict(extra="forbid")
    text: str
    owner: str
    due_on: dt.date | None = None


@router.post(
    "/gcg/meetings/{meeting_id}/action-points",
    response={201: ActionPointOut, **WRITE},
    auth=authenticated,
)
def add_action_point(request, meeting_id: int, payload: ActionPointIn):
    """Add an action point to the meeting."""
    p = services.action_point_add(
        actor=request.user,
        meeting_id=meeting_id,
        text=payload.text,
        owner=payload.owner,
        due_on=payload.due_on,
    )
    return Status(201, action_point_out(p))


class MinutesIn(Schema):
    model_config = ConfigDict(extra="forbid")
    conclusions: str
    prepared_by: str = ""
    version: int | None = Field(
        None, description="the version read; null only when the meeting has no minutes yet"
    )


@router.put(
    "/gcg/meetings/{meeting_id}/minutes", response={200: MinutesOut, **WRITE}, auth=authenticated
)
def save_minutes(request, meeting_id: int, payload: MinutesIn):
    """Write the minutes; 409 when ``version`` is not the one stored (or is null once the
    minutes exist)."""
    m = services.minutes_save(
        actor=request.user,
        meeting_id=meeting_id,
        conclusions=payload.conclusions,
        prepared_by=payload.prepared_by,
        expected_version=payload.version,
    )
    return minutes_out(m)


class AssignIn(Schema):
    model_config = ConfigDict(extra="forbid")
    term_start: dt.date
    term_end: dt.date | None = None
    country: str | None = Field(None, description="ISO alpha-3, for government seats")
    partner_id: int | None = None
    person_id: int | None = None
    nominated_by: str = ""


@router.post("/gcg/seats/{seat_id}/holder", response={201: HolderOut, **WRITE}, auth=authenticated)
def assign_seat(request, seat_id: int, payload: AssignIn):
    """Give a vacant seat a holder; refused (400, field ``seat``) when it breaks the mandate's
    composition."""
    m = services.seat_assign(
        actor=request.user,
        seat_id=seat_id,
        term_start=payload.term_start,
        term_end=payload.term_end,
        country_iso3=(payload.country or "").upper() or None,
        partner_id=payload.partner_id,
        person_id=payload.person_id,
        nominated_by=payload.nominated_by,
    )
    return Status(201, holder_out(m))


class MeetingIn(Schema):
    model_config = ConfigDict(extra="forbid")
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    mode: str = "in_person"
    place: str = ""
    city: str = ""
    language: str = Field("en", description="The meeting's language; the title is written in it")
    number: int | None = None
    time_zone: str = Field("UTC", description="IANA time zone of the meeting's place")


@router.post("/gcg/meetings", response={201: MeetingOut, **WRITE}, auth=authenticated)
def create_meeting(request, payload: MeetingIn):
    """Schedule a meeting; every member whose term covers its date is invited (by e-mail,
    with an iCalendar attachment, after commit)."""
    m = services.meeting_create(actor=request.user, **payload.model_dump())
    return Status(201, meeting_out(m))


class ObserverIn(Schema):
    model_config = ConfigDict(extra="forbid")
    name: str
    organisation: str = ""
    informed_secretariat_on: dt.date
    informed_group_on: dt.date


@router.post(
    "/gcg/meetings/{meeting_id}/observers",
    response={201: ObserverOut, **WRITE},
    auth=authenticated,
)
def invite_observer(request, meeting_id: int, payload: ObserverIn):
    """The chair (or the Secretariat) invites an observer, without speaking rights."""
    o = services.observer_invite(actor=request.user, meeting_id=meeting_id, **payload.model_dump())
    return Status(201, observer_out(o))


class ObserverPresenceIn(Schema):
    model_config = ConfigDict(extra="forbid")
    present: bool


@router.post(
    "/gcg/meetings/{meeting_id}/observers/{observer_id}/presence",
    response={200: QuorumOut, **WRITE},
    auth=authenticated,
)
def observer_presence(request, meeting_id: int, observer_id: int, payload: ObserverPresenceIn):
    """Record whether an observer attended; answers the quorum, which observers never change.
    404 when the observer is not one of this meeting's."""
    q = services.observer_record_presence(
        actor=request.user, meeting_id=meeting_id, observer_id=observer_id, present=payload.present
    )
    return quorum_out(q)


class ActionPointStatusIn(Schema):
    model_config = ConfigDict(extra="forbid")
    status: str = Field(description="open, done or dropped")
    version: int = Field(description="the version of the action point read (optimistic locking)")


@router.post(
    "/gcg/meetings/{meeting_id}/action-points/{action_point_id}/status",
    response={200: ActionPointOut, **WRITE},
    auth=authenticated,
)
def set_action_point_status(
    request, meeting_id: int, action_point_id: int, payload: ActionPointStatusIn
):
    """Change an action point's status (an open point is done or dropped, a done or dropped
    one reopened: 409 otherwise, or when ``version`` is stale); open points carry over to the
    next meetings."""
    p = services.action_point_set_status(
        actor=request.user,
        meeting_id=meeting_id,
        action_point_id=action_point_id,
        status=payload.status,
        expected_version=payload.version,
    )
    return action_point_out(p)


@router.post(
    "/gcg/meetings/{meeting_id}/minutes/circulate",
    response={200: CirculationOut, **WRITE},
    auth=authenticated,
)
def circulate_minutes(request, meeting_id: int):
    """E-mail the minutes (PDF attached) to every member with a known address, after commit;
    409 before the minutes are written."""
    count = services.minutes_circulate(actor=request.user, meeting_id=meeting_id)
    circulated = Minutes.objects.values_list("circulated_at", flat=True).get(meeting_id=meeting_id)
    return CirculationOut(recipients=count, circulated_at=circulated)


class LeaveIn(Schema):
    model_config = ConfigDict(extra="forbid")
    on: dt.date | None = None


@router.post(
    "/gcg/members/{member_id}/forfeit",
    response={200: MemberStateOut, **WRITE},
    auth=authenticated,
)
def forfeit(request, member_id: int):
    """Confirm a seat forfeited by three consecutive absences without prior notice; the seat
    (``seat_id``) is then open to another representative of the same stakeholder group."""
    m = services.forfeiture_confirm(actor=request.user, member_id=member_id)
    return member_state_out(m)


@router.post(
    "/gcg/members/{member_id}/leave", response={200: MemberStateOut, **WRITE}, auth=authenticated
)
def leave(request, member_id: int, payload: LeaveIn):
    """A member leaves before its term ends."""
    m = services.member_leave(actor=request.user, member_id=member_id, on=payload.on)
    return member_state_out(m)
