"""Every change to a pathfinder country: lock, re-check with rules.py, write, audit, notify.

State changes go through :func:`_append_event`: inside the lock it replays the country's
whole history plus the new event through :func:`rules.assess` (and so through the one
transition table, :data:`rules.TRANSITIONS`); if the table refuses the new event, or the
new event would make a later record invalid, nothing is written and the user gets the
reason. The stored ``status``/``stage`` are then those the rules computed.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance87.core import audit
from alliance87.core.exceptions import Conflict, DomainError, TransitionRefused
from alliance87.core.models import Country
from alliance87.core.permissions import require

from . import rules
from .messages import later_record_invalid_text, refusal_text
from .models import (
    ALLOWED_EXTENSIONS,
    Document,
    DocumentVersion,
    EventType,
    IndicatorValue,
    Pathfinder,
    PathfinderEvent,
    ReviewComment,
    Stage,
    Status,
)

#: Who may record which event (beyond the dedicated services below). "secretariat" events
#: are recorded by the Secretariat (including the GCG's decisions it minutes); "country"
#: events by the country's focal points or the Secretariat.
COUNTRY_EVENTS = frozenset(
    {
        EventType.TIMELINE_SUBMITTED,
        EventType.STAKEHOLDERS_MAPPED,
        EventType.COORDINATION_BODY,
        EventType.STOCKTAKING,
        EventType.WORKSHOP_HELD,
        EventType.CANDIDATE_RESPONSE,
        EventType.EVIDENCE_OF_PROGRESS,
        EventType.EVIDENCE_OF_COLLABORATION,
        EventType.RECOVERY_REQUESTED,
    }
)
SECRETARIAT_EVENTS = frozenset(
    {
        EventType.GCG_INFORMED,
        EventType.SECRETARIAT_REPLY,
        EventType.PRESENTED_TO_GCG,
        EventType.GCG_COMMENTS,
        EventType.REVIEW_CONCLUDED,
        EventType.DIALOGUE_OPENED,
        EventType.SUPPORT_SUBGROUP,
        EventType.DIALOGUE_CLOSED,
        EventType.DECLARED_INACTIVE,
        EventType.REINSTATED,
    }
)
#: Recorded only by their own services (documents, grant, profile publication).
SERVICE_EVENTS = frozenset(set(EventType) - COUNTRY_EVENTS - SECRETARIAT_EVENTS)


def pathfinder_qs_for_update():
    """The queryset services lock a country through (ordered by pk)."""
    return Pathfinder.objects.select_for_update().order_by("pk")


def document_qs_for_update():
    return Document.objects.select_for_update().order_by("pk")


def history_of(pathfinder: Pathfinder, extra: Iterable[rules.Event] = ()) -> rules.History:
    events = [e.to_rule() for e in pathfinder.events.all()]
    return rules.History(
        country=pathfinder.country_id, events=(*events, *extra), name=pathfinder.country.name_en
    )


def has_history(pathfinder: Pathfinder) -> bool:
    """Whether the country's state comes from its event log (it has an expression of interest).

    Countries loaded from the seeds carry no dated history (the seeds give few dates); their
    stored state stands until the Secretariat records the expression of interest's date.
    """
    return any(e.type == EventType.EXPRESSION_OF_INTEREST for e in pathfinder.events.all())


def _today() -> dt.date:
    return timezone.localdate()


def _check_date(pathfinder: Pathfinder | None, on: dt.date, field: str = "date") -> None:
    if on > _today():
        raise ValidationError({field: _("The date cannot be in the future.")})
    if pathfinder is not None:
        first = (
            pathfinder.events.filter(type=EventType.EXPRESSION_OF_INTEREST)
            .order_by("on")
            .values_list("on", flat=True)
            .first()
        )
        if first is not None and on < first:
            raise ValidationError(
                {
                    field: _("The date is before the expression of interest (%(date)s).")
                    % {"date": first}
                }
            )


def _append_event(
    *,
    actor,
    pathfinder: Pathfinder,
    event: rules.Event,
    audit_event: str,
    extra_changes: Mapping[str, Any] | None = None,
    file=None,
) -> PathfinderEvent:
    """Re-check ``event`` against the whole history (in the lock), write it, update state."""
    before = rules.assess(history_of(pathfinder), _today())
    after = rules.assess(history_of(pathfinder, [event]), max(_today(), event.on))
    new_anomalies = [a for a in after.anomalies if a not in before.anomalies]
    if new_anomalies:
        mine = [a for a in new_anomalies if a.event == event]
        refusal = (mine or new_anomalies)[0].reason
        text = refusal_text(refusal) if mine else later_record_invalid_text(refusal)
        raise TransitionRefused(text, code=refusal.code)
    row = PathfinderEvent.objects.create(
        pathfinder=pathfinder,
        type=event.type.value,
        on=event.on,
        year=event.year,
        kind=event.kind or "",
        items=list(event.items),
        addressed_to=event.addressed_to or "",
        ref=event.ref or "",
        note=event.note or "",
        file=file or "",
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    # The stored state is the rules' answer for today.
    pathfinder._prefetched_objects_cache = {}
    state = rules.assess(history_of(pathfinder), _today())
    data: dict[str, Any] = {}
    if state.status is not None:
        data = {
            "status": state.status.value,
            "stage": state.stage.value if state.stage else pathfinder.stage,
            "became_active_on": state.became_active_on,
        }
    changes = audit.apply_changes(pathfinder, data) if data else {}
    pathfinder.version += 1
    pathfinder.full_clean()
    pathfinder.save(update_fields=[*changes, "version", "updated_at"])
    audit.record(
        actor=actor,
        event=audit_event,
        obj=pathfinder,
        changes={
            **changes,
            **(extra_changes or {}),
            "event": [None, rules.event_to_dict(event)],
            **({"file": [None, row.file.name]} if file else {}),
        },
    )
    return row


def _lock(iso3: str) -> Pathfinder:
    try:
        return pathfinder_qs_for_update().select_related("country").get(country_id=iso3.upper())
    except Pathfinder.DoesNotExist:
        raise DomainError(
            _("This country is not on the pathfinder list."), field="country"
        ) from None


def _check_version(obj, expected: int | None) -> None:
    if expected is not None and obj.version != expected:
        raise Conflict(
            _("Someone else changed this record. Reload it and apply your changes again.")
        )


# ---------------------------------------------------------------------------------------
# The candidate's path
# ---------------------------------------------------------------------------------------


def pathfinder_express_interest(
    *,
    actor,
    country_iso3: str,
    on: dt.date,
    addressed_to: str,
    minister: str,
    focal_point_name: str,
    focal_point_institution: str = "",
    ref: str = "",
    letter=None,
) -> Pathfinder:
    """Record a minister's expression of interest, naming the focal point (seed 003,
    "Etapa de expresión de interés"). Creates the country's record as a candidate."""
    require(actor, "pathfinders.record_expression_of_interest", None)
    errors: dict[str, str] = {}
    if addressed_to not in rules.ADDRESSEES_OF_EXPRESSION:
        errors["addressed_to"] = _(
            "The letter must be addressed to the ILO Director-General or the Alliance chair."
        )
    if not minister.strip():
        errors["minister"] = _("Name the minister who signed the letter.")
    if not focal_point_name.strip():
        errors["focal_point_name"] = _("The letter must name a national focal point.")
    if errors:
        raise ValidationError(errors)
    if letter is not None:
        check_upload(letter)
    _check_date(None, on)
    with transaction.atomic(durable=True):
        country = Country.objects.filter(iso3=country_iso3.upper()).first()
        if country is None:
            raise ValidationError({"country": _("Unknown country code.")})
        pathfinder = pathfinder_qs_for_update().filter(country=country).first()
        if pathfinder is None:
            pathfinder = Pathfinder(
                country=country,
                status=Status.CANDIDATE,
                stage=Stage.EXPRESSION_OF_INTEREST,
            )
            pathfinder.full_clean(validate_unique=False)
            pathfinder.save()
            audit.record(
                actor=actor,
                event="pathfinders.pathfinder.created",
                obj=pathfinder,
                allow_empty=True,
            )
        elif has_history(pathfinder):
            raise TransitionRefused(_("This country's expression of interest is already recorded."))
        changes = audit.apply_changes(
            pathfinder,
            {
                "focal_point_name": focal_point_name,
                "focal_point_institution": focal_point_institution,
            },
        )
        if changes:
            pathfinder.save(update_fields=list(changes))
        event = rules.Event(
            rules.EventType.EXPRESSION_OF_INTEREST,
            on,
            items=("focal_point",),
            addressed_to=addressed_to,
            ref=ref or None,
            note=minister,
        )
        _append_event(
            actor=actor,
            pathfinder=pathfinder,
            event=event,
            audit_event="pathfinders.pathfinder.expression_of_interest",
            extra_changes=changes,
            file=letter,
        )
        iso3 = pathfinder.country_id
        transaction.on_commit(lambda: _notify("expression_of_interest", iso3))
    return pathfinder


