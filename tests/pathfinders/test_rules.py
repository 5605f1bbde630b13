"""The rules of seed 003 (accountability framework), as pure functions: no database."""

from __future__ import annotations

import ast
import datetime as dt
import random
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alliance87.pathfinders import rules
from alliance87.pathfinders.rules import (
    Action,
    CandidateFile,
    Criterion,
    CycleRecord,
    Event,
    EventType,
    History,
    HistoryError,
    Stage,
    Status,
)

D = dt.date
ALL_ROADMAP = frozenset(rules.ROADMAP_REQUIRED + rules.ROADMAP_IF_POSSIBLE)


def ev(t: str, on: str, **kw) -> Event:
    items = tuple(sorted(kw.pop("items", ())))
    return Event(EventType(t), D.fromisoformat(on), items=items, **kw)


def candidate_events(start_year: int = 2018) -> list[Event]:
    y = start_year
    return [
        ev(
            "expression_of_interest",
            f"{y}-01-15",
            addressed_to="ilo_director_general",
            items=("focal_point",),
        ),
        ev("timeline_submitted", f"{y}-02-01"),
        ev("coordination_body", f"{y}-02-10"),
        ev("workshop_held", f"{y}-03-20"),
        ev("roadmap_submitted", f"{y}-05-01", kind="roadmap", items=tuple(ALL_ROADMAP)),
        ev("presented_to_gcg", f"{y}-07-17"),
    ]


def active_events(granted: str = "2018-10-01") -> list[Event]:
    return [*candidate_events(int(granted[:4]) - 1), ev("status_granted", granted)]


def good_year(year: int, on: str | None = None) -> list[Event]:
    day = on or f"{year}-04-20"
    return [
        ev("report_submitted", day, year=year),
        ev("indicator_framework_updated", day, year=year),
        ev("evidence_of_progress", day, year=year, kind="survey"),
        ev("evidence_of_collaboration", day, year=year),
        ev("report_commented", f"{year}-06-01", year=year),
        ev("report_finalised", f"{year}-07-01", year=year),
    ]


# --- Due dates (footnote 1) ------------------------------------------------------------


def test_reports_are_due_at_the_end_of_april_every_year():
    assert rules.report_due_date(2024) == D(2024, 4, 30)


@pytest.mark.parametrize("month", [1, 2, 3, 4, 5])
def test_a_country_that_becomes_pathfinder_between_january_and_may_reports_from_april_of_the_following_year(
    month,
):
    assert rules.first_report_year(D(2023, month, 15)) == 2024


@pytest.mark.parametrize("month", [6, 9, 12])
def test_a_country_that_becomes_pathfinder_after_may_reports_at_the_next_end_of_april(month):
    assert rules.first_report_year(D(2023, month, 1)) == 2024


def test_a_country_granted_in_february_is_not_due_in_the_april_of_that_same_year():
    h = History("NPL", tuple(active_events("2019-02-10")))
    a = rules.assess(h, D(2019, 6, 1))
    assert a.status is Status.ACTIVE
    assert a.overdue == ()
    assert a.next_due == D(2020, 4, 30)


def test_submitting_on_30_april_is_on_time_and_on_1_may_is_late():
    assert not rules.is_late(D(2024, 4, 30), D(2024, 4, 30))
    assert rules.is_late(D(2024, 4, 30), D(2024, 5, 1))


def test_an_item_is_overdue_only_after_the_deadline_and_until_it_is_submitted():
    due = D(2024, 4, 30)
    assert not rules.is_overdue(due, None, D(2024, 4, 30))
    assert rules.is_overdue(due, None, D(2024, 5, 1))
    assert rules.is_overdue(due, D(2024, 6, 1), D(2024, 5, 15))  # not yet submitted then
    assert not rules.is_overdue(due, D(2024, 6, 1), D(2024, 6, 2))


# --- The five criteria, two consecutive years -------------------------------------------


