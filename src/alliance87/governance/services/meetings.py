"""Meetings: scheduling (with the invitations), the agenda, attendance and observers."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from alliance87.core import audit, changes, content, notify
from alliance87.core.exceptions import NotFound, ValidationError
from alliance87.core.permissions import require

from .. import rules, selectors, tasks
from ..events import GovernanceEvent
from ..models import AgendaItem, Attendance, Invitation, Meeting, Observer, Presence
from ..timezones import zone
from ._common import meeting_locked


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
    tz = zone(time_zone)
    if tz is None:
        raise ValidationError({"time_zone": _("Choose a time zone from the list.")})
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at, tz)
    if timezone.is_naive(ends_at):
        ends_at = timezone.make_aware(ends_at, tz)
    with changes.write():
        invited = selectors.members_on(timezone.localtime(starts_at, tz).date())
        # Each member's person, and the accounts holding the GCG member role on it.
        holders = selectors.representatives(invited)
        addresses = {m.pk: {u.email for u in holders.get(m.pk, []) if u.email} for m in invited}
        for m in invited:
            if m.person and m.person.email:
                addresses[m.pk].add(m.person.email)
        mailed = [m for m in invited if addresses[m.pk]]
        meeting = changes.create(
            Meeting,
            actor=actor,
            event=GovernanceEvent.MEETING_CREATED,
            changes={
                "invited": [None, len(invited)],
                "e-mailed": [None, len(set().union(*addresses.values()))],
            },
            titles=content.make(language, **{language: title.strip()}),
            starts_at=starts_at,
            ends_at=ends_at,
            timezone=time_zone,
            mode=mode,
            place=content.make(language, **{language: place.strip()}) if place.strip() else {},
            city=content.make(language, **{language: city.strip()}) if city.strip() else {},
            language=language,
            number=number,
            # Seed 000: the Group is chaired by its government chair; the one in office that day.
            chair_country_id=next(
                (m.country_id for m in invited if m.seat.constituency == rules.Constituency.CHAIR),
                None,
            ),
        )
        Invitation.objects.bulk_create(Invitation(meeting=meeting, member=m) for m in invited)
        notify.on_commit(tasks.send_invitations, meeting.pk, [m.pk for m in mailed])
    return meeting


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
    presenter and documents (``{"title": ..., "url": ...}``, the URL optional). The titles
    are recorded in ``language``, the language they were written in."""
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
        docs.append(
            {
                "title": content.make(language, **{language: doc_title}),
                **({"url": url} if url else {}),
            }
        )
    if errors:
        raise ValidationError(errors)
    with changes.write():
        meeting = meeting_locked(meeting_id)
        last = meeting.agenda.order_by("-position").values_list("position", flat=True).first()
        position = (last or 0) + 1
        return changes.create(
            AgendaItem,
            actor=actor,
            event=GovernanceEvent.AGENDA_ITEM_ADDED,
            changes={
                "meeting": [None, meeting.pk],
                "agenda": [None, f"{position}. {title.strip()}"],
            },
            meeting=meeting,
            position=position,
            starts=starts,
            ends=ends,
            titles=content.make(language, **{language: title.strip()}),
            presenter=presenter.strip(),
            is_break=is_break,
            documents=docs,
        )


def meeting_record_attendance(
    *, actor, meeting_id: int, member_id: int, presence: str
) -> rules.Quorum:
    """Record one member's attendance and return the meeting's quorum afterwards."""
    require(actor, "governance.manage")
    if presence not in Presence.values:
        raise ValidationError(
            {"presence": _("Choose present, absent with prior notice or absent without notice.")}
        )
    with changes.write():
        meeting = meeting_locked(meeting_id)
        if not any(m.pk == member_id for m in selectors.members_on(meeting.starts_at.date())):
            raise ValidationError(
                {"member": _("This member did not hold a seat on the day of the meeting.")}
            )
        # The meeting before its attendance (parent before child).
        row = next(iter(changes.lock_many(Attendance, meeting=meeting, member_id=member_id)), None)
        if row is None:
            row = Attendance.objects.create(meeting=meeting, member_id=member_id, presence=presence)
            diff = {"presence": [None, presence]}
        else:
            diff = audit.apply_changes(row, {"presence": presence})
            if diff:
                row.recorded_at = timezone.now()
                row.save(update_fields=["presence", "recorded_at"])
        # One row on the meeting, naming the member (the attendance sheet is the meeting's).
        if diff:
            audit.record(
                actor=actor,
                event=GovernanceEvent.ATTENDANCE_RECORDED,
                obj=meeting,
                changes={f"member {member_id}": diff["presence"]},
            )
        return selectors.meeting_quorum(meeting)


