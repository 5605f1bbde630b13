"""Rules for action groups and working groups (seeds 000 and 001): no database."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from alliance87.groups import rules
from alliance87.groups.rules import Role, Status, TaskStatus


def test_a_group_is_created_by_a_gcg_decision():
    assert rules.transition_refusal(Status.PROPOSED, Status.ACTIVE, decision_ref=None)
    assert rules.transition_refusal(Status.PROPOSED, Status.ACTIVE, decision_ref="GCG-5/1") is None


def test_an_active_group_closes_and_a_closed_group_stays_closed():
    assert rules.transition_refusal(Status.ACTIVE, Status.CLOSED, decision_ref=None) is None
    assert rules.transition_refusal(Status.CLOSED, Status.ACTIVE, decision_ref="x")
    assert rules.transition_refusal(Status.PROPOSED, Status.CLOSED, decision_ref="x")


def test_a_group_has_one_chair_or_two_co_chairs():
    assert rules.leadership_refusal(0, 0, Role.CHAIR) is None
    assert rules.leadership_refusal(1, 0, Role.CHAIR)
    assert rules.leadership_refusal(0, 1, Role.CHAIR)
    assert rules.leadership_refusal(1, 0, Role.CO_CHAIR)
    assert rules.leadership_refusal(0, 1, Role.CO_CHAIR) is None
    assert rules.leadership_refusal(0, 2, Role.CO_CHAIR)
    assert rules.leadership_refusal(1, 0, Role.MEMBER) is None


@given(st.lists(st.sampled_from([Role.CHAIR, Role.CO_CHAIR, Role.MEMBER]), max_size=12))
def test_leadership_never_goes_beyond_one_chair_or_two_co_chairs(additions):
    chairs = co = 0
    for role in additions:
        if rules.leadership_refusal(chairs, co, role) is None:
            chairs += role is Role.CHAIR
            co += role is Role.CO_CHAIR
    assert (chairs, co) in {(0, 0), (1, 0), (0, 1), (0, 2)}


def test_leadership_is_complete_with_one_chair_or_two_co_chairs():
    assert rules.leadership_complete(1, 0) and rules.leadership_complete(0, 2)
    assert not rules.leadership_complete(0, 1) and not rules.leadership_complete(0, 0)


def test_a_group_has_at_most_one_focal_point():
    assert rules.focal_point_refusal(0) is None
    assert rules.focal_point_refusal(1)


def test_an_unfinished_task_past_its_due_date_is_overdue():
    today = dt.date(2019, 7, 17)
    assert rules.task_overdue(dt.date(2019, 7, 1), TaskStatus.IN_PROGRESS, today)
    assert not rules.task_overdue(dt.date(2019, 7, 1), TaskStatus.DONE, today)
    assert not rules.task_overdue(dt.date(2019, 8, 1), TaskStatus.NOT_STARTED, today)
    assert not rules.task_overdue(None, TaskStatus.NOT_STARTED, today)
