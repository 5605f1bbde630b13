"""Roles and object-level permissions.

Each app registers its actions with ``@rule("app.action")``: a function ``(user, obj) -> bool``.
Pages and the API call ``require(user, action, obj)`` (through services) and templates ask
``can``. A user's role assignments are loaded once per user object, so checks add no queries
after the first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.auth.backends import BaseBackend
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext as _

from .models import Role, RoleAssignment

RuleFn = Callable[[Any, Any], bool]
_RULES: dict[str, RuleFn] = {}


def rule(action: str) -> Callable[[RuleFn], RuleFn]:
    """Register the permission rule for ``action`` (one function per action)."""

    def register(fn: RuleFn) -> RuleFn:
        if action in _RULES and _RULES[action] is not fn:
            raise RuntimeError(f"permission rule {action!r} registered twice")
        _RULES[action] = fn
        return fn

    return register


def registered_actions() -> list[str]:
    return sorted(_RULES)


def _assignments(user) -> frozenset[tuple[str, int | None, str]]:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_role_cache", None)
    if cached is None:
        cached = frozenset(
            RoleAssignment.objects.filter(user_id=user.pk).values_list(
                "role", "scope_type_id", "scope_id"
            )
        )
        user._role_cache = cached
    return cached


def forget_roles(user) -> None:
    """Drop the cached role set (after assigning or removing a role)."""
    if hasattr(user, "_role_cache"):
        del user._role_cache


# Roles that only mean something on one object: a focal point of *a* country, the chair of
# *a* group, the administrator of *a* partner. Held without a scope they grant nothing on objects.
SCOPED_ROLES = frozenset(
    {Role.FOCAL_POINT, Role.GROUP_CHAIR, Role.PARTNER_ADMIN, Role.PARTNER_MEMBER}
)


def has_role(user, role: Role | str, obj: models.Model | None = None) -> bool:
    """Whether ``user`` holds ``role``; with ``obj``, whether they hold it on that object.

    Without ``obj``: any assignment of the role counts. With ``obj``: the assignment scoped to
    that object counts, and a global assignment counts only for roles that are not scoped by
    nature (Secretariat, GCG member, reviewer).
    """
    assignments = _assignments(user)
    role = str(role)
    if obj is None:
        return any(r == role for r, _ct, _id in assignments)
    ct = ContentType.objects.get_for_model(obj, for_concrete_model=True).pk  # cached by Django
    if (role, ct, str(obj.pk)) in assignments:
        return True
    return role not in SCOPED_ROLES and (role, None, "") in assignments


def scoped_ids(user, role: Role | str, model: type[models.Model]) -> set[str]:
    """The primary keys (as strings) of ``model`` objects on which ``user`` holds ``role``."""
    ct = ContentType.objects.get_for_model(model, for_concrete_model=True).pk
    return {sid for r, c, sid in _assignments(user) if r == str(role) and c == ct}


def is_secretariat(user) -> bool:
    return bool(getattr(user, "is_superuser", False) and user.is_active) or has_role(
        user, Role.SECRETARIAT
    )


def can(user, action: str, obj: Any = None) -> bool:
    """Whether ``user`` may perform ``action`` (on ``obj``). Unknown actions are refused."""
    fn = _RULES.get(action)
    if fn is None:
        raise KeyError(f"no permission rule registered for {action!r}")
    return bool(fn(user, obj))


def require(user, action: str, obj: Any = None) -> None:
    """Raise ``PermissionDenied`` unless ``user`` may perform ``action``."""
    if not can(user, action, obj):
        raise PermissionDenied(_("You do not have permission to do this."))


def roles_of(user) -> set[str]:
    return {r for r, _ct, _id in _assignments(user)}


class SecretariatBackend(BaseBackend):
    """Grants the Django model permissions (used by the admin) to the Secretariat."""

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        return bool(user_obj and user_obj.is_active and is_secretariat(user_obj))

    def has_module_perms(self, user_obj, app_label) -> bool:
        return bool(user_obj and user_obj.is_active and is_secretariat(user_obj))


# Core actions.
@rule("core.view_audit_log")
def _view_audit_log(user, obj) -> bool:
    return is_secretariat(user)


@rule("core.assign_role")
def _assign_role(user, obj) -> bool:
    return is_secretariat(user)


@rule("core.invite")
def _invite(user, obj) -> bool:
    return is_secretariat(user)


@rule("core.view_people")
def _view_people(user, obj) -> bool:
    return is_secretariat(user)


@rule("core.use_admin")
def _use_admin(user, obj) -> bool:
    return is_secretariat(user)


def all_roles() -> Iterable[str]:
    return [r.value for r in Role]
