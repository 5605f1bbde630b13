"""Every code the GCG's rules can return has words in every language (``messages.py``)."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest
from django.utils import translation

from alliance87.core import refusals
from alliance87.core.transitions import refusal
from alliance87.governance import rules

RULES = Path(rules.__file__)

#: Plausible parameters of the codes that have some.
PARAMS = {
    "governance.seat.constituency_full": {"count": 5},
    "governance.seat.wrong_nominating_body": {"body": "ioe"},
    "governance.seat.nomination_needed": {"body": "ituc"},
    "governance.seat.organisation_of_another_group": {"group": "workers", "seat_group": "un_igo"},
    "governance.warning.pathfinder_region_shared": {"count": 2, "region": "142"},
    "governance.warning.pathfinder_seat_not_pathfinder": {"country": "FR"},
    "governance.warning.nominating_body_unknown": {"constituency": "employers"},
    "governance.warning.vacant_seats": {"count": 3},
    "governance.term.too_long": {"date": "2022-12-31"},
    "governance.member.not_allowed_from": {
        "action": "leave",
        "state": "ended",
        "allowed": ("active",),
    },
    "governance.member.not_forfeited": {"absences": 3},
    "governance.decision.no_quorum": {"present": 12, "missing": ("workers", "ngos")},
}


def _codes_in_rules_source() -> set[str]:
    """The literal codes ``rules.py`` passes to ``refusal(...)``, and the tables' codes."""
    tree = ast.parse(RULES.read_text(encoding="utf-8"))
    codes = {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", None) == "refusal"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    }
    return codes | {f"{rules.MEMBER.name}.not_allowed_from"}


def test_the_list_of_codes_is_every_code_the_rules_return():
    assert _codes_in_rules_source() == rules.CODES


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "es", "fr", "pt"])
@pytest.mark.parametrize("code", sorted(rules.CODES))
def test_every_code_has_words(code, language):
    with translation.override(language):
        text = refusals.refusal_text(refusal(code, **PARAMS.get(code, {})))
    assert text and "%(" not in text and code not in text


def test_refusals_are_translated():
    reason = rules.term_refusal(
        dt.date(2020, 1, 1), dt.date(2024, 1, 1), rules.Constituency.REGIONAL
    )
    with translation.override("es"):
        spanish = refusals.refusal_text(reason)
    # The date in words, as a Spanish reader writes it (core.words), not the ISO date.
    assert reason.code == "governance.term.too_long" and "31 de diciembre de 2022" in spanish
    assert spanish != refusals.refusal_text(reason)


def test_the_member_table_allows_each_step_only_from_active():
    assert rules.MEMBER.actions_from(rules.MemberStatus.ACTIVE) == ["end_term", "leave", "forfeit"]
    for state in (rules.MemberStatus.ENDED, rules.MemberStatus.FORFEITED):
        assert rules.MEMBER.actions_from(state) == []
        assert rules.MEMBER.refusal("leave", state).code == "governance.member.not_allowed_from"


@pytest.mark.django_db
def test_a_warning_names_the_country_and_the_region_in_the_readers_language():
    with translation.override("es"):
        country = refusals.refusal_text(
            refusal("governance.warning.pathfinder_seat_not_pathfinder", country="MG")
        )
        region = refusals.refusal_text(
            refusal("governance.warning.pathfinder_region_shared", count=2, region="002")
        )
    assert "Madagascar" in country and " MG " not in f" {country} "
    assert "África" in region and "Africa " not in region
