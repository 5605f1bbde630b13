"""A roadmap or report: one page, one POST view per action; the reviewer workspace; the
permission-checked files."""

from __future__ import annotations

import os

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from alliance87.core.files import download
from alliance87.core.forms import SERVICE_ERRORS, show_error, show_message, submit
from alliance87.core.permissions import can, require

from .. import rules, selectors, services
from ..forms import (
    SECTION_LABELS,
    CommentForm,
    DraftForm,
    FinaliseForm,
    ReviewerForm,
)
from ..models import Document, PathfinderEvent


def _document_or_404(document_id: int) -> Document:
    try:
        return selectors.document_get(document_id)
    except Document.DoesNotExist:
        raise Http404 from None


def _document_access(request, document_id: int) -> tuple[Document, bool, bool]:
    doc = _document_or_404(document_id)
    require(request.user, "pathfinders.read_document", doc)
    editor = can(request.user, "pathfinders.edit_documents", doc.pathfinder)
    reviewer = can(request.user, "pathfinders.review", doc)
    return doc, editor, reviewer


def _backdates(request, doc: Document) -> bool:
    """The Secretariat records past steps with their real dates (the date field)."""
    return can(request.user, "pathfinders.record_secretariat_event", doc.pathfinder)


def _draft_form(request, doc: Document, data=None, files=None) -> DraftForm:
    initial = {"version": doc.version, **{f"section_{k}": v for k, v in doc.sections.items()}}
    return DraftForm(data, files, kind=doc.kind, initial=initial, backdate=_backdates(request, doc))


def _comment_form(request, doc: Document, data=None) -> CommentForm:
    return CommentForm(
        data, kind=doc.kind, initial={"version": doc.version}, backdate=_backdates(request, doc)
    )


def _document_page(request, doc: Document, editor: bool, reviewer: bool, **bound) -> HttpResponse:
    state = rules.DocumentState(doc.state)
    forms = {
        "draft": _draft_form(request, doc),
        "comment_form": _comment_form(request, doc),
        "finalise_form": FinaliseForm(
            initial={"version": doc.version}, backdate=_backdates(request, doc)
        ),
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
            "finalise": editor and rules.DOCUMENT.allowed(rules.DocumentAction.FINALISE, state),
            "reviewer": reviewer and rules.DOCUMENT.allowed(rules.DocumentAction.COMMENT, state),
            "assign_form": (
                ReviewerForm(initial={"reviewer": doc.reviewer_id})
                if can(request.user, "pathfinders.assign_reviewer", doc.pathfinder)
                else None
            ),
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


def _save_then(request, document_id: int, and_submit: bool):
    doc, editor, reviewer = _document_access(request, document_id)
    draft = _draft_form(request, doc, request.POST, request.FILES)
    if draft.is_valid():
        version = draft.cleaned_data["version"]
        edited = set(draft.changed_data) - {"date", "version"}
        try:
            if edited or draft.cleaned_data.get("file"):
                doc = services.document_save_draft(
                    actor=request.user,
                    document_id=doc.pk,
                    expected_version=version,
                    sections=draft.sections(),
                    file=draft.cleaned_data.get("file"),
                )
                version = doc.version
            if and_submit:
                doc = services.document_submit(
                    actor=request.user,
                    document_id=doc.pk,
                    expected_version=version,
                    on=draft.cleaned_data.get("date"),
                )
        except SERVICE_ERRORS as exc:
            show_error(draft, exc)
        else:
            if and_submit and doc.reviewer_id:
                messages.success(request, _("Submitted. Its Working Group reviewer has been told."))
            elif and_submit:
                messages.success(
                    request,
                    _(
                        "Submitted. The Secretariat has been told, to assign a Working Group reviewer."
                    ),
                )
            else:
                messages.success(request, _("Draft saved."))
            return _back_to_document(doc)
    return _document_page(request, doc, editor, reviewer, draft=draft)


@require_POST
def document_save(request, document_id: int):
    """Save the draft."""
    return _save_then(request, document_id, and_submit=False)


@require_POST
def document_submit(request, document_id: int):
    """Save what was typed, then submit (or resubmit after the Working Group's comments)."""
    return _save_then(request, document_id, and_submit=True)


@require_POST
def document_comment(request, document_id: int):
    """A Working Group reviewer comments section by section."""
    doc, editor, reviewer = _document_access(request, document_id)
    form = _comment_form(request, doc, request.POST)
    if submit(
        form,
        lambda c: services.report_comment(
            actor=request.user,
            document_id=doc.pk,
            expected_version=c["version"],
            comments=form.comments(),
            on=c.get("date"),
        ),
    ):
        messages.success(request, _("Comments sent to the country."))
        return _back_to_document(doc)
    return _document_page(request, doc, editor, reviewer, comment_form=form)


@require_POST
def document_assign(request, document_id: int):
    """The Secretariat assigns the document's Working Group reviewer."""
    doc = _document_or_404(document_id)
    require(request.user, "pathfinders.assign_reviewer", doc.pathfinder)
    form = ReviewerForm(request.POST)
    if submit(
        form,
        lambda c: services.document_assign_reviewer(
            actor=request.user,
            document_id=doc.pk,
            reviewer_id=c["reviewer"].pk if c["reviewer"] else None,
        ),
    ):
        messages.success(request, _("Reviewer assigned."))
        return _back_to_document(doc)
    editor = can(request.user, "pathfinders.edit_documents", doc.pathfinder)
    return _document_page(request, doc, editor, True, assign_form=form)


@require_POST
def document_finalise(request, document_id: int):
    """The country finalises the document after the Working Group's comments; published."""
    doc, editor, reviewer = _document_access(request, document_id)
    form = FinaliseForm(request.POST, backdate=_backdates(request, doc))
    if not form.is_valid() and "version" in form.errors:
        # A missing or garbled version is a stale page: the service refuses it (409).
        form = FinaliseForm({"version": -1}, backdate=False)
        form.is_valid()
    if form.errors:
        return _document_page(request, doc, editor, reviewer, finalise_form=form)
    try:
        services.report_finalise(
            actor=request.user,
            document_id=doc.pk,
            expected_version=form.cleaned_data["version"],
            on=form.cleaned_data.get("date"),
        )
    except SERVICE_ERRORS as exc:
        if isinstance(exc, ValidationError) and "date" in getattr(exc, "error_dict", {}):
            show_error(form, exc)
            return _document_page(request, doc, editor, reviewer, finalise_form=form)
        show_message(request, exc)
    else:
        messages.success(request, _("Finalised and published."))
    return _back_to_document(doc)


@require_GET
def reviews(request):
    """The reviewer workspace: the submitted documents assigned to me (all, for the
    Secretariat, which assigns them)."""
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