def pathfinder_record_event(
    *,
    actor,
    iso3: str,
    type: str,
    on: dt.date,
    year: int | None = None,
    kind: str | None = None,
    items: Iterable[str] = (),
    addressed_to: str | None = None,
    ref: str | None = None,
    note: str | None = None,
    expected_version: int | None = None,
    file=None,
) -> PathfinderEvent:
    """Record one step of the cycle (a workshop, a coordination body, the GCG's comments, a
    dialogue, a recovery request...). Refused with the reason when the transition table
    does not allow it from the country's state."""
    try:
        etype = EventType(type)
    except ValueError:
        raise ValidationError({"type": _("Unknown event type.")}) from None
    if etype in SERVICE_EVENTS:
        raise DomainError(
            _("This step is recorded through its own form (documents, status decision)."),
            field="type",
        )
    try:
        event = rules.event_from_dict(
            {
                "type": etype.value,
                "date": on.isoformat(),
                "year": year,
                "kind": kind or None,
                "items": list(items),
                "addressed_to": addressed_to or None,
                "ref": ref or None,
                "note": note or None,
            }
        )
    except rules.HistoryError as err:
        raise ValidationError({err.field.split(".")[-1]: err.message}) from None
    if file is not None:
        check_upload(file)
    with transaction.atomic(durable=True):
        pathfinder = _lock(iso3)
        action = (
            "pathfinders.record_country_event"
            if etype in COUNTRY_EVENTS
            else "pathfinders.record_secretariat_event"
        )
        require(actor, action, pathfinder)
        _check_version(pathfinder, expected_version)
        _check_date(pathfinder, on)
        if not has_history(pathfinder):
            raise TransitionRefused(
                _("Record the expression of interest (with its date) before other steps.")
            )
        row = _append_event(
            actor=actor,
            pathfinder=pathfinder,
            event=event,
            audit_event=f"pathfinders.pathfinder.{etype.value}",
            file=file,
        )
        transaction.on_commit(lambda: _notify(etype.value, pathfinder.country_id))
    return row


