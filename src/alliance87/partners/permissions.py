"""The partners app's actions (registered with core's permission rules).

Partner roles count only when scoped to the partner: a partner administrator administers *their*
partner. A global ``partner_admin`` assignment (which core would read as "on every object")
gives no rights over partners here.
"""

from __future__ import annotations

from alliance87.core.models import Role
from alliance87.core.permissions import is_secretariat, rule, scoped_ids


def _holds(user, role: Role, partner) -> bool:
    if partner is None or partner.pk is None:
        return False
    return str(partner.pk) in scoped_ids(user, role, type(partner))


@rule("partners.edit_profile")
def _edit_profile(user, partner) -> bool:
    """The Secretariat, or an administrator of this partner."""
    return is_secretariat(user) or _holds(user, Role.PARTNER_ADMIN, partner)


@rule("partners.manage_people")
def _manage_people(user, partner) -> bool:
    """Add, edit and remove a partner's people, give or remove their access: the Secretariat,
    or an administrator of this partner."""
    return is_secretariat(user) or _holds(user, Role.PARTNER_ADMIN, partner)


@rule("partners.view_contacts")
def _view_contacts(user, partner) -> bool:
    """E-mail and phone of a partner's people: the Secretariat and that partner's own people."""
    return (
        is_secretariat(user)
        or _holds(user, Role.PARTNER_ADMIN, partner)
        or _holds(user, Role.PARTNER_MEMBER, partner)
    )


@rule("partners.vet_application")
def _vet(user, application) -> bool:
    return is_secretariat(user)


@rule("partners.change_status")
def _change_status(user, partner) -> bool:
    return is_secretariat(user)


def _register_role_scopes() -> None:
    """A partner administrator or member is held on a partner (not a withdrawn one)."""
    from django.utils.translation import gettext_lazy as _

    from alliance87.core.roles import register_scope

    from .models import Partner

    def partners():
        return Partner.objects.exclude(status=Partner.Status.WITHDRAWN)

    register_scope(Role.PARTNER_ADMIN, "partners.Partner", _("partner"), objects=partners)
    register_scope(Role.PARTNER_MEMBER, "partners.Partner", _("partner"), objects=partners)


_register_role_scopes()
