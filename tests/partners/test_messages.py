"""Every refusal code the partners rules can return has words in every language, and the
events the services record are declared."""

from __future__ import annotations

import pytest
from django.utils import translation

from alliance87.core.audit import event_label
from alliance87.core.refusals import refusal_text
from alliance87.core.transitions import refusal
from alliance87.partners import rules
from alliance87.partners.events import PartnersEvent

PARAMS = {"action": "approve", "state": "submitted", "allowed": ("a",), "status": "x", "n": 20}


@pytest.mark.parametrize("code", rules.REFUSAL_CODES)
@pytest.mark.parametrize("language", ["en", "es", "fr", "pt"])
def test_every_refusal_code_has_words(code, language):
    with translation.override(language):
        text = refusal_text(refusal(code, **PARAMS))
    assert text and "%(" not in text


def test_the_rules_return_only_known_codes():
    returned = {
        rules.partner_transition_refusal("withdrawn", "active"),
        rules.partner_transition_refusal("active", "active"),
        rules.partner_transition_refusal("active", "gone"),
        rules.partner_transition_refusal("active", "applicant"),
        rules.vetting_refusal("approved", "approve"),
        rules.vetting_refusal("info_requested", "approve"),
        rules.vetting_refusal("submitted", "resubmit"),
        rules.vetting_refusal("submitted", "fly"),
        rules.vetting_refusal("submitted", "reject", reason=" "),
        rules.last_admin_refusal(0, actor_is_secretariat=False),
        rules.phone_problem("ring me"),
        *rules.application_problems({"statement": "Too short."}).values(),
    }
    assert {r.code for r in returned} == set(rules.REFUSAL_CODES)


def test_the_statement_refusal_says_how_many_words():
    with translation.override("en"):
        assert "20 words" in refusal_text(
            rules.application_problems({"statement": "x"})["statement"]
        )


def test_partner_status_is_one_table():
    assert rules.PARTNER_STATUS.actions_from("withdrawn") == []
    assert rules.PARTNER_STATUS.refusal("suspend", "withdrawn").code == (
        "partners.partner_status.not_allowed_from"
    )


def test_every_event_has_words():
    for member in PartnersEvent:
        assert event_label(member.value) == str(member.label)
