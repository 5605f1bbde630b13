"""Writing a change: the transaction, the lock, the version check, the save and its audit row.

Every service writes through these, so the habit (STYLE.md 2, 3) has one home::

    from alliance87.core import changes

    def task_update(*, actor, task_id: int, expected_version: int, data: dict) -> Task:
        with changes.write():                                       # atomic(durable=True)
            task = changes.lock(Task, pk=task_id)                    # 404 if it is not there
            require(actor, "groups.edit_task", task)
            changes.update(task, actor=actor, event=GroupsEvent.TASK_UPDATED,
                           data=data, expected_version=expected_version)
        return task

**Lock order** (so two services never wait on each other): parent before child, and rows of
one model by ascending ``pk`` — a partner before its people, a pathfinder before its
documents, a group before its tasks, a meeting before its attendance. ``lock`` locks only the
model's own row (``of=("self",)``), never the rows ``select_related`` joins. On SQLite
``select_for_update`` is a no-op (SQLite serialises writers); the version check is what stops
a silent overwrite on both databases.

**Durable by default.** ``write()`` is ``transaction.atomic(durable=True)``: a service is the
outermost transaction. A service that must run inside another's transaction says so with
``write(nested=True)`` and a comment with the reason.

**After the commit.** An app that keeps something derived from other apps' rows (the
knowledge hub's search index) registers one hook with :func:`after_write`; every
:func:`update` that changed something and every :func:`create` calls it with the written
object once the transaction commits (never on a rollback). A hook only enqueues work.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext as _

from . import audit, files
from .exceptions import Conflict, NotFound

__all__ = ["after_write", "check_version", "create", "lock", "lock_many", "update", "write"]

_after_write_hooks: list[Callable[[models.Model], None]] = []


def after_write(hook: Callable[[models.Model], None]) -> Callable[[models.Model], None]:
    """Register ``hook(obj)``, called on commit after each :func:`update` or :func:`create`
    (an app's ``ready`` registers it once; registering it again changes nothing)."""
    if hook not in _after_write_hooks:
        _after_write_hooks.append(hook)
    return hook


def _written(obj: models.Model) -> None:
    for hook in _after_write_hooks:
        transaction.on_commit(lambda hook=hook: hook(obj), robust=True)


@contextmanager
def write(*, nested: bool = False) -> Iterator[None]:
    """The transaction of a service: durable (the outermost one) unless ``nested``. A file
    uploaded inside it (through :func:`create`, :func:`update` or ``files.discard_on_rollback``)
    is deleted again if it rolls back."""
    with files.removed_on_error(), transaction.atomic(durable=not nested):
        yield


def _queryset(model_or_qs) -> models.QuerySet:
    if isinstance(model_or_qs, models.QuerySet):
        return model_or_qs
    return model_or_qs._default_manager.all()


def lock(model_or_qs, *, not_found: str | None = None, **lookup: Any) -> models.Model:
    """The row matching ``lookup``, locked for the rest of the transaction (its own row only).

    Raises :class:`NotFound` (404 on pages and in the API) when there is none; ``not_found``
    is the message, "This record does not exist." by default.
    """
    qs = _queryset(model_or_qs).select_for_update(of=("self",))
    try:
        return qs.get(**lookup)
    except qs.model.DoesNotExist:
        raise NotFound(not_found or _("This record does not exist.")) from None


def lock_many(model_or_qs, **lookup: Any) -> list[models.Model]:
    """Rows matching ``lookup``, locked in ascending ``pk`` order (the documented lock order)."""
    qs = _queryset(model_or_qs).select_for_update(of=("self",)).filter(**lookup).order_by("pk")
    return list(qs)


def check_version(obj: models.Model, expected: int | None, message: str | None = None) -> None:
    """Optimistic locking: refuse with :class:`Conflict` (409) when ``obj`` changed since the
    user loaded it (forms carry ``version`` in a hidden field, the API in the payload).
    ``expected=None`` skips the check (a step that does not edit what the user saw);
    ``message`` names the record in the app's words ("Someone else changed this profile...")."""
    if expected is not None and obj.version != int(expected):
        raise Conflict(
            message
            or _("Someone else changed this record. Reload it and apply your changes again."),
            code="conflict",
        )


def _has_version(obj: models.Model) -> bool:
    return any(f.name == "version" for f in obj._meta.concrete_fields)


def _auto_now_fields(obj: models.Model) -> list[str]:
    return [f.name for f in obj._meta.concrete_fields if getattr(f, "auto_now", False)]


def update(
    obj: models.Model,
    *,
    actor,
    event: enum.Enum,
    data: Mapping[str, Any],
    expected_version: int | None = None,
    extra_changes: Mapping[str, Any] | None = None,
    label: str | None = None,
    allow_empty: bool = False,
) -> dict[str, list[Any]]:
    """Check the version, apply ``data``, bump ``version``, ``full_clean``, save only the
    changed fields, set many-to-many fields, and write one audit row with old and new values.

    Returns ``{field: [old, new]}``. Nothing is saved and no row written when nothing
    changed (unless ``allow_empty``, for a step that is itself the news, such as a
    transition whose fields are in ``extra_changes``). Call it inside :func:`write` with
    ``obj`` locked.
    """
    check_version(obj, expected_version)
    many = {k: v for k, v in data.items() if obj._meta.get_field(k).many_to_many}
    stored = {  # the files this change may replace or remove
        k: getattr(obj, k).name
        for k in data
        if isinstance(obj._meta.get_field(k), models.FileField) and getattr(obj, k)
    }
    uploads = [k for k, v in data.items() if files.fresh_upload(v)]
    diff = audit.apply_changes(obj, data)
    recorded = {**diff, **(extra_changes or {})}
    if not recorded and not allow_empty:
        return {}
    fields = [k for k in diff if k not in many]
    if _has_version(obj):
        obj.version += 1
        fields.append("version")
    obj.full_clean()
    if fields:
        obj.save(update_fields=[*fields, *_auto_now_fields(obj)])
    for name in uploads:
        files.discard_on_rollback(getattr(obj, name).name, obj._meta.get_field(name).storage)
    for name, old_name in stored.items():
        if name in diff and getattr(obj, name).name != old_name:
            files.discard_on_commit(old_name, obj._meta.get_field(name).storage)
    for name, value in many.items():
        if name in diff:
            getattr(obj, name).set(value)
    audit.record(actor=actor, event=event, obj=obj, changes=recorded, label=label, allow_empty=True)
    _written(obj)
    return diff


def create(
    model: type[models.Model],
    *,
    actor,
    event: enum.Enum,
    changes: Mapping[str, Any] | None = None,
    label: str | None = None,
    **fields: Any,
) -> models.Model:
    """Create a row (``full_clean`` first, so the user sees our message rather than an
    ``IntegrityError``) and write its audit row. ``changes`` defaults to the given fields."""
    obj = model(**{k: v for k, v in fields.items() if not model._meta.get_field(k).many_to_many})
    obj.full_clean()
    obj.save()
    for name, value in fields.items():
        if files.fresh_upload(value):
            files.discard_on_rollback(getattr(obj, name).name, model._meta.get_field(name).storage)
        if model._meta.get_field(name).many_to_many:
            getattr(obj, name).set(value)
    recorded = (
        changes
        if changes is not None
        else {
            k: [None, audit.plain(audit.field_value(obj, k))]
            for k, v in fields.items()
            if v not in (None, "", [], {})
        }
    )  # the cleaned values (an amount given as "100" is recorded as the field stores it)
    audit.record(actor=actor, event=event, obj=obj, changes=recorded, label=label, allow_empty=True)
    _written(obj)
    return obj
