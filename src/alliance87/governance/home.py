"""The GCG's boxes on the signed-in home page (``core.home``): meetings to prepare and the
action points still open."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance87.core import home, words
from alliance87.core.content import text
from alliance87.core.permissions import can

from .models import ActionPoint, Meeting


@home.provider
def _meetings(user):
    if not can(user, "governance.view_meeting", None):
        return
    upcoming = Meeting.objects.filter(ends_at__gte=timezone.now()).order_by("starts_at")
    shown = list(upcoming[: home.SHOWN])
    yield home.Waiting(
        _("Meetings to prepare"),
        reverse("governance:meetings"),
        upcoming.count(),
        [
            (
                f"{words.date_in_words(timezone.localdate(m.starts_at))} — {text(m.titles)}",
                reverse("governance:meeting", args=[m.pk]),
            )
            for m in shown
        ],
        empty=_("No meeting is scheduled."),
    )
    open_points = ActionPoint.objects.filter(status=ActionPoint.Status.OPEN).order_by(
        "due_on", "pk"
    )
    points = list(open_points[: home.SHOWN])
    if points:
        yield home.Waiting(
            _("Open action points"),
            reverse("governance:meetings"),
            open_points.count(),
            [(p.text[:80], reverse("governance:meeting", args=[p.meeting_id])) for p in points],
        )
