"""Reads for the GCG pages and API; each runs a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from . import messages, rules
from .models import (
    ActionPoint,
    Attendance,
    Decision,
    Invitation,
    Meeting,
    Member,
    Minutes,
    Presence,
    Seat,
    StakeholderGroup,
)


def _member_qs():
    return Member.objects.select_related(
        "seat", "seat__region", "country", "partner", "person", "person__user"
    )


def members_on(day: dt.date) -> list[Member]:
    """The members whose term covers ``day`` (one query)."""
    return list(
        _member_qs()
        .filter(term_start__lte=day)
        .filter(Q(term_end__isnull=True) | Q(term_end__gte=day))
        .exclude(status=Member.Status.ENDED, term_end__lt=day)
        .order_by("seat_id")
    )


def representatives(members) -> dict[int, list]:
    """``{member pk: [accounts]}``: the active accounts the Secretariat gave the GCG member
    role on each of ``members`` (People and roles; ``core.roles``), whether or not the seat
    names a person (the seeded chair and vice-chair name none). One query, whatever the
    number of members (every holder of the role is read: a few dozen at most)."""
    from django.contrib.contenttypes.models import ContentType

    from alliance87.core.models import Role, RoleAssignment

    wanted = {str(m.pk) for m in members}
    found: dict[int, list] = defaultdict(list)
    for a in RoleAssignment.objects.filter(
        role=Role.GCG_MEMBER,
        scope_type=ContentType.objects.get_for_model(Member),
        user__is_active=True,
    ).select_related("user"):
        if a.scope_id in wanted:
            found[int(a.scope_id)].append(a.user)
    return found


def circulation_members(meeting: Meeting) -> list[Member]:
    """Who receives a meeting's minutes: every member who held a seat on the day of the
    meeting or holds one today (two queries)."""
    members = {m.pk: m for m in members_on(meeting.starts_at.date())}
    members.update({m.pk: m for m in members_on(timezone.localdate())})
    return list(members.values())


def circulation_list(meeting: Meeting) -> tuple[list[str], list[Member]]:
    """The circulation list's e-mail addresses (each member's person and the accounts holding
    the GCG member role on it), and the members with none (three queries)."""
    members = circulation_members(meeting)
    holders = representatives(members)
    by_member = {
        m.pk: {u.email for u in holders.get(m.pk, []) if u.email}
        | ({m.person.email} if m.person and m.person.email else set())
        for m in members
    }
    emails = sorted(set().union(*by_member.values()))
    without = [m for m in members if not by_member[m.pk]]
    return emails, without


@dataclass
class SeatRow:
    seat: Seat
    holder: Member | None


def seat_list() -> list[SeatRow]:
    """The 32 seats with their current holder: two queries."""
    holders = {m.seat_id: m for m in _member_qs().filter(status=Member.Status.ACTIVE)}
    return [
        SeatRow(seat=s, holder=holders.get(s.pk))
        for s in Seat.objects.select_related("region").order_by("pk")
    ]


def composition_warnings(rows: list[SeatRow]) -> list[str]:
    """The composition's warnings (one extra query, for the active pathfinder countries)."""
    pathfinders = _pathfinder_countries()

    def is_pathfinder(m: Member) -> bool | None:
        if m.seat.constituency != rules.Constituency.PATHFINDER or not m.country_id:
            return None
        return m.country_id in pathfinders

    return messages.texts(
        rules.composition_warnings(
            [r.holder.holding(is_pathfinder(r.holder)) for r in rows if r.holder]
        )
    )


def _pathfinder_countries() -> set[str]:
    try:
        from alliance87.pathfinders.models import Pathfinder
    except ImportError:  # pragma: no cover - the pathfinders app ships with the platform
        return set()
    return set(Pathfinder.objects.filter(status="active").values_list("country_id", flat=True))


def attendance_history(members: list[Member]) -> dict[int, list[rules.Presence]]:
    """Each member's attendance, in meeting order (one query)."""
    history: dict[int, list[rules.Presence]] = defaultdict(list)
    rows = (
        Attendance.objects.filter(member__in=[m.pk for m in members])
        .order_by("meeting__starts_at", "meeting_id")
        .values_list("member_id", "presence")
    )
    for member_id, presence in rows:
        history[member_id].append(rules.Presence(presence))
    return history


def meeting_quorum(meeting: Meeting) -> rules.Quorum:
    """The quorum of ``meeting`` from the attendance recorded so far (two queries)."""
    present = Attendance.objects.filter(meeting=meeting, presence=Presence.PRESENT).select_related(
        "member__seat"
    )
    attendees = [
        rules.Attendee(
            str(a.member_id),
            rules.STAKEHOLDER_GROUP[rules.Constituency(a.member.seat.constituency)],
        )
        for a in present
    ]
    attendees += [
        rules.Attendee(f"obs{o}", None, observer=True)
        for o in meeting.observers.filter(present=True).values_list("pk", flat=True)
    ]
    return rules.quorum(attendees)


def quorum_text(quorum: rules.Quorum, with_missing: bool = True) -> str:
    return messages.quorum_words(
        quorum.present,
        [g.value for g in quorum.missing_groups],
        holds=quorum.holds,
        with_missing=with_missing,
    )


def missing_group_labels(quorum: rules.Quorum) -> list[str]:
    return [str(StakeholderGroup(g.value).label) for g in quorum.missing_groups]


def meeting_list() -> list[Meeting]:
    return list(Meeting.objects.select_related("chair_country").order_by("-starts_at"))


@dataclass
class AttendanceRow:
    member: Member
    presence: str | None


