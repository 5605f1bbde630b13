"""Results working pages: a result with its roll-up, a focal point's "what is due", the
Secretariat's completeness view and the reporting status of a framework (thin views)."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET

from alliance87.core.htmx import render_page
from alliance87.core.maps import MapEntry, world_map_svg
from alliance87.core.words import colon

from . import selectors, selectors_pages

STATE_WORDS = {
    "to_enter": lambda: _("To enter"),
    "to_submit": lambda: _("Draft: to submit"),
    "in_review": lambda: _("Submitted: in review"),
    "published": lambda: pgettext("value status", "Published"),
}


def reporting_map(indicator, values):
    """Countries where the indicator is reported (a published value) or in progress (values
    the reader may see that are not published yet)."""
    by_country: dict = {}
    for v in values:
        seen = by_country.setdefault(v.country_id, [v.country, set()])
        seen[1].add(v.status)
    words = {"reported": _("Reported"), "in_progress": _("In progress")}
    css = {"reported": "level-3", "in_progress": "level-1"}
    entries = {}
    for country, statuses in by_country.values():
        status = "reported" if "published" in statuses else "in_progress"
        entries[country.m49] = MapEntry(css[status], f"{country.name}{colon()} {words[status]}")
    return world_map_svg(
        entries,
        title=_("Countries where indicator %(code)s is reported") % {"code": indicator.code},
        legend=[(css[s], words[s]) for s in ("reported", "in_progress")],
    )


@require_GET
def result_detail(request, code, number):
    detail = selectors_pages.result_get(code, number, request.user)
    return render(
        request,
        "results/result.html",
        {"detail": detail, "framework": detail.framework, "result": detail.result},
    )


@require_GET
def due(request, code, iso3):
    framework, country, year, rows = selectors_pages.due_for(
        code, iso3, request.GET.get("year"), request.user
    )
    for row in rows:
        row.words = STATE_WORDS[row.state]()
    return render_page(
        request,
        "results/due.html",
        {
            "framework": framework,
            "country": country,
            "year": year,
            "years": range(framework.start_year, framework.end_year + 1),
            "rows": rows,
            "left": sum(1 for r in rows if r.state in ("to_enter", "to_submit")),
        },
    )


@require_GET
def completeness(request, code):
    framework, year, indicators, rows = selectors_pages.completeness_for(
        code, request.GET.get("year"), request.user
    )
    return render_page(
        request,
        "results/completeness.html",
        {
            "framework": framework,
            "year": year,
            "years": range(framework.start_year, framework.end_year + 1),
            "indicators": indicators,
            "rows": rows,
            "words": {k: w() for k, w in STATE_WORDS.items()},
        },
    )


@require_GET
def reporting_status(request, code):
    view = selectors.framework_get(code)
    overall, per_result = selectors_pages.reporting_counts(view.results)
    total = sum(overall.values())
    return render(
        request,
        "results/status.html",
        {
            "framework": view.framework,
            "overall": overall,
            "total": total,
            "per_result": per_result,
        },
    )
