"""Who may do what with action groups and working groups."""

from __future__ import annotations

from alliance87.core.models import Role
from alliance87.core.permissions import has_role, is_secretariat, roles_of, rule


@rule("groups.propose")
def _propose(user, obj) -> bool:
    """Partners are encouraged to propose groups (seed 000); any signed-in user with a role."""
    return is_secretariat(user) or bool(roles_of(user))


@rule("groups.manage")
def _manage(user, obj) -> bool:
    """Change a group's status or leadership: the Secretariat (acting on GCG decisions)."""
    return is_secretariat(user)


@rule("groups.edit_work")
def _edit_work(user, group) -> bool:
    """Members, work plan, notes, meetings and resource needs: the Secretariat or the group's
    chair (a ``group_chair`` role scoped to the group)."""
    return is_secretariat(user) or has_role(user, Role.GROUP_CHAIR, group)


def _register_role_scopes() -> None:
    """A chair is held on a group; a reviewer on the Working Group (a working group)."""
    from django.utils.translation import gettext_lazy as _

    from alliance87.core.roles import register_scope

    from .models import Group, Kind

    register_scope(Role.GROUP_CHAIR, "groups.Group", _("group"), objects=Group.objects.all)
    register_scope(
        Role.REVIEWER,
        "groups.Group",
        _("working group"),
        objects=lambda: Group.objects.filter(kind=Kind.WORKING_GROUP),
        required=False,  # reviewers given before roles had objects hold the role globally
    )


_register_role_scopes()
