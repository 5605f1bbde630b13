"""GCG reads: the public seat list and meeting list; a meeting's details for members; the
Secretariat's dashboard."""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError

from alliance87.core.api_support import PUBLIC_READ, authenticated, errors, optional_auth
from alliance87.core.exceptions import NotFound
from alliance87.core.permissions import require

from .. import selectors
from ._router import router
from .schemas import (
    DashboardOut,
    MeetingDetailOut,
    MeetingOut,
    SeatOut,
    dashboard_out,
    meeting_detail_out,
    meeting_out,
    seat_out,
)


@router.get("/gcg/seats", response={200: list[SeatOut], **PUBLIC_READ}, auth=optional_auth)
def seats(request):
    """The 32 seats, each with its constituency and current holder (``null`` when vacant)."""
    return [seat_out(r) for r in selectors.seat_list()]


@router.get("/gcg/meetings", response={200: list[MeetingOut], **PUBLIC_READ}, auth=optional_auth)
def meetings(request):
    """The Group's meetings, latest first."""
    return [meeting_out(m) for m in selectors.meeting_list()]


@router.get(
    "/gcg/meetings/{meeting_id}",
    response={200: MeetingDetailOut, **errors(401, 403, 404)},
    auth=optional_auth,
)
def meeting(request, meeting_id: int):
    """A meeting with attendance, quorum (and the missing stakeholder groups), decisions and
    action points. GCG members and the Secretariat only (401 without a token or session)."""
    d = selectors.meeting_get(meeting_id)
    if d is None:
        raise NotFound(_("There is no such meeting."))
    if not request.user.is_authenticated:
        raise AuthenticationError
    require(request.user, "governance.view_meeting", d.meeting)
    return meeting_detail_out(d)


@router.get("/gcg/dashboard", response={200: DashboardOut, **errors(401, 403)}, auth=authenticated)
def dashboard(request):
    """What the Secretariat must act on (the dashboard page's content). Secretariat only."""
    require(request.user, "governance.manage")
    return dashboard_out(selectors.dashboard())
