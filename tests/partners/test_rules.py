"""The partner directory's rules (alliance87.partners.rules), named after the rule they check."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from alliance87.partners import rules

GOOD_STATEMENT = " ".join(["We"] + ["work"] * 25)


def complete_application(**overrides):
    data = {
        "organisation_name": "Asociación Niñez Libre",
        "category": "civil_society",
        "country": "PER",
        "contact_name": "Ana Pérez",
        "contact_email": "ana@example.org",
        "statement": GOOD_STATEMENT,
        "commitment": True,
    }
    data.update(overrides)
    return data


# Partner status -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "target"),
    [
        ("applicant", "active"),
        ("applicant", "withdrawn"),
        ("active", "suspended"),
        ("suspended", "active"),
        ("active", "withdrawn"),
        ("suspended", "withdrawn"),
    ],
)
def test_partner_status_moves_along_the_allowed_transitions(current, target):
    assert rules.partner_transition_refusal(current, target) is None


@pytest.mark.parametrize(
    ("current", "target"),
    [
        ("withdrawn", "active"),
        ("withdrawn", "suspended"),
        ("applicant", "suspended"),
        ("active", "applicant"),
        ("suspended", "applicant"),
        ("active", "active"),
        ("active", "gone"),
    ],
)
def test_partner_status_refuses_other_transitions_with_a_reason(current, target):
    assert rules.partner_transition_refusal(current, target)


def test_withdrawal_is_final():
    assert rules.PARTNER_TRANSITIONS["withdrawn"] == frozenset()


def test_only_active_partners_are_public():
    assert [s for s in rules.PARTNER_TRANSITIONS if rules.partner_is_public(s)] == ["active"]


# Vetting --------------------------------------------------------------------------------


def test_vetting_goes_submitted_info_requested_resubmitted_approved():
    state = "submitted"
    for action in ("request_info", "resubmit", "approve"):
        assert rules.vetting_refusal(state, action, reason="Please send your statutes.") is None
        state = rules.vetting_target(action)
    assert state == "approved"


@pytest.mark.parametrize("state", ["submitted", "info_requested", "resubmitted"])
def test_an_open_application_can_be_rejected_with_a_reason(state):
    assert rules.vetting_refusal(state, "reject", reason="No work on Target 8.7.") is None


@pytest.mark.parametrize("action", ["reject", "request_info"])
def test_a_rejection_or_a_request_for_information_needs_a_reason(action):
    assert rules.vetting_refusal("submitted", action, reason="   ")


def test_an_application_waiting_for_the_applicant_cannot_be_approved():
    from django.utils import translation

    from alliance87.core.refusals import refusal_text

    refusal = rules.vetting_refusal("info_requested", "approve")
    assert refusal.code == rules.AWAITING_APPLICANT
    with translation.override("en"):
        assert "not yet sent" in refusal_text(refusal)


@pytest.mark.parametrize("decided", ["approved", "rejected"])
@pytest.mark.parametrize("action", ["approve", "reject", "request_info", "resubmit"])
def test_a_decided_application_cannot_be_vetted_again(decided, action):
    assert rules.vetting_refusal(decided, action, reason="x")


def test_only_an_application_asked_for_more_information_can_be_resubmitted():
    assert rules.vetting_refusal("submitted", "resubmit")
    assert rules.vetting_refusal("info_requested", "resubmit") is None


# Completeness ---------------------------------------------------------------------------


def test_a_complete_application_has_no_problems():
    assert rules.application_problems(complete_application()) == {}


@pytest.mark.parametrize("field", rules.REQUIRED_APPLICATION_FIELDS)
def test_each_missing_field_is_named(field):
    assert field in rules.application_problems(complete_application(**{field: "  "}))


def test_partners_commit_to_human_rights_and_labour_standards_explicitly():
    """Seed 000: partners commit to promote international human rights and labour standards."""
    for value in (False, None, "yes", 1):
        assert "commitment" in rules.application_problems(complete_application(commitment=value))


def test_admission_guards_against_applications_with_no_genuine_statement():
    """Seed 004, session 4: admission should filter organisations with no genuine purpose."""
    problems = rules.application_problems(complete_application(statement="We care."))
    assert "statement" in problems


# Spreadsheet cells ----------------------------------------------------------------------


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+1+1", "-2", "@SUM(A1)", "\t=1"])
def test_export_cells_starting_with_a_formula_character_are_neutralised(text):
    assert rules.neutralise_cell(text) == "'" + text


def test_export_cells_of_plain_text_and_numbers_are_unchanged():
    assert rules.neutralise_row(["ILO", 3, None, "Free the Slaves"]) == [
        "ILO",
        3,
        None,
        "Free the Slaves",
    ]


@given(st.text())
def test_no_neutralised_cell_starts_with_a_formula_character(text):
    assert not str(rules.neutralise_cell(text)).startswith(("=", "+", "-", "@"))


# Search text ----------------------------------------------------------------------------


def test_search_text_is_folded_so_accents_and_case_do_not_matter():
    assert (
        rules.fold("Organización  Internacional del TRABAJO")
        == "organizacion internacional del trabajo"
    )
    assert rules.search_terms("Niñez, niñez OIT") == ["ninez", "oit"]
