"""Rules for action groups and working groups, as pure functions over plain values.

They come from the action group guide in seed ``001_0e9391f81d9d8fd4.txt`` («Guía para los
Grupos de Acción de la Alianza 8.7», "seed 001") and from the mandate, seed
``000_2527b5af5294b5f6.txt`` («Grupo de Coordinación Mundial», "seed 000"). Each function
quotes its clause in Spanish as written, with an English paraphrase.
"""

from __future__ import annotations

import datetime as dt
import enum

from django.utils.translation import gettext as _


class Kind(enum.StrEnum):
    ACTION_GROUP = "action_group"
    WORKING_GROUP = "working_group"


class Status(enum.StrEnum):
    PROPOSED = "proposed"
    ACTIVE = "active"
    CLOSED = "closed"


class Role(enum.StrEnum):
    CHAIR = "chair"
    CO_CHAIR = "co_chair"
    FOCAL_POINT = "focal_point"
    MEMBER = "member"


class TaskStatus(enum.StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


#: Status transitions: ``(from, to)``. Seed 000, «Funciones»: the Group «decide acerca de la
#: creación de nuevos grupos de acción, grupos de trabajo» (a group is created by the GCG's
#: decision), so a proposal becomes active only with a decision; an active group closes.
TRANSITIONS: frozenset[tuple[Status, Status]] = frozenset(
    {
        (Status.PROPOSED, Status.ACTIVE),
        (Status.ACTIVE, Status.CLOSED),
    }
)


def transition_refusal(current: Status, target: Status, *, decision_ref: str | None) -> str | None:
    """Why a group may not go from ``current`` to ``target``, or ``None``.

    Seed 000, «Funciones»: «Examina las propuestas y decide acerca de la creación de nuevos
    grupos de acción, grupos de trabajo, y otras iniciativas» -- the GCG examines proposals
    and decides on creating new action groups and working groups. A proposed group becomes
    active only on a recorded GCG decision.
    """
    if (current, target) not in TRANSITIONS:
        return _("A group cannot go from “%(current)s” to “%(target)s”.") % {
            "current": current.value,
            "target": target.value,
        }
    if target is Status.ACTIVE and not decision_ref:
        return _(
            "A group is created by a decision of the Global Coordinating Group: give the decision."
        )
    return None


def leadership_refusal(chairs: int, co_chairs: int, adding: Role) -> str | None:
    """Why ``adding`` someone in ``adding`` role to a group led by ``chairs`` chairs and
    ``co_chairs`` co-chairs breaks its leadership, or ``None``.

    Seed 001, «¿COMO ESTAN ORGANIZADOS?»: «Cada grupo de acción tiene un presidente, o dos
    copresidentes» -- each group has one chair, or two co-chairs (never both, never more).
    """
    if adding is Role.CHAIR:
        if chairs >= 1:
            return _("This group already has a chair.")
        if co_chairs:
            return _("This group is led by co-chairs: a group has one chair or two co-chairs.")
    if adding is Role.CO_CHAIR:
        if chairs:
            return _("This group has a chair: a group has one chair or two co-chairs.")
        if co_chairs >= 2:
            return _("This group already has two co-chairs.")
    return None


def focal_point_refusal(focal_points: int) -> str | None:
    """Seed 001: «Si es necesario, también pueden organizarse para apoyo de secretaría (un
    punto focal)» -- optionally one focal point for day-to-day administration."""
    if focal_points >= 1:
        return _("This group already has a focal point.")
    return None


def leadership_complete(chairs: int, co_chairs: int) -> bool:
    """Whether a group is led as the guide says: one chair, or two co-chairs."""
    return (chairs, co_chairs) in {(1, 0), (0, 2)}


def task_overdue(due: dt.date | None, status: TaskStatus, today: dt.date) -> bool:
    """Whether a work plan task is past its due date and not finished.

    Seed 001: the groups «establecen sus propias prioridades desarrollando un plan de trabajo,
    asignando tareas y supervisando el progreso» -- a work plan, tasks and monitoring.
    """
    return (
        due is not None
        and due < today
        and status in (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS)
    )