def test_no_progress_report_for_two_consecutive_years_is_insufficient_progress():
    h = History("MDG", tuple(active_events("2018-10-01")))
    a = rules.assess(h, D(2020, 5, 1))
    found = {(f.criterion, f.years) for f in a.current_criteria}
    assert (Criterion.NO_PROGRESS_REPORT, (2019, 2020)) in found
    assert a.at_risk


def test_one_missing_report_is_overdue_but_not_yet_insufficient_progress():
    h = History("MDG", tuple(active_events("2018-10-01")))
    a = rules.assess(h, D(2019, 5, 1))
    assert [(o.year, o.item) for o in a.overdue] == [
        (2019, "report"),
        (2019, "indicator_framework"),
    ]
    assert a.criteria == ()
    assert not a.at_risk


def test_missing_reports_in_two_years_that_are_not_consecutive_do_not_trigger_the_criterion():
    events = [*active_events("2018-10-01"), *good_year(2020)]
    a = rules.assess(History("MDG", tuple(events)), D(2021, 5, 2))
    assert Criterion.NO_PROGRESS_REPORT not in {f.criterion for f in a.criteria}


def test_not_finalising_after_the_working_group_comments_for_two_consecutive_years_is_insufficient_progress():
    events = list(active_events("2018-10-01"))
    for y in (2019, 2020):
        events += [e for e in good_year(y) if e.type is not EventType.REPORT_FINALISED]
    # Judged once the next cycle's deadline has passed: 2020's at 30 April 2021.
    assert not rules.assess(History("XXX", tuple(events)), D(2021, 4, 30)).criteria
    events += good_year(2021)
    a = rules.assess(History("XXX", tuple(events)), D(2021, 5, 1))
    assert [(f.criterion, f.years) for f in a.criteria] == [
        (Criterion.REPORT_NOT_FINALISED, (2019, 2020))
    ]


def test_a_report_the_working_group_never_commented_is_not_held_against_the_country():
    c = CycleRecord(2019, report_submitted_on=D(2019, 4, 1))
    assert not rules.fails_report_not_finalised(c, D(2025, 1, 1))


def test_indicator_framework_not_updated_for_two_consecutive_years_is_insufficient_progress():
    events = list(active_events("2018-10-01"))
    for y in (2019, 2020):
        events += [e for e in good_year(y) if e.type is not EventType.INDICATOR_FRAMEWORK_UPDATED]
    a = rules.assess(History("XXX", tuple(events)), D(2020, 5, 1))
    assert [f.criterion for f in a.current_criteria] == [Criterion.INDICATOR_FRAMEWORK_NOT_UPDATED]


def test_no_evidence_of_progress_for_two_consecutive_years_is_insufficient_progress():
    events = list(active_events("2018-10-01"))
    for y in (2019, 2020):
        events += [e for e in good_year(y) if e.type is not EventType.EVIDENCE_OF_PROGRESS]
    a = rules.assess(History("XXX", tuple(events)), D(2020, 5, 1))
    assert [f.criterion for f in a.current_criteria] == [Criterion.NO_EVIDENCE_OF_PROGRESS]


def test_no_evidence_of_collaboration_for_two_consecutive_years_is_insufficient_progress():
    events = list(active_events("2018-10-01"))
    for y in (2019, 2020):
        events += [e for e in good_year(y) if e.type is not EventType.EVIDENCE_OF_COLLABORATION]
    a = rules.assess(History("XXX", tuple(events)), D(2020, 5, 1))
    assert [f.criterion for f in a.current_criteria] == [Criterion.NO_EVIDENCE_OF_COLLABORATION]


def test_a_late_report_still_counts_as_presented_once_submitted():
    events = [*active_events("2018-10-01"), *good_year(2019, on="2019-09-01"), *good_year(2020)]
    a = rules.assess(History("XXX", tuple(events)), D(2020, 8, 1))
    assert a.criteria == ()
    assert a.late_years == (2019,)


