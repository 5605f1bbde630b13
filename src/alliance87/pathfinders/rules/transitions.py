"""The transition tables: a country's status and stage, and a roadmap's or report's state.

Both are :class:`alliance87.core.transitions.TransitionTable`: a refusal "not from this
state" is ``<table>.not_allowed_from`` with ``action``, ``state`` and ``allowed``, the same
shape in every app. A country's state is the pair ``(status, stage)``, ``(None, None)``
before its expression of interest is on record.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from typing import cast

from alliance87.core.transitions import Refusal, Transition, TransitionTable, refusal

from .conditions import (
    CandidateFile,
    Conditions,
    candidate_conditions,
    grant_conditions,
    recovery_request_conditions,
)
from .vocabulary import Stage, Status


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


_ANY_STAGE = frozenset(Stage)
_ACTIVE_STAGES = frozenset(
    {Stage.PLANNING, Stage.IMPLEMENTATION, Stage.MONITORING_REPORTING, Stage.REVIEW}
)

#: A country's state: (status, stage); (None, None) when it is not on record yet.
State = tuple[Status | None, Stage | None]


def _src(status: Status | None, stages: Iterable[Stage | None]) -> frozenset[State]:
    return frozenset((status, s) for s in stages)


#: The one transition table. Status and stage change only through these actions; every
#: service and :func:`assess` goes through :func:`transition_refusal`.
TRANSITIONS = TransitionTable(
    "pathfinder",
    {
        Action.EXPRESS_INTEREST: Transition(
            _src(None, [None]),
            (Status.CANDIDATE, Stage.EXPRESSION_OF_INTEREST),
            "Etapa de expresión de interés: todos los países comienzan como candidatos",
        ),
        Action.START_PLANNING: Transition(
            _src(Status.CANDIDATE, [Stage.EXPRESSION_OF_INTEREST]),
            (None, Stage.PLANNING),
            "Etapa de planificación: el país candidato organiza talleres y elabora la hoja de ruta",
        ),
        Action.PRESENT_TO_GCG: Transition(
            _src(Status.CANDIDATE, [Stage.PLANNING]),
            (None, None),
            "Etapa de planificación: la hoja de ruta se presenta al GCM en una reunión periódica",
        ),
        Action.GRANT_STATUS: Transition(
            _src(Status.CANDIDATE, [Stage.PLANNING]),
            (Status.ACTIVE, Stage.IMPLEMENTATION),
            "Etapa de aplicación: comienza después de que el GCM concede el estatus",
        ),
        Action.SUBMIT_REPORT: Transition(
            _src(Status.ACTIVE, _ACTIVE_STAGES),
            (None, Stage.MONITORING_REPORTING),
            "Etapa de seguimiento y presentación de informes: informe anual del país pionero",
        ),
        Action.FINALISE_REPORT: Transition(
            _src(Status.ACTIVE, _ACTIVE_STAGES),
            (None, Stage.REVIEW),
            "Etapa de revisión: el GT y el GCM examinan los progresos tras el ciclo de informes",
        ),
        Action.CONCLUDE_REVIEW: Transition(
            _src(Status.ACTIVE, [Stage.REVIEW, Stage.MONITORING_REPORTING]),
            (None, Stage.PLANNING),
            "Etapa de revisión: el GCM comunica la actualización anual; empieza un nuevo ciclo",
        ),
        Action.UPDATE_ROADMAP: Transition(
            _src(Status.ACTIVE, [Stage.PLANNING]),
            (None, Stage.IMPLEMENTATION),
            "Etapa de planificación: un país pionero activo puede actualizar su hoja de ruta",
        ),
        Action.OPEN_DIALOGUE: Transition(
            _src(Status.ACTIVE, _ACTIVE_STAGES),
            (None, Stage.REVIEW),
            "Procedimiento en caso de progresos insuficientes o nulos: diálogo",
        ),
        Action.DECLARE_INACTIVE: Transition(
            _src(Status.ACTIVE, _ACTIVE_STAGES),
            (Status.INACTIVE, None),
            "Procedimiento: si el diálogo no conduce a un resultado positivo, el GCM declara "
            "inactivo al país",
        ),
        Action.REQUEST_RECOVERY: Transition(
            _src(Status.INACTIVE, _ANY_STAGE),
            (None, None),
            "Proceso de recuperación del estatus de país pionero activo: carta a la Presidencia",
        ),
        Action.REINSTATE: Transition(
            _src(Status.INACTIVE, _ANY_STAGE),
            (Status.ACTIVE, Stage.IMPLEMENTATION),
            "Proceso de recuperación: el país recupera el estatus de activo",
        ),
    },
)


@dataclass(frozen=True)
class Guards:
    """Facts a transition may depend on beyond the source state (all optional)."""

    candidate_file: CandidateFile | None = None
    insufficient_progress: bool = False
    dialogue_failed: bool = False
    recovery: Conditions | None = None


#: The refusal codes of :func:`transition_refusal` and the parameters each carries.
NOT_ALLOWED_FROM = "pathfinder.not_allowed_from"  # action, state, allowed: ((status, stage), ...)
CONDITIONS_NOT_MET = "pathfinder.conditions_not_met"  # action, missing: (condition code, ...)
NO_INSUFFICIENT_PROGRESS = "pathfinder.no_insufficient_progress"  # action
DIALOGUE_NOT_FAILED = "pathfinder.dialogue_not_failed"  # action
RECOVERY_INCOMPLETE = "pathfinder.recovery_incomplete"  # action, missing: (obligation code, ...)
REFUSAL_CODES = (
    NOT_ALLOWED_FROM,
    CONDITIONS_NOT_MET,
    NO_INSUFFICIENT_PROGRESS,
    DIALOGUE_NOT_FAILED,
    RECOVERY_INCOMPLETE,
)

NO_RECORD = "no_record"


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
    not_from = TRANSITIONS.refusal(action, (status, stage))
    if not_from is not None:
        return not_from
    g = guards or Guards()
    if action in (Action.PRESENT_TO_GCG, Action.GRANT_STATUS):
        file = g.candidate_file or CandidateFile()
        conditions = (
            candidate_conditions(file)
            if action is Action.PRESENT_TO_GCG
            else grant_conditions(file)
        )
        if not conditions.met:
            return refusal(CONDITIONS_NOT_MET, action=action, missing=conditions.missing)
    if action is Action.DECLARE_INACTIVE:
        if not g.insufficient_progress:
            return refusal(NO_INSUFFICIENT_PROGRESS, action=action)
        if not g.dialogue_failed:
            return refusal(DIALOGUE_NOT_FAILED, action=action)
    if action is Action.REINSTATE:
        recovery = g.recovery or recovery_request_conditions((), None)
        if not recovery.met:
            return refusal(RECOVERY_INCOMPLETE, action=action, missing=recovery.missing)
    return None


PUBLISH_BEFORE_GRANT = "pathfinder.publish_before_grant"
REPORTS_ONLY_WHEN_ACTIVE = "pathfinder.reports_only_when_active"


def publish_profile_refusal(status: Status | None) -> Refusal | None:
    """Why the country profile may not be published yet, or ``None``.

    Seed 003, "Etapa de aplicación": once the GCG grants the status, «la Secretaría ... crea
    el perfil del país en el sitio web» -- the Secretariat creates the country's profile on
    the website. A candidate (or a country not on record) has no public profile yet.
    """
    if status in (None, Status.CANDIDATE):
        return refusal(PUBLISH_BEFORE_GRANT)
    return None


def report_refusal(status: Status | None) -> Refusal | None:
    """Why an annual report may not be opened, or ``None``: seed 003, "Etapa de seguimiento y
    presentación de informes": the annual progress report is the active pathfinder's
    («informe anual del país pionero»), not a candidate's or an inactive country's."""
    if status is not Status.ACTIVE:
        return refusal(REPORTS_ONLY_WHEN_ACTIVE)
    return None


def target_of(action: Action, status: Status | None, stage: Stage | None) -> tuple[Status, Stage]:
    """The (status, stage) after an allowed ``action`` from (``status``, ``stage``)."""
    target_status, target_stage = cast(State, TRANSITIONS[action].target)
    new_status = target_status or status
    new_stage = target_stage or stage
    assert new_status is not None and new_stage is not None
    return new_status, new_stage


def record_behind(stored: State, computed: State) -> bool:
    """Whether the history computed so far (``computed``) is behind the state on record
    (``stored``) -- a record loaded from the seeds, whose dated steps are not all entered yet.

    :data:`TRANSITIONS` never takes a country back to candidate, nor a candidate back to an
    earlier stage (expression of interest before planning). So when replaying the history
    gives such a state, the history is incomplete, not the country moved back: recording
    Madagascar's expression of interest must not undo the planning stage the seeds give it.
    The stored state then stands until the history reaches or passes it.
    """
    stored_status, stored_stage = stored
    status, stage = computed
    if status is not Status.CANDIDATE or stored_status is None:
        return False
    if stored_status is not Status.CANDIDATE:
        return True  # active or inactive on record: never back to candidate
    order = list(Stage)
    return (
        stored_stage is not None
        and stage is not None
        and order.index(stored_stage) > order.index(stage)
    )


class DocumentAction(enum.StrEnum):
    """The steps of a roadmap or an annual report."""

    SAVE_DRAFT = "save_draft"
    SUBMIT = "submit"
    RESUBMIT = "resubmit"
    COMMENT = "comment"
    FINALISE = "finalise"


class DocumentState(enum.StrEnum):
    """Where a roadmap or report is in its review (``models.Document.State``)."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    COMMENTED = "commented"
    REVISED = "revised"
    FINALISED = "finalised"


