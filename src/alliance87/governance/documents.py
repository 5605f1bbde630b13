"""Documents made from GCG data: the minutes as PDF (WeasyPrint) and the iCalendar feed."""

from __future__ import annotations

import datetime as dt

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext

from alliance87.core.words import colon

from .models import Meeting


def minutes_html(meeting: Meeting) -> str:
    """The minutes of ``meeting`` as HTML, in the meeting's language."""
    from .selectors import meeting_get, quorum_text

    with translation.override(meeting.language):
        detail = meeting_get(meeting.pk)
        assert detail is not None
        return render_to_string(
            "governance/minutes_pdf.html", {"d": detail, "quorum_text": quorum_text(detail.quorum)}
        )


def minutes_pdf(meeting: Meeting) -> bytes:
    """The minutes of ``meeting`` as a PDF (WeasyPrint), in the meeting's language."""
    from weasyprint import HTML

    return HTML(string=minutes_html(meeting)).write_pdf()


def meetings_ical(
    meetings: list[Meeting], base_url: str, group_meetings=(), language: str = "en"
) -> bytes:
    """The GCG meetings, and the action groups' meetings known to the day, as an iCalendar
    feed (RFC 5545), its name and summaries in ``language``."""
    with translation.override(language):
        return _meetings_ical(meetings, base_url, group_meetings, language)


def _meetings_ical(meetings, base_url: str, group_meetings, language: str) -> bytes:
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//Alliance 8.7 Platform//GCG meetings//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", gettext("Alliance 8.7 — Global Coordinating Group"))
    for m in meetings:
        ev = Event()
        ev.add("uid", f"gcg-meeting-{m.pk}@alliance87")
        ev.add("summary", m.title)
        ev.add("dtstart", m.starts_at)
        ev.add("dtend", m.ends_at)
        ev.add("dtstamp", dt.datetime.now(dt.UTC))
        location = m.location(language)
        if location:
            ev.add("location", location)
        ev.add("url", f"{base_url}/{language}/gcg/meetings/{m.pk}/")
        cal.add_component(ev)
    for gm in group_meetings:
        ev = Event()
        ev.add("uid", f"group-meeting-{gm.pk}@alliance87")
        ev.add("summary", f"{gm.group.name}{colon(language)} {gm.title}")
        ev.add("dtstart", gm.date)  # an all-day event
        ev.add("dtstamp", dt.datetime.now(dt.UTC))
        if gm.place:
            ev.add("location", gm.place)
        ev.add("url", f"{base_url}/{language}/groups/{gm.group.slug}/")
        cal.add_component(ev)
    return cal.to_ical()
