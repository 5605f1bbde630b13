"""Conditions: presentation to the GCG, grant of status, and recovery."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .vocabulary import (
    ADDRESSEES_OF_EXPRESSION,
    RECOVERY_OBLIGATIONS,
    ROADMAP_IF_POSSIBLE,
    ROADMAP_REQUIRED,
)


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