def test_a_good_year_after_two_bad_ones_keeps_the_finding_in_history_but_not_current():
    events = [*active_events("2018-10-01"), *good_year(2021)]
    a = rules.assess(History("XXX", tuple(events)), D(2021, 8, 1))
    reports = [f for f in a.criteria if f.criterion is Criterion.NO_PROGRESS_REPORT]
    assert [(f.years, f.current) for f in reports] == [((2019, 2020), False)]
    assert not a.at_risk


# --- Candidate conditions, recovery -------------------------------------------------------


def test_a_candidate_needs_at_least_one_strategic_planning_workshop_to_be_presented():
    f = CandidateFile(
        expression_by_minister=True,
        expression_addressed_to="alliance_chair",
        focal_point_named=True,
        timeline_submitted=True,
        coordination_bodies=1,
        roadmap_submitted=True,
        roadmap_components=ALL_ROADMAP,
    )
    assert rules.candidate_conditions(f).missing == ("strategic_planning_workshop",)


def test_a_national_action_plan_may_be_submitted_instead_of_a_roadmap():
    events = [e for e in candidate_events() if e.type is not EventType.ROADMAP_SUBMITTED]
    events.append(
        ev("roadmap_submitted", "2018-05-01", kind="national_action_plan", items=tuple(ALL_ROADMAP))
    )
    a = rules.assess(History("CHL", tuple(events)), D(2018, 8, 1))
    assert a.conditions_missing == ()
    assert [s.code for s in a.next_steps] == ["await_gcg_decision"]


def test_baselines_and_budget_are_asked_only_where_possible():
    f = CandidateFile(roadmap_submitted=True, roadmap_components=frozenset(rules.ROADMAP_REQUIRED))
    c = rules.candidate_conditions(f)
    assert "roadmap_budget" in c.advisories
    assert "roadmap_budget" not in c.missing


def test_the_expression_of_interest_must_be_addressed_to_the_director_general_or_the_chair():
    f = CandidateFile(expression_by_minister=True, expression_addressed_to="someone_else")
    assert (
        "expression_addressed_to_director_general_or_chair" in rules.candidate_conditions(f).missing
    )


def test_the_candidate_must_answer_the_gcg_comments_before_status_is_granted():
    events = [*candidate_events(), ev("gcg_comments", "2018-07-17")]
    refused = rules.assess(
        History("XXX", (*events, ev("status_granted", "2018-08-01"))), D(2018, 9, 1)
    )
    assert refused.status is Status.CANDIDATE
    reason = refused.anomalies[0].reason
    assert reason.code == "pathfinder.conditions_not_met"
    assert reason.values["missing"] == ("response_to_gcg_comments",)
    events += [ev("candidate_response", "2018-07-30"), ev("status_granted", "2018-08-01")]
    assert rules.assess(History("XXX", tuple(events)), D(2018, 9, 1)).status is Status.ACTIVE


def test_a_recovery_request_is_complete_only_with_all_four_obligations_and_a_letter_to_the_chair():
    full = rules.RECOVERY_OBLIGATIONS
    assert rules.recovery_request_conditions(full, "alliance_chair").met
    partial = rules.recovery_request_conditions(full[:3], "alliance_chair")
    assert partial.missing == ("evidence_of_collaboration",)
    assert rules.recovery_request_conditions(full, None).missing == ("letter_to_alliance_chair",)


# --- Transitions ----------------------------------------------------------------------------


def test_an_invalid_transition_is_refused_with_the_reason():
    reason = rules.transition_refusal(Action.GRANT_STATUS, Status.ACTIVE, Stage.IMPLEMENTATION)
    assert reason is not None and reason.code == "pathfinder.not_allowed_from"
    # The uniform shape of core.transitions: action, state, allowed (states are pairs).
    assert reason.values["action"] == "grant_status"
    assert reason.values["allowed"] == (("candidate", "planning"),)
    assert reason.values["state"] == ("active", "implementation")
    assert not hasattr(reason, "text")  # no English in rules: the words are in messages.py