#: A document's review (seed 003, "Etapa de seguimiento": "El Grupo de Trabajo de
#: Seguimiento ... revisa los informes de progreso anuales ... y formula comentarios.
#: Seguidamente, se pide al país pionero que revise el informe y lo finalice" -- the Working
#: Group comments, then the country revises the report and finalises it; "Los informes
#: finales ... se cargan en el sitio web" -- the final report is published). The country
#: works on a draft or on a commented version; a reviewer comments on a submitted or revised
#: one; the country finalises only after the Working Group's comments, so nobody publishes a
#: report straight after its submission.
DOCUMENT = TransitionTable(
    "pathfinder_document",
    {
        DocumentAction.SAVE_DRAFT: (
            {DocumentState.DRAFT, DocumentState.COMMENTED},
            None,
        ),
        DocumentAction.SUBMIT: ({DocumentState.DRAFT}, DocumentState.SUBMITTED),
        DocumentAction.RESUBMIT: ({DocumentState.COMMENTED}, DocumentState.REVISED),
        DocumentAction.COMMENT: (
            {DocumentState.SUBMITTED, DocumentState.REVISED},
            DocumentState.COMMENTED,
        ),
        DocumentAction.FINALISE: (
            {DocumentState.COMMENTED, DocumentState.REVISED},
            DocumentState.FINALISED,
        ),
    },
)


