"""The pathfinder API: public reads, permission-checked workspace writes (all via services)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from pydantic import ConfigDict

from alliance87.core.api_support import (
    PUBLIC_READ,
    WRITE,
    authenticated,
    errors,
    optional_auth,
)
from alliance87.core.exceptions import NotFound
from alliance87.core.permissions import can, require

from . import messages, rules, selectors, services
from .models import Document, Pathfinder

router = Router(tags=["pathfinders"])

#: What a signed-in read can answer besides 200.
READ = errors(400, 401, 403, 404)


class CriterionOut(Schema):
    criterion: str
    text: str
    years: list[int]
    current: bool


class OverdueOut(Schema):
    year: int
    item: str
    due: dt.date
    days: int


class NextStepOut(Schema):
    code: str
    text: str
    params: dict[str, Any] = {}


class HistoryEventOut(Schema):
    """One event of the history format (docs/pathfinder-history-format.md)."""

    type: str
    date: dt.date
    year: int | None = None
    kind: str | None = None
    items: list[str] | None = None
    addressed_to: str | None = None
    ref: str | None = None
    note: str | None = None


class HistoryOut(Schema):
    """A country's history, format 1; ``alliance87 pathfinders assess --history`` reads it."""

    format: int
    country: str
    name: str | None = None
    events: list[HistoryEventOut]


class RefusalOut(Schema):
    code: str = Field(description="a stable refusal code, e.g. pathfinder.conditions_not_met")
    params: dict[str, Any]
    text: str = Field(description="the refusal in the caller's language")


class AnomalyOut(Schema):
    event: HistoryEventOut
    reason: RefusalOut


class AssessmentOut(Schema):
    """Where a country stands on a date (seed 003): codes, with their words."""

    country: str
    as_of: dt.date
    status: str | None
    stage: str | None
    became_active_on: dt.date | None
    next_report_due: dt.date | None
    overdue: list[OverdueOut]
    criteria: list[CriterionOut]
    at_risk_of_inactivity: bool
    dialogue_open: bool
    required_years: list[int]
    late_years: list[int]
    conditions_missing: list[str]
    conditions_missing_text: list[str]
    next_steps: list[NextStepOut]
    anomalies: list[AnomalyOut]


class PathfinderOut(Schema):
    iso3: str
    name: str
    status: str
    stage: str
    region: str | None
    region_name: str
    pathfinder_since: dt.date | None
    next_report_due: dt.date | None
    overdue: list[OverdueOut] | None = Field(None, description="Secretariat only")
    criteria: list[CriterionOut] | None = Field(None, description="Secretariat only")
    at_risk_of_inactivity: bool | None = Field(None, description="Secretariat only")


class PublishedReportOut(Schema):
    id: int
    year: int | None
    sections: dict[str, str]


class PathfinderDetailOut(PathfinderOut):
    next_steps: list[NextStepOut] | None = None
    focal_point_name: str | None = None
    version: int
    profile_published: bool
    reports: list[PublishedReportOut] | None = Field(
        None,
        description="Finalised reports; once the profile is published (before that, for the "
        "Secretariat and the country's focal points only)",
    )


def _out(row: selectors.Row, user, detail: bool = False) -> dict[str, Any]:
    p, a = row.pathfinder, row.assessment
    full = can(user, "pathfinders.view_dashboard", None)
    out: dict[str, Any] = {
        "iso3": p.country_id,
        "name": p.country.name,
        "status": row.status,
        "stage": row.stage,
        "region": p.country.region_id,
        "region_name": row.region_name,
        "pathfinder_since": a.became_active_on or p.became_active_on,
        "next_report_due": a.next_due,
    }
    if full:
        out["overdue"] = [o.to_dict() for o in a.overdue]
        out["criteria"] = [messages.criterion_dict(c) for c in a.criteria]
        out["at_risk_of_inactivity"] = a.at_risk
    if detail:
        out["version"] = p.version
        if full or can(user, "pathfinders.view_workspace", p):
            out["next_steps"] = [messages.step_dict(s) for s in a.next_steps]
            out["focal_point_name"] = p.focal_point_name
    return out


