"""Every change to the Global Coordinating Group: lock, re-check, write, audit — in one
transaction (``core.changes``); e-mails are tasks enqueued after commit (``tasks.py``).

By concern: :mod:`.seats` (holders), :mod:`.meetings` (scheduling, agenda, attendance,
observers), :mod:`.decisions`, :mod:`.minutes` (minutes and action points). Lock order: the
seats before their members; a meeting before its attendance, decisions, minutes, observers
and action points.
"""

from .decisions import decision_record
from .meetings import (
    agenda_item_add,
    meeting_create,
    meeting_record_attendance,
    meeting_record_attendance_sheet,
    observer_invite,
    observer_record_presence,
)
from .minutes import action_point_add, action_point_set_status, minutes_circulate, minutes_save
from .seats import forfeiture_confirm, member_leave, seat_assign

__all__ = [
    "action_point_add",
    "action_point_set_status",
    "agenda_item_add",
    "decision_record",
    "forfeiture_confirm",
    "meeting_create",
    "meeting_record_attendance",
    "meeting_record_attendance_sheet",
    "member_leave",
    "minutes_circulate",
    "minutes_save",
    "observer_invite",
    "observer_record_presence",
    "seat_assign",
]