@dataclass
class MeetingDetail:
    meeting: Meeting
    agenda: list
    rows: list[AttendanceRow]
    observers: list
    quorum: rules.Quorum
    decisions: list[Decision]
    minutes: object | None
    action_points: list[ActionPoint]
    carried_over: list[ActionPoint] = field(default_factory=list)
    invitations: list[Invitation] = field(default_factory=list)
    resource_needs: list = field(default_factory=list)


def meeting_get(meeting_id: int) -> MeetingDetail | None:
    """A meeting with its agenda, attendance, observers, quorum, decisions, minutes and action
    points, and the open action points carried over from earlier meetings: a fixed number of
    queries whatever the size."""
    meeting = Meeting.objects.select_related("chair_country").filter(pk=meeting_id).first()
    if meeting is None:
        return None
    day = meeting.starts_at.date()
    recorded = {a.member_id: a.presence for a in Attendance.objects.filter(meeting=meeting)}
    rows = [AttendanceRow(m, recorded.get(m.pk)) for m in members_on(day)]
    decisions = list(
        meeting.decisions.select_related("country", "group").prefetch_related(
            "objections__member__country", "objections__member__partner"
        )
    )
    minutes = Minutes.objects.filter(meeting=meeting).first()
    carried = list(
        ActionPoint.objects.filter(
            status=ActionPoint.Status.OPEN, meeting__starts_at__lt=meeting.starts_at
        )
        .select_related("meeting")
        .order_by("due_on", "pk")
    )
    invitations = list(
        meeting.invitations.select_related(
            "member__seat", "member__country", "member__partner", "member__person"
        ).order_by("member__seat_id")
    )
    holders = representatives([i.member for i in invitations])
    for i in invitations:  # the accounts holding the GCG member role on the member, e-mailed too
        i.accounts = holders.get(i.member_id, [])
    previous = (
        Meeting.objects.filter(starts_at__lt=meeting.starts_at)
        .order_by("-starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )
    return MeetingDetail(
        meeting=meeting,
        agenda=list(meeting.agenda.all()),
        rows=rows,
        observers=list(meeting.observers.all()),
        quorum=meeting_quorum(meeting),
        decisions=decisions,
        minutes=minutes,
        action_points=list(meeting.action_points.all()),
        carried_over=carried,
        invitations=invitations,
        resource_needs=resource_needs_reported(
            after=previous.date() if previous else None, until=day
        ),
    )


def resource_needs_reported(
    *, after: dt.date | None = None, until: dt.date | None = None, limit: int = 100
) -> list:
    """The groups' resource needs reported to the GCG (seed 001: chairs «comunicar las
    posibles necesidades de recursos al Grupo de Coordinación Global»), reported after
    ``after`` and on or before ``until``, latest first (one query)."""
    from alliance87.groups.models import ResourceNeed

    qs = ResourceNeed.objects.filter(reported_to_gcg_on__isnull=False).select_related("group")
    if after is not None:
        qs = qs.filter(reported_to_gcg_on__gt=after)
    if until is not None:
        qs = qs.filter(reported_to_gcg_on__lte=until)
    return list(qs.order_by("-reported_to_gcg_on", "-pk")[:limit])


@dataclass
class Dashboard:
    terms_ending: list[Member]
    forfeited: list[Member]
    years_below_minimum: dict[int, int]
    warnings: list[str]
    rows: list[SeatRow]
    terms_ended: list[Member] = field(default_factory=list)
    open_after_forfeiture: list[Member] = field(default_factory=list)
    resource_needs: list = field(default_factory=list)


def dashboard(today: dt.date | None = None) -> Dashboard:
    """What the Secretariat must act on: terms ending within six months and terms already
    ended whose seat awaits rotation; seats forfeited by absence and not yet confirmed, and
    seats opened by a confirmed forfeiture awaiting a replacement from the same stakeholder
    group; calendar years with fewer than two meetings; the composition's warnings; and the
    groups' resource needs reported to the GCG. Eight queries whatever the size."""
    today = today or timezone.localdate()
    rows = seat_list()
    current = [r.holder for r in rows if r.holder]
    ending = [m for m in current if rules.term_ending_soon(m.term_end, today)]
    ended = [m for m in current if m.term_end is not None and m.term_end < today]
    history = attendance_history(current)
    forfeited = [m for m in current if rules.forfeits_seat(history.get(m.pk, []))]
    held = {m.seat_id for m in current}
    opened: dict[int, Member] = {}
    for m in _member_qs().filter(status=Member.Status.FORFEITED).order_by("-term_end", "-pk"):
        if m.seat_id not in held:
            opened.setdefault(m.seat_id, m)
    dates = [d.date() for d in Meeting.objects.values_list("starts_at", flat=True)]
    first = min((d.year for d in dates), default=today.year)
    below = rules.years_below_minimum(dates, first, today.year)
    return Dashboard(
        terms_ending=ending,
        forfeited=forfeited,
        years_below_minimum=below,
        warnings=composition_warnings(rows),
        rows=rows,
        terms_ended=ended,
        open_after_forfeiture=sorted(opened.values(), key=lambda m: m.seat_id),
        resource_needs=resource_needs_reported(limit=50),
    )


def decision_facts(reference: str):
    """The decision under ``reference`` as the pathfinders app reads it
    (``pathfinders.rules.GcgDecision``): its kind, country, outcome and whether the meeting
    had quorum when it was taken (three queries). ``None`` when there is none."""
    from alliance87.pathfinders.rules import GcgDecision

    decision = Decision.objects.select_related("meeting").filter(reference=reference).first()
    if decision is None:
        return None
    return GcgDecision(
        reference=decision.reference,
        kind=decision.kind,
        country=decision.country_id,
        adopted=decision.outcome == rules.Outcome.ADOPTED.value,
        quorum_held=meeting_quorum(decision.meeting).holds,
        taken_on=timezone.localtime(decision.meeting.starts_at).date(),
    )
