"""A refused step reaches the user in their language, naming the missing conditions in words
(never the codes of rules.py), on the pages and in the API."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from django.utils import translation

from alliance87.core.refusals import refusal_text
from alliance87.pathfinders import messages, rules
from alliance87.pathfinders.models import Pathfinder
from tests.conftest import client_for

from .helpers import gcg_decision, make_candidate

pytestmark = pytest.mark.django_db

SPANISH_MISSING = "la hoja de ruta (o el plan de acción nacional)"


@pytest.fixture(autouse=True)
def _back_to_english():
    """API requests activate the caller's language on the thread; later tests expect English."""
    yield
    translation.activate("en")


def test_a_refused_grant_in_spanish_names_the_missing_conditions_in_spanish_on_the_page(
    secretariat,
):
    make_candidate(secretariat, "NPL")
    c = client_for(secretariat)
    r = c.post(
        "/es/pathfinders/NPL/workspace/grant/", {"decision_ref": gcg_decision("NPL")}, follow=True
    )
    html = r.content.decode()
    start = html.index("Todavía no se puede conceder el estatus de país pionero.")
    message = html[start : html.index("<", start)]
    assert SPANISH_MISSING in message
    assert "la presentación de la hoja de ruta al GCM" in message
    assert "roadmap_submitted" not in message and "presented_to_gcg" not in message
    assert Pathfinder.objects.get(pk="NPL").status == "candidate"


def test_a_refused_grant_in_spanish_names_the_missing_conditions_in_spanish_in_the_api(
    secretariat,
):
    make_candidate(secretariat, "NPL")
    r = client_for(secretariat).post(
        "/api/pathfinders/NPL/grant",
        json.dumps({"decision_ref": gcg_decision("NPL")}),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="es",
    )
    assert r.status_code == 409
    detail = r.json()["detail"]
    assert detail.startswith("Todavía no se puede conceder el estatus de país pionero.")
    assert SPANISH_MISSING in detail
    assert "roadmap_submitted" not in detail


def test_a_refused_step_in_the_wrong_state_names_the_states_in_french_and_portuguese(secretariat):
    make_candidate(secretariat, "NPL")
    for lang, expected in [("fr", "Candidat"), ("pt", "Candidato")]:
        r = client_for(secretariat).post(
            "/api/pathfinders/NPL/events",
            json.dumps({"type": "dialogue_opened", "date": "2018-06-01"}),
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE=lang,
        )
        assert r.status_code == 409
        detail = r.json()["detail"]
        assert expected in detail
        assert "declare_inactive" not in detail and "candidate" not in detail


def test_a_focal_point_sees_the_refusal_of_a_recovery_in_their_language():
    refusal = rules.transition_refusal(
        rules.Action.REINSTATE,
        rules.Status.INACTIVE,
        rules.Stage.REVIEW,
        rules.Guards(recovery=rules.recovery_request_conditions(("annual_report",), None)),
    )
    with translation.override("es"):
        text = messages.refusal_text(refusal)
    assert text.startswith("Todavía no se puede restablecer al país como activo")
    assert "una carta a la Presidencia de la Alianza" in text
    assert "letter_to_alliance_chair" not in text


@pytest.mark.parametrize("code", sorted(messages.CONDITION_TEXT))
def test_every_condition_code_has_a_spanish_phrase(code):
    with translation.override("en"):
        english = messages.condition_text(code)
    with translation.override("es"):
        spanish = messages.condition_text(code)
    assert spanish and spanish != english and spanish != code


def test_every_condition_rules_can_return_has_a_phrase():
    codes = set(rules.candidate_conditions(rules.CandidateFile(roadmap_submitted=True)).missing)
    codes |= set(rules.candidate_conditions(rules.CandidateFile()).advisories)
    codes |= set(rules.candidate_conditions(rules.CandidateFile(roadmap_submitted=True)).advisories)
    codes |= {"presented_to_gcg", "response_to_gcg_comments"}
    codes |= set(rules.recovery_request_conditions((), None).missing)
    assert codes <= set(messages.CONDITION_TEXT)
    assert set(rules.Action) == set(messages.ACTION_TEXT)


