"""The mandate's rules for the Global Coordinating Group (seed 000), as pure functions: no database."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from alliance87.governance import rules
from alliance87.governance.rules import (
    Attendee,
    Constituency,
    Holding,
    NominatingBody,
    Outcome,
    Presence,
    StakeholderGroup,
)

D = dt.date
G = StakeholderGroup


def words(reason) -> str:
    """A refusal's code in words (``messages.py``), in the active language."""
    from alliance87.core.refusals import refusal_text

    return refusal_text(reason)


def room(counts: dict[StakeholderGroup, int], observers: int = 0) -> list[Attendee]:
    people = [Attendee(f"{g}-{i}", g) for g, n in counts.items() for i in range(n)]
    people += [Attendee(f"obs-{i}", G.GOVERNMENTS, observer=True) for i in range(observers)]
    return people


FULL_ROOM = {G.GOVERNMENTS: 8, G.UN_IGO: 2, G.EMPLOYERS: 2, G.WORKERS: 2, G.NGOS: 2}


# --- composition -------------------------------------------------------------------------


def test_the_group_has_32_seats_shared_as_the_mandate_says():
    assert len(rules.seat_codes()) == 32
    assert rules.SEATS[Constituency.CHAIR] == rules.SEATS[Constituency.VICE_CHAIR] == 1
    government = sum(
        rules.SEATS[c]
        for c in (Constituency.PATHFINDER, Constituency.DEVELOPMENT_PARTNER, Constituency.REGIONAL)
    )
    assert government == 15
    assert rules.SEATS[Constituency.UN_IGO] == 6
    assert rules.SEATS[Constituency.EMPLOYERS] == rules.SEATS[Constituency.WORKERS] == 3
    assert rules.SEATS[Constituency.NGO] == 3


def test_it_refuses_a_sixth_development_partner_seat():
    current = [Holding(Constituency.DEVELOPMENT_PARTNER, country=c) for c in "ABCDE"]
    reason = rules.assignment_refusal(
        current, Holding(Constituency.DEVELOPMENT_PARTNER, country="F")
    )
    assert reason.code == "governance.seat.constituency_full" and reason.values == {"count": 5}
    assert "5 seats" in words(reason)


def test_it_refuses_a_second_chair():
    current = [Holding(Constituency.CHAIR, country="FR")]
    assert rules.assignment_refusal(current, Holding(Constituency.CHAIR, country="AR"))


def test_the_chair_must_be_a_government():
    reason = rules.assignment_refusal([], Holding(Constituency.CHAIR, organisation="ilo"))
    assert reason.code == "governance.seat.government_needs_country"
    assert "government" in words(reason)


def test_it_refuses_two_regional_seats_for_the_same_un_regional_group():
    current = [Holding(Constituency.REGIONAL, country="NG", regional_group="african")]
    reason = rules.assignment_refusal(
        current, Holding(Constituency.REGIONAL, country="KE", regional_group="african")
    )
    assert reason.code == "governance.seat.region_already_held"
    assert "one regional seat per regional group" in words(reason)


def test_a_regional_seat_needs_the_un_regional_group_that_appoints_it():
    assert rules.assignment_refusal([], Holding(Constituency.REGIONAL, country="NG"))
    # An M49 continent is not a regional group.
    assert rules.assignment_refusal([], Holding(Constituency.REGIONAL, country="NG", region="002"))
    assert rules.assignment_refusal(
        [], Holding(Constituency.REGIONAL, country="NG", regional_group="africa")
    )


@pytest.mark.parametrize(
    ("iso2", "region", "subregion", "group"),
    [
        ("NG", "002", "202", "african"),
        ("MA", "002", "015", "african"),
        ("JP", "142", "030", "asia_pacific"),
        ("CY", "142", "145", "asia_pacific"),
        ("FJ", "009", "054", "asia_pacific"),
        ("PL", "150", "151", "eastern_european"),
        ("GE", "142", "145", "eastern_european"),
        ("BR", "019", "419", "latin_american_caribbean"),
        ("JM", "019", "419", "latin_american_caribbean"),
        ("FR", "150", "155", "western_european_others"),
        ("AU", "009", "053", "western_european_others"),
        ("TR", "142", "145", "western_european_others"),
        ("CA", "019", "021", "western_european_others"),
    ],
)
def test_regional_seats_follow_the_un_regional_groups_not_the_m49_continents(
    iso2, region, subregion, group
):
    # Seed 000: «uno de cada región geográfica reconocida por las Naciones Unidas, nombrados
    # por los grupos regionales» -- Georgia (M49 Asia) is in the Eastern European Group,
    # Australia (M49 Oceania) and Türkiye (M49 Asia) in the Western European and Others Group.
    assert rules.regional_group_of(iso2, region, subregion) == group


