"""The GCG API: public seats and meeting list; meeting details for members; writes through
services."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.utils.translation import get_language
from ninja import Router, Schema, Status
from ninja.errors import AuthenticationError
from pydantic import ConfigDict, Field

from alliance87.core.api_support import authenticated, optional_auth
from alliance87.core.permissions import require

from . import selectors, services
from .models import Meeting, Member, Minutes, Observer

router = Router(tags=["governance"])


class HolderOut(Schema):
    member_id: int
    label: str
    country: str | None
    organisation: str | None
    representative: str | None
    nominated_by: str
    term_start: dt.date
    term_end: dt.date | None


class SeatOut(Schema):
    id: int
    constituency: str
    constituency_label: str
    number: int
    stakeholder_group: str
    region: str | None
    holder: HolderOut | None


def _holder(m: Member | None) -> dict | None:
    if m is None:
        return None
    return {
        "member_id": m.pk,
        "label": m.holder_label,
        "country": m.country_id,
        "organisation": str(m.partner) if m.partner_id else None,
        "representative": m.person.full_name if m.person_id else None,
        "nominated_by": m.nominated_by,
        "term_start": m.term_start,
        "term_end": m.term_end,
    }


@router.get("/gcg/seats", response=list[SeatOut], auth=optional_auth)
def seats(request):
    """The 32 seats, each with its constituency and current holder (``null`` when vacant)."""
    return [
        {
            "id": r.seat.pk,
            "constituency": r.seat.constituency,
            "constituency_label": str(r.seat.get_constituency_display()),
            "number": r.seat.number,
            "stakeholder_group": r.seat.stakeholder_group,
            "region": r.seat.region_id,
            "holder": _holder(r.holder),
        }
        for r in selectors.seat_list()
    ]


class MeetingOut(Schema):
    id: int
    number: int | None
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    timezone: str
    mode: str
    place: str
    city: str
    language: str


def _meeting(m) -> dict:
    return {
        "id": m.pk,
        "number": m.number,
        "title": m.title,
        "starts_at": m.starts_at,
        "ends_at": m.ends_at,
        "timezone": m.timezone,
        "mode": m.mode,
        "place": m.place,
        "city": m.city,
        "language": m.language,
    }


@router.get("/gcg/meetings", response=list[MeetingOut], auth=optional_auth)
def meetings(request):
    return [_meeting(m) for m in selectors.meeting_list()]


class AgendaItemOut(Schema):
    position: int
    starts: dt.time | None
    ends: dt.time | None
    title: str
    presenter: str
    is_break: bool
    documents: list[str]


class AttendanceOut(Schema):
    member_id: int
    holder: str
    seat: str
    stakeholder_group: str
    presence: str | None


class QuorumOut(Schema):
    holds: bool
    present: int
    needed: int = 16
    missing_groups: list[str]
    text: str


class DecisionOut(Schema):
    id: int
    reference: str
    text: str
    kind: str
    outcome: str
    present_count: int
    country: str | None
    group: str | None
    objections: list[str]


class ActionPointOut(Schema):
    id: int
    meeting_id: int
    text: str
    owner: str
    due_on: dt.date | None
    status: str


class ObserverOut(Schema):
    id: int
    name: str
    organisation: str
    present: bool
    speaking_rights: bool = Field(False, description="Observers never have speaking rights.")
    counts_towards_quorum: bool = Field(False, description="Observers never count.")


class InvitationOut(Schema):
    member_id: int
    holder: str
    seat: str
    representative: str | None
    emailed: bool
    sent_at: dt.datetime


class ResourceNeedOut(Schema):
    group: str
    group_name: str
    description: str
    amount: str | None
    currency: str
    reported_to_gcg_on: dt.date


class MeetingDetailOut(MeetingOut):
    agenda: list[AgendaItemOut]
    invitations: list[InvitationOut]
    attendance: list[AttendanceOut]
    observers: list[ObserverOut]
    quorum: QuorumOut
    decisions: list[DecisionOut]
    action_points: list[ActionPointOut]
    carried_over_action_points: list[ActionPointOut]
    resource_needs: list[ResourceNeedOut]
    minutes: str | None


def _observer(o) -> dict:
    return {
        "id": o.pk,
        "name": o.name,
        "organisation": o.organisation,
        "present": o.present,
        "speaking_rights": False,
        "counts_towards_quorum": False,
    }


def _need(r) -> dict:
    return {
        "group": r.group.slug,
        "group_name": r.group.name,
        "description": r.description,
        "amount": str(r.amount) if r.amount is not None else None,
        "currency": r.currency,
        "reported_to_gcg_on": r.reported_to_gcg_on,
    }


def _quorum(q) -> dict:
    return {
        "holds": q.holds,
        "present": q.present,
        "missing_groups": [g.value for g in q.missing_groups],
        "text": selectors.quorum_text(q),
    }


def _point(p) -> dict:
    return {
        "id": p.pk,
        "meeting_id": p.meeting_id,
        "text": p.text,
        "owner": p.owner,
        "due_on": p.due_on,
        "status": p.status,
    }


@router.get("/gcg/meetings/{meeting_id}", response=MeetingDetailOut, auth=optional_auth)
def meeting(request, meeting_id: int):
    """A meeting with attendance, quorum (and the missing stakeholder groups), decisions and
    action points. GCG members and the Secretariat only."""
    d = selectors.meeting_get(meeting_id)
    if d is None:
        raise Http404
    if not request.user.is_authenticated:
        raise AuthenticationError
    require(request.user, "governance.view_meeting", d.meeting)
    return {
        **_meeting(d.meeting),
        "agenda": [
            {
                "position": a.position,
                "starts": a.starts,
                "ends": a.ends,
                "title": a.title,
                "presenter": a.presenter,
                "is_break": a.is_break,
                "documents": a.document_titles(),
            }
            for a in d.agenda
        ],
        "attendance": [
            {
                "member_id": r.member.pk,
                "holder": r.member.holder_label,
                "seat": str(r.member.seat),
                "stakeholder_group": r.member.seat.stakeholder_group,
                "presence": r.presence,
            }
            for r in d.rows
        ],
        "invitations": [
            {
                "member_id": i.member_id,
                "holder": i.member.holder_label,
                "seat": str(i.member.seat),
                "representative": i.member.person.full_name if i.member.person_id else None,
                "emailed": bool(i.member.person_id and i.member.person.email),
                "sent_at": i.sent_at,
            }
            for i in d.invitations
        ],
        "observers": [_observer(o) for o in d.observers],
        "resource_needs": [_need(r) for r in d.resource_needs],
        "quorum": _quorum(d.quorum),
        "decisions": [
            {
                "id": x.pk,
                "reference": x.reference,
                "text": x.text,
                "kind": x.kind,
                "outcome": x.outcome,
                "present_count": x.present_count,
                "country": x.country_id,
                "group": x.group.slug if x.group_id else None,
                "objections": [o.member.holder_label for o in x.objections.all()],
            }
            for x in d.decisions
        ],
        "action_points": [_point(p) for p in d.action_points],
        "carried_over_action_points": [_point(p) for p in d.carried_over],
        "minutes": d.minutes.conclusions if d.minutes else None,
    }


class AttendanceIn(Schema):
    model_config = ConfigDict(extra="forbid")
    member_id: int
    presence: str = Field(description="present, absent_with_notice or absent_without_notice")


@router.post("/gcg/meetings/{meeting_id}/attendance", response=QuorumOut, auth=authenticated)
def record_attendance(request, meeting_id: int, payload: AttendanceIn):
    q = services.meeting_record_attendance(
        actor=request.user,
        meeting_id=meeting_id,
        member_id=payload.member_id,
        presence=payload.presence,
    )
    return _quorum(q)


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
    "/gcg/meetings/{meeting_id}/decisions", response={201: DecisionOut}, auth=authenticated
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
    return Status(
        201,
        {
            "id": x.pk,
            "reference": x.reference,
            "text": x.text,
            "kind": x.kind,
            "outcome": x.outcome,
            "present_count": x.present_count,
            "country": x.country_id,
            "group": x.group.slug if x.group_id else None,
            "objections": [o.member.holder_label for o in x.objections.all()],
        },
    )


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


@router.post("/gcg/meetings/{meeting_id}/agenda", response={201: AgendaItemOut}, auth=authenticated)
def add_agenda_item(request, meeting_id: int, payload: AgendaItemIn):
    """Add an item at the end of the meeting's agenda."""
    a = services.agenda_item_add(
        actor=request.user,
        meeting_id=meeting_id,
        title=payload.title,
        starts=payload.starts,
        ends=payload.ends,
        presenter=payload.presenter,
        is_break=payload.is_break,
        documents=[d.model_dump() for d in payload.documents],
        language=(get_language() or "en")[:2],
    )
    return Status(
        201,
        {
            "position": a.position,
            "starts": a.starts,
            "ends": a.ends,
            "title": a.title,
            "presenter": a.presenter,
            "is_break": a.is_break,
            "documents": a.document_titles(),
        },
    )


