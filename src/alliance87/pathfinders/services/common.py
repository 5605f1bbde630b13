"""What every pathfinder service shares: the locks, the dates, the history, and
:func:`append_event`, the one way a country's state changes.

Lock order (``core.changes``): a pathfinder before its documents, so two services never wait
on each other; :func:`lock_document` locks the country first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance87.core import changes, refusals, words
from alliance87.core.exceptions import NotFound, TransitionRefused
from alliance87.core.files import check_document, check_size, discard_on_rollback
from alliance87.core.transitions import refusal

from .. import rules
from ..events import PathfindersEvent
from ..messages import later_record_invalid_text
from ..models import ALLOWED_EXTENSIONS, Document, EventType, Pathfinder, PathfinderEvent

#: Who may record which event (beyond the dedicated services). "secretariat" events are
#: recorded by the Secretariat (including the GCG's decisions it minutes); "country" events
#: by the country's focal points or the Secretariat.
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
        EventType.REINSTATED,
    }
)
#: Recorded only by their own services (documents, grant, profile publication).
SERVICE_EVENTS = frozenset(set(EventType) - COUNTRY_EVENTS - SECRETARIAT_EVENTS)

REPORT_SECTIONS = (
    "progress",
    "obstacles",
    "stakeholder_engagement",
    "next_steps",
    "support_needed",
)
ROADMAP_SECTIONS = rules.ROADMAP_REQUIRED + rules.ROADMAP_IF_POSSIBLE


#: How this app reads a GCG decision: the governance app, which records them, registers its
#: reader when it starts (``governance.apps``); this app never imports governance, which
#: calls this app's services when a decision is adopted. Without it, no decision is on record.
_decision_reader: list[Callable[[str], rules.GcgDecision | None]] = []


def register_decision_reader(reader: Callable[[str], rules.GcgDecision | None]) -> None:
    """Set the function that finds a GCG decision by its reference (``GCG5/2``)."""
    _decision_reader[:] = [reader]


def require_decision(
    pathfinder: Pathfinder, action: rules.Action, reference: str | None
) -> rules.GcgDecision:
    """The adopted GCG decision, taken with quorum, that authorises ``action`` for this
    country (``rules.decision_refusal``); refused with the reason otherwise."""
    ref = (reference or "").strip()
    decision = _decision_reader[0](ref) if ref and _decision_reader else None
    if reason := rules.decision_refusal(action, pathfinder.country_id, ref, decision):
        raise refusals.refused(reason)
    assert decision is not None
    return decision


def today() -> dt.date:
    return timezone.localdate()


def lock_pathfinder(iso3: str) -> Pathfinder:
    """The country's row, locked; 404 when it is not a pathfinder country."""
    return changes.lock(
        Pathfinder.objects.select_related("country"),
        not_found=_("This country is not on the pathfinder list."),
        country_id=iso3.upper(),
    )


def lock_document(document_id: int) -> tuple[Pathfinder, Document]:
    """The document and its country, both locked: the country first (parent before child)."""
    pathfinder_id = (
        Document.objects.filter(pk=document_id).values_list("pathfinder_id", flat=True).first()
    )
    if pathfinder_id is None:
        raise NotFound(_("No such document."))
    pathfinder = lock_pathfinder(pathfinder_id)
    doc = changes.lock(Document, not_found=_("No such document."), pk=document_id)
    doc.pathfinder = pathfinder
    return pathfinder, doc


def refuse_document_step(doc: Document, action: rules.DocumentAction) -> None:
    """Refuse a document step its state does not allow (``rules.DOCUMENT``)."""
    if reason := rules.DOCUMENT.refusal(action, rules.DocumentState(doc.state)):
        raise refusals.refused(reason)


def history_of(pathfinder: Pathfinder, extra: Iterable[rules.Event] = ()) -> rules.History:
    # Seeded steps whose date the sources do not state stay out of the rules.
    events = [e.to_rule() for e in pathfinder.events.all() if e.dated]
    return rules.History(
        country=pathfinder.country_id, events=(*events, *extra), name=pathfinder.country.name_en
    )


def has_history(pathfinder: Pathfinder) -> bool:
    """Whether the country's state comes from its event log (it has an expression of interest).

    Countries loaded from the seeds carry no dated history (the seeds give few dates); their
    stored state stands until the Secretariat records the expression of interest's date.
    """
    return any(
        e.type == EventType.EXPRESSION_OF_INTEREST and e.dated for e in pathfinder.events.all()
    )


def require_history(pathfinder: Pathfinder) -> None:
    if not has_history(pathfinder):
        raise refusals.refused(refusal("pathfinder.history_needed"))


def check_date(pathfinder: Pathfinder | None, on: dt.date, field: str = "date") -> None:
    if on > today():
        raise ValidationError({field: _("The date cannot be in the future.")})
    if pathfinder is not None:
        first = (
            pathfinder.events.filter(type=EventType.EXPRESSION_OF_INTEREST, on__isnull=False)
            .order_by("on")
            .values_list("on", flat=True)
            .first()
        )
        if first is not None and on < first:
            raise ValidationError(
                {
                    field: _("The date is before the expression of interest (%(date)s).")
                    % {"date": words.date_in_words(first)}
                }
            )


def append_event(
    *,
    actor,
    pathfinder: Pathfinder,
    event: rules.Event,
    audit_event: PathfindersEvent,
    data: Mapping[str, Any] | None = None,
    extra_changes: Mapping[str, Any] | None = None,
    file=None,
) -> PathfinderEvent:
    """Re-check ``event`` against the whole history (in the lock), write it, update state.

    The country's stored status and stage become what :func:`rules.assess` computes from the
    history with the new event; ``data`` are other fields of the country changed by the same
    step (one audit row for all of it).
    """
    before = rules.assess(history_of(pathfinder), today())
    after = rules.assess(history_of(pathfinder, [event]), max(today(), event.on))
    new_anomalies = [a for a in after.anomalies if a not in before.anomalies]
    if new_anomalies:
        mine = [a for a in new_anomalies if a.event == event]
        refusal = (mine or new_anomalies)[0].reason
        if mine:
            raise refusals.refused(refusal)
        raise TransitionRefused(
            later_record_invalid_text(refusal), code=refusal.code, params=refusal.values
        )
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
    if file:  # written with the row: deleted again if the step is refused after this
        discard_on_rollback(row.file.name, row.file.storage)
    # The stored state is the rules' answer for today.
    pathfinder._prefetched_objects_cache = {}
    state = rules.assess(history_of(pathfinder), today())
    fields: dict[str, Any] = dict(data or {})
    stored = (
        rules.Status(pathfinder.status) if pathfinder.status else None,
        rules.Stage(pathfinder.stage) if pathfinder.stage else None,
    )
    if state.status is not None and not rules.record_behind(stored, (state.status, state.stage)):
        fields |= {
            "status": state.status.value,
            "stage": state.stage.value if state.stage else pathfinder.stage,
            "became_active_on": state.became_active_on,
        }
    changes.update(
        pathfinder,
        actor=actor,
        event=audit_event,
        data=fields,
        extra_changes={
            **(extra_changes or {}),
            "event": [None, rules.event_to_dict(event)],
            **({"file": [None, row.file.name]} if file else {}),
        },
    )
    return row


def check_upload(upload) -> None:
    """Refuse a file over the upload limit, or not really a PDF, DOCX or XLSX (extension and
    content)."""
    check_size(upload, field="file")
    check_document(
        upload,
        extensions=ALLOWED_EXTENSIONS,
        message=_("The file must be a PDF, DOCX or XLSX document."),
    )
