"""Where a country stands: its history replayed through the transition table, then the
deadlines, the criteria, the conditions and the next steps."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .conditions import CandidateFile, Conditions, grant_conditions, recovery_request_conditions
from .criteria import (
    CriterionFinding,
    CycleRecord,
    at_risk_of_inactivity,
    criteria_triggered,
    cycle_records,
    required_years,
)
from .deadlines import days_overdue, is_late, is_overdue, next_report_due, report_due_date
from .history import event_to_dict
from .transitions import Action, Guards, Refusal, target_of, transition_refusal
from .vocabulary import Event, EventType, History, Stage, Status

_EVENT_ACTION: dict[EventType, Action] = {
    EventType.EXPRESSION_OF_INTEREST: Action.EXPRESS_INTEREST,
    EventType.PRESENTED_TO_GCG: Action.PRESENT_TO_GCG,
    EventType.STATUS_GRANTED: Action.GRANT_STATUS,
    EventType.REPORT_SUBMITTED: Action.SUBMIT_REPORT,
    EventType.REPORT_FINALISED: Action.FINALISE_REPORT,
    EventType.REVIEW_CONCLUDED: Action.CONCLUDE_REVIEW,
    EventType.ROADMAP_UPDATED: Action.UPDATE_ROADMAP,
    EventType.DIALOGUE_OPENED: Action.OPEN_DIALOGUE,
    EventType.DECLARED_INACTIVE: Action.DECLARE_INACTIVE,
    EventType.RECOVERY_REQUESTED: Action.REQUEST_RECOVERY,
    EventType.REINSTATED: Action.REINSTATE,
}

_PLANNING_EVENTS = frozenset({EventType.WORKSHOP_HELD, EventType.ROADMAP_SUBMITTED})


@dataclass(frozen=True)
class OverdueItem:
    """An item past its deadline on the assessment date."""

    year: int
    item: str  # "report" | "indicator_framework"
    due: dt.date
    days: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "item": self.item,
            "due": self.due.isoformat(),
            "days": self.days,
        }


@dataclass(frozen=True)
class NextStep:
    """What the country (or the GCG) must do next: a code and its parameters (the words are
    in ``messages.py``)."""

    code: str
    params: tuple[tuple[str, Any], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "params": dict(self.params)}


@dataclass(frozen=True)
class Anomaly:
    """An event that the transition table refused during replay (kept, not applied)."""

    event: Event
    reason: Refusal

    def to_dict(self) -> dict[str, Any]:
        return {"event": event_to_dict(self.event), "reason": self.reason.to_dict()}


@dataclass(frozen=True)
class Assessment:
    """Where a country stands on ``as_of`` according to seed 003."""

    country: str
    as_of: dt.date
    status: Status | None
    stage: Stage | None
    became_active_on: dt.date | None
    next_due: dt.date | None
    overdue: tuple[OverdueItem, ...]
    criteria: tuple[CriterionFinding, ...]
    at_risk: bool
    next_steps: tuple[NextStep, ...]
    anomalies: tuple[Anomaly, ...] = ()
    required_years: tuple[int, ...] = ()
    late_years: tuple[int, ...] = ()
    conditions_missing: tuple[str, ...] = ()
    dialogue_open: bool = False

    @property
    def current_criteria(self) -> tuple[CriterionFinding, ...]:
        return tuple(f for f in self.criteria if f.current)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (dates as ISO strings)."""
        return {
            "country": self.country,
            "as_of": self.as_of.isoformat(),
            "status": self.status.value if self.status else None,
            "stage": self.stage.value if self.stage else None,
            "became_active_on": _iso(self.became_active_on),
            "next_report_due": _iso(self.next_due),
            "overdue": [o.to_dict() for o in self.overdue],
            "criteria": [c.to_dict() for c in self.criteria],
            "at_risk_of_inactivity": self.at_risk,
            "dialogue_open": self.dialogue_open,
            "required_years": list(self.required_years),
            "late_years": list(self.late_years),
            "conditions_missing": list(self.conditions_missing),
            "next_steps": [s.to_dict() for s in self.next_steps],
            "anomalies": [a.to_dict() for a in self.anomalies],
        }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


@dataclass
class _Replay:
    status: Status | None = None
    stage: Stage | None = None
    active_since: dt.date | None = None
    active_periods: list[tuple[dt.date, dt.date | None]] = field(default_factory=list)
    file: CandidateFile = field(default_factory=CandidateFile)
    dialogue_open: bool = False
    dialogue_failed: bool = False
    recovery: Conditions | None = None
    anomalies: list[Anomaly] = field(default_factory=list)


