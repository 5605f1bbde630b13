"""Keeping the search index fresh: one hook on every write.

``core.changes`` calls :func:`after_write` on commit after each ``changes.update`` (that
changed something) and ``changes.create``, whatever the app. A write to a model the index
reads enqueues the refresh of what it shows: one resource (its own row or a language
version), or the entries of the kinds built from that model. The work runs in the worker
(``tasks.reindex_resource``, ``tasks.reindex_kind``); the request only enqueues it.
"""

from __future__ import annotations

from django.db import models

#: The kinds of the index built from each model (``app_label.ModelName``).
KINDS_OF_MODEL: dict[str, tuple[str, ...]] = {
    "partners.Partner": ("partner", "resource", "news"),  # publishers' names in both
    "pathfinders.Pathfinder": ("pathfinder",),
    "pathfinders.Priority": ("pathfinder",),
    "groups.Group": ("group",),
    "results.Framework": ("indicator",),
    "results.Result": ("indicator",),
    "results.Indicator": ("indicator",),
    "knowledge.Event": ("event",),
    "governance.Meeting": ("event",),
    "groups.GroupMeeting": ("event",),
    "knowledge.Story": ("news",),
}


def after_write(obj: models.Model) -> None:
    from . import tasks

    label = obj._meta.label
    if label == "knowledge.Resource":
        tasks.reindex_resource.enqueue(obj.pk)
    elif label == "knowledge.ResourceVersion":
        tasks.reindex_resource.enqueue(obj.resource_id)
    for kind in KINDS_OF_MODEL.get(label, ()):
        tasks.reindex_kind.enqueue(kind)
