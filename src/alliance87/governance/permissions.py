"""Who may do what with the Global Coordinating Group."""

from __future__ import annotations

from alliance87.core.models import Role
from alliance87.core.permissions import has_role, is_secretariat, rule


@rule("governance.view_meeting")
def _view_meeting(user, meeting) -> bool:
    """Meeting pages (attendance, decisions, minutes): GCG members and the Secretariat."""
    return is_secretariat(user) or has_role(user, Role.GCG_MEMBER)


@rule("governance.manage")
def _manage(user, obj) -> bool:
    """Seats, meetings, attendance, decisions, minutes, action points: the Secretariat, which
    supports the chair and vice-chair (seed 000, «Secretaría»)."""
    return is_secretariat(user)
