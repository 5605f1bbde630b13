"""Reads for the groups pages and API; each runs a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q

from .models import Group, MemberRole, Membership, Objective, Task


def group_list(*, kind: str | None = None, status: str | None = None) -> list[Group]:
    """All groups with their current member counts: one query."""
    qs = Group.objects.order_by("kind", "slug").annotate(
        member_count=Count("memberships", filter=Q(memberships__left_on__isnull=True))
    )
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    return list(qs)


@dataclass
class GroupDetail:
    """A group with what its page shows; it reads like its group (``d.slug``, ``d.name``),
    so the API's group schema serves both."""

    group: Group
    leaders: list[Membership]
    members: list[Membership]
    objectives: list[Objective]
    notes: list
    meetings: list
    resource_needs: list

    def __getattr__(self, name: str):
        if name.startswith("__") or name == "group":
            raise AttributeError(name)
        return getattr(self.group, name)

    @property
    def member_count(self) -> int:
        """Current members, leaders included."""
        return len(self.leaders) + len(self.members)


def group_get(slug: str) -> GroupDetail | None:
    """A group with members, work plan, notes, meetings and resource needs: six queries."""
    group = Group.objects.filter(slug=slug).first()
    if group is None:
        return None
    memberships = list(
        group.memberships.filter(left_on__isnull=True)
        .select_related("person", "partner")
        .order_by("role", "person__full_name")
    )
    objectives = list(
        group.objectives.prefetch_related(
            Prefetch("tasks", queryset=Task.objects.select_related("owner"))
        )
    )
    leaders = [m for m in memberships if m.role != MemberRole.MEMBER]
    members = [m for m in memberships if m.role == MemberRole.MEMBER]
    notes = list(group.notes.select_related("task", "author")[:50])
    return GroupDetail(
        group=group,
        leaders=leaders,
        members=members,
        objectives=objectives,
        notes=notes,
        meetings=list(group.meetings.all()),
        resource_needs=list(group.resource_needs.all()),
    )
