"""The results app's sections on other apps' pages."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def category(code: str) -> str:
    """A list item's type in the reader's language (``{{ item.type|category }}``)."""
    from alliance87.results.messages import category_label

    return category_label(code)


@register.inclusion_tag("results/_pathfinder_indicators.html", takes_context=True)
def results_pathfinder_indicators(context, pathfinder) -> dict:
    """On a pathfinder's workspace: the indicators of the country's own framework
    (``pathfinder-<iso3>``) with the latest value the reader may see, and links to enter a
    value for a year and to add an indicator (:mod:`..selectors_pathfinders`)."""
    from alliance87.core.permissions import can

    from ..selectors_pathfinders import workspace_section

    request = context.get("request")
    user = getattr(request, "user", None)
    framework, rows = workspace_section(user, pathfinder.country_id)
    return {
        "framework": framework,
        "rows": rows,
        "country_id": pathfinder.country_id,
        "may_define": can(user, "results.define_indicators", pathfinder.country_id),
        "may_enter": can(user, "results.enter_value", pathfinder.country_id),
        "request": request,
    }


@register.filter
def disaggregation_label(name: str) -> str:
    """A disaggregation in the reader's language ("Sexo" for ``sex``); an unknown name as
    stored."""
    from ..models import Disaggregation

    try:
        return str(Disaggregation(name).label)
    except ValueError:
        return name
