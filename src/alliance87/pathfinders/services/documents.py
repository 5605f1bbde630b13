"""Roadmaps and annual reports: open, save the draft, submit, comment, finalise.

A document's steps follow ``rules.DOCUMENT``; a step that is also a fact of the country's
history (a report submitted, commented, finalised; a roadmap submitted) goes through
:func:`common.append_event` too, with the country locked before the document.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from alliance87.core import changes, notify, refusals, words
from alliance87.core.permissions import require

from .. import rules, tasks
from ..events import DOCUMENT_EVENTS, PathfindersEvent
from ..models import Document, DocumentVersion, EventType, ReviewComment
from .common import (
    REPORT_SECTIONS,
    ROADMAP_SECTIONS,
    append_event,
    check_date,
    check_upload,
    has_history,
    lock_document,
    lock_pathfinder,
    refuse_document_step,
    today,
)

Action = rules.DocumentAction


def _day(actor, pathfinder, on: dt.date | None, doc: Document | None = None) -> dt.date:
    """The day a document step happened: today, or -- the Secretariat recording the past --
    its real date: never in the future, nor before the expression of interest, nor before the
    document's previous step (its last submission or comment)."""
    if on is None or on == today():
        return today()
    require(actor, "pathfinders.record_secretariat_event", pathfinder)
    check_date(pathfinder, on)
    previous = _previous_step(doc) if doc is not None else None
    if previous is not None and on < previous:
        raise ValidationError(
            {
                "date": _(
                    "The date is before this document's previous step (%(date)s): "
                    "a step cannot come before the one it follows."
                )
                % {"date": previous.isoformat()}
            }
        )
    return on


def _previous_step(doc: Document) -> dt.date | None:
    """The day of the document's last submission or comment (two queries)."""
    from django.db.models import Max
    from django.utils import timezone

    moments = [
        doc.versions.aggregate(m=Max("submitted_at"))["m"],
        doc.comments.aggregate(m=Max("created_at"))["m"],
    ]
    days = [timezone.localdate(m) for m in moments if m is not None]
    return max(days, default=None)


def _at(day: dt.date) -> dt.datetime:
    from django.utils import timezone

    if day == today():
        return timezone.now()
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def report_create(*, actor, iso3: str, year: int) -> Document:
    """Open a draft annual report for a reporting year (seed 003, footnote 1)."""
    with changes.write():
        pathfinder = lock_pathfinder(iso3)
        require(actor, "pathfinders.edit_documents", pathfinder)
        if reason := rules.report_refusal(rules.Status(pathfinder.status)):
            raise refusals.refused(reason)
        # A country loaded active from the seeds has no dated grant (docs/pathfinders.md): it
        # reports all the same, and its first reporting year cannot be checked.
        if pathfinder.became_active_on is not None and year < (
            first := rules.first_report_year(pathfinder.became_active_on)
        ):
            raise ValidationError(
                {
                    "year": _(
                        "This country became a pathfinder on %(date)s; its first report is "
                        "for %(first)s."
                    )
                    % {"date": words.date_in_words(pathfinder.became_active_on), "first": first}
                }
            )
        if year > today().year + 1:
            raise ValidationError({"year": _("This reporting year has not started yet.")})
        return changes.create(
            Document,
            actor=actor,
            event=PathfindersEvent.REPORT_CREATED,
            pathfinder=pathfinder,
            kind=Document.Kind.REPORT,
            year=year,
        )


def roadmap_create(*, actor, iso3: str, is_national_action_plan: bool = False) -> Document:
    """Open a draft roadmap, or mark an existing national action plan as submitted instead."""
    with changes.write():
        pathfinder = lock_pathfinder(iso3)
        require(actor, "pathfinders.edit_documents", pathfinder)
        return changes.create(
            Document,
            actor=actor,
            event=PathfindersEvent.ROADMAP_CREATED,
            pathfinder=pathfinder,
            kind=Document.Kind.ROADMAP,
            is_national_action_plan=is_national_action_plan,
        )


