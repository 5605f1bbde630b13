"""Minutes (written, then circulated by e-mail with the PDF) and action points."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from alliance87.core import changes, notify, refusals
from alliance87.core.exceptions import Conflict, NotFound, ValidationError
from alliance87.core.permissions import require

from .. import rules, selectors, tasks
from ..events import GovernanceEvent
from ..models import ActionPoint, Minutes
from ._common import meeting_locked


def minutes_save(
    *,
    actor,
    meeting_id: int,
    conclusions: str,
    prepared_by: str = "",
    expected_version: int | None = None,
) -> Minutes:
    """The chair or vice-chair's minutes, written with the Secretariat's support. Once they
    exist, ``expected_version`` is the version the writer read (``None`` only for the first
    minutes): a writer who saw none, or an older version, is refused (409)."""
    with changes.write():
        meeting = meeting_locked(meeting_id)
        require(actor, "governance.write_minutes", meeting)
        # The meeting before its minutes (parent before child).
        minutes = next(iter(changes.lock_many(Minutes, meeting=meeting)), None)
        created = minutes is None
        if created:
            minutes = Minutes.objects.create(meeting=meeting)
        elif expected_version is None:
            # The page (or API client) saw no minutes: someone wrote them since.
            raise Conflict(
                _(
                    "Someone else wrote these minutes since you opened the page. Reload it "
                    "and apply your changes again."
                ),
                code="conflict",
            )
        changes.update(
            minutes,
            actor=actor,
            event=GovernanceEvent.MINUTES_SAVED,
            data={"conclusions": conclusions.strip(), "prepared_by": prepared_by.strip()},
            expected_version=None if created else expected_version,
            allow_empty=created,
        )
    return minutes


def minutes_circulate(*, actor, meeting_id: int) -> int:
    """Send the minutes (with the PDF) to every member -- those who held a seat on the day of
    the meeting and those who hold one now -- with a known e-mail, after commit. Returns the
    number of recipients; members without an e-mail are counted in the audit entry."""
    require(actor, "governance.manage")
    with changes.write():
        meeting = meeting_locked(meeting_id)
        minutes = next(iter(changes.lock_many(Minutes, meeting=meeting)), None)
        if reason := rules.circulation_refusal(minutes.conclusions if minutes else None):
            raise refusals.refused(reason)
        recipients, without = selectors.circulation_list(meeting)
        changes.update(
            minutes,
            actor=actor,
            event=GovernanceEvent.MINUTES_CIRCULATED,
            data={"circulated_at": timezone.now()},
            extra_changes={
                "recipients": [None, len(recipients)],
                "members_without_email": [None, len(without)],
            },
        )
        notify.on_commit(tasks.send_minutes, meeting.pk)
    return len(recipients)


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
    with changes.write():
        meeting = meeting_locked(meeting_id)
        return changes.create(
            ActionPoint,
            actor=actor,
            event=GovernanceEvent.ACTION_POINT_ADDED,
            meeting=meeting,
            text=text.strip(),
            owner=owner.strip(),
            due_on=due_on,
        )


def action_point_set_status(
    *,
    actor,
    action_point_id: int,
    status: str,
    expected_version: int | None = None,
    meeting_id: int | None = None,
) -> ActionPoint:
    """Change an action point's status as ``rules.ACTION_POINT`` allows (open points carry
    over to the next meetings); ``expected_version`` is the version the user read (409 when
    stale). With ``meeting_id``, the meeting must exist (the point may belong to an earlier
    one)."""
    require(actor, "governance.manage")
    if status not in ActionPoint.Status.values:
        raise ValidationError({"status": _("Choose a status.")})
    with changes.write():
        if meeting_id is not None:
            meeting_locked(meeting_id)
        try:
            point = changes.lock(ActionPoint, pk=action_point_id)
        except NotFound:  # the same 404, naming the input at fault
            raise NotFound(_("There is no such action point."), field="action_point") from None
        changes.check_version(point, expected_version)
        if reason := rules.ACTION_POINT.refusal(
            rules.ActionPointStatus(status), rules.ActionPointStatus(point.status)
        ):
            raise refusals.refused(reason)
        changes.update(
            point,
            actor=actor,
            event=GovernanceEvent.ACTION_POINT_STATUS_CHANGED,
            data={"status": status},
            expected_version=expected_version,
        )
    return point