def test_employers_seats_are_nominated_by_the_ioe():
    reason = rules.assignment_refusal(
        [], Holding(Constituency.EMPLOYERS, organisation="x", nominated_by=NominatingBody.ITUC)
    )
    assert reason.code == "governance.seat.wrong_nominating_body"
    assert reason.values == {"body": "ioe"} and "IOE" in words(reason)
    assert (
        rules.assignment_refusal(
            [], Holding(Constituency.EMPLOYERS, organisation="x", nominated_by=NominatingBody.IOE)
        )
        is None
    )


def test_workers_seats_are_nominated_by_the_ituc_and_ngo_seats_by_the_ngo_forum():
    assert "ITUC" in words(
        rules.assignment_refusal(
            [], Holding(Constituency.WORKERS, organisation="x", nominated_by=NominatingBody.IOE)
        )
    )
    assert "NGO Forum" in words(
        rules.assignment_refusal(
            [], Holding(Constituency.NGO, organisation="x", nominated_by=NominatingBody.IOE)
        )
    )


def test_an_organisation_seat_is_not_held_by_a_government():
    assert rules.assignment_refusal([], Holding(Constituency.UN_IGO, country="FR"))


def test_a_country_holds_at_most_one_government_seat():
    current = [Holding(Constituency.CHAIR, country="FR")]
    assert rules.assignment_refusal(
        current, Holding(Constituency.DEVELOPMENT_PARTNER, country="FR")
    )


def test_it_warns_when_pathfinder_seats_are_not_one_per_region():
    holdings = [
        Holding(Constituency.PATHFINDER, country="NP", region="142", is_pathfinder=True),
        Holding(Constituency.PATHFINDER, country="LK", region="142", is_pathfinder=True),
    ]
    warnings = rules.composition_warnings(holdings)
    assert warnings[0] == rules.refusal(
        "governance.warning.pathfinder_region_shared", count=2, region="142"
    )
    assert any("same region" in words(w) and "Asia" in words(w) for w in warnings)


def test_it_warns_when_a_pathfinder_seat_is_held_by_a_country_that_is_not_a_pathfinder():
    warnings = rules.composition_warnings(
        [Holding(Constituency.PATHFINDER, country="FR", region="150", is_pathfinder=False)]
    )
    assert rules.refusal("governance.warning.pathfinder_seat_not_pathfinder", country="FR") in (
        warnings
    )
    assert any("not a pathfinder" in words(w) for w in warnings)


def test_a_full_composition_one_pathfinder_per_region_has_no_warning():
    holdings = [
        Holding(Constituency.CHAIR, country="C1"),
        Holding(Constituency.VICE_CHAIR, country="C2"),
    ]
    holdings += [
        Holding(Constituency.PATHFINDER, country=f"P{r}", region=r, is_pathfinder=True)
        for r in rules.UN_REGIONS
    ]
    holdings += [Holding(Constituency.DEVELOPMENT_PARTNER, country=f"D{i}") for i in range(5)]
    holdings += [
        Holding(
            Constituency.REGIONAL,
            country=f"R{g}",
            regional_group=g,
            nominated_by=NominatingBody.REGIONAL_GROUP,
        )
        for g in rules.RegionalGroup
    ]
    holdings += [Holding(Constituency.UN_IGO, organisation=f"u{i}") for i in range(6)]
    for c, body in (
        (Constituency.EMPLOYERS, NominatingBody.IOE),
        (Constituency.WORKERS, NominatingBody.ITUC),
        (Constituency.NGO, NominatingBody.NGO_FORUM),
    ):
        holdings += [Holding(c, organisation=f"{c}{i}", nominated_by=body) for i in range(3)]
    assert rules.composition_warnings(holdings) == []
    assert len(holdings) == 32
    # and every assignment of it, in order, was allowed
    for i, h in enumerate(holdings):
        assert rules.assignment_refusal(holdings[:i], h) is None


@given(st.lists(st.sampled_from(list(Constituency)), max_size=60))
def test_assignments_never_exceed_a_constituencys_seats(constituencies):
    held: list[Holding] = []
    for i, c in enumerate(constituencies):
        if c in rules.GOVERNMENT_CONSTITUENCIES:
            h = Holding(c, country=f"X{i}", regional_group=list(rules.RegionalGroup)[i % 5])
        else:
            h = Holding(c, organisation=f"o{i}")
        if rules.assignment_refusal(held, h) is None:
            held.append(h)
    for c, n in rules.SEATS.items():
        assert sum(1 for h in held if h.constituency is c) <= n
    assert len(held) <= 32


# --- quorum ----------------------------------------------------------------------------


def test_quorum_holds_with_16_present_and_every_stakeholder_group():
    q = rules.quorum(room(FULL_ROOM))
    assert q.present == 16 and q.holds and q.missing_groups == ()


