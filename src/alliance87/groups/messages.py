"""The words of every refusal code of ``groups/rules.py`` (registered at start-up by
``apps.GroupsConfig.ready``). English comes from the catalogue like the other languages."""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from alliance87.core import refusals

from . import rules
from .models import Status, TaskStatus


def _status(value: str) -> str:
    return str(Status(value).label) if value in Status.values else value


def _group_not_allowed(p: dict) -> str:
    if p.get("action") == "add_member":
        return gettext("This group is closed.")
    target = p.get("target") or rules.GROUP[p["action"]].target
    return gettext("A group cannot go from “%(current)s” to “%(target)s”.") % {
        "current": _status(p["state"]),
        "target": _status(target),
    }


def _task_not_allowed(p: dict) -> str:
    labels = dict(TaskStatus.choices)
    return gettext("A task cannot go from “%(current)s” to “%(target)s”.") % {
        "current": labels.get(p["state"], p["state"]),
        "target": labels.get(p["action"], p["action"]),
    }


TEXTS = {
    "group.not_allowed_from": _group_not_allowed,
    "group.needs_decision": _(
        "A group is created by a decision of the Global Coordinating Group: give the decision."
    ),
    "group.chair_taken": _("This group already has a chair."),
    "group.led_by_co_chairs": _(
        "This group is led by co-chairs: a group has one chair or two co-chairs."
    ),
    "group.led_by_chair": _("This group has a chair: a group has one chair or two co-chairs."),
    "group.co_chairs_complete": _("This group already has two co-chairs."),
    "group.focal_point_taken": _("This group already has a focal point."),
    "task.not_allowed_from": _task_not_allowed,
    "membership.not_allowed_from": _("This person has already left the group."),
    "resource_need.not_allowed_from": _("This need has already been reported to the GCG."),
}

refusals.register(TEXTS)
