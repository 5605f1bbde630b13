"""The audit events of the risk app (the codes stored in audit rows)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from alliance87.core.audit import Events, register_events


@register_events
class RiskEvent(Events):
    GRANT_ADDED = "risk.grant.added", _("Access to a country's risk data granted")
    GRANT_REMOVED = "risk.grant.removed", _("Access to a country's risk data withdrawn")
    DATASET_UPLOADED = "risk.dataset.uploaded", _("Risk model dataset uploaded")
    DATASET_EXAMINED = "risk.dataset.examined", _("Risk model dataset examined")
    RUN_CREATED = "risk.run.created", _("Risk model run queued")
    RUN_STAGE = "risk.run.stage", _("Risk model run moved to its next stage")
    RUN_DONE = "risk.run.done", _("Risk model run finished")
    RUN_FAILED = "risk.run.failed", _("Risk model run failed")
    RUN_CANCEL_REQUESTED = "risk.run.cancel_requested", _("Risk model run cancellation asked")
    RUN_CANCELLED = "risk.run.cancelled", _("Risk model run cancelled")
    RUN_PUBLISHED = "risk.run.published", _("Risk model results published")
    RUN_WITHDRAWN = "risk.run.withdrawn", _("Risk model results withdrawn")
    PRIORITY_TERRITORIES_SET = (
        "risk.priority.territories_set",
        _("Territories a roadmap priority targets set"),
    )
    SUPPORT_REQUESTED = "risk.support.requested", _("Technical support requested")
    SUPPORT_STEP = "risk.support.step", _("Request for technical support moved on")
