"""The GCG's audit events: one member per event, the dotted code stored in the audit log."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from alliance87.core.audit import Events, register_events

from . import rules


@register_events
class GovernanceEvent(Events):
    MEMBER_ASSIGNED = "governance.member.assigned", _("GCG seat assigned")
    MEMBER_TERM_ENDED = "governance.member.term_ended", _("GCG member's term ended")
    MEMBER_LEFT = "governance.member.left", _("GCG member left the Group")
    MEMBER_FORFEITED = "governance.member.forfeited", _("GCG seat forfeited")
    MEETING_CREATED = "governance.meeting.created", _("GCG meeting scheduled")
    AGENDA_ITEM_ADDED = "governance.agenda_item.added", _("GCG agenda item added")
    ATTENDANCE_RECORDED = "governance.attendance.recorded", _("GCG attendance recorded")
    OBSERVER_INVITED = "governance.observer.invited", _("GCG observer invited")
    OBSERVER_PRESENCE = "governance.observer.presence", _("GCG observer's attendance recorded")
    DECISION_ADOPTED = "governance.decision.adopted", _("GCG decision adopted")
    DECISION_NOT_ADOPTED = "governance.decision.not_adopted", _("GCG proposal not adopted")
    MINUTES_SAVED = "governance.minutes.saved", _("GCG minutes saved")
    MINUTES_CIRCULATED = "governance.minutes.circulated", _("GCG minutes circulated")
    ACTION_POINT_ADDED = "governance.action_point.added", _("GCG action point added")
    ACTION_POINT_STATUS_CHANGED = (
        "governance.action_point.status_changed",
        _("GCG action point status changed"),
    )


#: The event a decision's outcome is recorded under.
DECISION_EVENT = {
    rules.Outcome.ADOPTED: GovernanceEvent.DECISION_ADOPTED,
    rules.Outcome.NOT_ADOPTED: GovernanceEvent.DECISION_NOT_ADOPTED,
}
