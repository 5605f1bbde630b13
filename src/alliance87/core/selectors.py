from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from .models import AuditEntry, Country, Region


def audit_entries(
    *, object_type: str = "", object_id: str = "", actor: str = "", event: str = ""
) -> QuerySet[AuditEntry]:
    """Audit rows, newest first, filtered by object (``app_label.model`` and id), person and event."""
    qs = AuditEntry.objects.select_related("content_type", "actor")
    if object_type:
        app_label, _, model = object_type.partition(".")
        qs = qs.filter(content_type__app_label=app_label, content_type__model=model)
    if object_id:
        qs = qs.filter(object_id=object_id)
    if actor:
        qs = (
            qs.filter(actor_label__icontains=actor)
            if not actor.isdigit()
            else qs.filter(actor_id=int(actor))
        )
    if event:
        qs = qs.filter(event__startswith=event)
    return qs


def audit_object_types() -> list[tuple[str, str]]:
    """The object types that have audit rows, as (``app_label.model``, readable name)."""
    ids = (
        AuditEntry.objects.exclude(content_type=None)
        .values_list("content_type", flat=True)
        .distinct()
    )
    return sorted(
        (
            f"{ct.app_label}.{ct.model}",
            str(ct.model_class()._meta.verbose_name) if ct.model_class() else ct.model,
        )
        for ct in ContentType.objects.filter(pk__in=list(ids))
    )


def countries() -> QuerySet[Country]:
    return Country.objects.select_related("region", "subregion", "intermediate_region")


def regions(level: str | None = None) -> QuerySet[Region]:
    qs = Region.objects.all()
    return qs.filter(level=level) if level else qs


def people(*, search: str = "") -> QuerySet:
    """Accounts with their roles (two queries whatever their number), by name then address."""
    from django.db.models import Prefetch, Q

    from .models import RoleAssignment, User

    qs = User.objects.prefetch_related(
        Prefetch("role_assignments", queryset=RoleAssignment.objects.order_by("role", "pk"))
    ).order_by("full_name", "email")
    if search:
        qs = qs.filter(Q(full_name__icontains=search) | Q(email__icontains=search))
    return qs


def role_rows(users) -> dict[int, list[tuple]]:
    """``{user pk: [(assignment, role words, object name), ...]}`` for prefetched users; one
    query per kind of object named."""
    from . import roles

    assignments = [a for u in users for a in u.role_assignments.all()]
    names = roles.scope_names(assignments)
    return {
        u.pk: [(a, roles.role_label(a.role), names.get(a.pk, "")) for a in u.role_assignments.all()]
        for u in users
    }
