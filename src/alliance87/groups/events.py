"""The audit events of action groups and working groups (the codes stored in audit rows)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from alliance87.core.audit import Events, register_events


@register_events
class GroupsEvent(Events):
    GROUP_PROPOSED = "groups.group.proposed", _("Group proposed")
    GROUP_CREATED = "groups.group.created", _("Group created by a GCG decision")
    GROUP_ACTIVATED = "groups.group.active", _("Proposed group activated by a GCG decision")
    GROUP_CLOSED = "groups.group.closed", _("Group closed")
    MEMBER_ADDED = "groups.member.added", _("Group member added")
    MEMBER_LEFT = "groups.member.left", _("Group member left")
    OBJECTIVE_ADDED = "groups.objective.added", _("Work plan objective added")
    TASK_ADDED = "groups.task.added", _("Work plan task added")
    TASK_STATUS_CHANGED = "groups.task.status_changed", _("Work plan task status changed")
    NOTE_ADDED = "groups.note.added", _("Progress note added")
    MEETING_ADDED = "groups.meeting.added", _("Group meeting recorded")
    RESOURCE_NEED_ADDED = "groups.resource_need.added", _("Resource need recorded")
    RESOURCE_NEED_REPORTED = "groups.resource_need.reported", _("Resource need reported to the GCG")


#: The event of each group status transition (``rules.GROUP`` action).
TRANSITION_EVENTS = {
    "activate": GroupsEvent.GROUP_ACTIVATED,
    "close": GroupsEvent.GROUP_CLOSED,
}
