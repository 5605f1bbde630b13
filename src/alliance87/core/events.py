"""The audit events of ``core``: roles, users and API tokens."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .audit import Events, register_events


@register_events
class CoreEvent(Events):
    ROLE_ASSIGNED = "core.role.assigned", _("Role given")
    ROLE_REVOKED = "core.role.revoked", _("Role taken away")
    USER_CREATED = "core.user.created", _("Account created")
    API_TOKEN_CREATED = "core.api_token.created", _("API token created")
    API_TOKEN_REVOKED = "core.api_token.revoked", _("API token revoked")
