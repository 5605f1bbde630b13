"""The shipped partners (data/partners.json): what the seeds name, loaded idempotently."""

from __future__ import annotations

import json

import pytest

from alliance87.core.models import Country, Region
from alliance87.partners import seed
from alliance87.partners.models import Category, Partner, Theme

DATA = json.loads(seed.DATA_FILE.read_text(encoding="utf-8"))["partners"]
SEEDS = {
    "000_2527b5af5294b5f6.txt",
    "001_0e9391f81d9d8fd4.txt",
    "002_d79b7f4114a8805e.txt",
    "003_95cb487b440c1cec.txt",
    "004_1f9d9aa1016827a1.txt",
}


def test_at_least_sixty_partners_ship_each_citing_the_seed_line_that_names_it():
    assert len(DATA) >= 60
    for row in DATA:
        assert row["source"], row["slug"]
        for source in row["source"]:
            name, _, line = source.partition(":")
            assert name in SEEDS and line.isdigit(), (row["slug"], source)


def test_the_organisations_the_issue_names_are_there():
    acronyms = {row["acronym"] for row in DATA}
    assert {
        "ILO",
        "IOE",
        "ITUC",
        "UNICEF",
        "IOM",
        "OHCHR",
        "UNODC",
        "FAO",
        "OSCE",
        "ICMPD",
        "UNU-CPR",
        "ECLAC",
    } <= acronyms
    slugs = {row["slug"] for row in DATA}
    assert {
        "freedom-fund",
        "free-the-slaves",
        "global-march-against-child-labour",
        "solidarity-center",
        "regional-initiative-lac-free-of-child-labour",
    } <= slugs


def test_the_fifteen_pathfinder_countries_of_seed_001_are_government_partners():
    governments = {
        row["country"]
        for row in DATA
        if row["category"] == "country" and row["government_kind"] == "country"
    }
    assert {
        "ALB",
        "CHL",
        "FJI",
        "MDG",
        "MWI",
        "MRT",
        "MEX",
        "MAR",
        "NPL",
        "NGA",
        "PER",
        "LKA",
        "TUN",
        "UGA",
        "VNM",
    } <= governments


def test_every_value_is_one_the_platform_knows():
    for row in DATA:
        assert row["category"] in Category.values
        assert set(row["themes"]) <= set(Theme.values)
        assert (row["government_kind"] != "") == (row["category"] == "country")
        assert set(row["names"]) <= {"en", "es", "fr", "pt"} and row["names"].get("en")


@pytest.mark.django_db
def test_loading_twice_changes_nothing():
    assert "79 created" in seed.load() or len(DATA) != 79
    first = {p.slug: (p.names, p.region_keys) for p in Partner.objects.all()}
    assert "(0 created, 0 updated)" in seed.load()
    assert {p.slug: (p.names, p.region_keys) for p in Partner.objects.all()} == first
    assert Partner.objects.count() == len(DATA)
    assert Country.objects.exists() and Region.objects.exists()
    ilo = Partner.objects.get(slug="ilo")
    assert (
        ilo.names["es"] == "Organización Internacional del Trabajo" and "|150|" in ilo.region_keys
    )


@pytest.mark.django_db
def test_spanish_names_from_the_seeds_are_recorded_as_the_original():
    seed.load()
    ilo = Partner.objects.get(slug="ilo")
    assert ilo.names["_original"] == "es" and ilo.names["es"] == (
        "Organización Internacional del Trabajo"
    )
    for partner in Partner.objects.all():
        assert partner.names["_original"] == "es", partner.slug
        if partner.description:
            assert partner.description["_original"] == "es", partner.slug


@pytest.mark.django_db
def test_acronyms_are_in_the_language_of_the_page():
    """Issue 13: "Organización Internacional del Trabajo (OIT)", not "(ILO)"."""
    seed.load()
    ilo = Partner.objects.get(slug="ilo")
    assert (ilo.acronym["es"], ilo.acronym["en"], ilo.acronym["fr"]) == ("OIT", "ILO", "OIT")
    eclac = Partner.objects.get(slug="eclac")
    assert (eclac.acronym["es"], eclac.acronym["fr"]) == ("CEPAL", "CEPALC")
    assert Partner.objects.get(slug="aecid").acronym["pt"] == "AECID"
    from tests.conftest import client_for

    html = client_for(None).get("/es/partners/ilo/").content.decode()
    assert '(<span lang="es">OIT</span>)' in html and "ILO" not in html.split("<h1>")[1][:200]
