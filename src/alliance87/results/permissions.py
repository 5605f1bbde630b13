"""Who may do what with results frameworks (registered with core.permissions)."""

from __future__ import annotations

from alliance87.core.models import Role
from alliance87.core.permissions import has_role, is_secretariat, roles_of, rule
from alliance87.pathfinders.models import Pathfinder


def focal_point_of(user, country_id: str | None) -> bool:
    """A focal point holds the role on their country's ``Pathfinder`` (pk = the ISO3 code);
    an unsaved instance is enough to compare scopes, so this costs no query."""
    return bool(country_id) and has_role(user, Role.FOCAL_POINT, Pathfinder(country_id=country_id))


@rule("results.enter_value")
def _enter(user, country_id) -> bool:
    """A country's values are entered by that country's focal point (issue 10), or by the
    Secretariat on its behalf."""
    return is_secretariat(user) or focal_point_of(user, country_id)


@rule("results.review_value")
def _review(user, obj) -> bool:
    """The Secretariat reviews and publishes values (returns, publishes, reopens)."""
    return is_secretariat(user)


@rule("results.view_unpublished")
def _view_unpublished(user, country_id) -> bool:
    return is_secretariat(user) or focal_point_of(user, country_id)


@rule("results.edit_plan")
def _edit_plan(user, plan) -> bool:
    """The operational plan is filled in by the Technical Secretariat and the focal points
    (seed 004, line 554: «realizado por los PF y la ST de la IR»): the Secretariat and any
    focal point."""
    return is_secretariat(user) or Role.FOCAL_POINT in roles_of(user)


@rule("results.define_indicators")
def _define_indicators(user, country_id) -> bool:
    """A pathfinder country's indicator framework is the country's own (seed 003: the
    pathfinder updates its country's indicator framework): its focal point defines it, or the
    Secretariat on its behalf."""
    return is_secretariat(user) or focal_point_of(user, country_id)