def test_a_refusal_is_structured_and_its_json_keeps_the_codes():
    reason = rules.transition_refusal(Action.GRANT_STATUS, Status.CANDIDATE, Stage.PLANNING)
    assert reason == rules.Refusal(
        "pathfinder.conditions_not_met",
        (("action", "grant_status"), ("missing", reason.values["missing"])),
    )
    data = reason.to_dict()
    assert data["code"] == "pathfinder.conditions_not_met"
    assert "focal_point_named" in data["params"]["missing"]
    assert "text" not in data  # JSON keeps the codes; the words come from messages.py


def test_the_gcg_declares_a_country_inactive_only_after_a_failed_dialogue_on_insufficient_progress():
    g = rules.Guards(insufficient_progress=True, dialogue_failed=False)
    refusal = rules.transition_refusal(Action.DECLARE_INACTIVE, Status.ACTIVE, Stage.REVIEW, g)
    assert refusal is not None and refusal.code == "pathfinder.dialogue_not_failed"
    g2 = rules.Guards(insufficient_progress=False, dialogue_failed=True)
    refusal = rules.transition_refusal(Action.DECLARE_INACTIVE, Status.ACTIVE, Stage.REVIEW, g2)
    assert refusal is not None and refusal.code == "pathfinder.no_insufficient_progress"
    g3 = rules.Guards(insufficient_progress=True, dialogue_failed=True)
    assert (
        rules.transition_refusal(Action.DECLARE_INACTIVE, Status.ACTIVE, Stage.REVIEW, g3) is None
    )


def test_a_country_goes_through_the_whole_cycle_inactivity_and_recovery():
    events = [
        *active_events("2018-10-01"),
        ev("dialogue_opened", "2020-06-01"),
        ev("dialogue_closed", "2020-12-01", kind="negative"),
        ev("declared_inactive", "2021-01-15"),
    ]
    a = rules.assess(History("XXX", tuple(events)), D(2021, 2, 1))
    assert a.status is Status.INACTIVE
    assert not a.at_risk
    assert a.overdue == ()
    assert [s.code for s in a.next_steps][:1] == ["annual_report"]
    events += [
        ev(
            "recovery_requested",
            "2021-03-01",
            addressed_to="alliance_chair",
            items=rules.RECOVERY_OBLIGATIONS,
        ),
        ev("reinstated", "2021-03-20"),
    ]
    b = rules.assess(History("XXX", tuple(events)), D(2021, 6, 1))
    assert b.status is Status.ACTIVE
    # Reinstated in March: the first cycle after reinstatement is the following April.
    assert b.overdue == ()
    assert b.next_due == D(2022, 4, 30)
    assert b.required_years == (2019, 2020)
    assert not b.at_risk  # findings from before the reinstatement are history


def test_a_stage_follows_the_cycle_from_report_to_review_and_back_to_planning():
    events = [*active_events("2018-10-01"), *good_year(2019)]
    assert (
        rules.assess(History("XXX", tuple(events)), D(2019, 5, 1)).stage
        is Stage.MONITORING_REPORTING
    )
    assert rules.assess(History("XXX", tuple(events)), D(2019, 8, 1)).stage is Stage.REVIEW
    events.append(ev("review_concluded", "2019-10-01"))
    assert rules.assess(History("XXX", tuple(events)), D(2019, 11, 1)).stage is Stage.PLANNING


# --- History format ------------------------------------------------------------------------


def test_the_history_format_round_trips():
    h = History("NPL", (*active_events(), *good_year(2019)), name="Nepal")
    again = rules.history_from_dict(rules.history_to_dict(h))
    assert set(again.events) == set(h.events)
    assert again.name == "Nepal"