def _every_refusal() -> list[rules.Refusal]:
    """One refusal of every code the rules can return (both tables and every guard)."""
    out = [
        rules.transition_refusal(
            rules.Action.GRANT_STATUS, rules.Status.ACTIVE, rules.Stage.REVIEW
        ),
        rules.transition_refusal(rules.Action.EXPRESS_INTEREST, rules.Status.ACTIVE, None),
        rules.transition_refusal(rules.Action.START_PLANNING, None, None),
        rules.transition_refusal(
            rules.Action.PRESENT_TO_GCG, rules.Status.CANDIDATE, rules.Stage.PLANNING
        ),
        rules.transition_refusal(
            rules.Action.GRANT_STATUS, rules.Status.CANDIDATE, rules.Stage.PLANNING
        ),
        rules.transition_refusal(
            rules.Action.DECLARE_INACTIVE, rules.Status.ACTIVE, rules.Stage.REVIEW
        ),
        rules.transition_refusal(
            rules.Action.DECLARE_INACTIVE,
            rules.Status.ACTIVE,
            rules.Stage.REVIEW,
            rules.Guards(insufficient_progress=True),
        ),
        rules.transition_refusal(rules.Action.REINSTATE, rules.Status.INACTIVE, rules.Stage.REVIEW),
    ]
    out += [
        rules.DOCUMENT.refusal(action, state)
        for action in rules.DocumentAction
        for state in rules.DocumentState
    ]
    d = rules.GcgDecision("GCG5/2", "grant_pathfinder", "NPL", adopted=True, quorum_held=True)
    for action in (rules.Action.GRANT_STATUS, rules.Action.DECLARE_INACTIVE):
        out += [
            rules.decision_refusal(action, "NPL", None, None),
            rules.decision_refusal(action, "NPL", "GCG5/2", None),
            rules.decision_refusal(action, "PER", "GCG5/2", d),
            rules.decision_refusal(
                rules.Action.GRANT_STATUS, "NPL", "GCG5/2", replace(d, quorum_held=False)
            ),
            rules.decision_refusal(
                rules.Action.GRANT_STATUS, "NPL", "GCG5/2", replace(d, adopted=False)
            ),
        ]
    return [r for r in out if r is not None]


@pytest.mark.parametrize("language", ["en", "es", "fr", "pt"])
def test_every_refusal_code_the_rules_can_return_has_words(language):
    found = _every_refusal()
    assert {r.code for r in found} == {
        *rules.REFUSAL_CODES,
        *rules.AUTHORITY_CODES,
        rules.DOCUMENT_NOT_ALLOWED_FROM,
    }
    with translation.override(language):
        for refusal in found:
            text = refusal_text(refusal)
            assert text and refusal.code not in text
            assert "_" not in text, text  # no condition or state code left in the words
            if language != "en":
                with translation.override("en"):
                    assert text != refusal_text(refusal)  # translated, not the English


def test_every_next_step_and_condition_code_the_rules_can_return_has_words():
    import re
    from pathlib import Path

    source = (Path(rules.__file__).parent / "assessment.py").read_text(encoding="utf-8")
    literal = set(re.findall(r'_step\("(\w+)"', source)) | set(
        re.findall(r'"(submit_report|submit_indicator_framework)"', source)
    )
    conditions = {
        *rules.grant_conditions(rules.CandidateFile(roadmap_submitted=True)).missing,
        *rules.grant_conditions(rules.CandidateFile(gcg_commented=True)).missing,
        *rules.recovery_request_conditions((), None).missing,
    }
    assert {"dialogue", "prepare_report", "submit_report"} <= literal
    assert literal | conditions <= set(messages.STEP_TEXT)
    advisories = rules.candidate_conditions(rules.CandidateFile(roadmap_submitted=True)).advisories
    assert {*conditions, *advisories} <= set(messages.CONDITION_TEXT)


def test_a_grant_without_a_gcg_decision_is_refused_in_words_on_the_page_and_in_the_api(
    secretariat,
):
    make_candidate(secretariat, "NPL")
    r = client_for(secretariat).post(
        "/fr/pathfinders/NPL/workspace/grant/", {"decision_ref": "GCG99/1"}, follow=True
    )
    assert "Seule une décision du GCM accorde le statut de pays pionnier." in r.content.decode()
    r = client_for(secretariat).post(
        "/api/pathfinders/NPL/grant",
        json.dumps({"decision_ref": "GCG99/1"}),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="pt",
    )
    assert r.status_code == 409
    assert r.json()["code"] == "pathfinder.decision_not_on_record"
    assert r.json()["detail"].startswith("Somente uma decisão do GCM")
    assert Pathfinder.objects.get(pk="NPL").status == "candidate"
