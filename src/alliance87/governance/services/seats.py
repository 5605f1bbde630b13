"""Seats and their holders: assigning a seat, leaving early, confirming a forfeiture."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from alliance87.core import changes, notify, refusals
from alliance87.core.exceptions import NotFound, ValidationError
from alliance87.core.models import Country
from alliance87.core.permissions import require
from alliance87.partners.models import Partner, Person

from .. import rules, selectors, tasks
from ..events import GovernanceEvent
from ..models import Invitation, Meeting, Member, Seat
from ._common import holder_key, local_date


def seat_assign(
    *,
    actor,
    seat_id: int,
    term_start: dt.date,
    country_iso3: str | None = None,
    partner_id: int | None = None,
    person_id: int | None = None,
    nominated_by: str = "",
    term_end: dt.date | None = None,
    is_pathfinder: bool | None = None,
) -> Member:
    """Give a vacant seat a holder, refusing what breaks the mandate's composition."""
    require(actor, "governance.manage")
    with changes.write():
        seats = changes.lock_many(Seat)  # the composition is global: every seat, by pk
        seat = next((s for s in seats if s.pk == seat_id), None)
        if seat is None:
            raise NotFound(_("There is no such seat."), field="seat")
        country = Country.objects.filter(pk=country_iso3).first() if country_iso3 else None
        if country_iso3 and country is None:
            raise ValidationError({"country": _("Unknown country.")})
        partner = Partner.objects.filter(pk=partner_id).first() if partner_id else None
        if partner_id and partner is None:
            raise ValidationError({"partner": _("There is no such organisation.")})
        if person_id and not Person.objects.filter(pk=person_id).exists():
            raise ValidationError({"person": _("There is no such person.")})
        # The holders after the seats (parent before child).
        current = changes.lock_many(
            Member.objects.select_related("seat", "country", "partner"), status=Member.Status.ACTIVE
        )
        for m in [m for m in current if m.term_end and m.term_end < term_start]:
            changes.update(
                m,
                actor=actor,
                event=GovernanceEvent.MEMBER_TERM_ENDED,
                data={"status": rules.MEMBER.target("end_term", m.status)},
            )
            current.remove(m)
        if any(m.seat_id == seat.pk for m in current):
            raise ValidationError({"seat": _("This seat already has a holder.")})
        constituency = rules.Constituency(seat.constituency)
        fields = {
            "seat": seat,
            "country": country,
            "partner": partner,
            "person_id": person_id,
            "nominated_by": nominated_by,
            "term_start": term_start,
            "term_end": term_end or rules.term_end(term_start, constituency),
        }
        new = Member(**fields)
        reason = rules.assignment_refusal([m.holding() for m in current], new.holding())
        if reason is None:
            forfeited = Member.objects.filter(seat=seat, status=Member.Status.FORFEITED)
            reason = rules.replacement_refusal(
                [holder_key(m.country_id, m.partner_id) for m in forfeited],
                holder_key(new.country_id, new.partner_id),
            )
        if reason:
            raise refusals.invalid(reason, "seat")
        reason = rules.term_refusal(term_start, new.term_end, constituency)
        if reason:
            raise refusals.invalid(reason, "term_end")
        new = changes.create(
            Member,
            actor=actor,
            event=GovernanceEvent.MEMBER_ASSIGNED,
            changes={
                "seat": [None, str(seat)],
                "holder": [None, new.holder_label],
                "term_end": [None, new.term_end.isoformat() if new.term_end else None],
            },
            label=f"{seat}: {new.holder_label}",
            **fields,
        )
        _invite_to_upcoming(new)
    return new


def _invite_to_upcoming(member: Member) -> None:
    """Invite a new holder to the meetings already scheduled within its term (e-mailed after
    commit, as when a meeting is scheduled)."""
    meetings = [
        m
        for m in Meeting.objects.filter(starts_at__gte=timezone.now()).order_by("starts_at")
        if member.term_start <= local_date(m) <= (member.term_end or dt.date.max)
    ]
    Invitation.objects.bulk_create(
        [Invitation(meeting=m, member=member) for m in meetings], ignore_conflicts=True
    )
    if member.person_id and member.person and member.person.email:
        for m in meetings:
            notify.on_commit(tasks.send_invitations, m.pk, [member.pk])


def member_leave(*, actor, member_id: int, on: dt.date | None = None) -> Member:
    """A member leaves before its term ends (seed 000: «Los Gobiernos que deseen desvincularse
    del Grupo antes de finalizar su mandato de tres años pueden hacerlo»)."""
    require(actor, "governance.manage")
    with changes.write():
        member = _member_locked(member_id)
        if reason := rules.MEMBER.refusal("leave", member.status):
            raise refusals.refused(reason)
        _end_membership(
            actor, member, "leave", on or timezone.localdate(), GovernanceEvent.MEMBER_LEFT
        )
    return member


def forfeiture_confirm(*, actor, member_id: int) -> Member:
    """The Secretariat confirms a forfeited seat; the seat opens for another representative of
    the same stakeholder group (seed 000, «su puesto se concederá a otro representante del
    grupo de partes interesadas respectivo»)."""
    require(actor, "governance.manage")
    with changes.write():
        member = _member_locked(member_id)
        history = selectors.attendance_history([member]).get(member.pk, [])
        if reason := rules.forfeiture_refusal(rules.MemberStatus(member.status), history):
            raise refusals.refused(reason)
        _end_membership(
            actor, member, "forfeit", timezone.localdate(), GovernanceEvent.MEMBER_FORFEITED
        )
    return member


def _end_membership(actor, member: Member, action: str, day: dt.date, event) -> None:
    """A member's term ends on ``day`` (leaving or forfeiting, ``rules.MEMBER``): its later
    invitations are withdrawn and the change is recorded with how many."""
    withdrawn = _withdraw_invitations(member, after=day)
    changes.update(
        member,
        actor=actor,
        event=event,
        data={"status": rules.MEMBER.target(action, member.status), "term_end": day},
        extra_changes={"invitations_withdrawn": [None, withdrawn]},
        allow_empty=True,
    )


def _member_locked(member_id: int) -> Member:
    return changes.lock(
        Member.objects.select_related("seat"),
        pk=member_id,
        not_found=_("There is no such member."),
    )


def _withdraw_invitations(member: Member, *, after: dt.date) -> int:
    """Remove the invitations of a member whose term ended on ``after`` to meetings held
    later (they no longer sit on the Group then). Returns how many were removed."""
    later = [
        i.pk
        for i in Invitation.objects.filter(member=member).select_related("meeting")
        if local_date(i.meeting) > after
    ]
    Invitation.objects.filter(pk__in=later).delete()
    return len(later)
