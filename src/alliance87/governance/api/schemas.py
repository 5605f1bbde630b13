"""What the GCG API answers: one output schema per object and ONE builder for each, used by
every endpoint that shows that object (reads and writes alike)."""

from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field

from alliance87.core import content

from .. import rules, selectors
from ..models import ActionPoint, AgendaItem, Decision, Meeting, Member, Minutes, Observer


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
    regional_group: str | None
    holder: HolderOut | None


class MeetingOut(Schema):
    id: int
    number: int | None
    title: str
    title_language: str | None = Field(
        None, description="The language of ``title`` (the original where not translated)."
    )
    starts_at: dt.datetime
    ends_at: dt.datetime
    timezone: str
    mode: str
    place: str
    city: str
    language: str


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
    needed: int = rules.QUORUM_MINIMUM
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
    version: int = Field(description="send it back to change the status (optimistic locking)")


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


class MinutesOut(Schema):
    conclusions: str
    prepared_by: str
    version: int
    circulated_at: dt.datetime | None


class CirculationOut(Schema):
    recipients: int
    circulated_at: dt.datetime


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


class MemberStateOut(Schema):
    id: int
    status: str
    term_end: dt.date | None
    seat_id: int
    stakeholder_group: str


# --- builders: one per object ------------------------------------------------------------


def holder_out(m: Member | None) -> HolderOut | None:
    if m is None:
        return None
    return HolderOut(
        member_id=m.pk,
        label=m.holder_label,
        country=m.country_id,
        organisation=str(m.partner) if m.partner_id else None,
        representative=m.person.full_name if m.person_id else None,
        nominated_by=m.nominated_by,
        term_start=m.term_start,
        term_end=m.term_end,
    )


def seat_out(r: selectors.SeatRow) -> SeatOut:
    return SeatOut(
        id=r.seat.pk,
        constituency=r.seat.constituency,
        constituency_label=str(r.seat.get_constituency_display()),
        number=r.seat.number,
        stakeholder_group=r.seat.stakeholder_group,
        region=r.seat.region_id,
        regional_group=r.seat.regional_group or None,
        holder=holder_out(r.holder),
    )


def _meeting_fields(m: Meeting) -> dict:
    title = content.localise(m.titles)
    return {
        "id": m.pk,
        "number": m.number,
        "title": title.text,
        "title_language": title.language,
        "starts_at": m.starts_at,
        "ends_at": m.ends_at,
        "timezone": m.timezone,
        "mode": m.mode,
        "place": content.text(m.place),
        "city": content.text(m.city),
        "language": m.language,
    }


def meeting_out(m: Meeting) -> MeetingOut:
    return MeetingOut(**_meeting_fields(m))


def agenda_item_out(a: AgendaItem) -> AgendaItemOut:
    return AgendaItemOut(
        position=a.position,
        starts=a.starts,
        ends=a.ends,
        title=a.title,
        presenter=a.presenter,
        is_break=a.is_break,
        documents=a.document_titles(),
    )


def decision_out(x: Decision) -> DecisionOut:
    return DecisionOut(
        id=x.pk,
        reference=x.reference,
        text=x.text,
        kind=x.kind,
        outcome=x.outcome,
        present_count=x.present_count,
        country=x.country_id,
        group=x.group.slug if x.group_id else None,
        objections=[o.member.holder_label for o in x.objections.all()],
    )


def action_point_out(p: ActionPoint) -> ActionPointOut:
    return ActionPointOut(
        id=p.pk,
        meeting_id=p.meeting_id,
        text=p.text,
        owner=p.owner,
        due_on=p.due_on,
        status=p.status,
        version=p.version,
    )


def observer_out(o: Observer) -> ObserverOut:
    return ObserverOut(id=o.pk, name=o.name, organisation=o.organisation, present=o.present)


def need_out(r) -> ResourceNeedOut:
    return ResourceNeedOut(
        group=r.group.slug,
        group_name=r.group.name,
        description=r.description,
        amount=str(r.amount) if r.amount is not None else None,
        currency=r.currency,
        reported_to_gcg_on=r.reported_to_gcg_on,
    )


def quorum_out(q: rules.Quorum) -> QuorumOut:
    return QuorumOut(
        holds=q.holds,
        present=q.present,
        missing_groups=[g.value for g in q.missing_groups],
        text=selectors.quorum_text(q),
    )


def minutes_out(m: Minutes) -> MinutesOut:
    return MinutesOut(
        conclusions=m.conclusions,
        prepared_by=m.prepared_by,
        version=m.version,
        circulated_at=m.circulated_at,
    )


def dashboard_member_out(m: Member) -> DashboardMemberOut:
    return DashboardMemberOut(
        member_id=m.pk,
        seat_id=m.seat_id,
        seat=str(m.seat),
        stakeholder_group=m.seat.stakeholder_group,
        holder=m.holder_label,
        term_end=m.term_end,
    )


def member_state_out(m: Member) -> MemberStateOut:
    return MemberStateOut(
        id=m.pk,
        status=m.status,
        term_end=m.term_end,
        seat_id=m.seat_id,
        stakeholder_group=m.seat.stakeholder_group,
    )


def meeting_detail_out(d: selectors.MeetingDetail) -> MeetingDetailOut:
    return MeetingDetailOut(
        **_meeting_fields(d.meeting),
        agenda=[agenda_item_out(a) for a in d.agenda],
        attendance=[
            AttendanceOut(
                member_id=r.member.pk,
                holder=r.member.holder_label,
                seat=str(r.member.seat),
                stakeholder_group=r.member.seat.stakeholder_group,
                presence=r.presence,
            )
            for r in d.rows
        ],
        invitations=[
            InvitationOut(
                member_id=i.member_id,
                holder=i.member.holder_label,
                seat=str(i.member.seat),
                representative=i.member.person.full_name
                if i.member.person_id
                else (str(i.accounts[0]) if getattr(i, "accounts", None) else None),
                emailed=bool(i.member.person_id and i.member.person.email)
                or any(a.email for a in getattr(i, "accounts", [])),
                sent_at=i.sent_at,
            )
            for i in d.invitations
        ],
        observers=[observer_out(o) for o in d.observers],
        resource_needs=[need_out(r) for r in d.resource_needs],
        quorum=quorum_out(d.quorum),
        decisions=[decision_out(x) for x in d.decisions],
        action_points=[action_point_out(p) for p in d.action_points],
        carried_over_action_points=[action_point_out(p) for p in d.carried_over],
        minutes=d.minutes.conclusions if d.minutes else None,
    )


def dashboard_out(d: selectors.Dashboard) -> DashboardOut:
    return DashboardOut(
        terms_ending=[dashboard_member_out(m) for m in d.terms_ending],
        terms_ended=[dashboard_member_out(m) for m in d.terms_ended],
        forfeited=[dashboard_member_out(m) for m in d.forfeited],
        open_after_forfeiture=[dashboard_member_out(m) for m in d.open_after_forfeiture],
        years_below_minimum=d.years_below_minimum,
        warnings=d.warnings,
        resource_needs=[need_out(r) for r in d.resource_needs],
    )
