"""The audit log: one row per change made through a service, written in the same transaction.

Events are typed: each app declares an :class:`Events` enum (Django ``TextChoices``: the
dotted code and its words) and registers it with :func:`register_events`; ``record`` takes a
member of one. The audit page shows :func:`event_label`, the event in the reader's language::

    @audit.register_events
    class GroupsEvent(audit.Events):
        TASK_UPDATED = "groups.task.updated", _("Task updated")

``record`` writes the row; ``apply_changes`` sets fields on an object and returns the
``{field: [old, new]}`` dict to record (empty when nothing changed, and then no row is
written).
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.fields.files import FieldFile

from .models import AuditEntry


def plain(value: Any) -> Any:
    """A JSON-friendly rendering of a field value."""
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, set | frozenset | tuple):
        return sorted(plain(v) for v in value)
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value


_plain = plain


class Events(models.TextChoices):
    """Base of every app's audit events: ``NAME = "app.model.verb", _("Words")``."""


_EVENTS: dict[str, Any] = {}


def register_events(enum_class: type[Events]) -> type[Events]:
    """Make an app's events known to the audit page (a class decorator)."""
    for member in enum_class:
        if member.value in _EVENTS and _EVENTS[member.value] is not member:
            raise ValueError(f"audit event {member.value!r} is declared twice")
        _EVENTS[member.value] = member
    return enum_class


def event_label(code: str) -> str:
    """The event in the active language; the code itself for an event no longer declared."""
    member = _EVENTS.get(code)
    return str(member.label) if member is not None else code


def event_choices() -> list[tuple[str, str]]:
    """Every declared event as (code, words), sorted by the words (the audit page's filter)."""
    return sorted(((c, str(m.label)) for c, m in _EVENTS.items()), key=lambda cw: cw[1])


def field_value(obj: models.Model, field: str) -> Any:
    f = obj._meta.get_field(field)
    if f.many_to_many:
        if obj.pk is None:
            return []
        return sorted(str(pk) for pk in getattr(obj, field).values_list("pk", flat=True))
    if f.is_relation:
        return getattr(obj, f.attname)
    return getattr(obj, field)


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    return {f: plain(field_value(obj, f)) for f in fields}


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for the fields whose value changed."""
    return {k: [before.get(k), after[k]] for k in after if before.get(k) != after[k]}


def apply_changes(obj: models.Model, data: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Set the fields in ``data`` on ``obj`` (many-to-many excepted: the caller sets those
    after saving) and return ``{field: [old, new]}`` for what changed."""
    before = snapshot(obj, data.keys())
    many = {}
    for name, value in data.items():
        if obj._meta.get_field(name).many_to_many:
            many[name] = sorted(plain(v) for v in value)
        else:
            setattr(obj, name, value)
    after = snapshot(obj, [name for name in data if name not in many])
    after.update(many)
    return diff(before, after)


def record(
    *,
    actor,
    event: Events,
    obj: models.Model | None,
    changes: Mapping[str, Any] | None = None,
    label: str | None = None,
    allow_empty: bool = False,
) -> AuditEntry | None:
    """Write one audit row. Returns ``None`` (and writes nothing) for a no-op change.

    ``event`` is a member of an app's :class:`Events` (a dotted code such as
    ``"partners.partner.updated"``); creation and state transitions pass ``allow_empty=True``
    or a non-empty ``changes``.
    """
    if not isinstance(event, Events):
        raise TypeError(f"audit events are typed: {event!r} is not a member of an Events enum")
    changes = dict(changes or {})
    if not changes and not allow_empty:
        return None
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEntry.objects.create(
        actor=actor if authenticated else None,
        actor_label=(str(actor) if authenticated else "system")[:200],
        event=event.value,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True)
        if obj is not None
        else None,
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_label=(label or (str(obj) if obj is not None else ""))[:300],
        changes=plain(changes),
    )