@pytest.mark.parametrize(
    ("doc", "field"),
    [
        ({"country": "NP", "events": []}, "country"),
        ({"country": "NPL", "events": [{"type": "nope", "date": "2020-01-01"}]}, "events[0].type"),
        (
            {"country": "NPL", "events": [{"type": "report_submitted", "date": "2020-01-01"}]},
            "events[0].year",
        ),
        (
            {"country": "NPL", "events": [{"type": "workshop_held", "date": "2020-13-01"}]},
            "events[0].date",
        ),
        ({"country": "NPL", "format": 2, "events": []}, "format"),
        (
            {
                "country": "NPL",
                "events": [
                    {
                        "type": "evidence_of_progress",
                        "date": "2020-01-01",
                        "year": 2020,
                        "kind": "gossip",
                    }
                ],
            },
            "events[0].kind",
        ),
    ],
)
def test_a_malformed_history_is_refused_naming_the_field(doc, field):
    with pytest.raises(HistoryError) as err:
        rules.history_from_dict(doc)
    assert err.value.field == field
    # The reason is a code with its words in the reader's language (messages.py).
    from django.utils import translation

    from alliance87.core.refusals import refusal_text

    assert err.value.refusal.code.startswith("pathfinder_history.")
    english = refusal_text(err.value.refusal)
    with translation.override("es"):
        assert refusal_text(err.value.refusal) not in ("", english)


# --- Properties ------------------------------------------------------------------------------


grant_dates = st.dates(min_value=D(2016, 1, 1), max_value=D(2024, 12, 31))
as_of_offsets = st.integers(min_value=0, max_value=365 * 8)


@settings(max_examples=150, deadline=None)
@given(granted=grant_dates, offset=as_of_offsets, early=st.integers(0, 120))
def test_a_country_that_reports_every_year_on_time_is_never_flagged(granted, offset, early):
    as_of = granted + dt.timedelta(days=offset)
    events = active_events(granted.isoformat())
    for y in range(rules.first_report_year(granted), as_of.year + 2):
        on = max(
            rules.report_due_date(y) - dt.timedelta(days=early), granted + dt.timedelta(days=1)
        )
        events += [
            Event(EventType.REPORT_SUBMITTED, on, year=y),
            Event(EventType.INDICATOR_FRAMEWORK_UPDATED, on, year=y),
            Event(EventType.EVIDENCE_OF_PROGRESS, on, year=y, kind="case_study"),
            Event(EventType.EVIDENCE_OF_COLLABORATION, on, year=y),
            Event(EventType.REPORT_COMMENTED, on + dt.timedelta(days=30), year=y),
            Event(EventType.REPORT_FINALISED, on + dt.timedelta(days=60), year=y),
        ]
    a = rules.assess(History("XXX", tuple(events)), as_of)
    assert a.criteria == ()
    assert a.overdue == ()
    assert a.late_years == ()
    assert not a.at_risk


event_types = st.sampled_from(list(EventType))


@st.composite
def random_events(draw):
    n = draw(st.integers(0, 25))
    out = list(active_events("2018-10-01")) if draw(st.booleans()) else []
    for _ in range(n):
        t = draw(event_types)
        on = draw(st.dates(min_value=D(2018, 1, 1), max_value=D(2024, 12, 31)))
        year = draw(st.integers(2018, 2024)) if t in rules.YEARLY_EVENTS else None
        kind = None
        if t is EventType.EVIDENCE_OF_PROGRESS:
            kind = draw(st.sampled_from(list(rules.EvidenceKind))).value
        elif t is EventType.DIALOGUE_CLOSED:
            kind = draw(st.sampled_from(["positive", "negative"]))
        items = ()
        if t is EventType.RECOVERY_REQUESTED:
            items = tuple(sorted(draw(st.sets(st.sampled_from(rules.RECOVERY_OBLIGATIONS)))))
        out.append(Event(t, on, year=year, kind=kind, items=items, addressed_to="alliance_chair"))
    return out