class ActionPointIn(Schema):
    model_config = ConfigDict(extra="forbid")
    text: str
    owner: str
    due_on: dt.date | None = None


@router.post(
    "/gcg/meetings/{meeting_id}/action-points", response={201: ActionPointOut}, auth=authenticated
)
def add_action_point(request, meeting_id: int, payload: ActionPointIn):
    p = services.action_point_add(
        actor=request.user,
        meeting_id=meeting_id,
        text=payload.text,
        owner=payload.owner,
        due_on=payload.due_on,
    )
    return Status(201, _point(p))


class MinutesIn(Schema):
    model_config = ConfigDict(extra="forbid")
    conclusions: str
    prepared_by: str = ""
    version: int | None = None


class MinutesOut(Schema):
    conclusions: str
    prepared_by: str
    version: int
    circulated_at: dt.datetime | None


@router.put("/gcg/meetings/{meeting_id}/minutes", response=MinutesOut, auth=authenticated)
def save_minutes(request, meeting_id: int, payload: MinutesIn):
    m = services.minutes_save(
        actor=request.user,
        meeting_id=meeting_id,
        conclusions=payload.conclusions,
        prepared_by=payload.prepared_by,
        expected_version=payload.version,
    )
    return {
        "conclusions": m.conclusions,
        "prepared_by": m.prepared_by,
        "version": m.version,
        "circulated_at": m.circulated_at,
    }


