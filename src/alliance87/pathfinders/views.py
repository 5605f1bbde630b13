"""Pathfinder pages: public list and profile, Secretariat dashboard, country workspace,
reviewer workspace. Thin: parse, call a service or selector, render."""

from __future__ import annotations

import os

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from alliance87.core.exceptions import DomainError
from alliance87.core.exports import table_response
from alliance87.core.files import download
from alliance87.core.maps import MapEntry, world_map_svg
from alliance87.core.models import Region
from alliance87.core.permissions import can, require

from . import rules, selectors, services
from .charts import line_chart_svg
from .forms import (
    SECTION_LABELS,
    CommentForm,
    DashboardFilter,
    DraftForm,
    EventForm,
    ExpressionForm,
    IndicatorsForm,
    ReportYearForm,
)
from .messages import criterion_with_years, overdue_text, step_label
from .models import Document, Pathfinder, PathfinderEvent, Status


def _steps(a: rules.Assessment) -> list[str]:
    return [step_label(s) for s in a.next_steps]


def _criteria(a: rules.Assessment, current_only: bool = True) -> list[str]:
    return [criterion_with_years(f) for f in a.criteria if f.current or not current_only]


def _overdue(a: rules.Assessment) -> list[str]:
    return [overdue_text(o) for o in a.overdue]


def _region_choices() -> list[tuple[str, str]]:
    return [(r.code, r.name) for r in Region.objects.filter(level=Region.Level.REGION)]


# ---------------------------------------------------------------------------------------
# Public pages
# ---------------------------------------------------------------------------------------


@require_GET
def pathfinder_list(request):
    """Public list and map of pathfinder countries by status and region."""
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
            f"{r.pathfinder.country.name}: {r.status_label}",
            reverse("pathfinders:profile", args=[r.pathfinder.country_id]),
        )
        for r in rows
    }
    world = world_map_svg(
        entries,
        title=_("Pathfinder countries by status"),
        legend=[(f"status-{s.value}", s.label) for s in Status],
    )
    return render(
        request,
        "pathfinders/list.html",
        {
            "regions": sorted(by_region.items()),
            "map": world,
            "status": status,
            "statuses": Status.choices,
            "count": len(rows),
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
    themes: dict[str, list] = {}
    for p in profile.priorities:
        themes.setdefault(p.theme_name or "", []).append(p)
    charts = [
        (code, line_chart_svg([(v.year, float(v.value)) for v in values], title=code))
        for code, values in profile.indicators.items()
    ]
    return render(
        request,
        "pathfinders/profile.html",
        {
            "profile": profile,
            "row": profile.row,
            "pathfinder": profile.row.pathfinder,
            "themes": themes.items(),
            "charts": charts,
            "can_workspace": can(
                request.user, "pathfinders.view_workspace", profile.row.pathfinder
            ),
            "can_manage": can(
                request.user, "pathfinders.record_secretariat_event", profile.row.pathfinder
            ),
        },
    )


# ---------------------------------------------------------------------------------------
# Secretariat dashboard
# ---------------------------------------------------------------------------------------


@require_GET
def dashboard(request):
    """Every country: status, stage, region, next due date, overdue items, criteria, risk."""
    require(request.user, "pathfinders.view_dashboard", None)
    form = DashboardFilter(request.GET or None, regions=_region_choices())
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
            "overdue": _overdue(r.assessment),
            "criteria": _criteria(r.assessment),
            "steps": _steps(r.assessment),
        }
        for r in rows
    ]
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        return _export(table, export)
    return render(
        request,
        "pathfinders/dashboard.html",
        {"form": form, "table": table, "today": timezone.localdate()},
    )


def _export(table, fmt: str) -> HttpResponse:
    header = [
        _("Country"),
        "ISO3",
        _("Region"),
        _("Status"),
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
        except ValidationError as err:
            _form_errors(form, err)
        except DomainError as err:
            form.add_error(None, err.message)
        else:
            messages.success(request, _("Expression of interest recorded."))
            return redirect("pathfinders:workspace", iso3=p.country_id)
    return render(request, "pathfinders/expression_form.html", {"form": form})


def _form_errors(form, err: ValidationError) -> None:
    if hasattr(err, "error_dict"):
        for field, errors in err.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, err.messages)


