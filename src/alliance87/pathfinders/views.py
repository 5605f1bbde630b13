"""Pathfinder pages: public list and profile, Secretariat dashboard, country workspace,
reviewer workspace. Thin: parse, call a service or selector, render."""

from __future__ import annotations

import os

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alliance87.core.exceptions import DomainError
from alliance87.core.exports import table_response
from alliance87.core.files import download
from alliance87.core.forms import SERVICE_ERRORS, show_error
from alliance87.core.htmx import render_page
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
    return render_page(
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
    themes: dict[str, tuple[dict, list]] = {}  # theme key: (its label by language, items)
    for p in profile.priorities:
        themes.setdefault(p.theme, (p.theme_label, []))[1].append(p)
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


# ---------------------------------------------------------------------------------------
# Secretariat dashboard
# ---------------------------------------------------------------------------------------


@require_GET
def dashboard(request):
    """Every country: status, stage, region, next due date, overdue items, criteria, risk;
    to htmx (the filters) only its results fragment, with the export links."""
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
        except SERVICE_ERRORS as exc:
            show_error(form, exc)
        else:
            messages.success(request, _("Expression of interest recorded."))
            return redirect("pathfinders:workspace", iso3=p.country_id)
    return render(request, "pathfinders/expression_form.html", {"form": form})


# ---------------------------------------------------------------------------------------
# Country workspace (focal points and the Secretariat): one page, one POST view per action
# ---------------------------------------------------------------------------------------


def _row_or_404(iso3: str) -> selectors.Row:
    try:
        return selectors.pathfinder_row(iso3)
    except Pathfinder.DoesNotExist:
        raise Http404 from None


def _workspace_row(request, iso3: str) -> selectors.Row:
    row = _row_or_404(iso3)
    require(request.user, "pathfinders.view_workspace", row.pathfinder)
    return row


def _workspace_page(request, row: selectors.Row, **bound) -> HttpResponse:
    """The workspace with fresh forms, or with the bound form of a refused action."""
    p = row.pathfinder
    secretariat = can(request.user, "pathfinders.record_secretariat_event", p)
    forms = {
        "event_form": EventForm(
            secretariat=secretariat,
            initial={"version": p.version, "date": timezone.localdate()},
        ),
        "report_form": ReportYearForm(),
        "indicators_form": IndicatorsForm(),
        **bound,
    }
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
            "secretariat": secretariat,
            "can_grant": can(request.user, "pathfinders.grant_status", p),
            **forms,
        },
    )


def _back_to_workspace(iso3: str):
    return redirect("pathfinders:workspace", iso3=iso3)


@require_GET
def workspace(request, iso3: str):
    """The country's workspace: where it stands, what to do next, its documents and steps."""
    return _workspace_page(request, _workspace_row(request, iso3))


@require_POST
def workspace_event(request, iso3: str):
    """Record a step of the cycle."""
    row = _workspace_row(request, iso3)
    p = row.pathfinder
    form = EventForm(
        request.POST,
        request.FILES,
        secretariat=can(request.user, "pathfinders.record_secretariat_event", p),
    )
    if form.is_valid():
        d = form.cleaned_data
        try:
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
        except SERVICE_ERRORS as exc:
            show_error(form, exc)
        else:
            messages.success(request, _("Step recorded."))
            return _back_to_workspace(p.country_id)
    return _workspace_page(request, row, event_form=form)


@require_POST
def workspace_report(request, iso3: str):
    """Open a draft annual report."""
    row = _workspace_row(request, iso3)
    form = ReportYearForm(request.POST)
    if form.is_valid():
        try:
            doc = services.report_create(
                actor=request.user, iso3=row.pathfinder.country_id, year=form.cleaned_data["year"]
            )
        except SERVICE_ERRORS as exc:
            show_error(form, exc)
        else:
            return redirect("pathfinders:document", document_id=doc.pk)
    return _workspace_page(request, row, report_form=form)


@require_POST
def workspace_indicators(request, iso3: str):
    """Submit or update the indicator framework."""
    row = _workspace_row(request, iso3)
    form = IndicatorsForm(request.POST)
    if form.is_valid():
        try:
            services.indicator_framework_update(
                actor=request.user,
                iso3=row.pathfinder.country_id,
                year=form.cleaned_data["year"],
                values=form.cleaned_data["values"],
            )
        except SERVICE_ERRORS as exc:
            show_error(form, exc)
        else:
            messages.success(request, _("Indicator framework updated."))
            return _back_to_workspace(row.pathfinder.country_id)
    return _workspace_page(request, row, indicators_form=form)


def _button_action(request, iso3: str, step, success: str | None):
    """An action with no form beyond its button: done, or refused with the reason."""
    row = _workspace_row(request, iso3)
    try:
        result = step(row.pathfinder)
    except SERVICE_ERRORS as exc:
        messages.error(request, exc.message if isinstance(exc, DomainError) else exc.messages[0])
        return _back_to_workspace(row.pathfinder.country_id)
    if success:
        messages.success(request, success)
    return result or _back_to_workspace(row.pathfinder.country_id)


@require_POST
def workspace_roadmap(request, iso3: str):
    """Open a draft roadmap (or a national action plan submitted instead)."""

    def step(p):
        doc = services.roadmap_create(
            actor=request.user,
            iso3=p.country_id,
            is_national_action_plan=bool(request.POST.get("is_national_action_plan")),
        )
        return redirect("pathfinders:document", document_id=doc.pk)

    return _button_action(request, iso3, step, None)