@settings(max_examples=120, deadline=None)
@given(
    events=random_events(), seed=st.integers(0, 2**16), as_of=st.dates(D(2018, 1, 1), D(2026, 1, 1))
)
def test_flags_never_depend_on_the_order_records_were_entered(events, seed, as_of):
    shuffled = list(events)
    random.Random(seed).shuffle(shuffled)
    a = rules.assess(History("XXX", tuple(events)), as_of)
    b = rules.assess(History("XXX", tuple(shuffled)), as_of)
    assert a.to_dict() == b.to_dict()


@settings(max_examples=80, deadline=None)
@given(events=random_events(), as_of=st.dates(D(2018, 1, 1), D(2026, 1, 1)))
def test_events_after_the_assessment_date_change_nothing(events, as_of):
    later = Event(EventType.REPORT_SUBMITTED, as_of + dt.timedelta(days=1), year=as_of.year)
    a = rules.assess(History("XXX", tuple(events)), as_of)
    b = rules.assess(History("XXX", (*events, later)), as_of)
    assert a.to_dict() == b.to_dict()


@settings(max_examples=80, deadline=None)
@given(events=random_events(), as_of=st.dates(D(2018, 1, 1), D(2026, 1, 1)))
def test_every_assessment_is_a_state_the_transition_table_can_reach_and_round_trips(events, as_of):
    a = rules.assess(History("XXX", tuple(events)), as_of)
    table = rules.TRANSITIONS.transitions.values()
    reachable = {(None, None)} | {t.target for t in table}
    reachable |= {src for t in table for src in t.sources}
    assert (a.status, a.stage) in reachable
    assert a.at_risk == (a.status is Status.ACTIVE and bool(a.current_criteria))
    h = rules.history_from_dict(rules.history_to_dict(History("XXX", tuple(events))))
    assert rules.assess(h, as_of).to_dict() == a.to_dict()


@settings(max_examples=80, deadline=None)
@given(granted=grant_dates, missing=st.integers(0, 4))
def test_a_finding_always_names_two_consecutive_years_in_which_the_country_had_to_report(
    granted, missing
):
    as_of = rules.report_due_date(rules.first_report_year(granted) + missing) + dt.timedelta(days=1)
    a = rules.assess(History("XXX", tuple(active_events(granted.isoformat()))), as_of)
    for f in a.criteria:
        assert f.years[1] == f.years[0] + 1
        assert set(f.years) <= set(a.required_years)
    # Missing every report: flagged exactly when at least two deadlines have passed.
    assert a.at_risk == (missing >= 1)