def pathfinder_grant_status(
    *, actor, country: Pathfinder | str, decision_ref: str | None = None, on: dt.date | None = None
) -> Pathfinder:
    """Record the GCG's decision granting pathfinder status (seed 003, "Etapa de planificación":
    "El GCM concede al país candidato el estatus de país pionero si así lo acuerda por
    consenso").

    The governance app calls this inside its own transaction when it records the GCG's
    decision, so this service uses ``transaction.atomic()`` **without** ``durable=True``: it
    joins the caller's transaction, and the decision and the grant commit or roll back
    together. Refused (``TransitionRefused``) unless the candidate meets
    :func:`rules.grant_conditions`.
    """
    iso3 = country if isinstance(country, str) else country.country_id
    with transaction.atomic():
        pathfinder = _lock(iso3)
        require(actor, "pathfinders.grant_status", pathfinder)
        day = on or _today()
        _check_date(pathfinder, day)
        if not has_history(pathfinder):
            raise TransitionRefused(
                _("Record the expression of interest (with its date) before other steps.")
            )
        event = rules.Event(rules.EventType.STATUS_GRANTED, day, ref=decision_ref or None)
        _append_event(
            actor=actor,
            pathfinder=pathfinder,
            event=event,
            audit_event="pathfinders.pathfinder.status_granted",
        )
        transaction.on_commit(lambda: _notify("status_granted", iso3))
    return pathfinder


def pathfinder_publish_profile(*, actor, iso3: str) -> Pathfinder:
    """The Secretariat publishes the country profile ("la Secretaría ... crea el perfil del
    país en el sitio web", seed 003), after the GCG has granted status. Until then the
    profile's reports and indicators are seen only by the Secretariat and the focal points."""
    with transaction.atomic(durable=True):
        pathfinder = _lock(iso3)
        require(actor, "pathfinders.record_secretariat_event", pathfinder)
        if pathfinder.status == Status.CANDIDATE:
            raise TransitionRefused(
                _("The country profile is published once the GCG has granted pathfinder status.")
            )
        changes = audit.apply_changes(pathfinder, {"profile_published": True})
        if not changes:
            return pathfinder
        if has_history(pathfinder):
            # The publication is also a dated fact of the country's history.
            pathfinder.save(update_fields=list(changes))
            _append_event(
                actor=actor,
                pathfinder=pathfinder,
                event=rules.Event(rules.EventType.PROFILE_PUBLISHED, _today()),
                audit_event="pathfinders.pathfinder.published",
                extra_changes=changes,
            )
        else:
            pathfinder.version += 1
            pathfinder.save(update_fields=[*changes, "version", "updated_at"])
            audit.record(
                actor=actor,
                event="pathfinders.pathfinder.published",
                obj=pathfinder,
                changes=changes,
            )
    return pathfinder