class DocumentActor(enum.StrEnum):
    """Who takes a document's step: the country (its focal points; the Secretariat may act
    for it) or the Working Group's reviewer (the Secretariat may act for the Working Group)."""

    COUNTRY = "country"
    WORKING_GROUP = "working_group"


#: Seed 003, "Etapa de seguimiento": the country presents and finalises its report; the
#: Working Group reviews it and comments.
DOCUMENT_ACTOR: dict[DocumentAction, DocumentActor] = {
    DocumentAction.SAVE_DRAFT: DocumentActor.COUNTRY,
    DocumentAction.SUBMIT: DocumentActor.COUNTRY,
    DocumentAction.RESUBMIT: DocumentActor.COUNTRY,
    DocumentAction.COMMENT: DocumentActor.WORKING_GROUP,
    DocumentAction.FINALISE: DocumentActor.COUNTRY,
}

#: The states a reviewer may read a document in: never a draft.
REVIEWER_READS = frozenset(set(DocumentState) - {DocumentState.DRAFT})


def reviewer_may_read(state: DocumentState | str, assigned_to_them: bool) -> bool:
    """A Working Group reviewer reads a document only when it is assigned to them and has
    been submitted (the Secretariat assigns reviewers; a draft is the country's own)."""
    return assigned_to_them and DocumentState(state) in REVIEWER_READS


DOCUMENT_NOT_ALLOWED_FROM = "pathfinder_document.not_allowed_from"  # action, state, allowed


def submit_action(state: str) -> DocumentAction:
    """Submitting a commented version is a resubmission (the revised version)."""
    return DocumentAction.RESUBMIT if state == DocumentState.COMMENTED else DocumentAction.SUBMIT


__all__ = [
    "CONDITIONS_NOT_MET",
    "DIALOGUE_NOT_FAILED",
    "DOCUMENT",
    "DOCUMENT_NOT_ALLOWED_FROM",
    "NOT_ALLOWED_FROM",
    "NO_INSUFFICIENT_PROGRESS",
    "NO_RECORD",
    "RECOVERY_INCOMPLETE",
    "REFUSAL_CODES",
    "TRANSITIONS",
    "Action",
    "DOCUMENT_ACTOR",
    "DocumentAction",
    "DocumentActor",
    "DocumentState",
    "REVIEWER_READS",
    "record_behind",
    "reviewer_may_read",
    "Guards",
    "Refusal",
    "State",
    "Transition",
    "submit_action",
    "target_of",
    "transition_refusal",
]