@router.get(
    "/pathfinders", response={200: list[PathfinderOut], **errors(400, 403)}, auth=optional_auth
)
def pathfinder_list(
    request,
    status: str | None = None,
    stage: str | None = None,
    region: str | None = None,
    at_risk: bool | None = None,
    overdue: bool | None = None,
    q: str | None = None,
):
    """Every pathfinder country: status, stage, region, next report due; for the Secretariat
    also overdue items, criteria triggered and the "at risk of inactivity" flag."""
    if (at_risk is not None or overdue is not None) and not can(
        request.user, "pathfinders.view_dashboard", None
    ):
        raise PermissionDenied
    rows = selectors.pathfinder_rows(
        status=status, stage=stage, region=region, at_risk=at_risk, overdue=overdue, q=q
    )
    return [_out(r, request.user) for r in rows]


def _row_or_404(iso3: str) -> selectors.Row:
    try:
        return selectors.pathfinder_row(iso3)
    except Pathfinder.DoesNotExist:
        raise NotFound(_("This country is not on the pathfinder list.")) from None


def _pathfinder_state(iso3: str) -> dict[str, Any]:
    p = Pathfinder.objects.filter(pk=iso3.upper()).first()
    if p is None:
        raise NotFound(_("This country is not on the pathfinder list."))
    return _state(p)


class ImportedOut(Schema):
    countries: int
    events: int


@router.post(
    "/pathfinders/history",
    response={200: ImportedOut, **WRITE},
    auth=authenticated,
)
def pathfinder_import_history(request, payload: dict[str, Any] | list[dict[str, Any]]):
    """The Secretariat imports one or several countries' past histories in the documented
    format (docs/pathfinder-history-format.md): validated first, all or nothing; a refusal
    (400) lists every bad row (`events[3]`, `countries[1].events[3]`)."""
    return services.pathfinder_import_history(actor=request.user, document=payload)


@router.get(
    "/pathfinders/{iso3}", response={200: PathfinderDetailOut, **PUBLIC_READ}, auth=optional_auth
)
def pathfinder_detail(request, iso3: str):
    """One country; its finalised reports only once the Secretariat has published its profile
    (the Secretariat and its focal points see them before)."""
    row = _row_or_404(iso3)
    out = _out(row, request.user, detail=True)
    p = row.pathfinder
    out["profile_published"] = p.profile_published
    reports = selectors.profile_reports(
        p, include_unpublished=can(request.user, "pathfinders.view_unpublished_profile", p)
    )
    if reports is not None:
        out["reports"] = [{"id": d.pk, "year": d.year, "sections": d.sections} for d in reports]
    return out


@router.get(
    "/pathfinders/{iso3}/history",
    response={200: HistoryOut, **READ},
    auth=authenticated,
    exclude_none=True,  # the format leaves empty optional fields out
)
def pathfinder_history(request, iso3: str):
    """The country's history in the documented format; `assess --history` reads it back."""
    row = _row_or_404(iso3)
    require(request.user, "pathfinders.view_history", row.pathfinder)
    return rules.history_to_dict(selectors.pathfinder_history(iso3))


@router.get(
    "/pathfinders/{iso3}/assessment", response={200: AssessmentOut, **READ}, auth=authenticated
)
def pathfinder_assessment(request, iso3: str, as_of: dt.date | None = None):
    """Where the country stands on a date (default today), per seed 003."""
    row = _row_or_404(iso3)
    require(request.user, "pathfinders.view_history", row.pathfinder)
    day = as_of or timezone.localdate()
    return messages.assessment_dict(
        selectors.effective_assessment(iso3, selectors.pathfinder_history(iso3), day)
    )


