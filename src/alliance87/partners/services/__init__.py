"""Every change to partners, their people and applications: check permission, lock, re-check,
write, audit (``core.changes``), and e-mail through ``tasks`` once the transaction commits
(``core.notify``). One module per concern; the names are re-exported here."""

from .applications import (
    APPLICATION_FIELDS,
    application_approve,
    application_reject,
    application_request_info,
    application_resubmit,
    application_submit,
)
from .partners import PROFILE_FIELDS, partner_set_status, partner_update
from .people import (
    PERSON_FIELDS,
    person_add,
    person_grant_access,
    person_remove,
    person_remove_access,
    person_update,
)

__all__ = [
    "APPLICATION_FIELDS",
    "PERSON_FIELDS",
    "PROFILE_FIELDS",
    "application_approve",
    "application_reject",
    "application_request_info",
    "application_resubmit",
    "application_submit",
    "partner_set_status",
    "partner_update",
    "person_add",
    "person_grant_access",
    "person_remove",
    "person_remove_access",
    "person_update",
]