def _sections_of(doc: Document) -> tuple[str, ...]:
    return REPORT_SECTIONS if doc.kind == Document.Kind.REPORT else ROADMAP_SECTIONS


def document_save_draft(
    *, actor, document_id: int, expected_version: int, sections: Mapping[str, str], file=None
) -> Document:
    """Save the draft (or a revision in progress). Two people editing the same document never
    overwrite each other: the version must be the one the editor loaded."""
    if file is not None:
        check_upload(file)
    with changes.write():
        _pathfinder, doc = lock_document(document_id)
        require(actor, "pathfinders.edit_documents", doc.pathfinder)
        changes.check_version(doc, expected_version)
        refuse_document_step(doc, Action.SAVE_DRAFT)
        unknown = set(sections) - set(_sections_of(doc))
        if unknown:
            raise ValidationError(
                {"sections": _("Unknown sections: %(s)s") % {"s": ", ".join(sorted(unknown))}}
            )
        clean = {k: str(v).strip() for k, v in sections.items() if str(v).strip()}
        changes.update(
            doc,
            actor=actor,
            event=DOCUMENT_EVENTS[doc.kind]["draft_saved"],
            data={"sections": clean, **({"file": file} if file is not None else {})},
        )
    return doc


def document_submit(
    *, actor, document_id: int, expected_version: int, on: dt.date | None = None
) -> Document:
    """Submit (or resubmit after the Working Group's comments). Every submission is kept,
    dated ``on`` when the Secretariat records a past submission (today otherwise)."""
    with changes.write():
        pathfinder, doc = lock_document(document_id)
        require(actor, "pathfinders.edit_documents", pathfinder)
        changes.check_version(doc, expected_version)
        day = _day(actor, pathfinder, on, doc)
        action = rules.submit_action(doc.state)
        refuse_document_step(doc, action)
        if not doc.sections and not doc.file:
            raise ValidationError({"sections": _("The document is empty.")})
        revising = action is Action.RESUBMIT
        if doc.kind == Document.Kind.REPORT:
            etype = rules.EventType.REPORT_REVISED if revising else rules.EventType.REPORT_SUBMITTED
            event = rules.Event(etype, day, year=doc.year)
        else:
            items = tuple(sorted(k for k in doc.sections if k in ROADMAP_SECTIONS))
            kind = "national_action_plan" if doc.is_national_action_plan else "roadmap"
            event = rules.Event(rules.EventType.ROADMAP_SUBMITTED, day, kind=kind, items=items)
        # A country loaded from the seeds has no dated history (docs/pathfinders.md): its
        # documents are kept and reviewed all the same, outside the event log.
        if has_history(pathfinder):
            append_event(
                actor=actor,
                pathfinder=pathfinder,
                event=event,
                audit_event=DOCUMENT_EVENTS[doc.kind]["event"],
            )
        number = doc.versions.count() + 1
        DocumentVersion.objects.create(
            document=doc,
            number=number,
            sections=doc.sections,
            file_name=doc.file.name if doc.file else "",
            submitted_by=actor,
            submitted_at=_at(day),
        )
        changes.update(
            doc,
            actor=actor,
            event=DOCUMENT_EVENTS[doc.kind]["submitted"],
            data={"state": str(rules.DOCUMENT.target(action, doc.state))},
            extra_changes={"submitted_version": [None, number]},
        )
        notify.on_commit(tasks.notify_change, "document_submitted", str(doc.pk))
    return doc


