"""Who has the authority for a country's status: the GCG, by a decision taken with quorum.

Seed 003, «Etapa de planificación»: «El GCM concede al país candidato el estatus de país
pionero si así lo acuerda por consenso» (the GCG grants pathfinder status if it so agrees by
consensus); seed 000, «Toma de decisiones»: the Group decides by consensus of the members
present, with quorum («Las decisiones se toman por consenso, basadas en los representantes
presentes y siempre que se alcance un cuórum»). Seed 003, «Procedimiento en caso de que los progresos ... sean
insuficientes o nulos»: «el GCM declara inactivo al país» (the GCG declares the country
inactive). So granting status and declaring a country inactive each need an adopted GCG
decision on record, taken with quorum, about that country and that step; nobody else, and
no single member, takes either step.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from alliance87.core.transitions import Refusal, refusal

from .transitions import Action

#: The kind of GCG decision (``governance.models.Decision.Kind``) each step needs.
DECISION_KIND: dict[Action, str] = {
    Action.GRANT_STATUS: "grant_pathfinder",
    Action.DECLARE_INACTIVE: "declare_inactive",
}

DECISION_NEEDED = "pathfinder.decision_needed"  # action
DECISION_NOT_ON_RECORD = "pathfinder.decision_not_on_record"  # action, reference
DECISION_NOT_ADOPTED = "pathfinder.decision_not_adopted"  # action, reference
DECISION_WITHOUT_QUORUM = "pathfinder.decision_without_quorum"  # action, reference
DECISION_ABOUT_SOMETHING_ELSE = "pathfinder.decision_about_something_else"  # action, reference
AUTHORITY_CODES = (
    DECISION_NEEDED,
    DECISION_NOT_ON_RECORD,
    DECISION_NOT_ADOPTED,
    DECISION_WITHOUT_QUORUM,
    DECISION_ABOUT_SOMETHING_ELSE,
)


@dataclass(frozen=True)
class GcgDecision:
    """A GCG decision as the governance app records it, in plain values."""

    reference: str
    kind: str
    country: str | None
    adopted: bool
    quorum_held: bool
    taken_on: dt.date | None = None


def decision_refusal(
    action: Action, country: str, reference: str | None, decision: GcgDecision | None
) -> Refusal | None:
    """Why ``decision`` (found under ``reference``) does not authorise ``action`` for
    ``country`` (ISO alpha-3), or ``None`` when it does.

    Refused: no reference given; a reference with no decision on record; a decision that
    was not adopted (a member present objected: no consensus); one taken without quorum; one about another kind
    of step or another country.
    """
    if not reference or not reference.strip():
        return refusal(DECISION_NEEDED, action=action)
    if decision is None:
        return refusal(DECISION_NOT_ON_RECORD, action=action, reference=reference)
    if decision.kind != DECISION_KIND[action] or (decision.country or "").upper() != (
        country.upper()
    ):
        return refusal(DECISION_ABOUT_SOMETHING_ELSE, action=action, reference=reference)
    if not decision.quorum_held:
        return refusal(DECISION_WITHOUT_QUORUM, action=action, reference=reference)
    if not decision.adopted:
        return refusal(DECISION_NOT_ADOPTED, action=action, reference=reference)
    return None


__all__ = [
    "AUTHORITY_CODES",
    "DECISION_ABOUT_SOMETHING_ELSE",
    "DECISION_KIND",
    "DECISION_NEEDED",
    "DECISION_NOT_ADOPTED",
    "DECISION_NOT_ON_RECORD",
    "DECISION_WITHOUT_QUORUM",
    "GcgDecision",
    "decision_refusal",
]
