"""E-mails of the GCG, sent by the tasks worker after the change that asks for them commits
(``notify.on_commit``): the invitations to a meeting (with an iCalendar file) and the minutes
(with their PDF). Each message is composed in its recipient's language: the preferred
language of the representative's account, else the first platform language among the
languages the representative's contact record lists, else the meeting's language."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from alliance87.core import content, notify, words
from alliance87.core.content import current_language
from alliance87.core.models import LANGUAGE_CODES

from .models import Meeting, Member


def _recipients(members, meeting: Meeting) -> list[notify.Recipient]:
    """The representatives of ``members`` with an e-mail, once each, in their language: the
    person each seat names, and the accounts given the GCG member role on that member."""
    from .selectors import representatives

    members = list(members)
    seen: dict[str, notify.Recipient] = {}
    for m in members:
        person = m.person
        if not (person and person.email) or person.email in seen:
            continue
        user = person.user if person.user_id else None
        spoken = [code for code in person.languages or [] if code in LANGUAGE_CODES]
        language = (
            (user.preferred_language if user else "") or next(iter(spoken), "") or meeting.language
        )
        seen[person.email] = notify.Recipient(person.email, language)
    for users in representatives(members).values():
        for user in users:
            if user.email and user.email not in seen:
                language = user.preferred_language or meeting.language
                seen[user.email] = notify.Recipient(user.email, language)
    return sorted(seen.values(), key=lambda r: r.email)


def _link(meeting: Meeting) -> str:
    """The meeting's page, in the language the message is being composed in."""
    return notify.absolute_url(reverse("governance:meeting", args=[meeting.pk]))


@task()
def send_invitations(meeting_id: int, member_ids: list[int]) -> int:
    """E-mail the invitation to ``meeting_id``, with the meeting as an iCalendar attachment,
    to the representatives of ``member_ids``. Returns the number sent."""
    from .documents import meetings_ical
    from .timezones import zone

    meeting = Meeting.objects.get(pk=meeting_id)
    members = Member.objects.filter(pk__in=member_ids).select_related("person__user")
    local = timezone.localtime(meeting.starts_at, zone(meeting.timezone) or dt.UTC)

    def compose() -> notify.Message:
        # The calendar entry too is in the recipient's language, whatever the meeting's.
        ics = meetings_ical([meeting], notify.absolute_url(""), language=current_language())
        facts = {
            "meeting": meeting.title,
            "date": words.date_in_words(local.date()),
            "time": local.strftime("%H:%M"),
            "zone": words.zone_in_words(meeting.timezone),
        }
        # A numbered meeting whose title is not written in the recipient's language is
        # already named by its position ("6.ª reunión del Grupo..."): the plain sentence then.
        if meeting.number and content.texts(meeting.titles).get(current_language()):
            invited = _(
                "You are invited to the %(ordinal)s meeting of the Global Coordinating Group of "
                "Alliance 8.7, as one of its members: %(meeting)s, on %(date)s at %(time)s "
                "(%(zone)s)."
            ) % {**facts, "ordinal": words.ordinal(meeting.number)}
        else:
            invited = (
                _(
                    "You are invited, as a member of the Global Coordinating Group of Alliance "
                    "8.7, to the following meeting: %(meeting)s, on %(date)s at %(time)s "
                    "(%(zone)s)."
                )
                % facts
            )
        lines = [invited]
        place = meeting.location()  # in the recipient's language
        if place:
            lines.append(_("Place: %(place)s") % {"place": place})
        lines.append(_("The attached file adds the meeting to your calendar."))
        lines.append(_("The meeting's page, with its agenda: %(link)s") % {"link": _link(meeting)})
        return notify.Message(
            _("Invitation: %(meeting)s") % {"meeting": meeting.title},
            "\n\n".join(lines),
            [notify.Attachment(f"gcg-meeting-{meeting.pk}.ics", ics, "text/calendar")],
        )

    return notify.send(_recipients(members, meeting), compose)


@task()
def send_minutes(meeting_id: int) -> int:
    """E-mail the minutes of ``meeting_id`` (the PDF, in the meeting's language, attached) to
    everyone on its circulation list. Returns the number sent."""
    from .documents import minutes_pdf
    from .selectors import circulation_members

    meeting = Meeting.objects.get(pk=meeting_id)
    pdf = minutes_pdf(meeting)

    def compose() -> notify.Message:
        return notify.Message(
            _("Minutes: %(meeting)s") % {"meeting": meeting.title},
            _("Please find attached the minutes of %(meeting)s.") % {"meeting": meeting.title}
            + "\n\n"
            + _("They are also on the meeting's page: %(link)s") % {"link": _link(meeting)},
            [notify.Attachment(f"minutes-{meeting.pk}.pdf", pdf, "application/pdf")],
        )

    recipients = _recipients(circulation_members(meeting), meeting)
    return notify.send(recipients, compose)
