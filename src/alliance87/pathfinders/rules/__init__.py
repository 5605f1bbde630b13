"""The accountability framework for pathfinder countries, as pure functions.

Every rule here comes from seed ``003_95cb487b440c1cec.txt`` ("Marco de rendición de cuentas
para los países pioneros", the accountability framework; "seed 003" below). Each function
quotes the section it implements, in Spanish as written, with an English paraphrase.

Nothing here imports Django or touches the database: the inputs are dates, integers, enums
and small frozen dataclasses, so the Secretariat's "what if" (``alliance87 pathfinders assess
--history FILE.json``) and the platform's own pages compute exactly the same answer.

The package has one module per concern: :mod:`.vocabulary` (statuses, stages, event
types, a history's events), :mod:`.deadlines`, :mod:`.criteria` (the five criteria of
insufficient progress), :mod:`.conditions` (presentation, grant, recovery), :mod:`.authority` (the GCG's decisions),
:mod:`.transitions` (the transition tables of a country and of a document),
:mod:`.assessment` (:func:`assess`) and :mod:`.history` (the history file format). Import the
package, not the modules: ``from alliance87.pathfinders import rules; rules.assess(...)``.

A refusal is a :class:`alliance87.core.transitions.Refusal` (a code and plain parameters);
its words are in ``pathfinders/messages.py``.

A country's *history* is a set of dated events (see :class:`Event` and
``docs/pathfinder-history-format.md``). :func:`assess` replays it, in an order fixed by the
events' content (never by the order they were entered), through the one transition table
:data:`TRANSITIONS`, and judges the five criteria of insufficient progress.

Interpretations, where the seed leaves room, are stated in the docstring of the rule that
makes them and listed in ``docs/pathfinders.md``.
"""

from __future__ import annotations

from .assessment import (
    Anomaly,
    Assessment,
    NextStep,
    OverdueItem,
    assess,
)
from .authority import (
    AUTHORITY_CODES,
    DECISION_ABOUT_SOMETHING_ELSE,
    DECISION_KIND,
    DECISION_NEEDED,
    DECISION_NOT_ADOPTED,
    DECISION_NOT_ON_RECORD,
    DECISION_WITHOUT_QUORUM,
    GcgDecision,
    decision_refusal,
)
from .conditions import (
    CandidateFile,
    Conditions,
    candidate_conditions,
    grant_conditions,
    recovery_request_conditions,
)
from .criteria import (
    CRITERION_RULES,
    CriterionFinding,
    CycleRecord,
    at_risk_of_inactivity,
    criteria_triggered,
    cycle_records,
    fails_evidence_of_collaboration,
    fails_evidence_of_progress,
    fails_indicator_framework,
    fails_no_progress_report,
    fails_report_not_finalised,
    required_years,
)
from .deadlines import (
    days_overdue,
    first_report_year,
    is_late,
    is_overdue,
    next_report_due,
    report_due_date,
)
from .history import (
    event_from_dict,
    event_to_dict,
    histories_from_document,
    history_from_dict,
    history_to_dict,
)
from .transitions import (
    CONDITIONS_NOT_MET,
    DIALOGUE_NOT_FAILED,
    DOCUMENT,
    DOCUMENT_ACTOR,
    DOCUMENT_NOT_ALLOWED_FROM,
    NO_INSUFFICIENT_PROGRESS,
    NO_RECORD,
    NOT_ALLOWED_FROM,
    RECOVERY_INCOMPLETE,
    REFUSAL_CODES,
    REVIEWER_READS,
    TRANSITIONS,
    Action,
    DocumentAction,
    DocumentActor,
    DocumentState,
    Guards,
    Refusal,
    State,
    publish_profile_refusal,
    record_behind,
    report_refusal,
    reviewer_may_read,
    submit_action,
    target_of,
    transition_refusal,
)
from .vocabulary import (
    ADDRESSEES_OF_EXPRESSION,
    HISTORY_FORMAT_VERSION,
    RECOVERY_OBLIGATIONS,
    REPORT_DUE_DAY,
    REPORT_DUE_MONTH,
    ROADMAP_IF_POSSIBLE,
    ROADMAP_REQUIRED,
    YEARLY_EVENTS,
    Criterion,
    Event,
    EventType,
    EvidenceKind,
    History,
    HistoryError,
    Stage,
    Status,
)

__all__ = [
    "AUTHORITY_CODES",
    "DECISION_ABOUT_SOMETHING_ELSE",
    "DECISION_NEEDED",
    "DECISION_NOT_ADOPTED",
    "DECISION_NOT_ON_RECORD",
    "DECISION_WITHOUT_QUORUM",
    "DECISION_KIND",
    "GcgDecision",
    "decision_refusal",
    "ADDRESSEES_OF_EXPRESSION",
    "Action",
    "Anomaly",
    "Assessment",
    "CONDITIONS_NOT_MET",
    "CRITERION_RULES",
    "CandidateFile",
    "Conditions",
    "Criterion",
    "CriterionFinding",
    "CycleRecord",
    "DIALOGUE_NOT_FAILED",
    "DOCUMENT",
    "DOCUMENT_ACTOR",
    "DOCUMENT_NOT_ALLOWED_FROM",
    "DocumentAction",
    "DocumentActor",
    "DocumentState",
    "REVIEWER_READS",
    "publish_profile_refusal",
    "record_behind",
    "report_refusal",
    "reviewer_may_read",
    "Event",
    "EventType",
    "EvidenceKind",
    "Guards",
    "HISTORY_FORMAT_VERSION",
    "History",
    "HistoryError",
    "NOT_ALLOWED_FROM",
    "NO_INSUFFICIENT_PROGRESS",
    "NO_RECORD",
    "NextStep",
    "OverdueItem",
    "RECOVERY_INCOMPLETE",
    "RECOVERY_OBLIGATIONS",
    "REFUSAL_CODES",
    "REPORT_DUE_DAY",
    "REPORT_DUE_MONTH",
    "ROADMAP_IF_POSSIBLE",
    "ROADMAP_REQUIRED",
    "Refusal",
    "Stage",
    "State",
    "Status",
    "TRANSITIONS",
    "YEARLY_EVENTS",
    "assess",
    "at_risk_of_inactivity",
    "candidate_conditions",
    "criteria_triggered",
    "cycle_records",
    "days_overdue",
    "event_from_dict",
    "event_to_dict",
    "fails_evidence_of_collaboration",
    "fails_evidence_of_progress",
    "fails_indicator_framework",
    "fails_no_progress_report",
    "fails_report_not_finalised",
    "first_report_year",
    "grant_conditions",
    "histories_from_document",
    "history_from_dict",
    "history_to_dict",
    "is_late",
    "is_overdue",
    "next_report_due",
    "recovery_request_conditions",
    "report_due_date",
    "required_years",
    "submit_action",
    "target_of",
    "transition_refusal",
]