class AssignIn(Schema):
    model_config = ConfigDict(extra="forbid")
    term_start: dt.date
    term_end: dt.date | None = None
    country: str | None = Field(None, description="ISO alpha-3, for government seats")
    partner_id: int | None = None
    person_id: int | None = None
    nominated_by: str = ""


@router.post("/gcg/seats/{seat_id}/holder", response={201: HolderOut}, auth=authenticated)
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
    return Status(201, _holder(m))


class MeetingIn(Schema):
    model_config = ConfigDict(extra="forbid")
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    mode: str = "in_person"
    place: str = ""
    city: str = ""
    language: str = "en"
    number: int | None = None
    time_zone: str = Field("UTC", description="IANA time zone of the meeting's place")


@router.post("/gcg/meetings", response={201: MeetingOut}, auth=authenticated)
def create_meeting(request, payload: MeetingIn):
    """Schedule a meeting; every member whose term covers its date is invited (by e-mail,
    with an iCalendar attachment, after commit)."""
    m = services.meeting_create(actor=request.user, **payload.model_dump())
    return Status(201, _meeting(m))


class ObserverIn(Schema):
    model_config = ConfigDict(extra="forbid")
    name: str
    organisation: str = ""
    informed_secretariat_on: dt.date
    informed_group_on: dt.date


@router.post(
    "/gcg/meetings/{meeting_id}/observers", response={201: ObserverOut}, auth=authenticated
)
def invite_observer(request, meeting_id: int, payload: ObserverIn):
    """The chair (or the Secretariat) invites an observer, without speaking rights."""
    o = services.observer_invite(actor=request.user, meeting_id=meeting_id, **payload.model_dump())
    return Status(201, _observer(o))


class ObserverPresenceIn(Schema):
    model_config = ConfigDict(extra="forbid")
    present: bool


@router.post(
    "/gcg/meetings/{meeting_id}/observers/{observer_id}/presence",
    response=QuorumOut,
    auth=authenticated,
)
def observer_presence(request, meeting_id: int, observer_id: int, payload: ObserverPresenceIn):
    """Record whether an observer attended; answers the quorum, which observers never change."""
    require(request.user, "governance.manage")
    if not Observer.objects.filter(pk=observer_id, meeting_id=meeting_id).exists():
        raise Http404
    q = services.observer_record_presence(
        actor=request.user, observer_id=observer_id, present=payload.present
    )
    return _quorum(q)


