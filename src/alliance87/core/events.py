"""The audit events of ``core``: roles, users and API tokens."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .audit import Events, register_events


@register_events
class CoreEvent(Events):
    ROLE_ASSIGNED = "core.role.assigned", _("Role given")
    ROLE_REVOKED = "core.role.revoked", _("Role taken away")
    ROLE_CHANGED = "core.role.changed", _("Role changed")
    USER_INVITED = "core.user.invited", _("Person invited")
    USER_UPDATED = "core.user.updated", _("Account changed")
    SIGN_IN_FAILED = "core.sign_in.failed", _("Failed sign-in")
    SIGN_IN_LOCKED_OUT = "core.sign_in.locked_out", _("Sign-in locked after repeated failures")
    USER_CREATED = "core.user.created", _("Account created")
    API_TOKEN_CREATED = "core.api_token.created", _("API token created")
    API_TOKEN_REVOKED = "core.api_token.revoked", _("API token revoked")