@require_POST
def workspace_grant(request, iso3: str):
    """Record the GCG's decision granting pathfinder status."""

    def step(p):
        services.pathfinder_grant_status(
            actor=request.user,
            country=p.country_id,
            decision_ref=request.POST.get("decision_ref") or None,
        )

    return _button_action(request, iso3, step, _("Pathfinder status granted."))


@require_POST
def workspace_publish(request, iso3: str):
    """Publish the country profile."""

    def step(p):
        services.pathfinder_publish_profile(actor=request.user, iso3=p.country_id)

    return _button_action(request, iso3, step, _("Profile published."))


# ---------------------------------------------------------------------------------------
# A roadmap or report: one page, one POST view per action
# ---------------------------------------------------------------------------------------


def _document_or_404(document_id: int) -> Document:
    try:
        return selectors.document_get(document_id)
    except Document.DoesNotExist:
        raise Http404 from None


def _document_access(request, document_id: int) -> tuple[Document, bool, bool]:
    doc = _document_or_404(document_id)
    editor = can(request.user, "pathfinders.edit_documents", doc.pathfinder)
    reviewer = can(request.user, "pathfinders.review", doc)
    if not (editor or reviewer or can(request.user, "pathfinders.view_workspace", doc.pathfinder)):
        raise PermissionDenied
    return doc, editor, reviewer


def _draft_form(doc: Document, data=None, files=None) -> DraftForm:
    initial = {"version": doc.version, **{f"section_{k}": v for k, v in doc.sections.items()}}
    return DraftForm(data, files, kind=doc.kind, initial=initial)


def _document_page(request, doc: Document, editor: bool, reviewer: bool, **bound) -> HttpResponse:
    state = rules.DocumentState(doc.state)
    forms = {
        "draft": _draft_form(doc),
        "comment_form": CommentForm(kind=doc.kind, initial={"version": doc.version}),
        **bound,
    }
    return render(
        request,
        "pathfinders/document.html",
        {
            "doc": doc,
            "versions": list(doc.versions.all()),
            "comments": [(c, SECTION_LABELS.get(c.section, c.section)) for c in doc.comments.all()],
            "editor": editor and rules.DOCUMENT.allowed(rules.DocumentAction.SAVE_DRAFT, state),
            "reviewer": reviewer and rules.DOCUMENT.allowed(rules.DocumentAction.COMMENT, state),
            "resubmit": rules.submit_action(state) is rules.DocumentAction.RESUBMIT,
            **forms,
        },
    )


def _back_to_document(doc: Document):
    return redirect("pathfinders:document", document_id=doc.pk)


@require_GET
def document(request, document_id: int):
    """A roadmap or report: edit the draft, submit, see versions and comments; reviewers
    comment section by section and accept (finalise)."""
    return _document_page(request, *_document_access(request, document_id))


def _save_then(request, document_id: int, submit: bool):
    doc, editor, reviewer = _document_access(request, document_id)
    draft = _draft_form(doc, request.POST, request.FILES)
    if draft.is_valid():
        version = draft.cleaned_data["version"]
        try:
            if draft.has_changed() or draft.cleaned_data.get("file"):
                doc = services.document_save_draft(
                    actor=request.user,
                    document_id=doc.pk,
                    expected_version=version,
                    sections=draft.sections(),
                    file=draft.cleaned_data.get("file"),
                )
                version = doc.version
            if submit:
                services.document_submit(
                    actor=request.user, document_id=doc.pk, expected_version=version
                )
        except SERVICE_ERRORS as exc:
            show_error(draft, exc)
        else:
            if submit:
                messages.success(request, _("Submitted. The Working Group has been told."))
            else:
                messages.success(request, _("Draft saved."))
            return _back_to_document(doc)
    return _document_page(request, doc, editor, reviewer, draft=draft)


@require_POST
def document_save(request, document_id: int):
    """Save the draft."""
    return _save_then(request, document_id, submit=False)


@require_POST
def document_submit(request, document_id: int):
    """Save what was typed, then submit (or resubmit after the Working Group's comments)."""
    return _save_then(request, document_id, submit=True)


@require_POST
def document_comment(request, document_id: int):
    """A Working Group reviewer comments section by section."""
    doc, editor, reviewer = _document_access(request, document_id)
    form = CommentForm(request.POST, kind=doc.kind, initial={"version": doc.version})
    if form.is_valid():
        try:
            services.report_comment(
                actor=request.user,
                document_id=doc.pk,
                expected_version=form.cleaned_data["version"],
                comments=form.comments(),
            )
        except SERVICE_ERRORS as exc:
            show_error(form, exc)
        else:
            messages.success(request, _("Comments sent to the country."))
            return _back_to_document(doc)
    return _document_page(request, doc, editor, reviewer, comment_form=form)


@require_POST
def document_finalise(request, document_id: int):
    """The Working Group accepts the document: finalised and published."""
    doc, _editor, _reviewer = _document_access(request, document_id)
    version = request.POST.get("version", "")
    try:
        services.report_finalise(
            actor=request.user,
            document_id=doc.pk,
            # A missing or garbled version is a stale page: the service refuses it (409).
            expected_version=int(version) if version.isdigit() else -1,
        )
    except SERVICE_ERRORS as exc:
        messages.error(request, exc.message if isinstance(exc, DomainError) else exc.messages[0])
    else:
        messages.success(request, _("Finalised and published."))
    return _back_to_document(doc)


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
