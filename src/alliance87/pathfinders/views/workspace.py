"""The country workspace (focal points and the Secretariat): one page, one POST view per
action."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from alliance87.core.forms import SERVICE_ERRORS, show_error, step, submit
from alliance87.core.permissions import can, require

from .. import rules, selectors, services
from ..forms import (
    EventForm,
    ReportYearForm,
)
from .common import criteria_words, overdue_words, row_or_404, step_words


def _workspace_row(request, iso3: str) -> selectors.Row:
    row = row_or_404(iso3)
    require(request.user, "pathfinders.view_workspace", row.pathfinder)
    return row


def _allowed(request, row: selectors.Row, secretariat: bool) -> dict[str, bool]:
    """The workspace's buttons this person is offered: those the rules allow from where the
    country stands (``rules.TRANSITIONS``, ``rules.publish_profile_refusal``,
    ``rules.report_refusal``), among the steps they may take."""
    p = row.pathfinder
    status = rules.Status(row.status)
    state = (status, rules.Stage(row.stage))
    return {
        "grant": secretariat
        and can(request.user, "pathfinders.grant_status", p)
        and rules.TRANSITIONS.allowed(rules.Action.GRANT_STATUS, state),
        "publish": secretariat
        and not p.profile_published
        and rules.publish_profile_refusal(status) is None,
        "report": rules.report_refusal(status) is None,
    }


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
        **bound,
    }
    return render(
        request,
        "pathfinders/workspace.html",
        {
            "row": row,
            "pathfinder": p,
            "steps": step_words(row.assessment),
            "overdue": overdue_words(row.assessment),
            "criteria": criteria_words(row.assessment, current_only=False),
            "documents": selectors.workspace_documents(p),
            "events": list(p.events.all()),
            "secretariat": secretariat,
            "allowed": _allowed(request, row, secretariat),
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
    if done := submit(
        form,
        lambda c: services.report_create(
            actor=request.user, iso3=row.pathfinder.country_id, year=c["year"]
        ),
    ):
        return redirect("pathfinders:document", document_id=done.value.pk)
    return _workspace_page(request, row, report_form=form)


def _button_action(request, iso3: str, act, success: str | None):
    """An action with no form beyond its button: done, or refused with the reason."""
    row = _workspace_row(request, iso3)
    done = step(request, lambda: act(row.pathfinder), success)
    return (done and done.value) or _back_to_workspace(row.pathfinder.country_id)


@require_POST
def workspace_roadmap(request, iso3: str):
    """Open a draft roadmap (or a national action plan submitted instead)."""

    def act(p):
        doc = services.roadmap_create(
            actor=request.user,
            iso3=p.country_id,
            is_national_action_plan=bool(request.POST.get("is_national_action_plan")),
        )
        return redirect("pathfinders:document", document_id=doc.pk)

    return _button_action(request, iso3, act, None)


@require_POST
def workspace_grant(request, iso3: str):
    """Record the GCG's decision granting pathfinder status."""

    def act(p):
        services.pathfinder_grant_status(
            actor=request.user,
            country=p.country_id,
            decision_ref=request.POST.get("decision_ref") or None,
        )

    return _button_action(request, iso3, act, _("Pathfinder status granted."))


@require_POST
def workspace_publish(request, iso3: str):
    """Publish the country profile."""

    def act(p):
        services.pathfinder_publish_profile(actor=request.user, iso3=p.country_id)

    return _button_action(request, iso3, act, _("Profile published."))