def _replace_file(file: CandidateFile, **changes: Any) -> CandidateFile:
    values = {name: getattr(file, name) for name in CandidateFile.__dataclass_fields__}
    values.update(changes)
    return CandidateFile(**values)


def assess(history: History, as_of: dt.date) -> Assessment:
    """Where a country stands on ``as_of``: status, stage, deadlines, criteria, next steps.

    Replays the events dated on or before ``as_of`` in content order through
    :data:`TRANSITIONS` (an event the table refuses is kept as an anomaly and not applied),
    then applies the due-date rule (footnote 1), lateness, the five criteria over two
    consecutive years ("Detalles del proceso de revisión"), the "at risk of inactivity"
    flag, and the conditions for presentation to the GCG and for recovery.
    """
    r = _Replay()
    events = [e for e in history.ordered() if e.on <= as_of]
    for e in events:
        _apply(r, e, events, as_of)
    if r.active_since is not None:
        r.active_periods.append((r.active_since, None))

    cycles = cycle_records(events, as_of)
    req = required_years(r.active_periods, as_of)
    findings = criteria_triggered(cycles, req, as_of)
    if r.active_since is not None and r.active_periods:
        # Reinstated: what was found before the country recovered is history, not current.
        findings = [
            CriterionFinding(f.criterion, f.years, False)
            if f.current and report_due_date(f.years[1]) < r.active_since
            else f
            for f in findings
        ]
    overdue: list[OverdueItem] = []
    late: list[int] = []
    next_due: dt.date | None = None
    if r.status is Status.ACTIVE and r.active_since is not None:
        for y in req:
            c = cycles.get(y) or CycleRecord(year=y)
            due = report_due_date(y)
            if due < r.active_since:
                continue  # before a reinstatement: answered by the recovery request
            if is_overdue(due, c.report_submitted_on, as_of):
                overdue.append(OverdueItem(y, "report", due, days_overdue(due, as_of)))
            if is_overdue(due, c.indicator_framework_on, as_of):
                overdue.append(OverdueItem(y, "indicator_framework", due, days_overdue(due, as_of)))
        next_due = next_report_due(r.active_since, as_of)
    for y in req:
        rec = cycles.get(y)
        if rec and rec.report_submitted_on and is_late(report_due_date(y), rec.report_submitted_on):
            late.append(y)
    risk = at_risk_of_inactivity(r.status or Status.CANDIDATE, findings)
    missing: tuple[str, ...] = ()
    if r.status is Status.CANDIDATE:
        missing = grant_conditions(r.file).missing
    elif r.status is Status.INACTIVE:
        missing = (r.recovery or recovery_request_conditions((), None)).missing
    steps = _next_steps(r, cycles, req, overdue, findings, next_due, as_of)
    return Assessment(
        country=history.country,
        as_of=as_of,
        status=r.status,
        stage=r.stage,
        became_active_on=r.active_periods[0][0] if r.active_periods else None,
        next_due=next_due,
        overdue=tuple(overdue),
        criteria=tuple(findings),
        at_risk=risk,
        next_steps=tuple(steps),
        anomalies=tuple(r.anomalies),
        required_years=tuple(req),
        late_years=tuple(late),
        conditions_missing=missing,
        dialogue_open=r.dialogue_open,
    )


def _insufficient_progress(events: list[Event], up_to: dt.date, r: _Replay) -> bool:
    periods = [*r.active_periods]
    if r.active_since is not None:
        periods.append((r.active_since, None))
    cycles = cycle_records(events, up_to)
    findings = criteria_triggered(cycles, required_years(periods, up_to), up_to)
    return any(f.current for f in findings)


