"""What the GCG's services share: the meeting lock and time zones."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from alliance87.core import changes

from ..models import Meeting
from ..timezones import zone


def meeting_locked(meeting_id: int) -> Meeting:
    """The meeting, locked (its own row) for the rest of the transaction; 404 when missing.
    A meeting is locked before its attendance, decisions, minutes and action points."""
    return changes.lock(Meeting, pk=meeting_id, not_found=_("There is no such meeting."))


def local_date(meeting: Meeting) -> dt.date:
    """The day of the meeting where it is held."""
    from django.utils import timezone

    return timezone.localtime(meeting.starts_at, zone(meeting.timezone) or dt.UTC).date()


def holder_key(country_id: str | None, partner_id: int | None) -> str:
    return f"country:{country_id}" if country_id else f"partner:{partner_id}"
