"""The partners app's actions (registered with core's permission rules)."""

from __future__ import annotations

from alliance87.core.models import Role
from alliance87.core.permissions import has_role, is_secretariat, rule


@rule("partners.edit_profile")
def _edit_profile(user, partner) -> bool:
    """The Secretariat, or an administrator of this partner."""
    return is_secretariat(user) or (partner is not None and has_role(user, Role.PARTNER_ADMIN, partner))


@rule("partners.view_contacts")
def _view_contacts(user, partner) -> bool:
    """E-mail and phone of a partner's people: the Secretariat and that partner's own people."""
    if is_secretariat(user):
        return True
    return partner is not None and (
        has_role(user, Role.PARTNER_ADMIN, partner) or has_role(user, Role.PARTNER_MEMBER, partner)
    )


@rule("partners.vet_application")
def _vet(user, application) -> bool:
    return is_secretariat(user)


@rule("partners.change_status")
def _change_status(user, partner) -> bool:
    return is_secretariat(user)
