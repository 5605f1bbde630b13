"""Rules for action groups and working groups (seeds 000 and 001): no database."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from alliance87.core.transitions import refusal
from alliance87.groups import rules
from alliance87.groups.rules import Role, Status, TaskStatus


def test_a_group_is_created_by_a_gcg_decision():
    assert rules.transition_refusal(Status.PROPOSED, Status.ACTIVE, decision_ref=None)
    assert rules.transition_refusal(Status.PROPOSED, Status.ACTIVE, decision_ref="GCG-5/1") is None
    assert rules.transition_refusal(Status.PROPOSED, Status.ACTIVE, decision_ref=None) == refusal(
        "group.needs_decision"
    )


def test_an_active_group_closes_and_a_closed_group_stays_closed():
    assert rules.transition_refusal(Status.ACTIVE, Status.CLOSED, decision_ref=None) is None
    assert rules.transition_refusal(Status.CLOSED, Status.ACTIVE, decision_ref="x")
    assert rules.transition_refusal(Status.PROPOSED, Status.CLOSED, decision_ref="x")
    assert rules.transition_refusal(Status.CLOSED, Status.ACTIVE, decision_ref="x") == refusal(
        "group.not_allowed_from", action="activate", state="closed", allowed=("proposed",)
    )


def test_the_group_table_documents_what_each_status_allows():
    assert rules.GROUP.actions_from(Status.PROPOSED) == ["activate", "add_member"]
    assert rules.GROUP.actions_from(Status.ACTIVE) == ["close", "add_member"]
    assert rules.GROUP.actions_from(Status.CLOSED) == []
    assert rules.GROUP.target("close", Status.ACTIVE) is Status.CLOSED


def test_a_task_may_be_set_to_any_status_and_a_need_is_reported_once():
    for current in TaskStatus:
        assert all(rules.TASK.refusal(s, current) is None for s in TaskStatus)
    assert rules.RESOURCE_NEED.refusal("report", rules.need_state(None)) is None
    assert rules.RESOURCE_NEED.refusal("report", rules.need_state(dt.date(2019, 7, 1)))
    assert rules.MEMBERSHIP.refusal("leave", rules.membership_state(None)) is None
    assert rules.MEMBERSHIP.refusal("leave", rules.membership_state(dt.date(2019, 7, 1)))


def test_a_group_has_one_chair_or_two_co_chairs():
    assert rules.leadership_refusal(0, 0, Role.CHAIR) is None
    assert rules.leadership_refusal(1, 0, Role.CHAIR)
    assert rules.leadership_refusal(0, 1, Role.CHAIR)
    assert rules.leadership_refusal(1, 0, Role.CO_CHAIR)
    assert rules.leadership_refusal(0, 1, Role.CO_CHAIR) is None
    assert rules.leadership_refusal(0, 2, Role.CO_CHAIR)
    assert rules.leadership_refusal(1, 0, Role.MEMBER) is None
    assert rules.leadership_refusal(0, 2, Role.CO_CHAIR) == refusal("group.co_chairs_complete")


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


def all_refusals() -> set:
    """Every refusal the rules can return, over every state they look at."""
    found = set()
    for current in Status:
        for target in Status:
            for ref in (None, "GCG6/1"):
                found.add(rules.transition_refusal(current, target, decision_ref=ref))
        for action in rules.GROUP.transitions:
            found.add(rules.GROUP.refusal(action, current))
    for chairs in range(3):
        for co in range(3):
            for role in Role:
                found.add(rules.leadership_refusal(chairs, co, role))
    for n in range(3):
        found.add(rules.focal_point_refusal(n))
    for current in TaskStatus:
        for action in TaskStatus:
            found.add(rules.TASK.refusal(action, current))
    found.add(rules.TASK.refusal("archive", TaskStatus.DONE))
    for state in rules.MembershipState:
        found.add(rules.MEMBERSHIP.refusal("leave", state))
    for state in rules.NeedState:
        found.add(rules.RESOURCE_NEED.refusal("report", state))
    found.discard(None)
    return found


def test_every_refusal_the_rules_return_has_words_in_english_and_spanish():
    from django.utils import translation

    from alliance87.core.refusals import refusal_text
    from alliance87.groups import messages

    refusals = all_refusals()
    assert {r.code for r in refusals} == set(messages.TEXTS)
    for r in refusals:
        with translation.override("en"):
            english = refusal_text(r)
        with translation.override("es"):
            spanish = refusal_text(r)
        assert english and spanish and english != spanish, r
        assert "%(" not in english + spanish and r.code not in english, r


def test_the_rules_import_nothing_from_django():
    import ast
    from pathlib import Path

    tree = ast.parse(Path(rules.__file__).read_text(encoding="utf-8"))
    modules = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    modules |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert not {m for m in modules if m and m.split(".")[0] == "django"}
