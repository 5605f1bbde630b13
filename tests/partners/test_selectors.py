"""Directory reads: search, filters, counts per option, and a fixed number of queries."""

from __future__ import annotations

import pytest

from alliance87.partners import selectors
from alliance87.partners.selectors import DirectoryFilters

pytestmark = pytest.mark.django_db


def slugs(filters: DirectoryFilters) -> list[str]:
    return [p.slug for p in selectors.partner_page(filters)]


@pytest.fixture
def directory(make_partner):
    make_partner(
        "ilo",
        names={
            "en": "International Labour Organization",
            "es": "Organización Internacional del Trabajo",
        },
        acronym="ILO",
        category="un_entity",
        themes=["child_labour", "forced_labour"],
        regions=["002", "019"],
    )
    make_partner(
        "anl",
        names={"es": "Asociación Niñez Libre"},
        category="civil_society",
        themes=["child_labour"],
        countries=["PER"],
        description={
            "en": "Children out of cocoa farms",
            "es": "Niñez fuera de las fincas de cacao",
        },
    )
    make_partner(
        "fund",
        names={"en": "Freedom Fund"},
        category="donor",
        themes=["modern_slavery"],
        countries=["GBR"],
    )
    make_partner(
        "gone",
        names={"en": "Withdrawn Labour Org"},
        category="workers",
        status="withdrawn",
        themes=["child_labour"],
        countries=["PER"],
    )


def test_search_ignores_accents_and_case(directory):
    assert slugs(DirectoryFilters(q="NINEZ")) == ["anl"]
    assert slugs(DirectoryFilters(q="organizacion trabajo")) == ["ilo"]


def test_search_matches_word_starts_in_names_acronyms_and_descriptions_in_any_language(directory):
    assert slugs(DirectoryFilters(q="ilo")) == ["ilo"]
    assert slugs(DirectoryFilters(q="cacao")) == ["anl"]
    assert slugs(DirectoryFilters(q="free")) == ["fund"]
    assert slugs(DirectoryFilters(q="labour")) == ["ilo"]  # the withdrawn partner is not public


def test_every_search_word_must_match(directory):
    assert slugs(DirectoryFilters(q="freedom organization")) == []


def test_filters_by_category_country_region_and_theme(directory):
    assert slugs(DirectoryFilters(category="donor")) == ["fund"]
    assert slugs(DirectoryFilters(country="PER")) == ["anl"]
    assert slugs(DirectoryFilters(region="419")) == ["anl"]  # Peru is in LAC; "Americas" is wider
    assert sorted(slugs(DirectoryFilters(region="019"))) == ["anl", "ilo"]
    assert sorted(slugs(DirectoryFilters(theme="child_labour"))) == ["anl", "ilo"]


def test_counts_per_option_apply_the_other_filters_but_not_their_own(directory):
    facets = selectors.directory_facets(DirectoryFilters(category="donor", theme="child_labour"))
    categories = {o.value: o.count for o in facets.categories}
    themes = {o.value: o.count for o in facets.themes}
    assert (
        categories["un_entity"] == 1
        and categories["civil_society"] == 1
        and categories["donor"] == 0
    )
    assert themes["modern_slavery"] == 1 and themes["child_labour"] == 0
    assert [o.value for o in facets.categories if o.selected] == ["donor"]


def test_country_options_list_only_countries_with_partners(directory):
    facets = selectors.directory_facets(DirectoryFilters())
    assert {(o.value, o.count) for o in facets.countries} == {("PER", 1), ("GBR", 1)}


def test_malformed_filters_are_ignored_rather_than_failing():
    filters = DirectoryFilters.from_params(
        {"category": "spies", "country": "P3R", "region": "x", "theme": "?"}
    )
    assert filters == DirectoryFilters()


@pytest.mark.parametrize("size", [10, 500])
def test_the_directory_runs_a_fixed_number_of_queries(
    size, many_partners, django_assert_num_queries
):
    many_partners(size)
    filters = DirectoryFilters(q="partner", theme="child_labour")
    with django_assert_num_queries(5):
        page = selectors.partner_page(filters)
        [p.headquarters for p in page]
        selectors.directory_facets(filters)
    assert len(page.object_list) == min(size // 2, selectors.PAGE_SIZE)


@pytest.mark.parametrize("size", [10, 500])
def test_the_export_runs_a_fixed_number_of_queries(size, many_partners, django_assert_num_queries):
    many_partners(size)
    with django_assert_num_queries(3):
        rows = selectors.partner_export_rows(DirectoryFilters())
        [list(p.countries_of_work.all()) for p in rows]
    assert len(rows) == size


def test_search_looks_at_the_texts_of_each_language_not_the_original_marker(make_partner):
    from alliance87.partners import selectors

    make_partner("red", names={"es": "Red Andina", "en": "Andean Network", "_original": "es"})
    make_partner("other", names={"en": "Other Network"})

    def found(q):
        return sorted(p.slug for p in selectors.partner_search(selectors.DirectoryFilters(q=q)))

    assert found("andina") == ["red"] and found("andean") == ["red"]
    assert found("network") == ["other", "red"]
    assert found("es") == [] and found("original") == []
