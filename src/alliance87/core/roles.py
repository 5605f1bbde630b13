"""What each role is held on: the object type of a role's scope, and the real list to pick from.

A role is held globally (the Secretariat) or on one object: a focal point on a pathfinder
country, a chair on a group, a partner administrator or member on a partner, a reviewer on the
Working Group, a GCG member on a seat's member. Each app registers the kind of object its roles
are held on, from its ``permissions.py`` (core imports no app)::

    roles.register_scope(
        Role.FOCAL_POINT, "pathfinders.Pathfinder", _("pathfinder country"),
        objects=lambda: Pathfinder.objects.select_related("country"),
        label=lambda p: p.country.name,
    )

The invitation page offers :func:`choices` (one list per role, the objects by name, never by
code), and :func:`scope_error` is the one check that a role's scope has the right type and
exists, used by the invitation and roles pages, by ``RoleAssignment.clean`` (so the admin
refuses a focal point scoped to an admin log entry) and by ``services.role_assign``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class Role(models.TextChoices):
    """The platform's roles (PRODUCT.md, Users). Scoped roles name the object they apply to."""

    SECRETARIAT = "secretariat", gettext_lazy("Secretariat")
    GCG_MEMBER = "gcg_member", gettext_lazy("GCG member")
    FOCAL_POINT = "focal_point", gettext_lazy("Pathfinder focal point")
    REVIEWER = "reviewer", gettext_lazy("Working Group reviewer")
    GROUP_CHAIR = "group_chair", gettext_lazy("Group chair")
    PARTNER_ADMIN = "partner_admin", gettext_lazy("Partner administrator")
    PARTNER_MEMBER = "partner_member", gettext_lazy("Partner member")


@dataclass(frozen=True)
class ScopeKind:
    role: str
    model: str  # "app_label.ModelName"
    noun: Any  # lazy text: "pathfinder country"
    objects: Callable[[], models.QuerySet]
    label: Callable[[models.Model], str]
    required: bool

    @property
    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)

    def content_type(self) -> ContentType:
        return ContentType.objects.get_for_model(self.model_class, for_concrete_model=True)


_SCOPES: dict[str, ScopeKind] = {}

# Roles held only on an object (core.permissions.SCOPED_ROLES); the others may also be global.
GLOBAL_ONLY = frozenset({Role.SECRETARIAT.value})


def register_scope(
    role: Role | str,
    model: str,
    noun: Any,
    *,
    objects: Callable[[], models.QuerySet],
    label: Callable[[models.Model], str] = str,
    required: bool = True,
) -> None:
    """Declare that ``role`` is held on a ``model`` object chosen among ``objects()``."""
    role = str(role)
    if role in _SCOPES and _SCOPES[role].model != model:
        raise RuntimeError(f"role {role!r} is already held on {_SCOPES[role].model}")
    _SCOPES[role] = ScopeKind(role, model, noun, objects, label, required)


def scope_kind(role: Role | str) -> ScopeKind | None:
    return _SCOPES.get(str(role))


def role_label(role: Role | str) -> str:
    try:
        return str(Role(str(role)).label)
    except ValueError:
        return str(role)


def scope_error(role: str, scope_type: ContentType | None, scope_id: str) -> str | None:
    """Why this scope cannot go with this role (in the active language), or ``None``."""
    if role not in Role.values:
        return _("Choose a role from the list.")
    kind = scope_kind(role)
    if kind is None:
        if scope_type is not None or scope_id:
            return _("The role %(role)s is not held on an object.") % {"role": role_label(role)}
        return None
    if scope_type is None:
        if kind.required:
            return _("Choose the %(noun)s on which this person is %(role)s.") % {
                "noun": kind.noun,
                "role": role_label(role),
            }
        return (
            None if not scope_id else _("Choose the %(noun)s from the list.") % {"noun": kind.noun}
        )
    if scope_type.pk != kind.content_type().pk:
        return _("The role %(role)s is held on a %(noun)s, not on a %(other)s.") % {
            "role": role_label(role),
            "noun": kind.noun,
            "other": scope_type.name,
        }
    if not kind.objects().filter(pk=scope_id).exists():
        return _("There is no %(noun)s %(id)s to choose.") % {"noun": kind.noun, "id": scope_id}
    return None


def resolve(role: str, scope_id: str) -> models.Model | None:
    """The object ``role`` is to be held on, from a choice of :func:`choices`. Raises
    ``ValidationError`` on the ``role`` field when the role or the object is not on the list."""
    from django.core.exceptions import ValidationError

    kind = scope_kind(role)
    ct = kind.content_type() if kind is not None and scope_id else None
    if error := scope_error(role, ct, scope_id):
        raise ValidationError({"role": error})
    return kind.objects().get(pk=scope_id) if ct is not None and kind is not None else None


def choice_value(role: str, scope_id: str = "") -> str:
    return f"{role}:{scope_id}"


def parse_choice(value: str) -> tuple[str, str]:
    role, _sep, scope_id = (value or "").partition(":")
    return role, scope_id


def choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """One group per role, each object by name: ``[(role words, [("role:pk", name), ...])]``.

    The value carries the role and its object together, so a role cannot be given on the
    wrong kind of object. Objects are listed by their name in the active language."""
    groups: list[tuple[str, list[tuple[str, str]]]] = []
    for role in Role:
        kind = scope_kind(role)
        if kind is None:
            groups.append((role_label(role), [(choice_value(role.value), role_label(role))]))
            continue
        options = sorted(
            ((choice_value(role.value, str(o.pk)), kind.label(o)) for o in kind.objects()),
            key=lambda option: option[1].casefold(),
        )
        groups.append((f"{role_label(role)} — {kind.noun}", options))
    return groups


def scope_names(assignments) -> dict[int, str]:
    """``{assignment pk: name of its object}`` for many assignments, one query per kind of
    object (so a list of people costs the same whatever its length)."""
    wanted: dict[str, set[str]] = {}
    for a in assignments:
        if a.scope_type_id and scope_kind(a.role) is not None:
            wanted.setdefault(a.role, set()).add(a.scope_id)
    names: dict[tuple[str, str], str] = {}
    for role, ids in wanted.items():
        kind = scope_kind(role)
        assert kind is not None  # noqa: S101 - filtered above
        for obj in kind.objects().filter(pk__in=ids):
            names[(role, str(obj.pk))] = kind.label(obj)
    return {
        a.pk: names.get((a.role, a.scope_id), a.scope_id) for a in assignments if a.scope_type_id
    }
