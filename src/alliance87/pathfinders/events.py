"""The pathfinder app's audit events (``core.audit``): one member per event, its dotted code
and its words. Stored rows and tests use the codes, so they never change."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from alliance87.core.audit import Events, register_events

from . import rules


@register_events
class PathfindersEvent(Events):
    PATHFINDER_CREATED = "pathfinders.pathfinder.created", _("Pathfinder country created")
    EXPRESSION_OF_INTEREST = (
        "pathfinders.pathfinder.expression_of_interest",
        _("Expression of interest recorded"),
    )
    STATUS_GRANTED = "pathfinders.pathfinder.status_granted", _("Pathfinder status granted")
    PROFILE_PUBLISHED = "pathfinders.pathfinder.published", _("Pathfinder profile published")
    # Steps of the cycle recorded through pathfinder_record_event.
    GCG_INFORMED = "pathfinders.pathfinder.gcg_informed", _("GCG informed")
    SECRETARIAT_REPLY = "pathfinders.pathfinder.secretariat_reply", _("Secretariat's reply")
    TIMELINE_SUBMITTED = "pathfinders.pathfinder.timeline_submitted", _("Timeline submitted")
    STAKEHOLDERS_MAPPED = "pathfinders.pathfinder.stakeholders_mapped", _("Stakeholders mapped")
    COORDINATION_BODY = "pathfinders.pathfinder.coordination_body", _("Coordination body")
    STOCKTAKING = "pathfinders.pathfinder.stocktaking", _("Stocktaking")
    WORKSHOP_HELD = "pathfinders.pathfinder.workshop_held", _("Strategic planning workshop")
    PRESENTED_TO_GCG = "pathfinders.pathfinder.presented_to_gcg", _("Presented to the GCG")
    GCG_COMMENTS = "pathfinders.pathfinder.gcg_comments", _("GCG comments")
    CANDIDATE_RESPONSE = "pathfinders.pathfinder.candidate_response", _("Response to the GCG")
    EVIDENCE_OF_PROGRESS = "pathfinders.pathfinder.evidence_of_progress", _("Evidence of progress")
    EVIDENCE_OF_COLLABORATION = (
        "pathfinders.pathfinder.evidence_of_collaboration",
        _("Evidence of collaboration"),
    )
    REVIEW_CONCLUDED = "pathfinders.pathfinder.review_concluded", _("Annual review concluded")
    DIALOGUE_OPENED = "pathfinders.pathfinder.dialogue_opened", _("Dialogue opened")
    SUPPORT_SUBGROUP = "pathfinders.pathfinder.support_subgroup", _("Support sub-group created")
    DIALOGUE_CLOSED = "pathfinders.pathfinder.dialogue_closed", _("Dialogue closed")
    DECLARED_INACTIVE = "pathfinders.pathfinder.declared_inactive", _("Declared inactive")
    RECOVERY_REQUESTED = "pathfinders.pathfinder.recovery_requested", _("Recovery requested")
    REINSTATED = "pathfinders.pathfinder.reinstated", _("Reinstated as active")
    # Roadmaps and annual reports.
    REPORT_CREATED = "pathfinders.report.created", _("Annual report opened")
    ROADMAP_CREATED = "pathfinders.roadmap.created", _("Roadmap opened")
    REPORT_DRAFT_SAVED = "pathfinders.report.draft_saved", _("Annual report draft saved")
    ROADMAP_DRAFT_SAVED = "pathfinders.roadmap.draft_saved", _("Roadmap draft saved")
    REPORT_EVENT = "pathfinders.report.event", _("Annual report step in the history")
    ROADMAP_EVENT = "pathfinders.roadmap.event", _("Roadmap step in the history")
    REPORT_SUBMITTED = "pathfinders.report.submitted", _("Annual report submitted")
    ROADMAP_SUBMITTED = "pathfinders.roadmap.submitted", _("Roadmap submitted")
    REPORT_COMMENTED = "pathfinders.report.commented", _("Annual report commented")
    ROADMAP_COMMENTED = "pathfinders.roadmap.commented", _("Roadmap commented")
    REPORT_FINALISED = "pathfinders.report.finalised", _("Annual report finalised")
    ROADMAP_FINALISED = "pathfinders.roadmap.finalised", _("Roadmap finalised")
    REVIEWER_ASSIGNED = "pathfinders.document.reviewer_assigned", _("Reviewer assigned")
    INDICATORS_UPDATED = "pathfinders.indicators.updated", _("Indicator framework updated")
    HISTORY_IMPORTED = "pathfinders.pathfinder.history_imported", _("History imported")


E = PathfindersEvent

#: The audit event of each step of the cycle (same name as its ``rules.EventType``).
STEP_EVENTS: dict[rules.EventType, PathfindersEvent] = {
    t: E[t.name] for t in rules.EventType if t.name in E.__members__
}

#: The audit events of a document step, by the document's kind ("report" or "roadmap").
DOCUMENT_EVENTS: dict[str, dict[str, PathfindersEvent]] = {
    "report": {
        "created": E.REPORT_CREATED,
        "draft_saved": E.REPORT_DRAFT_SAVED,
        "event": E.REPORT_EVENT,
        "submitted": E.REPORT_SUBMITTED,
        "commented": E.REPORT_COMMENTED,
        "finalised": E.REPORT_FINALISED,
    },
    "roadmap": {
        "created": E.ROADMAP_CREATED,
        "draft_saved": E.ROADMAP_DRAFT_SAVED,
        "event": E.ROADMAP_EVENT,
        "submitted": E.ROADMAP_SUBMITTED,
        "commented": E.ROADMAP_COMMENTED,
        "finalised": E.ROADMAP_FINALISED,
    },
}
