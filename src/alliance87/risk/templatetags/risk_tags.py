"""Numbers on the risk app's pages, in the page's language."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format

register = template.Library()


def _rounded(value: float, digits: int) -> str:
    """Rounded, then written in the page's language: Django's ``number_format`` cuts the
    digits off (12.19 would read "12.1"), where the CSV and the report round (12.2)."""
    return number_format(round(value, digits), digits)


@register.filter
def percent(value, digits: int = 1) -> str:
    """0.0783 -> "7.8 %" (with the language's decimal separator)."""
    if value is None or value == "":
        return "—"
    return f"{_rounded(float(value) * 100, int(digits))} %"


@register.filter
def points(value, digits: int = 1) -> str:
    """A part of a gap in percentage points, with its sign."""
    if value is None:
        return "—"
    sign = "+" if value > 0 else ""
    return f"{sign}{_rounded(float(value), int(digits))}"


@register.inclusion_tag("risk/_beside_roadmap.html", takes_context=True)
def risk_beside_roadmap(context, pathfinder, workspace: bool = False) -> dict:
    """On a pathfinder's page and workspace: the latest run the country published, its
    high-risk territories beside the roadmap's priorities (:mod:`..roadmap`)."""
    from alliance87.core.permissions import can

    from ..roadmap import beside_roadmap

    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        **beside_roadmap(user, pathfinder.country_id),
        "country_id": pathfinder.country_id,
        "may_edit": workspace and can(user, "risk.manage_access", pathfinder.country_id),
        "request": request,
    }


#: The Regional Initiative's indicators about the model (results framework ri-2018-2021).
MODEL_INDICATORS = ("1.3", "1.4", "1.5", "1.6", "1.7", "1.8")


@register.inclusion_tag("risk/_indicator_runs.html", takes_context=True)
def risk_indicator_runs(context, indicator) -> dict:
    """On the results framework's indicators 1.3-1.8 of the Regional Initiative: the runs of
    the model on the platform that the reader may see, by country (the runs they count)."""
    from .. import selectors

    request = context.get("request")
    framework = indicator.result.framework
    if framework.kind != "regional_initiative" or indicator.code not in MODEL_INDICATORS:
        return {"show": False}
    runs = list(
        selectors.run_list(getattr(request, "user", None))
        .filter(status="done")
        .order_by("country_id", "-finished_at", "-pk")[:200]
    )
    return {"show": True, "runs": runs, "countries": len({r.country_id for r in runs})}
