"""Reads of the risk app for pages and the API, each with a fixed number of queries."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from alliance87.core.exceptions import NotFound
from alliance87.core.models import Role
from alliance87.core.permissions import can, is_secretariat, scoped_ids
from alliance87.pathfinders.models import Pathfinder

from .models import Audience, Dataset, Grant, Run, Territory
from .permissions import granted_countries, partner_audiences, regional_focal_point


def countries_of(user) -> set[str] | None:
    """The ISO3 codes whose data ``user`` may use (``None``: every country, the Secretariat)."""
    if is_secretariat(user):
        return None
    return set(scoped_ids(user, Role.FOCAL_POINT, Pathfinder)) | set(granted_countries(user))


def _scoped(qs: QuerySet, user) -> QuerySet:
    countries = countries_of(user)
    return qs if countries is None else qs.filter(country_id__in=countries)


def dataset_list(user) -> QuerySet:
    return _scoped(Dataset.objects.select_related("country", "uploaded_by"), user).defer("profile")


def run_list(user) -> QuerySet:
    """The runs ``user`` may use, and those shared with them (public, or with their
    organisation's kind in their organisation's country)."""
    countries = countries_of(user)
    qs = Run.objects.select_related("country").defer("model", "summary", "validation", "geometry")
    if countries is None:
        return qs
    shared = Q(audience=Audience.PUBLIC)
    if regional_focal_point(user):
        shared |= Q(audience=Audience.REGIONAL)
    for country, audience in partner_audiences(user):
        shared |= Q(country_id=country, audience=audience)
    return qs.filter(
        Q(country_id__in=countries) | Q(published_at__isnull=False, status="done") & shared
    )


def dataset_get(user, dataset_id: int) -> Dataset:
    """A dataset, or 404 for one that does not exist or that ``user`` may not see."""
    dataset = Dataset.objects.select_related("country", "uploaded_by").filter(pk=dataset_id).first()
    if dataset is None or not can(user, "risk.use_data", dataset.country_id):
        raise NotFound()
    return dataset


def datasets_of(user, country_id: str, kind: str) -> QuerySet:
    return Dataset.objects.filter(country_id=country_id, kind=kind).defer("profile")


def run_get(user, run_id: int, *, full: bool = True) -> Run:
    """A run whose results ``user`` may see (its own country's, or published), else 404."""
    qs = Run.objects.select_related("country", "survey", "census", "boundaries", "created_by")
    if not full:  # the model's variable labels only (the profiles' phrases), not the model
        from django.db.models.fields.json import KeyTransform

        labels = KeyTransform("variable_labels", KeyTransform("specification", "model"))
        qs = qs.defer("model", "summary", "validation").annotate(variable_labels=labels)
    run = qs.filter(pk=run_id).first()
    if run is None or not can(user, "risk.view_results", run):
        raise NotFound()
    return run


SORTS = {
    "rank": ("rank", "code"),
    "-rank": ("-rank", "code"),
    "code": ("code",),
    "-code": ("-code",),
    "name": ("name", "code"),
    "-name": ("-name", "code"),
    "risk": ("-risk_index", "code"),
    "-risk": ("risk_index", "code"),
    "expected": ("-expected", "code"),
    "-expected": ("expected", "code"),
    "level": ("level", "rank"),
}


def territory_list(run: Run, *, q: str = "", sort: str = "rank", level: str = "") -> QuerySet:
    """A run's territories, searched by code, name or region and sorted (one query)."""
    qs = Territory.objects.filter(run=run).defer("data")
    if q:
        qs = qs.filter(Q(code__icontains=q) | Q(name__icontains=q) | Q(region__icontains=q))
    if level:
        qs = qs.filter(level=level)
    return qs.order_by(*SORTS.get(sort, SORTS["rank"]))


def territory_get(run: Run, code: str) -> Territory:
    territory = Territory.objects.filter(run=run, code=code).first()
    if territory is None:
        raise NotFound()
    return territory


def grants_of(country_id: str) -> QuerySet:
    return Grant.objects.filter(country_id=country_id).select_related("user")