def report_comment(
    *,
    actor,
    document_id: int,
    expected_version: int,
    comments: Mapping[str, str],
    on: dt.date | None = None,
) -> Document:
    """A Working Group reviewer comments section by section on the submitted version."""
    comments = {k: v.strip() for k, v in comments.items() if v and v.strip()}
    if not comments:
        raise ValidationError({"comments": _("Write at least one comment.")})
    with changes.write():
        pathfinder, doc = lock_document(document_id)
        require(actor, "pathfinders.review", doc)
        changes.check_version(doc, expected_version)
        day = _day(actor, pathfinder, on, doc)
        refuse_document_step(doc, Action.COMMENT)
        unknown = set(comments) - set(_sections_of(doc)) - {"general"}
        if unknown:
            raise ValidationError(
                {"comments": _("Unknown sections: %(s)s") % {"s": ", ".join(sorted(unknown))}}
            )
        number = doc.versions.count()
        ReviewComment.objects.bulk_create(
            ReviewComment(
                document=doc,
                version_number=number,
                section=section,
                text=text,
                author=actor,
                author_label=str(actor),
                created_at=_at(day),
            )
            for section, text in sorted(comments.items())
        )
        if (
            doc.kind == Document.Kind.REPORT
            and has_history(pathfinder)
            and not pathfinder.events.filter(
                type=EventType.REPORT_COMMENTED, year=doc.year
            ).exists()
        ):
            append_event(
                actor=actor,
                pathfinder=pathfinder,
                event=rules.Event(rules.EventType.REPORT_COMMENTED, day, year=doc.year),
                audit_event=DOCUMENT_EVENTS[doc.kind]["event"],
            )
        changes.update(
            doc,
            actor=actor,
            event=DOCUMENT_EVENTS[doc.kind]["commented"],
            data={"state": str(rules.DOCUMENT.target(Action.COMMENT, doc.state))},
            extra_changes={"comments": [None, sorted(comments)]},
        )
        notify.on_commit(tasks.notify_change, "document_commented", str(doc.pk))
    return doc


def report_finalise(
    *, actor, document_id: int, expected_version: int, on: dt.date | None = None
) -> Document:
    """The country finalises its document after the Working Group's comments (seed 003,
    "Etapa de seguimiento": "se pide al país pionero que revise el informe y lo finalice");
    the final version is published ("Los informes finales ... se cargan en el sitio web").
    Refused straight after a submission (``rules.DOCUMENT``) and to a reviewer
    (``rules.DOCUMENT_ACTOR``: the country's step)."""
    with changes.write():
        pathfinder, doc = lock_document(document_id)
        require(actor, "pathfinders.edit_documents", pathfinder)
        changes.check_version(doc, expected_version)
        day = _day(actor, pathfinder, on, doc)
        refuse_document_step(doc, Action.FINALISE)
        if doc.kind == Document.Kind.REPORT and has_history(pathfinder):
            append_event(
                actor=actor,
                pathfinder=pathfinder,
                event=rules.Event(rules.EventType.REPORT_FINALISED, day, year=doc.year),
                audit_event=DOCUMENT_EVENTS[doc.kind]["event"],
            )
        changes.update(
            doc,
            actor=actor,
            event=DOCUMENT_EVENTS[doc.kind]["finalised"],
            data={
                "state": str(rules.DOCUMENT.target(Action.FINALISE, doc.state)),
                "published": True,
            },
        )
    return doc


def document_assign_reviewer(*, actor, document_id: int, reviewer_id: int | None) -> Document:
    """The Secretariat assigns a Working Group reviewer to a document (``None`` unassigns);
    only that reviewer reads and comments on it once submitted. A reviewer assigned to a
    document already submitted is told at once."""
    from alliance87.core.models import Role, RoleAssignment

    with changes.write():
        _pathfinder, doc = lock_document(document_id)
        require(actor, "pathfinders.assign_reviewer", doc.pathfinder)
        reviewer = None
        if reviewer_id is not None:
            found = (
                RoleAssignment.objects.filter(
                    role=Role.REVIEWER, user_id=reviewer_id, user__is_active=True
                )
                .select_related("user")
                .first()
            )
            if found is None:
                raise ValidationError(
                    {"reviewer": _("Choose a member of the Working Group (a reviewer).")}
                )
            reviewer = found.user
        if doc.reviewer_id == (reviewer.pk if reviewer else None):
            return doc
        changes.update(
            doc, actor=actor, event=PathfindersEvent.REVIEWER_ASSIGNED, data={"reviewer": reviewer}
        )
        if reviewer is not None and doc.state in rules.REVIEWER_READS:
            notify.on_commit(tasks.notify_change, "document_submitted", str(doc.pk))
    return doc