# ---------------------------------------------------------------------------------------
# Documents: roadmaps and annual reports
# ---------------------------------------------------------------------------------------

REPORT_SECTIONS = (
    "progress",
    "obstacles",
    "stakeholder_engagement",
    "next_steps",
    "support_needed",
)
ROADMAP_SECTIONS = rules.ROADMAP_REQUIRED + rules.ROADMAP_IF_POSSIBLE


def check_upload(upload) -> None:
    """Refuse a file that is not really a PDF, DOCX or XLSX (extension and content)."""
    name = (getattr(upload, "name", "") or "").lower()
    ext = name.rsplit(".", 1)[-1] if "." in name else ""
    message = _("The file must be a PDF, DOCX or XLSX document.")
    if ext not in ALLOWED_EXTENSIONS:
        raise ValidationError({"file": message})
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if ext == "pdf":
        if not head.startswith(b"%PDF-"):
            raise ValidationError({"file": message})
        return
    if not head.startswith(b"PK\x03\x04"):
        raise ValidationError({"file": message})
    try:
        with zipfile.ZipFile(upload) as zf:
            names = set(zf.namelist())
    except zipfile.BadZipFile:
        raise ValidationError({"file": message}) from None
    finally:
        upload.seek(0)
    marker = "word/document.xml" if ext == "docx" else "xl/workbook.xml"
    if marker not in names:
        raise ValidationError({"file": message})


def report_create(*, actor, iso3: str, year: int) -> Document:
    """Open a draft annual report for a reporting year (seed 003, footnote 1)."""
    with transaction.atomic(durable=True):
        pathfinder = _lock(iso3)
        require(actor, "pathfinders.edit_documents", pathfinder)
        if pathfinder.status != Status.ACTIVE or pathfinder.became_active_on is None:
            raise TransitionRefused(_("Only an active pathfinder submits annual reports."))
        first = rules.first_report_year(pathfinder.became_active_on)
        if year < first:
            raise ValidationError(
                {
                    "year": _(
                        "This country became a pathfinder on %(date)s; its first report is "
                        "for %(first)s."
                    )
                    % {"date": pathfinder.became_active_on, "first": first}
                }
            )
        if year > _today().year + 1:
            raise ValidationError({"year": _("This reporting year has not started yet.")})
        doc = Document(pathfinder=pathfinder, kind=Document.Kind.REPORT, year=year)
        doc.full_clean()
        doc.save()
        audit.record(actor=actor, event="pathfinders.report.created", obj=doc, allow_empty=True)
    return doc


def roadmap_create(*, actor, iso3: str, is_national_action_plan: bool = False) -> Document:
    """Open a draft roadmap, or mark an existing national action plan as submitted instead."""
    with transaction.atomic(durable=True):
        pathfinder = _lock(iso3)
        require(actor, "pathfinders.edit_documents", pathfinder)
        doc = Document(
            pathfinder=pathfinder,
            kind=Document.Kind.ROADMAP,
            is_national_action_plan=is_national_action_plan,
        )
        doc.full_clean()
        doc.save()
        audit.record(actor=actor, event="pathfinders.roadmap.created", obj=doc, allow_empty=True)
    return doc


def _lock_document(document_id: int) -> Document:
    try:
        return document_qs_for_update().select_related("pathfinder__country").get(pk=document_id)
    except Document.DoesNotExist:
        raise DomainError(_("No such document."), field="document") from None