class ExpressionIn(Schema):
    model_config = ConfigDict(extra="forbid")
    country: str = Field(..., max_length=3, description="ISO 3166-1 alpha-3")
    date: dt.date
    addressed_to: str = Field(..., max_length=40)
    minister: str = Field(..., max_length=5000)
    focal_point_name: str = Field(..., max_length=200)
    focal_point_institution: str = Field("", max_length=200)
    ref: str = Field("", max_length=200)


class VersionOut(Schema):
    iso3: str
    status: str
    stage: str
    version: int


def _state(p: Pathfinder) -> dict[str, Any]:
    p.refresh_from_db(fields=["status", "stage", "version"])
    return {"iso3": p.country_id, "status": p.status, "stage": p.stage, "version": p.version}


@router.post("/pathfinders", response={201: VersionOut, **WRITE}, auth=authenticated)
def pathfinder_express_interest(request, payload: ExpressionIn):
    """Record a minister's expression of interest (Secretariat)."""
    p = services.pathfinder_express_interest(
        actor=request.user,
        country_iso3=payload.country,
        on=payload.date,
        addressed_to=payload.addressed_to,
        minister=payload.minister,
        focal_point_name=payload.focal_point_name,
        focal_point_institution=payload.focal_point_institution,
        ref=payload.ref,
    )
    return Status(201, _state(p))


class EventIn(Schema):
    model_config = ConfigDict(extra="forbid")
    type: str
    date: dt.date
    year: int | None = None
    kind: str | None = None
    items: list[str] = []
    addressed_to: str | None = None
    ref: str | None = None
    note: str | None = None
    version: int | None = None


@router.post("/pathfinders/{iso3}/events", response={201: VersionOut, **WRITE}, auth=authenticated)
def pathfinder_record_event(request, iso3: str, payload: EventIn):
    """Record a step of the cycle; refused with the reason when the transition table forbids it."""
    services.pathfinder_record_event(
        actor=request.user,
        iso3=iso3,
        type=payload.type,
        on=payload.date,
        year=payload.year,
        kind=payload.kind,
        items=payload.items,
        addressed_to=payload.addressed_to,
        ref=payload.ref,
        note=payload.note,
        expected_version=payload.version,
    )
    return Status(201, _pathfinder_state(iso3))


class GrantIn(Schema):
    model_config = ConfigDict(extra="forbid")
    decision_ref: str = Field(
        ..., max_length=40, description="Reference of the GCG's adopted decision (GCG5/2)"
    )


@router.post("/pathfinders/{iso3}/grant", response={200: VersionOut, **WRITE}, auth=authenticated)
def pathfinder_grant(request, iso3: str, payload: GrantIn):
    """Carry out an adopted GCG decision, taken with quorum, granting this country status
    (dated by the decision's meeting). Recording the decision on the meeting
    (`POST /api/gcg/meetings/{id}/decisions`) already does it; without such a decision the
    grant is refused (409, `pathfinder.decision_*`), whoever asks."""
    p = services.pathfinder_grant_status(
        actor=request.user, country=iso3.upper(), decision_ref=payload.decision_ref
    )
    return _state(p)


class DocumentOut(Schema):
    id: int
    iso3: str
    kind: str
    year: int | None
    state: str
    sections: dict[str, str]
    published: bool
    version: int
    submitted_versions: int
    reviewer_id: int | None


def _doc(d: Document) -> dict[str, Any]:
    return {
        "id": d.pk,
        "iso3": d.pathfinder_id,
        "kind": d.kind,
        "year": d.year,
        "state": d.state,
        "sections": d.sections,
        "published": d.published,
        "version": d.version,
        "submitted_versions": d.versions.count(),
        "reviewer_id": d.reviewer_id,
    }


class ReportIn(Schema):
    model_config = ConfigDict(extra="forbid")
    year: int = Field(..., ge=2000, le=2200)


@router.post(
    "/pathfinders/{iso3}/reports", response={201: DocumentOut, **WRITE}, auth=authenticated
)
def report_create(request, iso3: str, payload: ReportIn):
    """Open a draft annual progress report for a reporting year."""
    return Status(
        201, _doc(services.report_create(actor=request.user, iso3=iso3, year=payload.year))
    )


