"""Rules for action groups and working groups, as pure functions over plain values.

They come from the action group guide in seed ``001_0e9391f81d9d8fd4.txt`` («Guía para los
Grupos de Acción de la Alianza 8.7», "seed 001") and from the mandate, seed
``000_2527b5af5294b5f6.txt`` («Grupo de Coordinación Mundial», "seed 000"). Each function
quotes its clause in Spanish as written, with an English paraphrase.

A refusal is a :class:`~alliance87.core.transitions.Refusal` (a code and plain parameters);
its words are in ``groups/messages.py``. No Django here.
"""

from __future__ import annotations

import datetime as dt
import enum

from alliance87.core.transitions import Refusal, TransitionTable, refusal


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


#: A group's life. Seed 000, «Funciones»: the Group «decide acerca de la creación de nuevos
#: grupos de acción, grupos de trabajo» (a group is created by the GCG's decision), so a
#: proposal becomes active only with a decision (:func:`transition_refusal`); an active group
#: closes, and a closed group stays closed. Members join a proposed or an active group.
GROUP = TransitionTable(
    "group",
    {
        "activate": ({Status.PROPOSED}, Status.ACTIVE),
        "close": ({Status.ACTIVE}, Status.CLOSED),
        "add_member": ({Status.PROPOSED, Status.ACTIVE}, None),
    },
)

#: The group action that leads to each status (the table read backwards).
GROUP_ACTION_TO = {Status.ACTIVE: "activate", Status.CLOSED: "close"}

#: A work plan task: the chair sets any status from any other (a done task may be reopened,
#: a dropped one taken up again); each status is the action that sets it. Seed 001: the
#: groups «establecen sus propias prioridades desarrollando un plan de trabajo, asignando
#: tareas y supervisando el progreso».
TASK = TransitionTable("task", {s: (set(TaskStatus), s) for s in TaskStatus})


class MembershipState(enum.StrEnum):
    CURRENT = "current"
    LEFT = "left"


#: A membership: a current member leaves once; the membership is kept, with the day they left.
MEMBERSHIP = TransitionTable(
    "membership", {"leave": ({MembershipState.CURRENT}, MembershipState.LEFT)}
)


class NeedState(enum.StrEnum):
    RECORDED = "recorded"
    REPORTED = "reported"


#: A resource need: recorded, then reported to the GCG once (seed 001: chairs «comunicar las
#: posibles necesidades de recursos al Grupo de Coordinación Global»).
RESOURCE_NEED = TransitionTable(
    "resource_need", {"report": ({NeedState.RECORDED}, NeedState.REPORTED)}
)


def membership_state(left_on: dt.date | None) -> MembershipState:
    return MembershipState.CURRENT if left_on is None else MembershipState.LEFT


def need_state(reported_to_gcg_on: dt.date | None) -> NeedState:
    return NeedState.RECORDED if reported_to_gcg_on is None else NeedState.REPORTED


def transition_refusal(
    current: Status, target: Status, *, decision_ref: str | None
) -> Refusal | None:
    """Why a group may not go from ``current`` to ``target``, or ``None``.

    Seed 000, «Funciones»: «Examina las propuestas y decide acerca de la creación de nuevos
    grupos de acción, grupos de trabajo, y otras iniciativas» -- the GCG examines proposals
    and decides on creating new action groups and working groups. A proposed group becomes
    active only on a recorded GCG decision.
    """
    action = GROUP_ACTION_TO.get(Status(target))
    if action is None:
        return refusal(
            "group.not_allowed_from", action="", state=current, allowed=(), target=target
        )
    if reason := GROUP.refusal(action, Status(current)):
        return reason
    if target is Status.ACTIVE and not decision_ref:
        return refusal("group.needs_decision")
    return None


def leadership_refusal(chairs: int, co_chairs: int, adding: Role) -> Refusal | None:
    """Why ``adding`` someone in ``adding`` role to a group led by ``chairs`` chairs and
    ``co_chairs`` co-chairs breaks its leadership, or ``None``.

    Seed 001, «¿COMO ESTAN ORGANIZADOS?»: «Cada grupo de acción tiene un presidente, o dos
    copresidentes» -- each group has one chair, or two co-chairs (never both, never more).
    """
    if adding is Role.CHAIR:
        if chairs >= 1:
            return refusal("group.chair_taken")
        if co_chairs:
            return refusal("group.led_by_co_chairs", co_chairs=co_chairs)
    if adding is Role.CO_CHAIR:
        if chairs:
            return refusal("group.led_by_chair")
        if co_chairs >= 2:
            return refusal("group.co_chairs_complete")
    return None


def focal_point_refusal(focal_points: int) -> Refusal | None:
    """Seed 001: «Si es necesario, también pueden organizarse para apoyo de secretaría (un
    punto focal)» -- optionally one focal point for day-to-day administration."""
    if focal_points >= 1:
        return refusal("group.focal_point_taken")
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
