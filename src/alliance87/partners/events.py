"""The audit events of the partners app (the dotted codes are those of the stored rows)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from alliance87.core.audit import Events, register_events


@register_events
class PartnersEvent(Events):
    PARTNER_CREATED = "partners.partner.created", _("Partner created")
    PARTNER_UPDATED = "partners.partner.updated", _("Partner profile updated")
    PARTNER_STATUS_CHANGED = "partners.partner.status_changed", _("Partner status changed")
    PERSON_CREATED = "partners.person.created", _("Person added to a partner")
    PERSON_UPDATED = "partners.person.updated", _("Person's details changed")
    PERSON_ACCESS_GRANTED = "partners.person.access_granted", _("Person given access")
    PERSON_ACCESS_REMOVED = "partners.person.access_removed", _("Person's access removed")
    PERSON_REMOVED = "partners.person.removed", _("Person removed from a partner")
    APPLICATION_SUBMITTED = "partners.application.submitted", _("Partner application submitted")
    APPLICATION_INFO_REQUESTED = (
        "partners.application.info_requested",
        _("More information requested from an applicant"),
    )
    APPLICATION_RESUBMITTED = (
        "partners.application.resubmitted",
        _("Applicant sent more information"),
    )
    APPLICATION_APPROVED = "partners.application.approved", _("Partner application approved")
    APPLICATION_REJECTED = "partners.application.rejected", _("Partner application rejected")


#: The event of each vetting step, by the state it leads to.
VETTING_EVENTS = {
    "info_requested": PartnersEvent.APPLICATION_INFO_REQUESTED,
    "resubmitted": PartnersEvent.APPLICATION_RESUBMITTED,
    "approved": PartnersEvent.APPLICATION_APPROVED,
    "rejected": PartnersEvent.APPLICATION_REJECTED,
}
