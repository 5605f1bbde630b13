"""The words of the accountability framework (seed 003): statuses, stages, criteria,
event types, and a country's history as dated events."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import Any

from alliance87.core.transitions import refusal

HISTORY_FORMAT_VERSION = 1

#: "a finales de abril" -- the month and day of the annual deadline.
REPORT_DUE_MONTH = 4
REPORT_DUE_DAY = 30


class Status(enum.StrEnum):
    """Recuadro 1, "Estatus de los países pioneros": the three statuses."""

    CANDIDATE = "candidate"
    ACTIVE = "active"
    INACTIVE = "inactive"


class Stage(enum.StrEnum):
    """The stages of the cycle ("¿Cómo convertirse en país pionero y qué implica?")."""

    EXPRESSION_OF_INTEREST = "expression_of_interest"
    PLANNING = "planning"
    IMPLEMENTATION = "implementation"
    MONITORING_REPORTING = "monitoring_reporting"
    REVIEW = "review"


class Criterion(enum.StrEnum):
    """The five indicators of insufficient progress ("Detalles del proceso de revisión")."""

    NO_PROGRESS_REPORT = "no_progress_report"
    REPORT_NOT_FINALISED = "report_not_finalised"
    INDICATOR_FRAMEWORK_NOT_UPDATED = "indicator_framework_not_updated"
    NO_EVIDENCE_OF_PROGRESS = "no_evidence_of_progress"
    NO_EVIDENCE_OF_COLLABORATION = "no_evidence_of_collaboration"


class EvidenceKind(enum.StrEnum):
    """The kinds of evidence of progress the seed names ("Pruebas de los progresos")."""

    FORMAL_EVALUATION = "formal_evaluation"
    SURVEY = "survey"
    CASE_STUDY = "case_study"
    FOCUS_GROUP = "focus_group"
    INTERVIEW = "interview"
    ANECDOTAL = "anecdotal"
    THIRD_PARTY = "third_party"


class EventType(enum.StrEnum):
    """Everything that can happen to a pathfinder country, in the order of the cycle.

    The declaration order is also the tie-break when two events share a date, so a
    history replays the same way whatever order its events were written in.
    """

    EXPRESSION_OF_INTEREST = "expression_of_interest"
    GCG_INFORMED = "gcg_informed"
    SECRETARIAT_REPLY = "secretariat_reply"
    TIMELINE_SUBMITTED = "timeline_submitted"
    STAKEHOLDERS_MAPPED = "stakeholders_mapped"
    COORDINATION_BODY = "coordination_body"
    STOCKTAKING = "stocktaking"
    WORKSHOP_HELD = "workshop_held"
    ROADMAP_SUBMITTED = "roadmap_submitted"
    PRESENTED_TO_GCG = "presented_to_gcg"
    GCG_COMMENTS = "gcg_comments"
    CANDIDATE_RESPONSE = "candidate_response"
    STATUS_GRANTED = "status_granted"
    PROFILE_PUBLISHED = "profile_published"
    ROADMAP_UPDATED = "roadmap_updated"
    REPORT_SUBMITTED = "report_submitted"
    INDICATOR_FRAMEWORK_UPDATED = "indicator_framework_updated"
    EVIDENCE_OF_PROGRESS = "evidence_of_progress"
    EVIDENCE_OF_COLLABORATION = "evidence_of_collaboration"
    REPORT_COMMENTED = "report_commented"
    REPORT_REVISED = "report_revised"
    REPORT_FINALISED = "report_finalised"
    REVIEW_CONCLUDED = "review_concluded"
    DIALOGUE_OPENED = "dialogue_opened"
    SUPPORT_SUBGROUP = "support_subgroup"
    DIALOGUE_CLOSED = "dialogue_closed"
    DECLARED_INACTIVE = "declared_inactive"
    RECOVERY_REQUESTED = "recovery_requested"
    REINSTATED = "reinstated"


_EVENT_RANK = {t: i for i, t in enumerate(EventType)}

#: Events that belong to one annual reporting cycle and must name its year.
YEARLY_EVENTS = frozenset(
    {
        EventType.REPORT_SUBMITTED,
        EventType.INDICATOR_FRAMEWORK_UPDATED,
        EventType.EVIDENCE_OF_PROGRESS,
        EventType.EVIDENCE_OF_COLLABORATION,
        EventType.REPORT_COMMENTED,
        EventType.REPORT_REVISED,
        EventType.REPORT_FINALISED,
    }
)

#: The four obligations of a recovery request ("Proceso de recuperación", I-IV).
RECOVERY_OBLIGATIONS = (
    "annual_report",
    "indicator_framework",
    "evidence_of_progress",
    "evidence_of_collaboration",
)

#: Roadmap components that "Etapa de planificación" requires ("establece", "puntualiza",
#: "debe especificar") and those it asks for only "en la medida de lo posible".
ROADMAP_REQUIRED = ("priority_areas", "measures", "next_steps", "technical_support", "timeline")
ROADMAP_IF_POSSIBLE = ("baselines_indicators", "budget")

ADDRESSEES_OF_EXPRESSION = ("ilo_director_general", "alliance_chair")


class HistoryError(ValueError):
    """A history document that cannot be read: ``field`` names the offending place and
    ``refusal`` says why, as a code and parameters (``pathfinder_history.<code>``; the words
    are in ``messages.py``)."""

    def __init__(self, field_path: str, code: str, **params: Any) -> None:
        super().__init__(f"{field_path}: {code}")
        self.field = field_path
        self.refusal = refusal(f"pathfinder_history.{code}", **params)


@dataclass(frozen=True, order=False)
class Event:
    """One dated fact in a country's history.

    ``year`` is the reporting cycle (the year of the 30 April deadline) for yearly events;
    ``kind`` types the event further (an :class:`EvidenceKind`, ``"roadmap"`` or
    ``"national_action_plan"``, a dialogue outcome ``"positive"``/``"negative"``);
    ``items`` lists components (roadmap components, recovery obligations evidenced,
    dialogue topics); ``addressed_to`` is the addressee of a letter; ``ref`` a decision or
    document reference; ``note`` free text.
    """

    type: EventType
    on: dt.date
    year: int | None = None
    kind: str | None = None
    items: tuple[str, ...] = ()
    addressed_to: str | None = None
    ref: str | None = None
    note: str | None = None

    def sort_key(self) -> tuple:
        """A total order fixed by content: date, then the cycle order of the event type."""
        return (
            self.on,
            _EVENT_RANK[self.type],
            self.year or 0,
            self.kind or "",
            self.items,
            self.addressed_to or "",
            self.ref or "",
            self.note or "",
        )


@dataclass(frozen=True)
class History:
    """A country's history: its ISO3 code and its events (in any order)."""

    country: str
    events: tuple[Event, ...] = ()
    name: str | None = None

    def ordered(self) -> list[Event]:
        """The events in replay order (independent of the order they were entered)."""
        return sorted(set(self.events), key=Event.sort_key)