def test_quorum_fails_with_15_present():
    q = rules.quorum(room({**FULL_ROOM, G.GOVERNMENTS: 7}))
    assert not q.holds and q.short_by == 1 and q.missing_groups == ()


def test_quorum_fails_without_the_workers_even_with_20_present():
    q = rules.quorum(room({G.GOVERNMENTS: 14, G.UN_IGO: 2, G.EMPLOYERS: 2, G.NGOS: 2}))
    assert q.present == 20 and not q.holds
    assert q.missing_groups == (G.WORKERS,)


def test_observers_never_count_towards_quorum():
    q = rules.quorum(room({**FULL_ROOM, G.GOVERNMENTS: 7}, observers=10))
    assert q.present == 15 and not q.holds


def test_a_representative_counts_once():
    people = room(FULL_ROOM)
    q = rules.quorum(people[1:] + [people[1]])
    assert q.present == 15 and not q.holds


counts = st.fixed_dictionaries({g: st.integers(0, 12) for g in StakeholderGroup})


@given(counts, st.integers(0, 5))
def test_quorum_never_holds_with_fewer_than_16_present(c, observers):
    q = rules.quorum(room(c, observers))
    if sum(c.values()) < 16:
        assert not q.holds


@given(counts, st.sampled_from(list(StakeholderGroup)))
def test_adding_a_present_member_never_breaks_quorum(c, group):
    before = rules.quorum(room(c))
    after = rules.quorum([*room(c), Attendee("newcomer", group)])
    assert not before.holds or after.holds
    assert set(after.missing_groups) <= set(before.missing_groups)


@given(counts, st.integers(0, 30))
def test_observers_never_change_quorum(c, observers):
    assert rules.quorum(room(c)) == rules.quorum(room(c, observers))


@given(counts)
def test_quorum_holds_exactly_when_16_present_and_no_group_missing(c):
    q = rules.quorum(room(c))
    assert q.holds == (sum(c.values()) >= 16 and all(c.values()))
    assert set(q.missing_groups) == {g for g, n in c.items() if n == 0}


# --- consensus ---------------------------------------------------------------------------


def test_a_decision_without_quorum_is_refused_even_without_objection():
    assert rules.consensus(False, 0) is Outcome.NO_QUORUM


def test_one_objection_means_the_proposal_is_not_adopted():
    assert rules.consensus(True, 1) is Outcome.NOT_ADOPTED


def test_with_quorum_and_no_objection_the_proposal_is_adopted():
    assert rules.consensus(True, 0) is Outcome.ADOPTED


@given(st.booleans(), st.integers(0, 40))
def test_consensus_adopts_only_with_quorum_and_no_objection(holds, objections):
    adopted = rules.consensus(holds, objections) is Outcome.ADOPTED
    assert adopted == (holds and objections == 0)


def test_negative_objections_are_a_programming_error():
    with pytest.raises(ValueError):
        rules.consensus(True, -1)


# --- terms and rotation --------------------------------------------------------------------


def test_government_members_rotate_every_three_years():
    assert rules.term_end(D(2019, 7, 17), Constituency.PATHFINDER) == D(2022, 7, 16)
    assert rules.term_end(D(2019, 7, 17), Constituency.CHAIR) == D(2022, 7, 16)


def test_other_groups_decide_their_own_rotation():
    assert rules.term_end(D(2019, 7, 17), Constituency.WORKERS) is None


def test_a_term_starting_on_29_february_ends_on_27_february():
    assert rules.term_end(D(2020, 2, 29), Constituency.REGIONAL) == D(2023, 2, 27)


def test_terms_ending_within_six_months_are_flagged():
    today = D(2022, 1, 31)
    assert rules.term_ending_soon(D(2022, 7, 31), today)
    assert not rules.term_ending_soon(D(2022, 8, 1), today)
    assert not rules.term_ending_soon(D(2022, 1, 30), today)  # already ended
    assert not rules.term_ending_soon(None, today)


def test_a_government_may_leave_early_but_not_stay_beyond_three_years():
    assert (
        rules.term_refusal(D(2019, 1, 1), D(2020, 6, 30), Constituency.DEVELOPMENT_PARTNER) is None
    )
    assert rules.term_refusal(D(2019, 1, 1), D(2022, 1, 1), Constituency.DEVELOPMENT_PARTNER)
    assert rules.term_refusal(D(2019, 1, 1), D(2018, 1, 1), Constituency.NGO)


def test_add_months_clamps_to_the_end_of_the_month():
    assert rules.add_months(D(2021, 8, 31), 6) == D(2022, 2, 28)


# --- forfeiture ----------------------------------------------------------------------------