def test_the_rules_module_never_imports_django():
    import subprocess
    import sys

    code = (
        "import sys, alliance87.pathfinders.rules; "
        "sys.exit(1 if any(m == 'django' or m.startswith('django.') for m in sys.modules) else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


@pytest.mark.parametrize(
    "module", sorted(p.name for p in (Path(rules.__file__).parent).glob("*.py"))
)
def test_no_module_of_the_rules_package_imports_django_or_the_database(module):
    """tests/core/test_rules_are_pure.py checks ``*/rules.py``; rules is a package here."""
    tree = ast.parse((Path(rules.__file__).parent / module).read_text(encoding="utf-8"))
    imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    assert not {m for m in imported if m.split(".")[0] in {"django", "ninja"}}
    assert not {m for m in imported if m.endswith((".models", ".services", ".selectors"))}


# --- Seed 003: the GCG grants status and declares inactivity, by consensus with quorum -------

_DECISION = rules.GcgDecision("GCG5/2", "grant_pathfinder", "NPL", adopted=True, quorum_held=True)


def test_status_is_granted_only_by_an_adopted_gcg_decision_taken_with_quorum():
    grant = rules.Action.GRANT_STATUS
    assert rules.decision_refusal(grant, "NPL", "GCG5/2", _DECISION) is None
    assert rules.decision_refusal(grant, "NPL", "", None).code == "pathfinder.decision_needed"
    assert (
        rules.decision_refusal(grant, "NPL", "GCG5/2", None).code
        == "pathfinder.decision_not_on_record"
    )
    no_quorum = replace(_DECISION, quorum_held=False)
    assert (
        rules.decision_refusal(grant, "NPL", "GCG5/2", no_quorum).code
        == "pathfinder.decision_without_quorum"
    )
    objected = replace(_DECISION, adopted=False)
    assert (
        rules.decision_refusal(grant, "NPL", "GCG5/2", objected).code
        == "pathfinder.decision_not_adopted"
    )


def test_a_gcg_decision_authorises_only_its_own_step_for_its_own_country():
    other = "pathfinder.decision_about_something_else"
    assert (
        rules.decision_refusal(rules.Action.GRANT_STATUS, "PER", "GCG5/2", _DECISION).code == other
    )
    assert (
        rules.decision_refusal(rules.Action.DECLARE_INACTIVE, "NPL", "GCG5/2", _DECISION).code
        == other
    )


def test_the_country_is_declared_inactive_only_by_a_gcg_decision():
    d = replace(_DECISION, kind="declare_inactive")
    assert rules.decision_refusal(rules.Action.DECLARE_INACTIVE, "NPL", "GCG6/1", d) is None
    assert rules.DECISION_KIND[rules.Action.DECLARE_INACTIVE] == "declare_inactive"


# --- Seed 003, "Etapa de seguimiento": the Working Group comments; the country finalises ---


def test_a_report_cannot_be_finalised_straight_after_its_submission():
    S, A = rules.DocumentState, rules.DocumentAction
    assert rules.DOCUMENT.refusal(A.FINALISE, S.SUBMITTED) is not None
    assert rules.DOCUMENT.refusal(A.FINALISE, S.DRAFT) is not None
    assert rules.DOCUMENT.refusal(A.FINALISE, S.COMMENTED) is None
    assert rules.DOCUMENT.refusal(A.FINALISE, S.REVISED) is None


def test_the_country_revises_and_finalises_after_the_working_groups_comments():
    A, who = rules.DocumentAction, rules.DocumentActor
    assert rules.DOCUMENT_ACTOR[A.FINALISE] is who.COUNTRY
    assert rules.DOCUMENT_ACTOR[A.RESUBMIT] is who.COUNTRY
    assert rules.DOCUMENT_ACTOR[A.COMMENT] is who.WORKING_GROUP
    assert set(rules.DOCUMENT_ACTOR) == set(A)


def test_a_reviewer_reads_only_submitted_documents_assigned_to_them():
    S = rules.DocumentState
    assert not rules.reviewer_may_read(S.DRAFT, assigned_to_them=True)
    assert not rules.reviewer_may_read(S.SUBMITTED, assigned_to_them=False)
    for state in (S.SUBMITTED, S.COMMENTED, S.REVISED, S.FINALISED):
        assert rules.reviewer_may_read(state, assigned_to_them=True)


def test_a_seeded_record_stands_until_its_history_reaches_it():
    S, G = rules.Status, rules.Stage
    assert rules.record_behind((S.CANDIDATE, G.PLANNING), (S.CANDIDATE, G.EXPRESSION_OF_INTEREST))
    assert rules.record_behind((S.ACTIVE, G.IMPLEMENTATION), (S.CANDIDATE, G.PLANNING))
    assert not rules.record_behind(
        (S.CANDIDATE, G.EXPRESSION_OF_INTEREST), (S.CANDIDATE, G.PLANNING)
    )
    assert not rules.record_behind((S.ACTIVE, G.REVIEW), (S.ACTIVE, G.PLANNING))  # a new cycle
    assert not rules.record_behind((None, None), (S.CANDIDATE, G.EXPRESSION_OF_INTEREST))
