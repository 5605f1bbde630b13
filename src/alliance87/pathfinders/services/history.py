"""Recording a country's past: a whole history imported at once, in the documented format
(docs/pathfinder-history-format.md).

Validated first, every row, against what the country already has on record; nothing is
written unless every row is accepted (all or nothing), and the refusal names each bad row
(``events[3]``, or ``countries[1].events[3]`` in a file of several countries).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from alliance87.core import changes, notify, refusals
from alliance87.core.models import Country
from alliance87.core.permissions import require
from alliance87.core.transitions import refusal

from .. import rules, tasks
from ..events import PathfindersEvent
from ..messages import history_error_text
from ..models import Pathfinder, PathfinderEvent, Stage, Status
from .common import _decision_reader, history_of, today

#: Steps only the GCG takes: imported only under the reference of its decision on record.
_GCG_STEPS = {
    rules.EventType.STATUS_GRANTED: rules.Action.GRANT_STATUS,
    rules.EventType.DECLARED_INACTIVE: rules.Action.DECLARE_INACTIVE,
}


def _prefix(index: int, several: bool) -> str:
    return f"countries[{index}]." if several else ""


def _row_errors(
    history: rules.History, pathfinder: Pathfinder | None, prefix: str
) -> tuple[dict[str, str], list[rules.Event]]:
    """The errors of one country's rows, by row, and the events not yet on record."""
    errors: dict[str, str] = {}
    on_record = set()
    if pathfinder is not None:
        # The seeds' undated steps ("date not stated") stay outside the rules.
        on_record = {e.to_rule() for e in pathfinder.events.all() if e.dated}
    new: list[rules.Event] = []
    index_of: dict[rules.Event, int] = {}
    for i, event in enumerate(history.events):
        where = f"{prefix}events[{i}]"
        if event.on > today():
            errors[where] = _("The date cannot be in the future.")
            continue
        if event.type in _GCG_STEPS:
            decision = _decision_reader[0](event.ref or "") if _decision_reader else None
            reason = rules.decision_refusal(
                _GCG_STEPS[event.type], history.country, event.ref, decision
            )
            if reason:
                errors[where] = refusals.refusal_text(reason)
                continue
        if event in on_record or event in index_of:
            continue  # already recorded: importing the same file twice changes nothing
        index_of[event] = i
        new.append(event)
    if not new:
        return errors, new
    existing = history_of(pathfinder) if pathfinder is not None else None
    events = (*(existing.events if existing else ()), *new)
    after = rules.assess(rules.History(history.country, events), today())
    before = rules.assess(existing, today()) if existing else None
    for anomaly in after.anomalies:
        if before is not None and anomaly in before.anomalies:
            continue
        i = index_of.get(anomaly.event)
        where = f"{prefix}events[{i}]" if i is not None else f"{prefix}events"
        errors.setdefault(where, refusals.refusal_text(anomaly.reason))
    if not any(e.type == rules.EventType.EXPRESSION_OF_INTEREST for e in events):
        errors.setdefault(
            f"{prefix}events", refusals.refusal_text(refusal("pathfinder.history_needed"))
        )
    return errors, new


def pathfinder_import_history(*, actor, document: Any) -> dict[str, int]:
    """Import one or several countries' histories (format 1) as the Secretariat records the
    past: each event keeps its real date and reference. Refused with every bad row named,
    and nothing written, unless the whole document is accepted. Events already on record
    are skipped. Each country gets one audit row and its people one e-mail (not one per
    row). Returns ``{"countries": n, "events": n}`` written."""
    require(actor, "pathfinders.record_expression_of_interest", None)
    try:
        histories = rules.histories_from_document(document)
    except rules.HistoryError as err:
        raise ValidationError({err.field: history_error_text(err)}) from None
    several = not (isinstance(document, dict) and "country" in document)
    written = {"countries": 0, "events": 0}
    with changes.write():
        countries = {
            c.iso3: c for c in Country.objects.filter(iso3__in=[h.country for h in histories])
        }
        locked = {
            p.country_id: p
            for p in changes.lock_many(
                Pathfinder.objects.select_related("country"),
                country_id__in=sorted(countries),
            )
        }
        errors: dict[str, str] = {}
        plans: list[tuple[rules.History, list[rules.Event]]] = []
        for index, history in enumerate(histories):
            prefix = _prefix(index, several)
            if history.country not in countries:
                errors[f"{prefix}country"] = _("Unknown country code.")
                continue
            row_errors, new = _row_errors(history, locked.get(history.country), prefix)
            errors |= row_errors
            plans.append((history, new))
        if errors:
            raise ValidationError(errors)
        for history, new in plans:
            if not new:
                continue
            pathfinder = locked.get(history.country) or Pathfinder.objects.create(
                country=countries[history.country],
                status=Status.CANDIDATE,
                stage=Stage.EXPRESSION_OF_INTEREST,
            )
            _write(actor, pathfinder, new)
            written["countries"] += 1
            written["events"] += len(new)
            notify.on_commit(tasks.notify_history_recorded, pathfinder.country_id, len(new))
    return written


def _write(actor, pathfinder: Pathfinder, new: list[rules.Event]) -> None:
    PathfinderEvent.objects.bulk_create(
        PathfinderEvent(
            pathfinder=pathfinder,
            type=e.type.value,
            on=e.on,
            year=e.year,
            kind=e.kind or "",
            items=list(e.items),
            addressed_to=e.addressed_to or "",
            ref=e.ref or "",
            note=e.note or "",
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        for e in new
    )
    pathfinder._prefetched_objects_cache = {}
    state = rules.assess(history_of(pathfinder), today())
    stored = (
        rules.Status(pathfinder.status) if pathfinder.status else None,
        rules.Stage(pathfinder.stage) if pathfinder.stage else None,
    )
    fields: dict[str, Any] = {}
    if state.status is not None and not rules.record_behind(stored, (state.status, state.stage)):
        fields = {
            "status": state.status.value,
            "stage": state.stage.value if state.stage else pathfinder.stage,
            "became_active_on": state.became_active_on,
        }
    changes.update(
        pathfinder,
        actor=actor,
        event=PathfindersEvent.HISTORY_IMPORTED,
        data=fields,
        extra_changes={"events": [None, [rules.event_to_dict(e) for e in new]]},
    )
