"""Who may see and use a country's risk model data (issue 14: "Datasets belong to a country
and are visible only to those the country grants").

The country's focal point (a ``focal_point`` role on its ``Pathfinder``) and the Secretariat
always may; others need a :class:`~.models.Grant` from the country. The public, partners and
everyone else see a run's aggregates only once the country publishes them. The rules take a
country's ISO3 code (``Dataset.country_id``, ``Run.country_id``) or a run.
"""

from __future__ import annotations

from alliance87.core.models import Role
from alliance87.core.permissions import has_role, is_secretariat, rule
from alliance87.pathfinders.models import Pathfinder


def focal_point_of(user, country_id: str | None) -> bool:
    """No query: an unsaved Pathfinder is enough to compare role scopes."""
    return bool(country_id) and has_role(user, Role.FOCAL_POINT, Pathfinder(country_id=country_id))


def granted_countries(user) -> frozenset[str]:
    """The ISO3 codes whose data ``user`` was granted, loaded once per user object."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_risk_grants", None)
    if cached is None:
        from .models import Grant

        cached = frozenset(
            Grant.objects.filter(user_id=user.pk).values_list("country_id", flat=True)
        )
        user._risk_grants = cached
    return cached


def forget_grants(user) -> None:
    if hasattr(user, "_risk_grants"):
        del user._risk_grants


def _country(obj) -> str | None:
    return obj if isinstance(obj, str) or obj is None else getattr(obj, "country_id", None)


def may_use(user, country_id: str | None) -> bool:
    return bool(country_id) and (
        is_secretariat(user)
        or focal_point_of(user, country_id)
        or country_id in granted_countries(user)
    )


@rule("risk.use_data")
def _use_data(user, obj) -> bool:
    """See a country's datasets and runs, upload files and start runs."""
    return may_use(user, _country(obj))


@rule("risk.manage_access")
def _manage_access(user, obj) -> bool:
    """Grant or withdraw access, publish or withdraw results: the country (its focal point)
    or the Secretariat on its behalf."""
    country_id = _country(obj)
    return bool(country_id) and (is_secretariat(user) or focal_point_of(user, country_id))


@rule("risk.view_results")
def _view_results(user, run) -> bool:
    """A run's aggregates (the territories, the map, the model's coefficients): those who may
    use the country's data, and everyone once the country publishes them. Never the
    microdata."""
    return may_use(user, run.country_id) or (run.published_at is not None and run.status == "done")
