"""The groups' boxes on the signed-in home page (``core.home``): a chair's open tasks."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from alliance87.core import home
from alliance87.core.models import Role
from alliance87.core.permissions import scoped_ids

from .models import Group, Task, TaskStatus


@home.provider
def _tasks(user):
    ids = scoped_ids(user, Role.GROUP_CHAIR, Group)
    if not ids:
        return
    open_tasks = (
        Task.objects.select_related("objective__group")
        .filter(
            objective__group_id__in=ids,
            status__in=[TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS],
        )
        .order_by("due_on", "pk")
    )
    shown = list(open_tasks[: home.SHOWN])
    groups = list(Group.objects.filter(pk__in=ids).order_by("slug"))
    yield home.Waiting(
        _("Open tasks of your groups"),
        reverse("groups:detail", args=[groups[0].slug]) if groups else reverse("groups:list"),
        open_tasks.count(),
        [
            (
                f"{t.objective.group.name}: {t.title}",
                reverse("groups:detail", args=[t.objective.group.slug]),
            )
            for t in shown
        ],
        empty=_("No open task."),
    )