# ---------------------------------------------------------------------------------------
# Country workspace (focal points and the Secretariat)
# ---------------------------------------------------------------------------------------


def _row_or_404(iso3: str) -> selectors.Row:
    try:
        return selectors.pathfinder_row(iso3)
    except Pathfinder.DoesNotExist:
        raise Http404 from None


@require_http_methods(["GET", "POST"])
def workspace(request, iso3: str):
    """The country's workspace: where it stands, what to do next, its documents and steps."""
    row = _row_or_404(iso3)
    p = row.pathfinder
    require(request.user, "pathfinders.view_workspace", p)
    secretariat = can(request.user, "pathfinders.record_secretariat_event", p)
    event_form = EventForm(
        request.POST if request.POST.get("form") == "event" else None,
        request.FILES if request.POST.get("form") == "event" else None,
        secretariat=secretariat,
        initial={"version": p.version, "date": timezone.localdate()},
    )
    report_form = ReportYearForm(request.POST if request.POST.get("form") == "report" else None)
    indicators_form = IndicatorsForm(
        request.POST if request.POST.get("form") == "indicators" else None
    )
    if request.method == "POST":
        try:
            if request.POST.get("form") == "event" and event_form.is_valid():
                d = event_form.cleaned_data
                services.pathfinder_record_event(
                    actor=request.user,
                    iso3=p.country_id,
                    type=d["type"],
                    on=d["date"],
                    year=d["year"],
                    kind=d["kind"] or None,
                    items=d["items"],
                    addressed_to=d["addressed_to"] or None,
                    ref=d["ref"] or None,
                    note=d["note"] or None,
                    expected_version=d["version"],
                    file=d.get("file"),
                )
                messages.success(request, _("Step recorded."))
                return redirect("pathfinders:workspace", iso3=p.country_id)
            if request.POST.get("form") == "report" and report_form.is_valid():
                doc = services.report_create(
                    actor=request.user, iso3=p.country_id, year=report_form.cleaned_data["year"]
                )
                return redirect("pathfinders:document", document_id=doc.pk)
            if request.POST.get("form") == "indicators" and indicators_form.is_valid():
                services.indicator_framework_update(
                    actor=request.user,
                    iso3=p.country_id,
                    year=indicators_form.cleaned_data["year"],
                    values=indicators_form.cleaned_data["values"],
                )
                messages.success(request, _("Indicator framework updated."))
                return redirect("pathfinders:workspace", iso3=p.country_id)
            if request.POST.get("form") == "roadmap":
                doc = services.roadmap_create(
                    actor=request.user,
                    iso3=p.country_id,
                    is_national_action_plan=bool(request.POST.get("is_national_action_plan")),
                )
                return redirect("pathfinders:document", document_id=doc.pk)
            if request.POST.get("form") == "grant":
                services.pathfinder_grant_status(
                    actor=request.user,
                    country=p.country_id,
                    decision_ref=request.POST.get("decision_ref") or None,
                )
                messages.success(request, _("Pathfinder status granted."))
                return redirect("pathfinders:workspace", iso3=p.country_id)
            if request.POST.get("form") == "publish":
                services.pathfinder_publish_profile(actor=request.user, iso3=p.country_id)
                messages.success(request, _("Profile published."))
                return redirect("pathfinders:workspace", iso3=p.country_id)
        except ValidationError as err:
            target = {"report": report_form, "indicators": indicators_form}.get(
                request.POST.get("form", ""), event_form
            )
            _form_errors(target, err)
        except DomainError as err:
            messages.error(request, err.message)
    return render(
        request,
        "pathfinders/workspace.html",
        {
            "row": row,
            "pathfinder": p,
            "steps": _steps(row.assessment),
            "overdue": _overdue(row.assessment),
            "criteria": _criteria(row.assessment, current_only=False),
            "documents": selectors.workspace_documents(p),
            "events": list(p.events.all()),
            "event_form": event_form,
            "report_form": report_form,
            "indicators_form": indicators_form,
            "secretariat": secretariat,
            "can_grant": can(request.user, "pathfinders.grant_status", p),
        },
    )


def _document_or_404(document_id: int) -> Document:
    try:
        return selectors.document_get(document_id)
    except Document.DoesNotExist:
        raise Http404 from None