def _apply(r: _Replay, e: Event, events: list[Event], as_of: dt.date) -> None:
    t = e.type
    f = r.file
    # Facts about the candidate file are recorded whatever the stage.
    if t is EventType.EXPRESSION_OF_INTEREST:
        r.file = _replace_file(
            f,
            expression_by_minister=True,
            expression_addressed_to=e.addressed_to,
            focal_point_named="focal_point" in e.items or f.focal_point_named,
        )
    elif t is EventType.TIMELINE_SUBMITTED:
        r.file = _replace_file(f, timeline_submitted=True)
    elif t is EventType.STAKEHOLDERS_MAPPED:
        r.file = _replace_file(f, stakeholders_mapped=True)
    elif t is EventType.COORDINATION_BODY:
        r.file = _replace_file(f, coordination_bodies=f.coordination_bodies + 1)
    elif t is EventType.STOCKTAKING:
        r.file = _replace_file(f, stocktaking_done=True)
    elif t is EventType.WORKSHOP_HELD:
        r.file = _replace_file(f, workshops_held=f.workshops_held + 1)
    elif t is EventType.ROADMAP_SUBMITTED:
        r.file = _replace_file(
            f,
            roadmap_submitted=True,
            roadmap_components=frozenset(e.items),
            is_national_action_plan=e.kind == "national_action_plan",
        )
    elif t is EventType.GCG_COMMENTS:
        r.file = _replace_file(f, gcg_commented=True, responded_to_gcg=False)
    elif t is EventType.CANDIDATE_RESPONSE:
        r.file = _replace_file(f, responded_to_gcg=True)
    elif t is EventType.SUPPORT_SUBGROUP or t is EventType.DIALOGUE_CLOSED:
        if t is EventType.DIALOGUE_CLOSED:
            r.dialogue_open = False
            r.dialogue_failed = e.kind == "negative"
        return

    if t in _PLANNING_EVENTS and r.status is Status.CANDIDATE:
        if r.stage is Stage.EXPRESSION_OF_INTEREST:
            r.stage = Stage.PLANNING
        return
    if t is EventType.ROADMAP_SUBMITTED and r.status is Status.ACTIVE:
        t = EventType.ROADMAP_UPDATED  # an active country's new roadmap is an update
        if r.stage is not Stage.PLANNING:
            return
    action = _EVENT_ACTION.get(t)
    if action is None:
        return
    if action is Action.REQUEST_RECOVERY:
        r.recovery = recovery_request_conditions(e.items, e.addressed_to)
    guards = Guards(
        candidate_file=r.file,
        insufficient_progress=_insufficient_progress(events, e.on, r)
        if action is Action.DECLARE_INACTIVE
        else False,
        dialogue_failed=r.dialogue_failed,
        recovery=r.recovery,
    )
    refusal = transition_refusal(action, r.status, r.stage, guards)
    if refusal is not None:
        # Reports and yearly facts still count for the criteria; only the state is kept.
        r.anomalies.append(Anomaly(e, refusal))
        return
    new_status, new_stage = target_of(action, r.status, r.stage)
    if new_status is Status.ACTIVE and r.status is not Status.ACTIVE:
        r.active_since = e.on
        r.dialogue_failed = False
        r.dialogue_open = False
    if new_status is Status.INACTIVE and r.status is Status.ACTIVE:
        if r.active_since is not None:
            r.active_periods.append((r.active_since, e.on))
        r.active_since = None
        r.recovery = None
    if action is Action.PRESENT_TO_GCG:
        r.file = _replace_file(r.file, presented_to_gcg=True)
    if action is Action.OPEN_DIALOGUE:
        r.dialogue_open = True
        r.dialogue_failed = False
    r.status, r.stage = new_status, new_stage


def _step(code: str, **params: Any) -> NextStep:
    return NextStep(code, tuple(sorted(params.items())))


def _next_steps(
    r: _Replay,
    cycles: Mapping[int, CycleRecord],
    req: list[int],
    overdue: list[OverdueItem],
    findings: list[CriterionFinding],
    next_due: dt.date | None,
    as_of: dt.date,
) -> list[NextStep]:
    if r.status is None:
        return [_step("send_expression_of_interest")]
    if r.status is Status.CANDIDATE:
        missing = grant_conditions(r.file).missing
        if not missing:
            return [_step("await_gcg_decision")]
        return [_step(code) for code in missing]
    if r.status is Status.INACTIVE:
        recovery = r.recovery or recovery_request_conditions((), None)
        if recovery.met:
            return [_step("await_reinstatement")]
        return [_step(code) for code in recovery.missing]
    steps: list[NextStep] = []
    for item in overdue:
        code = "submit_report" if item.item == "report" else "submit_indicator_framework"
        steps.append(_step(code, year=item.year))
    for y in req:
        if r.active_since is not None and report_due_date(y) < r.active_since:
            continue
        c = cycles.get(y) or CycleRecord(year=y)
        if c.report_submitted_on and c.commented_on and not c.finalised_on:
            steps.append(_step("finalise_report", year=y))
        if c.report_submitted_on and c.evidence_of_progress == 0:
            steps.append(_step("add_evidence_of_progress", year=y))
        if c.report_submitted_on and c.evidence_of_collaboration == 0:
            steps.append(_step("add_evidence_of_collaboration", year=y))
    if any(f.current for f in findings) and not r.dialogue_open:
        steps.append(_step("dialogue"))
    if next_due is not None:
        upcoming = cycles.get(next_due.year)
        if not (upcoming and upcoming.report_submitted_on):
            steps.append(_step("prepare_report", due=next_due.isoformat()))
    return steps
