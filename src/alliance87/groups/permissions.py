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