def meeting_record_attendance_sheet(
    *, actor, meeting_id: int, presences: dict[int, str]
) -> rules.Quorum:
    """Record the attendance of every member at once (the meeting page's one form) and return
    the quorum afterwards. All or nothing: an unknown member or presence writes nothing.
    A member left at "—" keeps what was recorded. One audit row names every change."""
    require(actor, "governance.manage")
    if any(p not in Presence.values for p in presences.values()):
        raise ValidationError(
            {"presence": _("Choose present, absent with prior notice or absent without notice.")}
        )
    with changes.write():
        meeting = meeting_locked(meeting_id)
        seated = {m.pk for m in selectors.members_on(meeting.starts_at.date())}
        if set(presences) - seated:
            raise ValidationError(
                {"member": _("This member did not hold a seat on the day of the meeting.")}
            )
        rows = {a.member_id: a for a in changes.lock_many(Attendance, meeting=meeting)}
        recorded: dict[str, list] = {}
        now = timezone.now()
        for member_id in sorted(presences):
            presence = presences[member_id]
            row = rows.get(member_id)
            if row is None:
                Attendance.objects.create(meeting=meeting, member_id=member_id, presence=presence)
                recorded[f"member {member_id}"] = [None, presence]
            elif row.presence != presence:
                recorded[f"member {member_id}"] = [row.presence, presence]
                row.presence, row.recorded_at = presence, now
                row.save(update_fields=["presence", "recorded_at"])
        audit.record(
            actor=actor, event=GovernanceEvent.ATTENDANCE_RECORDED, obj=meeting, changes=recorded
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
    with changes.write():
        meeting = meeting_locked(meeting_id)
        require(actor, "governance.invite_observer", meeting)
        if not name.strip():
            raise ValidationError({"name": _("Give the observer's name.")})
        day = meeting.starts_at.date()
        if informed_secretariat_on > day or informed_group_on > day:
            raise ValidationError(
                {
                    "informed_group_on": _(
                        "The Secretariat and the Group are informed before the meeting."
                    )
                }
            )
        return changes.create(
            Observer,
            actor=actor,
            event=GovernanceEvent.OBSERVER_INVITED,
            changes={
                "meeting": [None, meeting.pk],
                "speaking_rights": [None, False],
                "counts_towards_quorum": [None, False],
            },
            meeting=meeting,
            name=name.strip(),
            organisation=organisation.strip(),
            informed_secretariat_on=informed_secretariat_on,
            informed_group_on=informed_group_on,
        )


def observer_record_presence(
    *, actor, observer_id: int, present: bool, meeting_id: int | None = None
) -> rules.Quorum:
    """Record whether an observer attended; returns the meeting's quorum, which observers
    never change («observadores sin derecho al uso de la palabra»). With ``meeting_id``, an
    observer of another meeting is not found."""
    require(actor, "governance.manage")
    with changes.write():
        lookup = {"pk": observer_id, **({"meeting_id": meeting_id} if meeting_id else {})}
        meeting_pk = Observer.objects.filter(**lookup).values_list("meeting_id", flat=True).first()
        if meeting_pk is None:
            raise NotFound(_("There is no such observer."), field="observer")
        meeting = meeting_locked(meeting_pk)  # the meeting before its observer
        obs = changes.lock(Observer, pk=observer_id)
        changes.update(
            obs,
            actor=actor,
            event=GovernanceEvent.OBSERVER_PRESENCE,
            data={"present": bool(present)},
        )
        return selectors.meeting_quorum(meeting)