@require_http_methods(["GET", "POST"])
def document(request, document_id: int):
    """A roadmap or report: edit the draft, submit, see versions and comments; reviewers
    comment section by section and accept (finalise)."""
    doc = _document_or_404(document_id)
    editor = can(request.user, "pathfinders.edit_documents", doc.pathfinder)
    reviewer = can(request.user, "pathfinders.review", doc)
    if not (editor or reviewer or can(request.user, "pathfinders.view_workspace", doc.pathfinder)):
        raise PermissionDenied
    action = request.POST.get("action")
    initial = {"version": doc.version, **{f"section_{k}": v for k, v in doc.sections.items()}}
    draft = DraftForm(
        request.POST if action in ("save", "submit") else None,
        request.FILES if action in ("save", "submit") else None,
        kind=doc.kind,
        initial=initial,
    )
    comment_form = CommentForm(
        request.POST if action == "comment" else None,
        kind=doc.kind,
        initial={"version": doc.version},
    )
    if request.method == "POST":
        try:
            if action in ("save", "submit") and draft.is_valid():
                version = draft.cleaned_data["version"]
                if draft.has_changed() or draft.cleaned_data.get("file"):
                    doc = services.document_save_draft(
                        actor=request.user,
                        document_id=doc.pk,
                        expected_version=version,
                        sections=draft.sections(),
                        file=draft.cleaned_data.get("file"),
                    )
                    version = doc.version
                if action == "submit":
                    services.document_submit(
                        actor=request.user, document_id=doc.pk, expected_version=version
                    )
                    messages.success(request, _("Submitted. The Working Group has been told."))
                else:
                    messages.success(request, _("Draft saved."))
                return redirect("pathfinders:document", document_id=doc.pk)
            if action == "comment" and comment_form.is_valid():
                services.report_comment(
                    actor=request.user,
                    document_id=doc.pk,
                    expected_version=comment_form.cleaned_data["version"],
                    comments=comment_form.comments(),
                )
                messages.success(request, _("Comments sent to the country."))
                return redirect("pathfinders:document", document_id=doc.pk)
            if action == "finalise":
                services.report_finalise(
                    actor=request.user,
                    document_id=doc.pk,
                    expected_version=int(request.POST.get("version", 0)),
                )
                messages.success(request, _("Finalised and published."))
                return redirect("pathfinders:document", document_id=doc.pk)
        except ValidationError as err:
            _form_errors(comment_form if action == "comment" else draft, err)
        except DomainError as err:
            messages.error(request, err.message)
    versions = list(doc.versions.all())
    comments = list(doc.comments.all())
    return render(
        request,
        "pathfinders/document.html",
        {
            "doc": doc,
            "draft": draft,
            "comment_form": comment_form,
            "versions": versions,
            "comments": [(c, SECTION_LABELS.get(c.section, c.section)) for c in comments],
            "editor": editor and doc.state in ("draft", "commented"),
            "reviewer": reviewer and doc.state in ("submitted", "revised"),
        },
    )


@require_GET
def reviews(request):
    """The reviewer workspace: documents awaiting review, assigned to me or to nobody."""
    require(request.user, "pathfinders.view_reviews", None)
    return render(
        request,
        "pathfinders/reviews.html",
        {"documents": selectors.documents_for_review(request.user)},
    )


@require_GET
def document_file(request, document_id: int):
    """The file of a roadmap or report, once permission is checked (never a public media URL)."""
    doc = get_object_or_404(Document.objects.select_related("pathfinder"), pk=document_id)
    require(request.user, "pathfinders.download_document", doc)
    name = f"{doc.pathfinder_id}-{doc.kind}{'-' + str(doc.year) if doc.year else ''}"
    return download(doc.file, filename=name + os.path.splitext(doc.file.name)[1])


@require_GET
def event_file(request, event_id: int):
    """A letter, timeline or evidence file of a country's history, once permission is checked."""
    event = get_object_or_404(PathfinderEvent.objects.select_related("pathfinder"), pk=event_id)
    require(request.user, "pathfinders.download_event_file", event)
    name = f"{event.pathfinder.country_id}-{event.type}-{event.on:%Y-%m-%d}"
    return download(event.file, filename=name + os.path.splitext(event.file.name)[1])
