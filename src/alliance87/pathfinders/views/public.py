"""Public pages (list and map, profile), the Secretariat dashboard and the expression of
interest form."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods

from alliance87.core import collation
from alliance87.core.content import with_original
from alliance87.core.exports import table_response
from alliance87.core.forms import SERVICE_ERRORS, show_error
from alliance87.core.htmx import render_page
from alliance87.core.maps import MapEntry, world_map_svg
from alliance87.core.permissions import can, require
from alliance87.core.words import colon

from .. import selectors, services
from ..charts import line_chart_svg
from ..forms import (
    DashboardFilter,
    ExpressionForm,
    HistoryImportForm,
)
from ..models import Pathfinder, Status
from .common import criteria_words, overdue_words, region_choices, step_words

# ---------------------------------------------------------------------------------------
# Public pages
# ---------------------------------------------------------------------------------------


@require_GET
def pathfinder_list(request):
    """Public list and map of pathfinder countries by status and region; to htmx (the status
    filter) only its results fragment."""
    rows = selectors.pathfinder_rows()
    status = request.GET.get("status") or ""
    if status:
        rows = [r for r in rows if r.status == status]
    by_region: dict[str, list[selectors.Row]] = {}
    for r in rows:
        by_region.setdefault(r.region_name or _("Other"), []).append(r)
    entries = {
        r.pathfinder.country.m49: MapEntry(
            f"status-{r.status}",
            f"{r.pathfinder.country.name}{colon()} {r.status_label}",
            reverse("pathfinders:profile", args=[r.pathfinder.country_id]),
        )
        for r in rows
    }
    world = world_map_svg(
        entries,
        title=_("Pathfinder countries by status"),
        legend=[(f"status-{s.value}", s.label) for s in Status],
    )
    return render_page(
        request,
        "pathfinders/list.html",
        {
            "regions": collation.sort(by_region.items(), lambda item: item[0]),
            "map": world,
            "status": status,
            "statuses": Status.choices,
            "count": len(rows),
            "lessons": selectors.lessons_learned(),
        },
    )


def _pathfinder_or_404(request, iso3: str) -> selectors.Profile:
    try:
        pathfinder = Pathfinder.objects.get(country_id=iso3.upper())
        return selectors.pathfinder_profile(
            iso3,
            include_unpublished=can(
                request.user, "pathfinders.view_unpublished_profile", pathfinder
            ),
        )
    except Pathfinder.DoesNotExist:
        raise Http404 from None


@require_GET
def pathfinder_profile(request, iso3: str):
    """Profile: status and the seeds' priorities for everyone; finalised reports and indicator
    charts once the Secretariat has published it (before that, for the Secretariat and the
    country's focal points, with a note)."""
    profile = _pathfinder_or_404(request, iso3)
    themes: dict[str, tuple[dict, list]] = {}  # theme key: (its label by language, items)
    for p in profile.priorities:
        themes.setdefault(p.theme, (p.theme_label, []))[1].append(p)
    charts = []
    for title, (unit, points) in profile.indicators.items():
        charts.append((title, line_chart_svg(points, title=title, unit=unit)))
    seed = profile.row.pathfinder.seed_data or {}
    return render(
        request,
        "pathfinders/profile.html",
        {
            "seed": _seed_facts(seed),
            "profile": profile,
            "row": profile.row,
            "pathfinder": profile.row.pathfinder,
            "themes": themes.values(),
            "charts": charts,
            "can_workspace": can(
                request.user, "pathfinders.view_workspace", profile.row.pathfinder
            ),
            "can_manage": can(
                request.user, "pathfinders.record_secretariat_event", profile.row.pathfinder
            ),
        },
    )


LANGUAGES = ("es", "en", "fr", "pt")


def _seed_facts(seed: dict) -> dict:
    """What the profile says from the seeds beyond priorities: notes (Spanish, the seeds'
    language, is their original), the themes a seed names when it does not say which
    priority sits under which, the month the priorities were identified, the coordination
    body, and whether the status comes from a seed without the date of the GCG's decision."""

    def ml(value):
        if not value:
            return None
        return with_original({k: v for k, v in value.items() if k in LANGUAGES}, "es")

    month = seed.get("priorities_date")
    body = seed.get("coordination_body")
    return {
        "note": ml(seed.get("note")),
        "workshop_note": ml((seed.get("workshop") or {}).get("note")),
        "priorities_note": ml(seed.get("priorities_note")),
        "priorities_month": dt.date.fromisoformat(f"{month}-01") if month else None,
        "priorities_source": seed.get("priorities_source") or "",
        "priorities_source_note": ml(seed.get("priorities_source_note")),
        "unassigned_themes": [ml(t) for t in seed.get("themes", [])]
        if seed.get("theme_assignment") == "not_recoverable"
        else [],
        "coordination_body": ml(body),
        "coordination_body_constituted": bool(body and body.get("constituted")),
        "coordination_body_source": (body or {}).get("source", ""),
        "status_source": (seed.get("status_in_seed") or {}).get("source", ""),
        "status_source_note": ml((seed.get("status_in_seed") or {}).get("note")),
        "workshop_scheduled": (seed.get("workshop") or {}).get("status") == "scheduled_2019",
    }


# ---------------------------------------------------------------------------------------
# Secretariat dashboard
# ---------------------------------------------------------------------------------------


@require_GET
def dashboard(request):
    """Every country: status, stage, region, next due date, overdue items, criteria, risk;
    to htmx (the filters) only its results fragment, with the export links."""
    require(request.user, "pathfinders.view_dashboard", None)
    form = DashboardFilter(request.GET or None, regions=region_choices())
    f = form.cleaned_data if form.is_valid() else {}
    rows = selectors.pathfinder_rows(
        status=f.get("status") or None,
        stage=f.get("stage") or None,
        region=f.get("region") or None,
        q=f.get("q") or None,
        at_risk=True if f.get("flag") == "at_risk" else None,
        overdue=True if f.get("flag") == "overdue" else None,
    )
    table = [
        {
            "row": r,
            "overdue": overdue_words(r.assessment),
            "criteria": criteria_words(r.assessment),
            "steps": step_words(r.assessment),
        }
        for r in rows
    ]
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        return _export(table, export)
    return render_page(
        request,
        "pathfinders/dashboard.html",
        {"form": form, "table": table, "today": timezone.localdate()},
    )


def _export(table, fmt: str) -> HttpResponse:
    header = [
        _("Country"),
        "ISO3",
        _("Region"),
        pgettext("pathfinder status", "Status"),
        _("Stage"),
        _("Next report due"),
        _("Overdue"),
        _("Criteria of insufficient progress"),
        _("At risk of inactivity"),
    ]
    data = [
        [
            t["row"].pathfinder.country.name,
            t["row"].pathfinder.country_id,
            t["row"].region_name,
            str(t["row"].status_label),
            str(t["row"].stage_label),
            t["row"].assessment.next_due.isoformat() if t["row"].assessment.next_due else "",
            "; ".join(t["overdue"]),
            "; ".join(t["criteria"]),
            _("yes") if t["row"].assessment.at_risk else _("no"),
        ]
        for t in table
    ]
    return table_response(
        fmt, stem="pathfinders", sheet_title=_("Pathfinder countries"), header=header, rows=data
    )


@require_http_methods(["GET", "POST"])
def expression_new(request):
    """The Secretariat records a minister's expression of interest."""
    require(request.user, "pathfinders.record_expression_of_interest", None)
    form = ExpressionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            p = services.pathfinder_express_interest(
                actor=request.user,
                country_iso3=d["country"],
                on=d["date"],
                addressed_to=d["addressed_to"],
                minister=d["minister"],
                focal_point_name=d["focal_point_name"],
                focal_point_institution=d["focal_point_institution"],
                ref=d["ref"],
                letter=d.get("letter"),
            )
        except SERVICE_ERRORS as exc:
            show_error(form, exc)
        else:
            messages.success(request, _("Expression of interest recorded."))
            return redirect("pathfinders:workspace", iso3=p.country_id)
    return render(request, "pathfinders/expression_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def history_import(request):
    """The Secretariat imports past histories in the documented format: every row is checked
    first and nothing is written unless all are accepted; the refusal lists each bad row."""
    require(request.user, "pathfinders.record_expression_of_interest", None)
    form = HistoryImportForm(request.POST or None, request.FILES or None)
    rows: list[tuple[str, str]] = []
    if request.method == "POST" and form.is_valid():
        document = form.document()
        if document is not None:
            try:
                done = services.pathfinder_import_history(actor=request.user, document=document)
            except ValidationError as exc:
                rows = sorted(
                    (field, " ".join(messages_)) for field, messages_ in exc.message_dict.items()
                )
            else:
                messages.success(
                    request,
                    _("History imported: %(events)d steps for %(countries)d countries.") % done,
                )
                return redirect("pathfinders:dashboard")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "pathfinders/history_import.html", {"form": form, "rows": rows}, status=status
    )
