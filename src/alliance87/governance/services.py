"""Every change to the Global Coordinating Group: lock, re-check, write, audit — in one
transaction; e-mails after commit."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance87.core import audit
from alliance87.core.exceptions import Conflict, DomainError, TransitionRefused, ValidationError
from alliance87.core.models import Country
from alliance87.core.permissions import require
from alliance87.partners.models import Partner, Person

from . import rules, selectors
from .models import (
    ActionPoint,
    AgendaItem,
    Attendance,
    Decision,
    Invitation,
    Meeting,
    Member,
    Minutes,
    Objection,
    Observer,
    Presence,
    Seat,
)

log = logging.getLogger(__name__)


def meeting_qs_for_update():
    return Meeting.objects.select_for_update().order_by("pk")


def _meeting_locked(meeting_id: int) -> Meeting:
    meeting = meeting_qs_for_update().filter(pk=meeting_id).first()
    if meeting is None:
        raise ValidationError({"meeting": _("There is no such meeting.")})
    return meeting


# --- seats -------------------------------------------------------------------------------


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
    with transaction.atomic():
        seats = list(Seat.objects.select_for_update().order_by("pk"))  # the composition is global
        seat = next((s for s in seats if s.pk == seat_id), None)
        if seat is None:
            raise ValidationError({"seat": _("There is no such seat.")})
        country = Country.objects.filter(pk=country_iso3).first() if country_iso3 else None
        if country_iso3 and country is None:
            raise ValidationError({"country": _("Unknown country.")})
        partner = Partner.objects.filter(pk=partner_id).first() if partner_id else None
        if partner_id and partner is None:
            raise ValidationError({"partner": _("There is no such organisation.")})
        if person_id and not Person.objects.filter(pk=person_id).exists():
            raise ValidationError({"person": _("There is no such person.")})
        current = list(
            Member.objects.filter(status=Member.Status.ACTIVE).select_related("seat", "country")
        )
        for m in [m for m in current if m.term_end and m.term_end < term_start]:
            changes = audit.apply_changes(m, {"status": Member.Status.ENDED})
            m.save(update_fields=list(changes))
            audit.record(actor=actor, event="governance.member.term_ended", obj=m, changes=changes)
            current.remove(m)
        if any(m.seat_id == seat.pk for m in current):
            raise ValidationError({"seat": _("This seat already has a holder.")})
        new = Member(
            seat=seat,
            country=country,
            partner=partner,
            person_id=person_id,
            nominated_by=nominated_by,
            term_start=term_start,
            term_end=term_end,
        )
        constituency = rules.Constituency(seat.constituency)
        if new.term_end is None:
            new.term_end = rules.term_end(term_start, constituency)
        reason = rules.assignment_refusal([m.holding() for m in current], new.holding())
        if reason is None:
            forfeited = Member.objects.filter(seat=seat, status=Member.Status.FORFEITED)
            reason = rules.replacement_refusal(
                [_holder_key(m.country_id, m.partner_id) for m in forfeited],
                _holder_key(new.country_id, new.partner_id),
            )
        if reason:
            raise ValidationError({"seat": reason})
        reason = rules.term_refusal(term_start, new.term_end, constituency)
        if reason:
            raise ValidationError({"term_end": reason})
        new.full_clean()
        new.save()
        audit.record(
            actor=actor,
            event="governance.member.assigned",
            obj=new,
            changes={
                "seat": [None, str(seat)],
                "holder": [None, new.holder_label],
                "term_end": [None, new.term_end.isoformat() if new.term_end else None],
            },
            label=f"{seat}: {new.holder_label}",
        )
        _invite_to_upcoming(new)
    return new


def _invite_to_upcoming(member: Member) -> None:
    """Invite a new holder to the meetings already scheduled within its term (e-mailed after
    commit, as when a meeting is scheduled)."""
    meetings = [
        m
        for m in Meeting.objects.filter(starts_at__gte=timezone.now()).order_by("starts_at")
        if member.term_start
        <= timezone.localtime(m.starts_at, _zone(m.timezone) or dt.UTC).date()
        <= (member.term_end or dt.date.max)
    ]
    Invitation.objects.bulk_create(
        [Invitation(meeting=m, member=member) for m in meetings], ignore_conflicts=True
    )
    email = member.person.email if member.person_id and member.person else ""
    if email:
        for m in meetings:
            transaction.on_commit(lambda pk=m.pk: _send_invitations(pk, [email]))


def _holder_key(country_id: str | None, partner_id: int | None) -> str:
    return f"country:{country_id}" if country_id else f"partner:{partner_id}"


def member_leave(*, actor, member_id: int, on: dt.date | None = None) -> Member:
    """A member leaves before its term ends (seed 000: «Los Gobiernos que deseen desvincularse
    del Grupo antes de finalizar su mandato de tres años pueden hacerlo»)."""
    require(actor, "governance.manage")
    with transaction.atomic():
        member = Member.objects.select_for_update().filter(pk=member_id).first()
        if member is None:
            raise ValidationError({"member": _("There is no such member.")})
        if member.status != Member.Status.ACTIVE:
            raise TransitionRefused(_("This member no longer holds the seat."))
        day = on or timezone.localdate()
        changes = audit.apply_changes(member, {"status": Member.Status.ENDED, "term_end": day})
        member.full_clean()
        member.save(update_fields=list(changes))
        withdrawn = _withdraw_invitations(member, after=day)
        audit.record(
            actor=actor,
            event="governance.member.left",
            obj=member,
            changes={**changes, "invitations_withdrawn": [None, withdrawn]},
        )
    return member


def _withdraw_invitations(member: Member, *, after: dt.date) -> int:
    """Remove the invitations of a member whose term ended on ``after`` to meetings held
    later (they no longer sit on the Group then). Returns how many were removed."""
    later = [
        i.pk
        for i in Invitation.objects.filter(member=member).select_related("meeting")
        if timezone.localtime(i.meeting.starts_at, _zone(i.meeting.timezone) or dt.UTC).date()
        > after
    ]
    Invitation.objects.filter(pk__in=later).delete()
    return len(later)


def forfeiture_confirm(*, actor, member_id: int) -> Member:
    """The Secretariat confirms a forfeited seat; the seat opens for another representative of
    the same stakeholder group (seed 000, «su puesto se concederá a otro representante del
    grupo de partes interesadas respectivo»)."""
    require(actor, "governance.manage")
    with transaction.atomic():
        member = Member.objects.select_for_update().filter(pk=member_id).first()
        if member is None:
            raise ValidationError({"member": _("There is no such member.")})
        if member.status != Member.Status.ACTIVE:
            raise TransitionRefused(_("This member no longer holds the seat."))
        history = selectors.attendance_history([member]).get(member.pk, [])
        if not rules.forfeits_seat(history):
            raise TransitionRefused(
                _("This member has not missed three consecutive meetings without prior notice.")
            )
        today = timezone.localdate()
        changes = audit.apply_changes(
            member, {"status": Member.Status.FORFEITED, "term_end": today}
        )
        member.full_clean()
        member.save(update_fields=list(changes))
        withdrawn = _withdraw_invitations(member, after=today)
        audit.record(
            actor=actor,
            event="governance.member.forfeited",
            obj=member,
            changes={**changes, "invitations_withdrawn": [None, withdrawn]},
        )
    return member


# --- meetings ----------------------------------------------------------------------------


def meeting_create(
    *,
    actor,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    mode: str = Meeting.Mode.IN_PERSON,
    place: str = "",
    city: str = "",
    language: str = "en",
    number: int | None = None,
    time_zone: str = "UTC",
) -> Meeting:
    """Schedule a meeting and invite every member whose term covers its date; the invitations
    go out by e-mail after commit. Times without an offset are read in ``time_zone``."""
    require(actor, "governance.manage")
    if not title.strip():
        raise ValidationError({"title": _("Give the meeting a title.")})
    zone = _zone(time_zone)
    if zone is None:
        raise ValidationError({"time_zone": _("Choose a time zone from the list.")})
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at, zone)
    if timezone.is_naive(ends_at):
        ends_at = timezone.make_aware(ends_at, zone)
    with transaction.atomic():
        meeting = Meeting(
            titles={language: title.strip()},
            starts_at=starts_at,
            ends_at=ends_at,
            timezone=time_zone,
            mode=mode,
            place=place,
            city=city,
            language=language,
            number=number,
        )
        invited = selectors.members_on(timezone.localtime(starts_at, zone).date())
        # Seed 000: the Group is chaired by its government chair; the one in office that day.
        meeting.chair_country_id = next(
            (m.country_id for m in invited if m.seat.constituency == rules.Constituency.CHAIR),
            None,
        )
        meeting.full_clean()
        meeting.save()
        Invitation.objects.bulk_create(Invitation(meeting=meeting, member=m) for m in invited)
        recipients = sorted({m.person.email for m in invited if m.person and m.person.email})
        audit.record(
            actor=actor,
            event="governance.meeting.created",
            obj=meeting,
            changes={"invited": [None, len(invited)], "e-mailed": [None, len(recipients)]},
        )
        transaction.on_commit(lambda: _send_invitations(meeting.pk, recipients))
    return meeting


def _send_invitations(meeting_id: int, recipients: list[str]) -> None:
    """E-mail the invitation, with the meeting as an iCalendar attachment, in the meeting's
    language; one failed address does not stop the others."""
    from django.conf import settings
    from django.core.mail import EmailMessage
    from django.utils import translation

    from .documents import meetings_ical

    meeting = Meeting.objects.get(pk=meeting_id)
    base_url = getattr(settings, "SITE_URL", "").rstrip("/")
    ics = meetings_ical([meeting], base_url, language=meeting.language)
    with translation.override(meeting.language):
        local = timezone.localtime(meeting.starts_at, _zone(meeting.timezone) or dt.UTC)
        subject = _("Invitation: %(meeting)s") % {"meeting": meeting.title}
        lines = [
            _(
                "You are invited, as a member of the Global Coordinating Group of Alliance 8.7, "
                "to %(meeting)s on %(date)s at %(time)s (%(zone)s)."
            )
            % {
                "meeting": meeting.title,
                "date": local.date().isoformat(),
                "time": local.strftime("%H:%M"),
                "zone": meeting.timezone,
            }
        ]
        place = ", ".join(p for p in (meeting.place, meeting.city) if p)
        if place:
            lines.append(_("Place: %(place)s") % {"place": place})
        lines.append(_("The attached file adds the meeting to your calendar."))
        body = "\n\n".join(lines)
    for address in recipients:
        message = EmailMessage(subject, body, to=[address])
        message.attach(f"gcg-meeting-{meeting.pk}.ics", ics, "text/calendar")
        try:
            message.send()
        except Exception:  # one bad address must not stop the others
            log.exception("could not send the invitation to meeting %s to a member", meeting_id)


def _zone(name: str):
    """The time zone called ``name`` (IANA), or ``None``."""
    import zoneinfo

    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def agenda_item_add(
    *,
    actor,
    meeting_id: int,
    title: str,
    starts: dt.time | None = None,
    ends: dt.time | None = None,
    presenter: str = "",
    is_break: bool = False,
    documents: list[dict] | None = None,
    language: str = "en",
) -> AgendaItem:
    """Add an item at the end of a meeting's agenda: times (the meeting's local time), a
    presenter and documents (``{"title": ..., "url": ...}``, the URL optional)."""
    require(actor, "governance.manage")
    errors = {}
    if not title.strip():
        errors["title"] = _("Give the agenda item a title.")
    if starts and ends and ends < starts:
        errors["ends"] = _("An item ends after it starts.")
    docs = []
    for doc in documents or []:
        doc_title, url = str(doc.get("title", "")).strip(), str(doc.get("url", "")).strip()
        if not doc_title or (url and not url.startswith(("https://", "http://"))):
            errors["documents"] = _("Give each document a title and, if any, a web address.")
            break
        docs.append({"title": {language: doc_title}, **({"url": url} if url else {})})
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        meeting = _meeting_locked(meeting_id)
        last = meeting.agenda.order_by("-position").values_list("position", flat=True).first()
        item = AgendaItem(
            meeting=meeting,
            position=(last or 0) + 1,
            starts=starts,
            ends=ends,
            titles={language: title.strip()},
            presenter=presenter.strip(),
            is_break=is_break,
            documents=docs,
        )
        item.full_clean()
        item.save()
        audit.record(
            actor=actor,
            event="governance.agenda_item.added",
            obj=meeting,
            changes={"agenda": [None, f"{item.position}. {item.title}"]},
        )
    return item


def meeting_record_attendance(
    *, actor, meeting_id: int, member_id: int, presence: str
) -> rules.Quorum:
    """Record one member's attendance and return the meeting's quorum afterwards."""
    require(actor, "governance.manage")
    if presence not in Presence.values:
        raise ValidationError(
            {"presence": _("Choose present, absent with prior notice or absent without notice.")}
        )
    with transaction.atomic():
        meeting = _meeting_locked(meeting_id)
        if not any(m.pk == member_id for m in selectors.members_on(meeting.starts_at.date())):
            raise ValidationError(
                {"member": _("This member did not hold a seat on the day of the meeting.")}
            )
        row = Attendance.objects.filter(meeting=meeting, member_id=member_id).first()
        if row is None:
            row = Attendance.objects.create(meeting=meeting, member_id=member_id, presence=presence)
            changes = {"presence": [None, presence]}
        else:
            changes = audit.apply_changes(row, {"presence": presence})
            if changes:
                row.recorded_at = timezone.now()
                row.save(update_fields=["presence", "recorded_at"])
        audit.record(
            actor=actor,
            event="governance.attendance.recorded",
            obj=meeting,
            changes={f"member {member_id}": changes["presence"]} if changes else {},
        )
        return selectors.meeting_quorum(meeting)


def observer_invite(
    *,
    actor,
    meeting_id: int,
    name: str,
    organisation: str,
    informed_secretariat_on: dt.date,
    informed_group_on: dt.date,
) -> Observer:
    """The chair invites an observer without speaking rights, after informing the Secretariat
    and the Group (seed 000). Observers never count towards quorum."""
    require(actor, "governance.invite_observer")
    if not name.strip():
        raise ValidationError({"name": _("Give the observer's name.")})
    with transaction.atomic():
        meeting = _meeting_locked(meeting_id)
        day = meeting.starts_at.date()
        if informed_secretariat_on > day or informed_group_on > day:
            raise ValidationError(
                {
                    "informed_group_on": _(
                        "The Secretariat and the Group are informed before the meeting."
                    )
                }
            )
        obs = Observer.objects.create(
            meeting=meeting,
            name=name.strip(),
            organisation=organisation.strip(),
            informed_secretariat_on=informed_secretariat_on,
            informed_group_on=informed_group_on,
        )
        audit.record(
            actor=actor,
            event="governance.observer.invited",
            obj=obs,
            changes={
                "meeting": [None, meeting.pk],
                "speaking_rights": [None, False],
                "counts_towards_quorum": [None, False],
            },
        )
    return obs


def observer_record_presence(*, actor, observer_id: int, present: bool) -> rules.Quorum:
    """Record whether an observer attended; returns the meeting's quorum, which observers
    never change («observadores sin derecho al uso de la palabra»)."""
    require(actor, "governance.manage")
    with transaction.atomic():
        obs = Observer.objects.filter(pk=observer_id).first()
        if obs is None:
            raise ValidationError({"observer": _("There is no such observer.")})
        meeting = _meeting_locked(obs.meeting_id)
        obs = Observer.objects.get(pk=observer_id)
        changes = audit.apply_changes(obs, {"present": bool(present)})
        if changes:
            obs.save(update_fields=list(changes))
            audit.record(
                actor=actor, event="governance.observer.presence", obj=obs, changes=changes
            )
        return selectors.meeting_quorum(meeting)


# --- decisions ---------------------------------------------------------------------------


def decision_record(
    *,
    actor,
    meeting_id: int,
    text: str,
    kind: str = Decision.Kind.GENERAL,
    objector_ids: list[int] | None = None,
    country_iso3: str | None = None,
    group_name: str = "",
    group_kind: str = "action_group",
    group_id: int | None = None,
) -> Decision:
    """Put a proposal to the members present and record the outcome.

    Refused (nothing written) without quorum; with an objection it is recorded as not
    adopted; otherwise adopted, and a decision that acts on another part of the platform
    (granting pathfinder status, creating a group) does so in the same transaction.
    """
    require(actor, "governance.manage")
    if not text.strip():
        raise ValidationError({"text": _("Write the proposal.")})
    if kind not in Decision.Kind.values:
        raise ValidationError({"kind": _("Choose the kind of decision.")})
    objector_ids = sorted(set(objector_ids or []))
    with transaction.atomic():
        meeting = _meeting_locked(meeting_id)
        quorum = selectors.meeting_quorum(meeting)
        present = set(
            Attendance.objects.filter(meeting=meeting, presence=Presence.PRESENT).values_list(
                "member_id", flat=True
            )
        )
        if any(i not in present for i in objector_ids):
            raise ValidationError({"objections": _("Only members present can object.")})
        outcome = rules.consensus(quorum.holds, len(objector_ids))
        if outcome is rules.Outcome.NO_QUORUM:
            raise TransitionRefused(selectors.quorum_text(quorum))
        country = None
        if kind == Decision.Kind.GRANT_PATHFINDER:
            country = Country.objects.filter(pk=country_iso3 or "").first()
            if country is None:
                raise ValidationError({"country": _("Name the country granted pathfinder status.")})
        if kind == Decision.Kind.CREATE_GROUP and not (group_name.strip() or group_id):
            raise ValidationError({"group_name": _("Name the group to create.")})
        seq = Decision.objects.filter(meeting=meeting).count() + 1
        reference = f"GCG{meeting.number}/{seq}" if meeting.number else f"M{meeting.pk}/{seq}"
        decision = Decision(
            meeting=meeting,
            reference=reference,
            text=text.strip(),
            kind=kind,
            country=country,
            outcome=outcome.value,
            present_count=quorum.present,
            recorded_by=actor,
        )
        decision.full_clean()
        decision.save()
        for member_id in objector_ids:
            Objection.objects.create(decision=decision, member_id=member_id)
        audit.record(
            actor=actor,
            event=f"governance.decision.{outcome.value}",
            obj=decision,
            changes={
                "outcome": [None, outcome.value],
                "kind": [None, kind],
                "present": [None, quorum.present],
                "objections": [None, len(objector_ids)],
            },
        )
        if outcome is rules.Outcome.ADOPTED:
            _act_on(
                actor,
                decision,
                group_name=group_name,
                group_kind=group_kind,
                group_id=group_id,
                language=meeting.language,
            )
    return decision


def _act_on(
    actor,
    decision: Decision,
    *,
    group_name: str,
    group_kind: str,
    group_id: int | None,
    language: str,
) -> None:
    if decision.kind == Decision.Kind.GRANT_PATHFINDER:
        try:
            from alliance87.pathfinders.services import pathfinder_grant_status
        except ImportError as exc:  # the pathfinders app is built separately
            raise DomainError(
                _(
                    "Pathfinder status cannot be granted here yet: the pathfinder "
                    "countries module is not installed."
                )
            ) from exc
        pathfinder_grant_status(
            actor=actor,
            country=decision.country_id,
            decision_ref=decision.reference,
            on=min(decision.meeting.starts_at.date(), timezone.localdate()),
        )
    elif decision.kind == Decision.Kind.CREATE_GROUP:
        from alliance87.groups.services import group_create_by_decision

        group = group_create_by_decision(
            actor=actor,
            decision_ref=decision.reference,
            name=group_name,
            kind=group_kind,
            group_id=group_id,
            language=language,
        )
        decision.group = group
        decision.save(update_fields=["group"])


# --- minutes and action points -----------------------------------------------------------


def minutes_save(
    *,
    actor,
    meeting_id: int,
    conclusions: str,
    prepared_by: str = "",
    expected_version: int | None = None,
) -> Minutes:
    """The chair or vice-chair's minutes, written with the Secretariat's support."""
    require(actor, "governance.write_minutes")
    with transaction.atomic():
        meeting = _meeting_locked(meeting_id)
        minutes, created = Minutes.objects.get_or_create(meeting=meeting)
        if not created and expected_version is not None and minutes.version != expected_version:
            raise Conflict(
                _("Someone else changed these minutes. Reload them and apply your changes again.")
            )
        changes = audit.apply_changes(
            minutes, {"conclusions": conclusions.strip(), "prepared_by": prepared_by.strip()}
        )
        if changes:
            minutes.version += 1
            minutes.save(update_fields=[*changes, "version"])
        audit.record(
            actor=actor,
            event="governance.minutes.saved",
            obj=minutes,
            changes=changes,
            allow_empty=created,
        )
    return minutes


def minutes_circulate(*, actor, meeting_id: int) -> int:
    """Send the minutes (with the PDF) to every member -- those who held a seat on the day of
    the meeting and those who hold one now -- with a known e-mail, after commit. Returns the
    number of recipients; members without an e-mail are counted in the audit entry."""
    require(actor, "governance.manage")
    with transaction.atomic():
        meeting = _meeting_locked(meeting_id)
        minutes = Minutes.objects.filter(meeting=meeting).first()
        if minutes is None or not minutes.conclusions:
            raise TransitionRefused(_("Write the minutes before circulating them."))
        recipients, without = selectors.circulation_list(meeting)
        changes = audit.apply_changes(minutes, {"circulated_at": timezone.now()})
        minutes.save(update_fields=list(changes))
        audit.record(
            actor=actor,
            event="governance.minutes.circulated",
            obj=minutes,
            changes={
                **changes,
                "recipients": [None, len(recipients)],
                "members_without_email": [None, len(without)],
            },
        )
        transaction.on_commit(lambda: _send_minutes(meeting.pk, recipients))
    return len(recipients)


def _send_minutes(meeting_id: int, recipients: list[str]) -> None:
    from django.core.mail import EmailMessage
    from django.utils import translation

    from .documents import minutes_pdf

    meeting = Meeting.objects.get(pk=meeting_id)
    with translation.override(meeting.language):
        pdf = minutes_pdf(meeting)
        subject = _("Minutes: %(meeting)s") % {"meeting": meeting.title}
        body = _("Please find attached the minutes of %(meeting)s.") % {"meeting": meeting.title}
    for address in recipients:
        message = EmailMessage(subject, body, to=[address])
        message.attach(f"minutes-{meeting.pk}.pdf", pdf, "application/pdf")
        try:
            message.send()
        except Exception:  # one bad address must not stop the others
            log.exception("could not send minutes of meeting %s to a member", meeting_id)


def action_point_add(
    *, actor, meeting_id: int, text: str, owner: str, due_on: dt.date | None = None
) -> ActionPoint:
    require(actor, "governance.manage")
    errors = {}
    if not text.strip():
        errors["text"] = _("Write the action point.")
    if not owner.strip():
        errors["owner"] = _("Say who owns the action point.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        meeting = _meeting_locked(meeting_id)
        point = ActionPoint.objects.create(
            meeting=meeting, text=text.strip(), owner=owner.strip(), due_on=due_on
        )
        audit.record(
            actor=actor, event="governance.action_point.added", obj=point, allow_empty=True
        )
    return point


def action_point_set_status(*, actor, action_point_id: int, status: str) -> ActionPoint:
    require(actor, "governance.manage")
    if status not in ActionPoint.Status.values:
        raise ValidationError({"status": _("Choose a status.")})
    with transaction.atomic():
        point = ActionPoint.objects.select_for_update().filter(pk=action_point_id).first()
        if point is None:
            raise ValidationError({"action_point": _("There is no such action point.")})
        changes = audit.apply_changes(point, {"status": status})
        if changes:
            point.save(update_fields=list(changes))
            audit.record(
                actor=actor,
                event="governance.action_point.status_changed",
                obj=point,
                changes=changes,
            )
    return point
