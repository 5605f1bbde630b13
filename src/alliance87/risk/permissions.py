"""Who may see and use a country's risk model data (issue 14: "Datasets belong to a country
and are visible only to those the country grants").

The country's focal point (a ``focal_point`` role on its ``Pathfinder``) and the Secretariat
always may; others need a :class:`~.models.Grant` from the country. Partners and the public
see a run's aggregates only once the country shares them with them (``Run.audience``). The rules take a
country's ISO3 code (``Dataset.country_id``, ``Run.country_id``) or a run.
"""

from __future__ import annotations

from alliance87.core.models import Role
from alliance87.core.permissions import has_role, is_secretariat, rule, scoped_ids
from alliance87.pathfinders.models import Pathfinder

from . import rules


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
    for name in ("_risk_grants", "_risk_partners", "_risk_network"):
        if hasattr(user, name):
            delattr(user, name)


def partner_audiences(user) -> frozenset[tuple[str, str]]:
    """(country, audience) pairs whose shared runs ``user`` sees as the administrator or a
    member of an active partner: a workers' organisation headquartered in Peru sees Peru's
    runs shared with Peru's workers' organisations. Loaded once per user object."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_risk_partners", None)
    if cached is None:
        from alliance87.partners.models import Partner

        ids = scoped_ids(user, Role.PARTNER_ADMIN, Partner) | scoped_ids(
            user, Role.PARTNER_MEMBER, Partner
        )
        rows = (
            Partner.objects.filter(pk__in=ids, status=Partner.Status.ACTIVE)
            .exclude(headquarters=None)
            .values_list("category", "headquarters_id")
            if ids
            else []
        )
        cached = frozenset(
            (country, audience.value)
            for category, country in rows
            for audience in rules.audiences_of_category(category)
        )
        user._risk_partners = cached
    return cached


def regional_focal_point(user) -> bool:
    """Whether ``user`` is one of the Regional Initiative's focal points: the focal point of a
    pathfinder country (a country's person in seed 004's network of focal points), or a
    person whose account's e-mail address is that of a focal point of the network
    (``results.NetworkPerson``, where the Secretariat records one). Loaded once per user."""
    if scoped_ids(user, Role.FOCAL_POINT, Pathfinder):
        return True
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    cached = getattr(user, "_risk_network", None)
    if cached is None:
        from alliance87.results.models_network import NetworkPerson

        email = (user.email or "").strip()
        cached = bool(email) and (
            NetworkPerson.objects.filter(is_focal_point=True, email__iexact=email)
            .exclude(email="")
            .exists()
        )
        user._risk_network = cached
    return cached


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


def shared_with(user, run) -> bool:
    """Whether the country shared ``run``'s aggregates with ``user``: with everyone, or with
    the country's workers' or employers' organisations, of which ``user`` is one's person."""
    if run.published_at is None or run.status != "done":
        return False
    if run.audience == rules.Audience.PUBLIC:
        return True
    if run.audience == rules.Audience.REGIONAL:
        return regional_focal_point(user)
    return (run.country_id, run.audience) in partner_audiences(user)


@rule("risk.view_results")
def _view_results(user, run) -> bool:
    """A run's aggregates (the territories, the map, the model's coefficients): those who may
    use the country's data, and those the country shared them with. Never the microdata."""
    return may_use(user, run.country_id) or shared_with(user, run)


# ----------------------------------------------------------------------------- support
def _on_staff(user, support) -> bool:
    uid = getattr(user, "pk", None)
    return bool(uid) and any(s.pk == uid for s in support.staff.all())


@rule("risk.request_support")
def _request_support(user, obj) -> bool:
    """Ask for technical support (with the minister's letter), or withdraw the request: the
    country (its focal point) or the Secretariat on its behalf."""
    return _manage_access(user, obj)


@rule("risk.view_support")
def _view_support(user, support) -> bool:
    """A request, its letter and its steps: the country's people, the Secretariat and the
    staff assigned to it."""
    return may_use(user, support.country_id) or _on_staff(user, support)


@rule("risk.assign_support")
def _assign_support(user, support) -> bool:
    """Assign technical staff, or decline: the Secretariat."""
    return is_secretariat(user)


@rule("risk.advance_support")
def _advance_support(user, support) -> bool:
    """Record that the support started or is completed: the assigned staff or the
    Secretariat."""
    return is_secretariat(user) or _on_staff(user, support)