def document_save_draft(
    *, actor, document_id: int, expected_version: int, sections: Mapping[str, str], file=None
) -> Document:
    """Save the draft (or a revision in progress). Two people editing the same document never
    overwrite each other: the version must be the one the editor loaded."""
    if file is not None:
        check_upload(file)
    with transaction.atomic(durable=True):
        doc = _lock_document(document_id)
        require(actor, "pathfinders.edit_documents", doc.pathfinder)
        _check_version(doc, expected_version)
        if doc.state in (
            Document.State.SUBMITTED,
            Document.State.REVISED,
            Document.State.FINALISED,
        ):
            raise TransitionRefused(
                _("This version is with the reviewers; wait for their comments to revise it.")
            )
        allowed = REPORT_SECTIONS if doc.kind == Document.Kind.REPORT else ROADMAP_SECTIONS
        unknown = set(sections) - set(allowed)
        if unknown:
            raise ValidationError(
                {"sections": _("Unknown sections: %(s)s") % {"s": ", ".join(sorted(unknown))}}
            )
        clean = {k: str(v).strip() for k, v in sections.items() if str(v).strip()}
        changes = audit.apply_changes(
            doc, {"sections": clean, **({"file": file} if file is not None else {})}
        )
        if changes:
            doc.version += 1
            doc.full_clean()
            doc.save(update_fields=[*changes, "version", "updated_at"])
            audit.record(
                actor=actor, event=f"pathfinders.{doc.kind}.draft_saved", obj=doc, changes=changes
            )
    return doc


def document_submit(*, actor, document_id: int, expected_version: int) -> Document:
    """Submit (or resubmit after the Working Group's comments). Every submission is kept."""
    with transaction.atomic(durable=True):
        doc = _lock_document(document_id)
        pathfinder = pathfinder_qs_for_update().select_related("country").get(pk=doc.pathfinder_id)
        require(actor, "pathfinders.edit_documents", pathfinder)
        _check_version(doc, expected_version)
        if doc.state not in (Document.State.DRAFT, Document.State.COMMENTED):
            raise TransitionRefused(_("Only a draft or a commented document can be submitted."))
        if not doc.sections and not doc.file:
            raise ValidationError({"sections": _("The document is empty.")})
        today = _today()
        revising = doc.state == Document.State.COMMENTED
        if doc.kind == Document.Kind.REPORT:
            etype = rules.EventType.REPORT_REVISED if revising else rules.EventType.REPORT_SUBMITTED
            event = rules.Event(etype, today, year=doc.year)
        else:
            items = tuple(sorted(k for k in doc.sections if k in ROADMAP_SECTIONS))
            kind = "national_action_plan" if doc.is_national_action_plan else "roadmap"
            event = rules.Event(rules.EventType.ROADMAP_SUBMITTED, today, kind=kind, items=items)
        if has_history(pathfinder):
            _append_event(
                actor=actor,
                pathfinder=pathfinder,
                event=event,
                audit_event=f"pathfinders.{doc.kind}.event",
            )
        elif doc.kind == Document.Kind.REPORT:
            raise TransitionRefused(
                _("Record the expression of interest (with its date) before other steps.")
            )
        number = doc.versions.count() + 1
        DocumentVersion.objects.create(
            document=doc,
            number=number,
            sections=doc.sections,
            file_name=doc.file.name if doc.file else "",
            submitted_by=actor,
        )
        new_state = Document.State.REVISED if revising else Document.State.SUBMITTED
        changes = audit.apply_changes(doc, {"state": new_state})
        doc.version += 1
        doc.save(update_fields=[*changes, "version", "updated_at"])
        audit.record(
            actor=actor,
            event=f"pathfinders.{doc.kind}.submitted",
            obj=doc,
            changes={**changes, "submitted_version": [None, number]},
        )
        doc_id = doc.pk
        transaction.on_commit(lambda: _notify("document_submitted", doc_id))
    return doc


def report_comment(
    *, actor, document_id: int, expected_version: int, comments: Mapping[str, str]
) -> Document:
    """A Working Group reviewer comments section by section on the submitted version."""
    comments = {k: v.strip() for k, v in comments.items() if v and v.strip()}
    if not comments:
        raise ValidationError({"comments": _("Write at least one comment.")})
    with transaction.atomic(durable=True):
        doc = _lock_document(document_id)
        pathfinder = pathfinder_qs_for_update().select_related("country").get(pk=doc.pathfinder_id)
        require(actor, "pathfinders.review", doc)
        _check_version(doc, expected_version)
        if doc.state not in (Document.State.SUBMITTED, Document.State.REVISED):
            raise TransitionRefused(_("Only a submitted version can be commented."))
        allowed = REPORT_SECTIONS if doc.kind == Document.Kind.REPORT else ROADMAP_SECTIONS
        unknown = set(comments) - set(allowed) - {"general"}
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
            )
            for section, text in sorted(comments.items())
        )
        if (
            doc.kind == Document.Kind.REPORT
            and not pathfinder.events.filter(
                type=EventType.REPORT_COMMENTED, year=doc.year
            ).exists()
        ):
            _append_event(
                actor=actor,
                pathfinder=pathfinder,
                event=rules.Event(rules.EventType.REPORT_COMMENTED, _today(), year=doc.year),
                audit_event="pathfinders.report.event",
            )
        changes = audit.apply_changes(doc, {"state": Document.State.COMMENTED})
        doc.version += 1
        doc.save(update_fields=[*changes, "version", "updated_at"])
        audit.record(
            actor=actor,
            event=f"pathfinders.{doc.kind}.commented",
            obj=doc,
            changes={**changes, "comments": [None, sorted(comments)]},
        )
        doc_id = doc.pk
        transaction.on_commit(lambda: _notify("document_commented", doc_id))
    return doc


