"""The accountability framework for pathfinder countries, as pure functions.

Every rule here comes from seed ``003_95cb487b440c1cec.txt`` ("Marco de rendición de cuentas
para los países pioneros", the accountability framework; "seed 003" below). Each function
quotes the section it implements, in Spanish as written, with an English paraphrase.

Nothing here imports Django or touches the database: the inputs are dates, integers, enums
and small frozen dataclasses, so the Secretariat's "what if" (``alliance87 pathfinders assess
--history FILE.json``) and the platform's own pages compute exactly the same answer.

A country's *history* is a set of dated events (see :class:`Event` and
``docs/pathfinder-history-format.md``). :func:`assess` replays it, in an order fixed by the
events' content (never by the order they were entered), through the one transition table
:data:`TRANSITIONS`, and judges the five criteria of insufficient progress.

Interpretations, where the seed leaves room, are stated in the docstring of the rule that
makes them and listed in ``docs/pathfinders.md``.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

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


CRITERION_TEXT: dict[Criterion, str] = {
    Criterion.NO_PROGRESS_REPORT: "no progress report submitted",
    Criterion.REPORT_NOT_FINALISED: (
        "no response to the Working Group's comments (report not finalised)"
    ),
    Criterion.INDICATOR_FRAMEWORK_NOT_UPDATED: "indicator framework not submitted or updated",
    Criterion.NO_EVIDENCE_OF_PROGRESS: "no evidence of progress on the roadmap",
    Criterion.NO_EVIDENCE_OF_COLLABORATION: "no evidence of collaborative efforts",
}


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
    """A history document that cannot be read; ``field`` names the offending place."""

    def __init__(self, field_path: str, message: str) -> None:
        super().__init__(f"{field_path}: {message}")
        self.field = field_path
        self.message = message


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


# ---------------------------------------------------------------------------------------
# Due dates and lateness
# ---------------------------------------------------------------------------------------


def report_due_date(cycle_year: int) -> dt.date:
    """The deadline of the report and indicator framework of a reporting cycle.

    Seed 003, "Etapa de seguimiento y presentación de informes", footnote 1: "Los informes de
    progreso y los marcos de indicadores deben presentarse a finales de abril de cada año."
    (Progress reports and indicator frameworks are due at the end of April every year.)
    We identify a cycle by the year of its deadline, 30 April.
    """
    return dt.date(cycle_year, REPORT_DUE_MONTH, REPORT_DUE_DAY)


def first_report_year(became_pathfinder_on: dt.date) -> int:
    """The first reporting cycle of a country that became a pathfinder on the given date.

    Seed 003, footnote 1: "Si un país se convierte en país pionero entre enero y mayo, deberá
    presentar el correspondiente informe a partir de abril del año siguiente." (A country
    that becomes a pathfinder between January and May reports from April of the following
    year.) For June to December the seed gives no exception, so the general rule applies:
    the report is due "a finales de abril de cada año", and the first end of April after
    the grant is also April of the following year. Either way the first cycle is the year
    after the grant; the footnote matters because it spares a country granted in
    January-April the deadline that falls a few weeks later in the same year.

    The same rule is applied from the date a country is reinstated as active
    ("Proceso de recuperación del estatus de país pionero activo"), since the seed gives no
    other.
    """
    return became_pathfinder_on.year + 1


def next_report_due(became_pathfinder_on: dt.date, as_of: dt.date) -> dt.date:
    """The next 30 April deadline on or after ``as_of`` for an active pathfinder (footnote 1)."""
    year = max(first_report_year(became_pathfinder_on), as_of.year)
    if report_due_date(year) < as_of:
        year += 1
    return report_due_date(year)


def is_late(due: dt.date, submitted_on: dt.date) -> bool:
    """Whether a submission missed its deadline ("dentro del plazo establecido", footnote 1).

    Seed 003, "Etapa de seguimiento y presentación de informes": the report is presented
    "dentro del plazo establecido (actualmente a finales de abril)" (within the set deadline,
    currently the end of April). Submitting on the due date itself is on time.
    """
    return submitted_on > due


def is_overdue(due: dt.date, submitted_on: dt.date | None, as_of: dt.date) -> bool:
    """Whether, on ``as_of``, an item is past its deadline and still not submitted.

    Same clause as :func:`is_late`. A submission dated after ``as_of`` does not exist yet
    on that date.
    """
    if as_of <= due:
        return False
    return submitted_on is None or submitted_on > as_of


def days_overdue(due: dt.date, as_of: dt.date) -> int:
    """Days elapsed since the deadline (0 when not yet past)."""
    return max(0, (as_of - due).days)


# ---------------------------------------------------------------------------------------
# The five criteria of insufficient progress
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CycleRecord:
    """What a country had done for one reporting cycle, as known on an assessment date.

    Dates are those of the first matching event; ``evidence_of_progress`` and
    ``evidence_of_collaboration`` count evidence items recorded for the cycle.
    """

    year: int
    report_submitted_on: dt.date | None = None
    indicator_framework_on: dt.date | None = None
    commented_on: dt.date | None = None
    finalised_on: dt.date | None = None
    evidence_of_progress: int = 0
    evidence_of_collaboration: int = 0


def _by(day: dt.date | None, as_of: dt.date) -> bool:
    return day is not None and day <= as_of


def fails_no_progress_report(cycle: CycleRecord, as_of: dt.date) -> bool:
    """Criterion 1 for one cycle: no progress report.

    Seed 003, "Detalles del proceso de revisión": "el país pionero no presentó ningún informe
    sobre los progresos realizados durante dos años consecutivos" (no progress report in two
    consecutive years). A cycle fails once its deadline has passed with no report submitted
    by ``as_of``; a late report, once submitted, cures the year (it was presented).
    """
    return as_of > report_due_date(cycle.year) and not _by(cycle.report_submitted_on, as_of)


def fails_report_not_finalised(cycle: CycleRecord, as_of: dt.date) -> bool:
    """Criterion 2 for one cycle: the Working Group's comments were not answered.

    Seed 003, "Detalles del proceso de revisión": "no respondió a los comentarios formulados
    por el Grupo de Trabajo ... (es decir, no ha finalizado el informe) durante dos años
    consecutivos" (did not respond to the Working Group's comments, i.e. did not finalise the
    report, in two consecutive years). The seed sets no deadline for finalising, so a cycle
    fails only when its report was commented and is still not finalised when the next
    cycle's deadline (30 April of the following year) has passed. A cycle with no report at
    all is judged by criterion 1, not this one; a report the Working Group never commented
    on is not the country's failure.
    """
    if not _by(cycle.commented_on, as_of):
        return False
    if as_of <= report_due_date(cycle.year + 1):
        return False
    return not _by(cycle.finalised_on, as_of)


def fails_indicator_framework(cycle: CycleRecord, as_of: dt.date) -> bool:
    """Criterion 3 for one cycle: indicator framework not submitted or updated.

    Seed 003, "Detalles del proceso de revisión": "no presentó ni actualizó el marco de
    indicadores de los países pioneros durante dos años consecutivos". Judged like
    criterion 1: the framework is due with the report (footnote 1).
    """
    return as_of > report_due_date(cycle.year) and not _by(cycle.indicator_framework_on, as_of)


def fails_evidence_of_progress(cycle: CycleRecord, as_of: dt.date) -> bool:
    """Criterion 4 for one cycle: no evidence of progress on the roadmap.

    Seed 003, "Detalles del proceso de revisión": "no presentó pruebas de los progresos
    realizados en relación con la hoja de ruta durante dos años consecutivos". Evidence of
    any kind named under "Pruebas de los progresos" counts (formal evaluation, survey, case
    study, focus group, interview, anecdotal, third party). Judged after the deadline.
    """
    return as_of > report_due_date(cycle.year) and cycle.evidence_of_progress == 0


def fails_evidence_of_collaboration(cycle: CycleRecord, as_of: dt.date) -> bool:
    """Criterion 5 for one cycle: no evidence of collaborative efforts.

    Seed 003, "Detalles del proceso de revisión": "no presentó pruebas de los esfuerzos de
    colaboración para atender las prioridades durante dos años consecutivos"; what counts is
    described under "Participación de las partes interesadas" (national and international
    stakeholders). Judged after the deadline.
    """
    return as_of > report_due_date(cycle.year) and cycle.evidence_of_collaboration == 0


CRITERION_RULES = {
    Criterion.NO_PROGRESS_REPORT: fails_no_progress_report,
    Criterion.REPORT_NOT_FINALISED: fails_report_not_finalised,
    Criterion.INDICATOR_FRAMEWORK_NOT_UPDATED: fails_indicator_framework,
    Criterion.NO_EVIDENCE_OF_PROGRESS: fails_evidence_of_progress,
    Criterion.NO_EVIDENCE_OF_COLLABORATION: fails_evidence_of_collaboration,
}


@dataclass(frozen=True)
class CriterionFinding:
    """One criterion met over two consecutive required cycles (``years``)."""

    criterion: Criterion
    years: tuple[int, int]
    current: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "criterion": self.criterion.value,
            "text": CRITERION_TEXT[self.criterion],
            "years": list(self.years),
            "current": self.current,
        }


def criteria_triggered(
    cycles: Mapping[int, CycleRecord], required_years: Iterable[int], as_of: dt.date
) -> list[CriterionFinding]:
    """Each criterion met in two consecutive required years, with the years.

    Seed 003, "Detalles del proceso de revisión": each of the five indicators counts when it
    holds "durante dos años consecutivos" (for two consecutive years). Only years in which
    the country had to report (active on that year's deadline, from its first cycle) count,
    and the two years must be consecutive calendar years. A finding is ``current`` when its
    second year is the most recent judged year for that criterion: the country has not yet
    cured it with a good year since.
    """
    required = sorted(set(required_years))
    findings: list[CriterionFinding] = []
    for criterion, rule in CRITERION_RULES.items():
        failed = [y for y in required if rule(cycles.get(y) or CycleRecord(year=y), as_of)]
        judged = [y for y in required if _is_judged(criterion, y, as_of)]
        last_judged = judged[-1] if judged else None
        failed_set = set(failed)
        for y in failed:
            if y - 1 in failed_set and y - 1 in required:
                findings.append(CriterionFinding(criterion, (y - 1, y), current=(y == last_judged)))
    return findings


def _is_judged(criterion: Criterion, year: int, as_of: dt.date) -> bool:
    if criterion is Criterion.REPORT_NOT_FINALISED:
        return as_of > report_due_date(year + 1)
    return as_of > report_due_date(year)


def at_risk_of_inactivity(status: Status, findings: Iterable[CriterionFinding]) -> bool:
    """Whether an active pathfinder is at risk of being declared inactive.

    Seed 003, "Procedimiento en caso de que los progresos de un país pionero sean
    insuficientes o nulos": when the criteria show insufficient or no progress the GCG
    opens a dialogue and, "si el progreso ... se considera insuficiente y el proceso de
    diálogo ... no conduce a un resultado positivo", declares the country inactive. A
    country is therefore at risk when it is active and at least one of the five criteria
    currently holds over two consecutive years.
    """
    return status is Status.ACTIVE and any(f.current for f in findings)


# ---------------------------------------------------------------------------------------
# Conditions: presentation to the GCG, and recovery
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CandidateFile:
    """What a candidate has on record, as plain facts (see :func:`candidate_conditions`)."""

    expression_by_minister: bool = False
    expression_addressed_to: str | None = None
    focal_point_named: bool = False
    timeline_submitted: bool = False
    stakeholders_mapped: bool = False
    coordination_bodies: int = 0
    stocktaking_done: bool = False
    workshops_held: int = 0
    roadmap_components: frozenset[str] = frozenset()
    roadmap_submitted: bool = False
    is_national_action_plan: bool = False
    presented_to_gcg: bool = False
    gcg_commented: bool = False
    responded_to_gcg: bool = False


@dataclass(frozen=True)
class Conditions:
    """``missing``: blocking conditions (codes); ``advisories``: asked "if possible"."""

    missing: tuple[str, ...]
    advisories: tuple[str, ...] = ()

    @property
    def met(self) -> bool:
        return not self.missing


def candidate_conditions(file: CandidateFile) -> Conditions:
    """Whether a candidate meets the conditions to be presented to the GCG for status.

    Seed 003, "Etapa de expresión de interés": the expression of interest is sent "por
    conducto de un ministro de gobierno competente ... dirigida al Director General de la OIT
    o a la Presidencia de la Alianza" and "debe designar un punto focal"; "deberá presentar
    un calendario" (a timeline of consultations and roadmap); "Cabe esperar que el país
    cuente con al menos un órgano de coordinación" (at least one coordination body).
    "Etapa de planificación": "deberá organizar al menos un taller de planificación
    estratégica" (at least one strategic planning workshop) and the roadmap "establece las
    esferas prioritarias", "puntualiza las medidas", the "próximos pasos inmediatos", the
    areas needing "apoyo técnico" and "un calendario preliminar"; an existing national
    action plan may be submitted instead ("en lugar de crear una nueva hoja de ruta").
    Baselines and indicators and a budget are asked "en la medida de lo posible" (where
    possible), so they are advisories, as are the stakeholder map and the stocktaking,
    which the seed describes as work in progress ("Este proceso debe continuar").
    """
    missing: list[str] = []
    advisories: list[str] = []
    if not file.expression_by_minister:
        missing.append("expression_of_interest_by_minister")
    if file.expression_addressed_to not in ADDRESSEES_OF_EXPRESSION:
        missing.append("expression_addressed_to_director_general_or_chair")
    if not file.focal_point_named:
        missing.append("focal_point_named")
    if not file.timeline_submitted:
        missing.append("timeline_submitted")
    if file.coordination_bodies < 1:
        missing.append("coordination_body")
    if file.workshops_held < 1:
        missing.append("strategic_planning_workshop")
    if not file.roadmap_submitted:
        missing.append("roadmap_submitted")
    else:
        for component in ROADMAP_REQUIRED:
            if component not in file.roadmap_components:
                missing.append(f"roadmap_{component}")
    for component in ROADMAP_IF_POSSIBLE:
        if file.roadmap_submitted and component not in file.roadmap_components:
            advisories.append(f"roadmap_{component}")
    if not file.stakeholders_mapped:
        advisories.append("stakeholders_mapped")
    if not file.stocktaking_done:
        advisories.append("stocktaking")
    return Conditions(tuple(missing), tuple(advisories))


def grant_conditions(file: CandidateFile) -> Conditions:
    """Whether the GCG may grant pathfinder status now.

    Seed 003, "Etapa de planificación": the roadmap is presented to the GCG "durante una de
    sus reuniones periódicas"; "El candidato a país pionero deberá responder a las
    recomendaciones del GCM" (must answer the GCG's recommendations); "Si el país candidato
    cumple todos los requisitos, el GCM le concederá el estatus" (status is granted only if
    every requirement is met, by consensus -- the consensus itself is the governance app's).
    """
    base = candidate_conditions(file)
    missing = list(base.missing)
    if not file.presented_to_gcg:
        missing.append("presented_to_gcg")
    if file.gcg_commented and not file.responded_to_gcg:
        missing.append("response_to_gcg_comments")
    return Conditions(tuple(missing), base.advisories)


def recovery_request_conditions(
    obligations_evidenced: Iterable[str], addressed_to: str | None
) -> Conditions:
    """Whether a request to recover active status is complete.

    Seed 003, "Proceso de recuperación del estatus de país pionero activo": the country
    communicates, "con las pruebas pertinentes", that it is meeting the obligations of every
    pathfinder, "en particular: I. presentación del informe de progreso anual; II.
    presentación o actualización del marco de indicadores; III. pruebas de los progresos
    realizados en relación con la hoja de ruta; IV. pruebas de los esfuerzos de
    colaboración". Recuadro 1, item 3: it informs the GCG "enviando una carta a la
    Presidencia de la Alianza" (a letter to the Alliance chair) reporting any roadmap changes.
    """
    given = set(obligations_evidenced)
    missing = [o for o in RECOVERY_OBLIGATIONS if o not in given]
    if addressed_to != "alliance_chair":
        missing.append("letter_to_alliance_chair")
    return Conditions(tuple(missing))


# ---------------------------------------------------------------------------------------
# The transition table
# ---------------------------------------------------------------------------------------


class Action(enum.StrEnum):
    """The steps that change a country's status or stage."""

    EXPRESS_INTEREST = "express_interest"
    START_PLANNING = "start_planning"
    PRESENT_TO_GCG = "present_to_gcg"
    GRANT_STATUS = "grant_status"
    SUBMIT_REPORT = "submit_report"
    FINALISE_REPORT = "finalise_report"
    CONCLUDE_REVIEW = "conclude_review"
    UPDATE_ROADMAP = "update_roadmap"
    OPEN_DIALOGUE = "open_dialogue"
    DECLARE_INACTIVE = "declare_inactive"
    REQUEST_RECOVERY = "request_recovery"
    REINSTATE = "reinstate"


_ANY_STAGE = frozenset(Stage)
_ACTIVE_STAGES = frozenset(
    {Stage.PLANNING, Stage.IMPLEMENTATION, Stage.MONITORING_REPORTING, Stage.REVIEW}
)


@dataclass(frozen=True)
class Transition:
    """Allowed source status and stages, the target, and the seed clause."""

    sources: frozenset[tuple[Status | None, Stage | None]]
    target_status: Status | None  # None: unchanged
    target_stage: Stage | None  # None: unchanged
    clause: str


def _src(status: Status | None, stages: Iterable[Stage | None]) -> frozenset:
    return frozenset((status, s) for s in stages)


#: The one transition table. Status and stage change only through these actions; every
#: service and :func:`assess` goes through :func:`transition_refusal`.
TRANSITIONS: dict[Action, Transition] = {
    Action.EXPRESS_INTEREST: Transition(
        _src(None, [None]),
        Status.CANDIDATE,
        Stage.EXPRESSION_OF_INTEREST,
        "Etapa de expresión de interés: todos los países comienzan como candidatos",
    ),
    Action.START_PLANNING: Transition(
        _src(Status.CANDIDATE, [Stage.EXPRESSION_OF_INTEREST]),
        None,
        Stage.PLANNING,
        "Etapa de planificación: el país candidato organiza talleres y elabora la hoja de ruta",
    ),
    Action.PRESENT_TO_GCG: Transition(
        _src(Status.CANDIDATE, [Stage.PLANNING]),
        None,
        None,
        "Etapa de planificación: la hoja de ruta se presenta al GCM en una reunión periódica",
    ),
    Action.GRANT_STATUS: Transition(
        _src(Status.CANDIDATE, [Stage.PLANNING]),
        Status.ACTIVE,
        Stage.IMPLEMENTATION,
        "Etapa de aplicación: comienza después de que el GCM concede el estatus",
    ),
    Action.SUBMIT_REPORT: Transition(
        _src(Status.ACTIVE, _ACTIVE_STAGES),
        None,
        Stage.MONITORING_REPORTING,
        "Etapa de seguimiento y presentación de informes: informe anual del país pionero",
    ),
    Action.FINALISE_REPORT: Transition(
        _src(Status.ACTIVE, _ACTIVE_STAGES),
        None,
        Stage.REVIEW,
        "Etapa de revisión: el GT y el GCM examinan los progresos tras el ciclo de informes",
    ),
    Action.CONCLUDE_REVIEW: Transition(
        _src(Status.ACTIVE, [Stage.REVIEW, Stage.MONITORING_REPORTING]),
        None,
        Stage.PLANNING,
        "Etapa de revisión: el GCM comunica la actualización anual; empieza un nuevo ciclo",
    ),
    Action.UPDATE_ROADMAP: Transition(
        _src(Status.ACTIVE, [Stage.PLANNING]),
        None,
        Stage.IMPLEMENTATION,
        "Etapa de planificación: un país pionero activo puede actualizar su hoja de ruta",
    ),
    Action.OPEN_DIALOGUE: Transition(
        _src(Status.ACTIVE, _ACTIVE_STAGES),
        None,
        Stage.REVIEW,
        "Procedimiento en caso de progresos insuficientes o nulos: diálogo",
    ),
    Action.DECLARE_INACTIVE: Transition(
        _src(Status.ACTIVE, _ACTIVE_STAGES),
        Status.INACTIVE,
        None,
        "Procedimiento: si el diálogo no conduce a un resultado positivo, el GCM declara "
        "inactivo al país",
    ),
    Action.REQUEST_RECOVERY: Transition(
        _src(Status.INACTIVE, _ANY_STAGE),
        None,
        None,
        "Proceso de recuperación del estatus de país pionero activo: carta a la Presidencia",
    ),
    Action.REINSTATE: Transition(
        _src(Status.INACTIVE, _ANY_STAGE),
        Status.ACTIVE,
        Stage.IMPLEMENTATION,
        "Proceso de recuperación: el país recupera el estatus de activo",
    ),
}


@dataclass(frozen=True)
class Guards:
    """Facts a transition may depend on beyond the source state (all optional)."""

    candidate_file: CandidateFile | None = None
    insufficient_progress: bool = False
    dialogue_failed: bool = False
    recovery: Conditions | None = None


#: The refusal codes of :func:`transition_refusal` and the parameters each carries.
REFUSAL_CODES = (
    "not_allowed_from",  # action, status, stage, allowed: ((status, stage), ...)
    "conditions_not_met",  # action, missing: (condition code, ...)
    "no_insufficient_progress",  # action
    "dialogue_not_failed",  # action
    "recovery_incomplete",  # action, missing: (obligation code, ...)
)

NO_RECORD = "no_record"


def _state_text(status: str | None, stage: str | None) -> str:
    if status is None or status == NO_RECORD:
        return "no record"
    return f"{status} / {stage or '-'}"


@dataclass(frozen=True)
class Refusal:
    """Why a transition is refused, as a code and plain parameters (no text to translate).

    The Django layer turns it into the user's language (``pathfinders/messages.py``);
    :attr:`text` is the plain English fallback for the command line and logs. ``params``
    holds (name, value) pairs whose values are strings or tuples, so a refusal is
    hashable and compares by content.
    """

    code: str
    params: tuple[tuple[str, Any], ...] = ()

    @property
    def values(self) -> dict[str, Any]:
        """The parameters as a dict."""
        return dict(self.params)

    @property
    def text(self) -> str:
        """Plain English, for the command line (the pages and API translate the code)."""
        p = self.values
        action = p.get("action", "")
        if self.code == "not_allowed_from":
            allowed = ", ".join(_state_text(s, g) for s, g in p.get("allowed", ()))
            return (
                f"'{action}' is not allowed for a country at "
                f"{_state_text(p.get('status'), p.get('stage'))}; allowed from: {allowed}"
            )
        if self.code == "conditions_not_met":
            return "conditions not met: " + ", ".join(p.get("missing", ()))
        if self.code == "no_insufficient_progress":
            return "no criterion of insufficient progress holds for two consecutive years"
        if self.code == "dialogue_not_failed":
            return "the GCG's dialogue with the country has not been closed without success"
        if self.code == "recovery_incomplete":
            return "recovery request incomplete: " + ", ".join(p.get("missing", ()))
        return self.code

    def __str__(self) -> str:
        return self.text

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: the code, its parameters (tuples as lists) and the English text."""

        def plain(value: Any) -> Any:
            if isinstance(value, tuple):
                return [plain(v) for v in value]
            return value

        return {
            "code": self.code,
            "params": {k: plain(v) for k, v in self.params},
            "text": self.text,
        }


def _refusal(code: str, **params: Any) -> Refusal:
    return Refusal(code, tuple(sorted(params.items())))


def transition_refusal(
    action: Action,
    status: Status | None,
    stage: Stage | None,
    guards: Guards | None = None,
) -> Refusal | None:
    """Why ``action`` is not allowed from (``status``, ``stage``); ``None`` when it is.

    The source states come from :data:`TRANSITIONS`; the guards are the seed's conditions:
    presenting to the GCG needs :func:`candidate_conditions`; granting status needs
    :func:`grant_conditions` (seed 003, "Etapa de planificación"); declaring a country
    inactive needs insufficient progress and a dialogue that did not succeed ("Procedimiento
    en caso de que los progresos ... sean insuficientes o nulos"); reinstatement needs a
    complete recovery request (:func:`recovery_request_conditions`).
    """
    transition = TRANSITIONS[action]
    if (status, stage) not in transition.sources:
        allowed = tuple(
            sorted(
                (
                    (NO_RECORD, "") if s is None else (s.value, g.value if g else "")
                    for s, g in transition.sources
                ),
                key=lambda pair: _state_text(*pair),
            )
        )
        return _refusal(
            "not_allowed_from",
            action=action.value,
            status=status.value if status else NO_RECORD,
            stage=stage.value if stage else "",
            allowed=allowed,
        )
    g = guards or Guards()
    if action in (Action.PRESENT_TO_GCG, Action.GRANT_STATUS):
        file = g.candidate_file or CandidateFile()
        conditions = (
            candidate_conditions(file)
            if action is Action.PRESENT_TO_GCG
            else grant_conditions(file)
        )
        if not conditions.met:
            return _refusal("conditions_not_met", action=action.value, missing=conditions.missing)
    if action is Action.DECLARE_INACTIVE:
        if not g.insufficient_progress:
            return _refusal("no_insufficient_progress", action=action.value)
        if not g.dialogue_failed:
            return _refusal("dialogue_not_failed", action=action.value)
    if action is Action.REINSTATE:
        recovery = g.recovery or recovery_request_conditions((), None)
        if not recovery.met:
            return _refusal("recovery_incomplete", action=action.value, missing=recovery.missing)
    return None


def target_of(action: Action, status: Status | None, stage: Stage | None) -> tuple[Status, Stage]:
    """The (status, stage) after an allowed ``action`` from (``status``, ``stage``)."""
    t = TRANSITIONS[action]
    new_status = t.target_status or status
    new_stage = t.target_stage or stage
    assert new_status is not None and new_stage is not None
    return new_status, new_stage


# ---------------------------------------------------------------------------------------
# Assessment of a whole history
# ---------------------------------------------------------------------------------------

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
    """What the country (or the GCG) must do next: a code, its parameters, English text."""

    code: str
    text: str
    params: tuple[tuple[str, Any], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "text": self.text, "params": dict(self.params)}


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


def cycle_records(events: Iterable[Event], as_of: dt.date) -> dict[int, CycleRecord]:
    """The per-cycle records built from yearly events dated on or before ``as_of``."""
    acc: dict[int, dict[str, Any]] = {}
    for e in sorted(events, key=Event.sort_key):
        if e.type not in YEARLY_EVENTS or e.year is None or e.on > as_of:
            continue
        r = acc.setdefault(e.year, {"year": e.year})
        if e.type is EventType.REPORT_SUBMITTED:
            r.setdefault("report_submitted_on", e.on)
        elif e.type is EventType.INDICATOR_FRAMEWORK_UPDATED:
            r.setdefault("indicator_framework_on", e.on)
        elif e.type is EventType.REPORT_COMMENTED:
            r.setdefault("commented_on", e.on)
        elif e.type is EventType.REPORT_FINALISED:
            r.setdefault("finalised_on", e.on)
        elif e.type is EventType.EVIDENCE_OF_PROGRESS:
            r["evidence_of_progress"] = r.get("evidence_of_progress", 0) + 1
        elif e.type is EventType.EVIDENCE_OF_COLLABORATION:
            r["evidence_of_collaboration"] = r.get("evidence_of_collaboration", 0) + 1
    return {y: CycleRecord(**r) for y, r in acc.items()}


def required_years(
    active_periods: Iterable[tuple[dt.date, dt.date | None]], as_of: dt.date
) -> list[int]:
    """The cycles a country had to report for, up to the next deadline after ``as_of``.

    Seed 003, "Etapa de seguimiento y presentación de informes": "Todos los países que
    tengan el estatus de país pionero deberán participar en el ciclo anual". A cycle is
    required when the country was active on its deadline, counting from the first cycle of
    each period of active status (footnote 1, see :func:`first_report_year`). Only deadlines
    up to ``as_of`` are returned.
    """
    years: set[int] = set()
    for start, end in active_periods:
        y = first_report_year(start)
        while report_due_date(y) <= as_of:
            due = report_due_date(y)
            if end is None or due < end:
                years.add(y)
            y += 1
    return sorted(years)


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


_STEP_TEXT = {
    "send_expression_of_interest": "Send the minister's expression of interest, naming a focal point",
    "expression_of_interest_by_minister": "Send the minister's expression of interest",
    "expression_addressed_to_director_general_or_chair": (
        "Address the expression of interest to the ILO Director-General or the Alliance chair"
    ),
    "focal_point_named": "Name the national focal point",
    "timeline_submitted": "Send the timeline of consultations and roadmap to the Secretariat",
    "coordination_body": "Record at least one national coordination body",
    "strategic_planning_workshop": "Hold at least one strategic planning workshop",
    "roadmap_submitted": "Submit the roadmap (or the national action plan)",
    "roadmap_priority_areas": "State the roadmap's priority areas",
    "roadmap_measures": "State the roadmap's measures",
    "roadmap_next_steps": "State the immediate next steps for the current year",
    "roadmap_technical_support": "State where technical support is needed",
    "roadmap_timeline": "Give the roadmap's preliminary timeline",
    "presented_to_gcg": "Present the roadmap to the GCG",
    "response_to_gcg_comments": "Respond to the GCG's comments",
    "await_gcg_decision": "Await the GCG's decision on pathfinder status",
    "submit_report": "Submit the annual progress report for {year}",
    "submit_indicator_framework": "Submit or update the indicator framework for {year}",
    "finalise_report": "Respond to the Working Group's comments and finalise the {year} report",
    "add_evidence_of_progress": "Add evidence of progress on the roadmap for {year}",
    "add_evidence_of_collaboration": "Add evidence of collaborative efforts for {year}",
    "prepare_report": "Prepare the annual progress report and indicator framework due {due}",
    "dialogue": "Engage in dialogue with the GCG on insufficient progress",
    "annual_report": "Recovery: submit the annual progress report",
    "indicator_framework": "Recovery: submit or update the indicator framework",
    "evidence_of_progress": "Recovery: give evidence of progress on the roadmap",
    "evidence_of_collaboration": "Recovery: give evidence of collaborative efforts",
    "letter_to_alliance_chair": "Recovery: write to the Alliance chair, reporting any roadmap changes",
    "await_reinstatement": "Await reinstatement by the GCG",
}


def step_text(code: str, params: Mapping[str, Any] | None = None) -> str:
    """The English text of a next-step code (the Django layer translates the same codes)."""
    template = _STEP_TEXT.get(code, code)
    return template.format(**(params or {}))


def _step(code: str, **params: Any) -> NextStep:
    return NextStep(code, step_text(code, params), tuple(sorted(params.items())))


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


# ---------------------------------------------------------------------------------------
# The history format (docs/pathfinder-history-format.md)
# ---------------------------------------------------------------------------------------


def _parse_date(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise HistoryError(where, "expected a date as YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise HistoryError(where, f"'{value}' is not a date (YYYY-MM-DD)") from None


def event_from_dict(data: Mapping[str, Any], where: str = "event") -> Event:
    """One event from its dict form (see :func:`history_from_dict`)."""
    if not isinstance(data, Mapping):
        raise HistoryError(where, "expected an object")
    unknown = set(data) - {"type", "date", "year", "kind", "items", "addressed_to", "ref", "note"}
    if unknown:
        raise HistoryError(where, f"unknown keys: {', '.join(sorted(unknown))}")
    try:
        etype = EventType(str(data.get("type")))
    except ValueError:
        raise HistoryError(f"{where}.type", f"unknown event type {data.get('type')!r}") from None
    on = _parse_date(data.get("date"), f"{where}.date")
    year = data.get("year")
    if etype in YEARLY_EVENTS:
        if not isinstance(year, int) or isinstance(year, bool):
            raise HistoryError(f"{where}.year", "this event needs the reporting year")
        if not 2000 <= year <= 2200:
            raise HistoryError(f"{where}.year", "the year is out of range")
    elif year is not None:
        raise HistoryError(f"{where}.year", "only reporting events take a year")
    if etype is EventType.EVIDENCE_OF_PROGRESS:
        try:
            EvidenceKind(str(data.get("kind")))
        except ValueError:
            raise HistoryError(
                f"{where}.kind", f"evidence of progress needs a kind: {', '.join(EvidenceKind)}"
            ) from None
    items = data.get("items") or []
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise HistoryError(f"{where}.items", "expected a list of strings")
    for key in ("kind", "addressed_to", "ref", "note"):
        if data.get(key) is not None and not isinstance(data.get(key), str):
            raise HistoryError(f"{where}.{key}", "expected a string")
    return Event(
        type=etype,
        on=on,
        year=year,
        kind=data.get("kind"),
        items=tuple(sorted(set(items))),
        addressed_to=data.get("addressed_to"),
        ref=data.get("ref"),
        note=data.get("note"),
    )


def event_to_dict(e: Event) -> dict[str, Any]:
    """One event as a JSON-ready dict; empty optional fields are left out."""
    out: dict[str, Any] = {"type": e.type.value, "date": e.on.isoformat()}
    if e.year is not None:
        out["year"] = e.year
    if e.kind is not None:
        out["kind"] = e.kind
    if e.items:
        out["items"] = list(e.items)
    if e.addressed_to is not None:
        out["addressed_to"] = e.addressed_to
    if e.ref is not None:
        out["ref"] = e.ref
    if e.note is not None:
        out["note"] = e.note
    return out


def history_from_dict(data: Mapping[str, Any]) -> History:
    """Read one country's history (format version 1, see the docs).

    ``{"format": 1, "country": "NPL", "name": "Nepal", "events": [{"type": ..., "date":
    "YYYY-MM-DD", ...}]}``. Raises :class:`HistoryError` naming the offending field.
    """
    if not isinstance(data, Mapping):
        raise HistoryError("history", "expected an object")
    fmt = data.get("format", HISTORY_FORMAT_VERSION)
    if fmt != HISTORY_FORMAT_VERSION:
        raise HistoryError("format", f"unsupported format {fmt!r}; expected 1")
    country = data.get("country")
    if not isinstance(country, str) or len(country) != 3 or not country.isalpha():
        raise HistoryError("country", "expected an ISO 3166-1 alpha-3 code")
    events = data.get("events", [])
    if not isinstance(events, list):
        raise HistoryError("events", "expected a list")
    parsed = tuple(event_from_dict(e, f"events[{i}]") for i, e in enumerate(events))
    name = data.get("name")
    return History(
        country=country.upper(), events=parsed, name=name if isinstance(name, str) else None
    )


def history_to_dict(history: History) -> dict[str, Any]:
    """Write one country's history in the documented format, events in replay order."""
    out: dict[str, Any] = {"format": HISTORY_FORMAT_VERSION, "country": history.country}
    if history.name:
        out["name"] = history.name
    out["events"] = [event_to_dict(e) for e in history.ordered()]
    return out


def histories_from_document(data: Any) -> list[History]:
    """A file holds one history object, a list of them, or ``{"countries": [...]}``."""
    if isinstance(data, list):
        return [history_from_dict(h) for h in data]
    if isinstance(data, Mapping) and "countries" in data:
        countries = data["countries"]
        if not isinstance(countries, list):
            raise HistoryError("countries", "expected a list")
        return [history_from_dict(h) for h in countries]
    return [history_from_dict(data)]