class RoadmapIn(Schema):
    model_config = ConfigDict(extra="forbid")
    is_national_action_plan: bool = False


@router.post(
    "/pathfinders/{iso3}/roadmaps", response={201: DocumentOut, **WRITE}, auth=authenticated
)
def roadmap_create(request, iso3: str, payload: RoadmapIn):
    """Open a draft roadmap (or an existing national action plan submitted instead)."""
    doc = services.roadmap_create(
        actor=request.user, iso3=iso3, is_national_action_plan=payload.is_national_action_plan
    )
    return Status(201, _doc(doc))


def _document_for(request, document_id: int) -> Document:
    doc = Document.objects.select_related("pathfinder").filter(pk=document_id).first()
    if doc is None:
        raise NotFound(_("No such document."))
    require(request.user, "pathfinders.read_document", doc)
    return doc


@router.get(
    "/pathfinders/documents/{document_id}", response={200: DocumentOut, **READ}, auth=authenticated
)
def document_get(request, document_id: int):
    return _doc(_document_for(request, document_id))


class DraftIn(Schema):
    model_config = ConfigDict(extra="forbid")
    version: int
    sections: dict[str, str]


@router.put(
    "/pathfinders/documents/{document_id}", response={200: DocumentOut, **WRITE}, auth=authenticated
)
def document_save(request, document_id: int, payload: DraftIn):
    """Save a draft; refused with 409 if someone else saved since `version`."""
    doc = services.document_save_draft(
        actor=request.user,
        document_id=document_id,
        expected_version=payload.version,
        sections=payload.sections,
    )
    return _doc(doc)


class StepIn(Schema):
    model_config = ConfigDict(extra="forbid")
    version: int
    date: dt.date | None = Field(
        None, description="The Secretariat recording a past step: the day it happened"
    )


@router.post(
    "/pathfinders/documents/{document_id}/submit",
    response={200: DocumentOut, **WRITE},
    auth=authenticated,
)
def document_submit(request, document_id: int, payload: StepIn):
    doc = services.document_submit(
        actor=request.user,
        document_id=document_id,
        expected_version=payload.version,
        on=payload.date,
    )
    return _doc(doc)


class CommentsIn(Schema):
    model_config = ConfigDict(extra="forbid")
    version: int
    comments: dict[str, str]
    date: dt.date | None = Field(
        None, description="The Secretariat recording past comments: the day they were made"
    )


@router.post(
    "/pathfinders/documents/{document_id}/comments",
    response={200: DocumentOut, **WRITE},
    auth=authenticated,
)
def document_comment(request, document_id: int, payload: CommentsIn):
    """A Working Group reviewer's comments, section by section."""
    doc = services.report_comment(
        actor=request.user,
        document_id=document_id,
        expected_version=payload.version,
        comments=payload.comments,
        on=payload.date,
    )
    return _doc(doc)


@router.post(
    "/pathfinders/documents/{document_id}/finalise",
    response={200: DocumentOut, **WRITE},
    auth=authenticated,
)
def document_finalise(request, document_id: int, payload: StepIn):
    doc = services.report_finalise(
        actor=request.user,
        document_id=document_id,
        expected_version=payload.version,
        on=payload.date,
    )
    return _doc(doc)


class ReviewerIn(Schema):
    model_config = ConfigDict(extra="forbid")
    reviewer_id: int | None = Field(None, ge=1, le=2**31 - 1)


@router.post(
    "/pathfinders/documents/{document_id}/reviewer",
    response={200: DocumentOut, **WRITE},
    auth=authenticated,
)
def document_assign_reviewer(request, document_id: int, payload: ReviewerIn):
    """The Secretariat assigns the document's Working Group reviewer (`null` unassigns)."""
    doc = services.document_assign_reviewer(
        actor=request.user, document_id=document_id, reviewer_id=payload.reviewer_id
    )
    return _doc(doc)