def report_finalise(*, actor, document_id: int, expected_version: int) -> Document:
    """The Working Group accepts the revised report: it is finalised and published (seed 003,
    "Etapa de seguimiento": "Los informes finales ... se cargan en el sitio web")."""
    with transaction.atomic(durable=True):
        doc = _lock_document(document_id)
        pathfinder = pathfinder_qs_for_update().select_related("country").get(pk=doc.pathfinder_id)
        require(actor, "pathfinders.review", doc)
        _check_version(doc, expected_version)
        if doc.state not in (Document.State.SUBMITTED, Document.State.REVISED):
            raise TransitionRefused(_("Only a submitted or revised document can be finalised."))
        if doc.kind == Document.Kind.REPORT:
            _append_event(
                actor=actor,
                pathfinder=pathfinder,
                event=rules.Event(rules.EventType.REPORT_FINALISED, _today(), year=doc.year),
                audit_event="pathfinders.report.event",
            )
        changes = audit.apply_changes(doc, {"state": Document.State.FINALISED, "published": True})
        doc.version += 1
        doc.full_clean()
        doc.save(update_fields=[*changes, "version", "updated_at"])
        audit.record(
            actor=actor, event=f"pathfinders.{doc.kind}.finalised", obj=doc, changes=changes
        )
    return doc


def document_assign_reviewer(*, actor, document_id: int, reviewer) -> Document:
    """The Secretariat assigns a Working Group reviewer to a document."""
    with transaction.atomic(durable=True):
        doc = _lock_document(document_id)
        require(actor, "pathfinders.assign_reviewer", doc.pathfinder)
        changes = audit.apply_changes(doc, {"reviewer": reviewer})
        if changes:
            doc.version += 1
            doc.save(update_fields=[*changes, "version", "updated_at"])
            audit.record(
                actor=actor,
                event="pathfinders.document.reviewer_assigned",
                obj=doc,
                changes=changes,
            )
    return doc


def indicator_framework_update(
    *, actor, iso3: str, year: int, values: Mapping[str, Any], on: dt.date | None = None
) -> int:
    """Submit or update the indicator framework for a reporting year (footnote 1)."""
    if not values:
        raise ValidationError({"values": _("Give at least one indicator value.")})
    with transaction.atomic(durable=True):
        pathfinder = _lock(iso3)
        require(actor, "pathfinders.edit_documents", pathfinder)
        day = on or _today()
        _check_date(pathfinder, day)
        for code, value in values.items():
            try:
                number = float(value)
            except (TypeError, ValueError):
                raise ValidationError({f"values.{code}": _("Enter a number.")}) from None
            IndicatorValue.objects.update_or_create(
                pathfinder=pathfinder,
                code=code,
                year=year,
                baseline=False,
                target=False,
                defaults={"value": number},
            )
        _append_event(
            actor=actor,
            pathfinder=pathfinder,
            event=rules.Event(rules.EventType.INDICATOR_FRAMEWORK_UPDATED, day, year=year),
            audit_event="pathfinders.indicators.updated",
            extra_changes={"indicators": [None, sorted(values)]},
        )
    return len(values)


def _notify(what: str, ref: Any) -> None:
    """Enqueue the e-mail for a change (after commit)."""
    from .tasks import notify_change

    try:
        notify_change.enqueue(what, str(ref))
    except Exception:  # noqa: BLE001 -- a failed notification never undoes a recorded change
        import logging

        logging.getLogger(__name__).exception("could not enqueue the notification %s", what)


__all__ = [
    "PermissionDenied",
    "document_assign_reviewer",
    "document_save_draft",
    "document_submit",
    "indicator_framework_update",
    "pathfinder_express_interest",
    "pathfinder_grant_status",
    "pathfinder_publish_profile",
    "pathfinder_record_event",
    "report_comment",
    "report_create",
    "report_finalise",
    "roadmap_create",
]