P, N, X = Presence.PRESENT, Presence.ABSENT_WITH_NOTICE, Presence.ABSENT_WITHOUT_NOTICE


def test_three_consecutive_absences_without_notice_forfeit_the_seat():
    assert rules.forfeits_seat([P, X, X, X])


def test_an_absence_with_notice_breaks_the_run():
    assert not rules.forfeits_seat([X, X, N, X, X])


def test_two_absences_without_notice_do_not_forfeit():
    assert not rules.forfeits_seat([X, X])
    assert rules.unexcused_run([P, X, X]) == 2


@given(st.lists(st.sampled_from([P, N, X]), max_size=20))
def test_forfeiture_only_after_three_consecutive_unexcused_absences(history):
    expected = any(history[i : i + 3] == [X, X, X] for i in range(len(history)))
    assert rules.forfeits_seat(history) == expected


# --- frequency -----------------------------------------------------------------------------


def test_the_group_meets_at_least_twice_a_year():
    meetings = [D(2018, 3, 1), D(2018, 10, 1), D(2019, 7, 17)]
    assert rules.years_below_minimum(meetings, 2018, 2020) == {2019: 1, 2020: 0}


def test_a_regional_seat_is_held_by_a_country_of_its_regional_group():
    holding = Holding(
        Constituency.REGIONAL,
        country="NO",
        regional_group="african",
        country_group="western_european_others",
    )
    reason = rules.assignment_refusal([], holding)
    assert reason.code == "governance.seat.country_outside_region"
    assert "not in the UN regional group" in words(reason)


def test_a_forfeited_seat_goes_to_another_representative():
    """Seed 000: «su puesto se concederá a otro representante del grupo de partes
    interesadas respectivo»."""
    assert rules.replacement_refusal(["country:NOR"], "country:NOR")
    assert rules.replacement_refusal(["country:NOR"], "country:SWE") is None
    assert rules.replacement_refusal([], "partner:3") is None


def test_a_missing_nominating_body_is_named_by_the_constituencys_label():
    from django.utils import translation

    holding = rules.Holding(Constituency.EMPLOYERS, organisation="1")
    warnings = rules.composition_warnings([holding])
    assert rules.refusal(
        "governance.warning.nominating_body_unknown", constituency="employers"
    ) in (warnings)
    with translation.override("es"):
        assert any("Organizaciones de empleadores" in words(w) for w in warnings)


# --- Seed 000, «Composición»: a seat belongs to one stakeholder group; nominated seats -------


def test_an_organisation_of_one_stakeholder_group_cannot_hold_another_groups_seat():
    workers_org = Holding(Constituency.UN_IGO, organisation="7", organisation_group=G.WORKERS)
    reason = rules.assignment_refusal([], workers_org)
    assert reason.code == "governance.seat.organisation_of_another_group"
    assert reason.values == {"group": G.WORKERS, "seat_group": G.UN_IGO}
    assert "Workers" in words(reason)
    un = Holding(Constituency.UN_IGO, organisation="8", organisation_group=G.UN_IGO)
    assert rules.assignment_refusal([], un) is None


def test_an_organisation_whose_group_the_seeds_do_not_state_is_not_refused_on_that_ground():
    assert rules.organisation_group("academic") is None
    assert rules.organisation_group("un_entity") is G.UN_IGO
    assert rules.organisation_group("intergovernmental") is G.UN_IGO
    assert rules.organisation_group("civil_society") is G.NGOS
    h = Holding(Constituency.UN_IGO, organisation="9", organisation_group=None)
    assert rules.assignment_refusal([], h) is None


@pytest.mark.parametrize(
    ("constituency", "body"),
    [
        (Constituency.EMPLOYERS, NominatingBody.IOE),
        (Constituency.WORKERS, NominatingBody.ITUC),
        (Constituency.NGO, NominatingBody.NGO_FORUM),
    ],
)
def test_a_nominated_seat_needs_its_nominating_body(constituency, body):
    bare = Holding(constituency, organisation="1")
    reason = rules.assignment_refusal([], bare)
    assert reason.code == "governance.seat.nomination_needed"
    assert reason.values == {"body": body}
    nominated = Holding(constituency, organisation="1", nominated_by=body)
    assert rules.assignment_refusal([], nominated) is None


def test_a_regional_seat_needs_the_regional_groups_nomination():
    bare = Holding(
        Constituency.REGIONAL, country="NG", regional_group="african", country_group="african"
    )
    assert rules.assignment_refusal([], bare).code == "governance.seat.nomination_needed"
    ok = Holding(
        Constituency.REGIONAL,
        country="NG",
        regional_group="african",
        country_group="african",
        nominated_by=NominatingBody.REGIONAL_GROUP,
    )
    assert rules.assignment_refusal([], ok) is None