class ActionPointStatusIn(Schema):
    model_config = ConfigDict(extra="forbid")
    status: str = Field(description="open, done or dropped")


@router.post(
    "/gcg/meetings/{meeting_id}/action-points/{action_point_id}/status",
    response=ActionPointOut,
    auth=authenticated,
)
def set_action_point_status(
    request, meeting_id: int, action_point_id: int, payload: ActionPointStatusIn
):
    """Change an action point's status; open points carry over to the next meetings."""
    require(request.user, "governance.manage")
    if not Meeting.objects.filter(pk=meeting_id).exists():
        raise Http404
    p = services.action_point_set_status(
        actor=request.user, action_point_id=action_point_id, status=payload.status
    )
    return _point(p)


class CirculationOut(Schema):
    recipients: int
    circulated_at: dt.datetime


@router.post(
    "/gcg/meetings/{meeting_id}/minutes/circulate", response=CirculationOut, auth=authenticated
)
def circulate_minutes(request, meeting_id: int):
    """E-mail the minutes (PDF attached) to every member with a known address, after commit;
    409 before the minutes are written."""
    count = services.minutes_circulate(actor=request.user, meeting_id=meeting_id)
    circulated = Minutes.objects.values_list("circulated_at", flat=True).get(meeting_id=meeting_id)
    return {"recipients": count, "circulated_at": circulated}


class DashboardMemberOut(Schema):
    member_id: int
    seat_id: int
    seat: str
    stakeholder_group: str
    holder: str
    term_end: dt.date | None


class DashboardOut(Schema):
    terms_ending: list[DashboardMemberOut]
    terms_ended: list[DashboardMemberOut]
    forfeited: list[DashboardMemberOut]
    open_after_forfeiture: list[DashboardMemberOut]
    years_below_minimum: dict[int, int]
    warnings: list[str]
    resource_needs: list[ResourceNeedOut]


def _dash_member(m) -> dict:
    return {
        "member_id": m.pk,
        "seat_id": m.seat_id,
        "seat": str(m.seat),
        "stakeholder_group": m.seat.stakeholder_group,
        "holder": m.holder_label,
        "term_end": m.term_end,
    }


@router.get("/gcg/dashboard", response=DashboardOut, auth=authenticated)
def dashboard(request):
    """What the Secretariat must act on (the dashboard page's content). Secretariat only."""
    require(request.user, "governance.manage")
    d = selectors.dashboard()
    return {
        "terms_ending": [_dash_member(m) for m in d.terms_ending],
        "terms_ended": [_dash_member(m) for m in d.terms_ended],
        "forfeited": [_dash_member(m) for m in d.forfeited],
        "open_after_forfeiture": [_dash_member(m) for m in d.open_after_forfeiture],
        "years_below_minimum": d.years_below_minimum,
        "warnings": d.warnings,
        "resource_needs": [_need(r) for r in d.resource_needs],
    }


class MemberStateOut(Schema):
    id: int
    status: str
    term_end: dt.date | None
    seat_id: int
    stakeholder_group: str


@router.post("/gcg/members/{member_id}/forfeit", response=MemberStateOut, auth=authenticated)
def forfeit(request, member_id: int):
    """Confirm a seat forfeited by three consecutive absences without prior notice; the seat
    (``seat_id``) is then open to another representative of the same stakeholder group."""
    m = services.forfeiture_confirm(actor=request.user, member_id=member_id)
    return _state(m)


def _state(m) -> dict:
    return {
        "id": m.pk,
        "status": m.status,
        "term_end": m.term_end,
        "seat_id": m.seat_id,
        "stakeholder_group": m.seat.stakeholder_group,
    }


class LeaveIn(Schema):
    model_config = ConfigDict(extra="forbid")
    on: dt.date | None = None


@router.post("/gcg/members/{member_id}/leave", response=MemberStateOut, auth=authenticated)
def leave(request, member_id: int, payload: LeaveIn):
    """A member leaves before its term ends."""
    m = services.member_leave(actor=request.user, member_id=member_id, on=payload.on)
    return _state(m)
