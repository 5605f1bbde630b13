"""The Regional Initiative's network as seed 004 states it: every fact in the seed's words at
the line cited, nothing the seed does not state (no name, constituency or e-mail invented)."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from alliance87.results import seed_network
from alliance87.results.models_network import (
    NetworkBody,
    NetworkMeeting,
    NetworkMember,
    NetworkMilestone,
    NetworkPerson,
    NetworkPhase,
)
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

SEED = Path("/work/shared/seeds/004_1f9d9aa1016827a1.txt")
DATA = Path(seed_network.__file__).parent / "data" / "network.json"


@pytest.fixture
def network(db):
    seed_network.load()


def es(values) -> str:
    return values["es"]


@pytest.mark.skipif(not SEED.exists(), reason="seed text not on this machine")
def test_every_fact_is_the_seeds_words_at_the_line_it_cites(network):
    lines = SEED.read_text(encoding="utf-8").splitlines()
    rows = [
        *NetworkBody.objects.all(),
        *NetworkMilestone.objects.all(),
        *NetworkPhase.objects.all(),
        *NetworkMeeting.objects.all(),
        *NetworkPerson.objects.all(),
    ]
    assert len(rows) == 3 + 5 + 3 + 2 + 10
    for row in rows:
        assert es(row.quote) in lines[row.seed_line - 1], row
        assert row.quote["_original"] == "es" and set(row.quote) == {"es", "_original"}


def test_the_structure_is_the_authority_the_network_of_28_5_and_5_and_the_ilo_secretariat(network):
    bodies = {b.code: b for b in NetworkBody.objects.all()}
    assert list(bodies) == ["high-level-authority", "focal-points-network", "technical-secretariat"]
    assert "Ministros y Ministras de Trabajo" in es(bodies["high-level-authority"].quote)
    net = bodies["focal-points-network"]
    assert (net.government_seats, net.employer_seats, net.worker_seats) == (28, 5, 5)
    assert es(bodies["technical-secretariat"].quote) == "una Secretaría Técnica a cargo de la OIT"
    assert all(b.seed_line == 311 for b in bodies.values())


def test_the_creation_is_kept_as_the_seed_writes_it_and_both_constitution_statements_are_kept(
    network,
):
    quotes = {m.code: es(m.quote) for m in NetworkMilestone.objects.all()}
    assert quotes["creation"] == "desde su creación entre octubre y marzo de 2013"
    assert "octubre de 2014" in quotes["constitution"]
    assert "18ª Reunión Regional Americana" in quotes["constitution"]
    assert "(Panamá, octubre 2018)" in quotes["declaration"]  # the seed's own words, line 334


def test_the_phases_are_2014_2017_2018_2021_and_2022_2025(network):
    assert [(p.number, p.start_year, p.end_year) for p in NetworkPhase.objects.all()] == [
        ("I", 2014, 2017),
        ("II", 2018, 2021),
        ("III", 2022, 2025),
    ]


def test_the_iv_meeting_was_held_in_lima_8_to_11_may_2018_and_the_v_is_planned_in_guatemala(
    network,
):
    iv, v = NetworkMeeting.objects.all()
    assert (iv.number, iv.place, iv.country_id, iv.status) == ("IV", "Lima", "PER", "held")
    assert (iv.start_date, iv.end_date) == (datetime.date(2018, 5, 8), datetime.date(2018, 5, 11))
    assert (v.number, v.country_id, v.year, v.status) == ("V", "GTM", 2019, "planned")
    assert (v.place, v.start_date, v.end_date) == ("", None, None)  # the seed gives no date


def test_the_focal_points_are_those_the_seed_names_by_person_and_country(network):
    people = {p.key: p for p in NetworkPerson.objects.select_related("member")}
    named = {(p.member.country_id, p.name) for p in people.values() if p.member and p.name}
    assert named == {
        ("GTM", "Claudia Peneleu"),
        ("GTM", "Marlene Mazariegos"),
        ("BRB", "Marva Howell"),
        ("PER", "Álvaro Vidal"),
        ("PAN", "Nohely Nieto"),
    }
    assert people["gtm-claudia-peneleu"].constituency == "government"
    assert people["gtm-marlene-mazariegos"].is_focal_point is False  # a delegate of employers
    assert people["brb-marva-howell"].constituency == ""  # the seed does not say which
    brazil = [p for p in people.values() if p.member and p.member.country_id == "BRA"]
    assert sorted(p.institution for p in brazil) == [
        "Ministerio de Desarrollo Social",
        "Ministerio de Trabajo",
    ]
    assert all(p.name == "" for p in brazil)  # not named in the seed
    new = {p.member.country_id for p in people.values() if p.is_new}
    assert new == {"JAM", "LCA"}
    assert all(p.email == "" for p in people.values())  # the seed gives no e-mail
    assert people["st-elena-montobbio"].body.code == "technical-secretariat"


def test_the_member_countries_are_the_seven_the_seed_names(network):
    assert set(NetworkMember.objects.values_list("country_id", flat=True)) == {
        "BRA",
        "BRB",
        "GTM",
        "JAM",
        "LCA",
        "PAN",
        "PER",
    }


def test_loading_twice_changes_nothing(network):
    counts = [
        m.objects.count() for m in (NetworkBody, NetworkMember, NetworkPerson, NetworkMeeting)
    ]
    seed_network.load()
    assert [
        m.objects.count() for m in (NetworkBody, NetworkMember, NetworkPerson, NetworkMeeting)
    ] == counts


def test_the_data_file_states_no_email():
    assert "@" not in DATA.read_text(encoding="utf-8")


def test_the_network_page_shows_the_facts_with_their_lines_and_the_gaps(network):
    html = client_for(None).get("/es/results/network/").content.decode()
    assert "Claudia Peneleu" in html and "Lima" in html
    assert "entre octubre y marzo de 2013" in html
    assert 'data-person="jam-new-focal-point"' in html
    assert "311" in html
    english = client_for(None).get("/en/results/network/").content.decode()
    assert "not named in the seed" in english and "not stated" in english


@pytest.mark.parametrize("extra", [0, 20])
def test_the_network_page_takes_a_fixed_number_of_queries(
    network, django_assert_num_queries, extra
):
    member = NetworkMember.objects.get(country_id="PER")
    for i in range(extra):
        NetworkPerson.objects.create(
            member=member, key=f"extra-{i}", quote={"es": "x", "_original": "es"}, seed_line=1
        )
    client = client_for(None)
    with django_assert_num_queries(7):
        assert client.get("/es/results/network/").status_code == 200
    with django_assert_num_queries(7):
        assert client.get("/api/results/network").status_code == 200


def test_the_network_api_gives_the_seed_lines_and_empty_gaps(network):
    data = json.loads(client_for(None).get("/api/results/network").content)
    assert data["seed"] == "004_1f9d9aa1016827a1.txt"
    jam = next(p for p in data["people"] if p["country"] == "JAM")
    assert (jam["name"], jam["email"], jam["is_new"], jam["seed_line"]) == ("", "", True, 423)
    assert [m["number"] for m in data["meetings"]] == ["IV", "V"]
