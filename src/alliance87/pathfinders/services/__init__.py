"""Every change to a pathfinder country: lock, re-check with rules, write, audit, notify.

State changes go through :func:`common.append_event`: inside the lock it replays the
country's whole history plus the new event through :func:`rules.assess` (and so through the
one transition table, :data:`rules.TRANSITIONS`); if the table refuses the new event, or the
new event would make a later record invalid, nothing is written and the user gets the
reason. The stored ``status``/``stage`` are then those the rules computed. Documents follow
:data:`rules.DOCUMENT`.

One module per concern: :mod:`.country` (a country's path) and :mod:`.documents` (roadmaps
and reports); import the package: ``from alliance87.pathfinders import services``.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from .common import (
    COUNTRY_EVENTS,
    REPORT_SECTIONS,
    ROADMAP_SECTIONS,
    SECRETARIAT_EVENTS,
    SERVICE_EVENTS,
    check_upload,
    has_history,
    history_of,
)
from .country import (
    indicator_framework_updated,
    pathfinder_declare_inactive,
    pathfinder_express_interest,
    pathfinder_grant_status,
    pathfinder_publish_profile,
    pathfinder_record_event,
)
from .documents import (
    document_assign_reviewer,
    document_save_draft,
    document_submit,
    report_comment,
    report_create,
    report_finalise,
    roadmap_create,
)
from .history import pathfinder_import_history

__all__ = [
    "COUNTRY_EVENTS",
    "REPORT_SECTIONS",
    "ROADMAP_SECTIONS",
    "SECRETARIAT_EVENTS",
    "SERVICE_EVENTS",
    "PermissionDenied",
    "check_upload",
    "document_assign_reviewer",
    "document_save_draft",
    "document_submit",
    "has_history",
    "history_of",
    "indicator_framework_updated",
    "pathfinder_express_interest",
    "pathfinder_declare_inactive",
    "pathfinder_grant_status",
    "pathfinder_import_history",
    "pathfinder_publish_profile",
    "pathfinder_record_event",
    "report_comment",
    "report_create",
    "report_finalise",
    "roadmap_create",
]
