"""One search across the platform, on the shipped content, with the same results on SQLite
and PostgreSQL (run this module on both: DATABASE_URL=postgres://...)."""

from __future__ import annotations

import pytest
from django.db import connection

from alliance87.knowledge import search
from alliance87.knowledge.models import SearchText
from alliance87.knowledge.search import analysis

pytestmark = pytest.mark.django_db


def refs(q: str, **filters) -> list[tuple[str, str]]:
    return search.refs(search.Filters(q=q, **filters))


def partners(q: str) -> set[str]:
    return {ref for kind, ref in refs(q, kind="partner")}


def test_a_search_for_oit_or_bit_finds_the_ilo(shipped):
    for q in ("OIT", "BIT", "ILO", "Organização Internacional do Trabalho"):
        assert "ilo" in partners(q), q
    assert partners("OIT") == partners("BIT") == partners("ILO")


def test_child_labour_in_french_and_portuguese_finds_as_many_partners_as_in_english(shipped):
    english = partners("child labour")
    assert len(english) >= 30
    assert partners("travail des enfants") == english
    assert partners("trabalho infantil") == english
    assert partners("trabajo infantil") == english


def test_each_language_finds_the_shipped_accountability_framework(shipped):
    for query in (
        "accountability framework",  # English
        "marco de rendición de cuentas",  # Spanish, as written
        "marco de rendicion de cuentas",  # Spanish without accents
        "cadre de redevabilité",  # French
        "cadre de redevabilite",  # French without accents
        "marco de prestação de contas",  # Portuguese
    ):
        assert ("resource", "pathfinder-accountability-framework") in refs(query), query


def test_stemming_finds_other_forms_of_a_word(shipped):
    # "orientaciones" (summary) and "orientación" (title) share the Spanish stem.
    assert ("resource", "pathfinder-guidance-note") in refs("orientaciones países pioneros")
    assert ("resource", "pathfinder-faq") in refs("question fréquente pays pionnier")


def test_every_word_must_match(shipped):
    assert refs("Madagascar accountability framework") == []


def test_facets_count_each_kind_with_the_other_filters_applied(shipped):
    f = search.Filters(q="pathfinder")
    facets = search.facets(f)
    counts = {o.value: o.count for o in facets.kinds}
    assert counts["resource"] >= 6
    assert counts["pathfinder"] >= 10
    assert sum(counts.values()) == len(refs("pathfinder"))
    only = search.facets(search.Filters(q="pathfinder", kind="resource"))
    assert {o.value: o.count for o in only.kinds} == counts  # kind counts ignore the kind filter


# Queries whose results both databases must give identically: each backend is checked against
# the pure-Python reference matcher over the same stored texts.
SAME_ON_BOTH = [
    "child labour",
    "travail des enfants",
    "OIT",
    "niños",
    "ninos",
    "migración",
    "trata de personas",
    "Madagascar",
    "workers organisations",
    "des",
    "orientación",
    "orientacion",
]


def test_the_database_returns_what_the_reference_matcher_returns(shipped):
    texts: dict[int, list[tuple[str, str]]] = {}
    for doc_id, lang, text in SearchText.objects.values_list("document_id", "lang", "text"):
        texts.setdefault(doc_id, []).append((lang, text))
    for query in SAME_ON_BOTH:
        parsed = analysis.parse(query)
        expected = {d for d, t in texts.items() if analysis.matches(parsed, t)}
        got = set(search.matching(search.Filters(q=query)).values_list("pk", flat=True))
        assert got == expected, query


@pytest.mark.skipif(connection.vendor != "postgresql", reason="compares with PostgreSQL")
def test_postgresql_configurations_make_the_same_terms_as_the_sqlite_path(shipped):
    """Every shipped text: ``to_tsvector(<language's configuration>, text)`` has exactly the
    terms ``analysis.terms`` gives (docs/decisions/0007-knowledge-snowball.md)."""
    different = []
    with connection.cursor() as cursor:
        for text in SearchText.objects.all():
            cursor.execute(
                "SELECT array(SELECT lexeme FROM unnest(to_tsvector(%s::regconfig, %s)))",
                [analysis.CONFIGS[text.lang], text.text],
            )
            pg = set(cursor.fetchone()[0])
            if pg != set(analysis.terms(text.text, text.lang)):
                different.append((text.lang, text.text[:80]))
    assert different == []


def test_the_reindex_command_picks_up_other_apps_changes(shipped):
    from django.core.management import call_command

    from alliance87.partners.models import Partner

    Partner.objects.filter(slug="ilo").update(acronym={"en": "ILOXYZ", "es": "ILOXYZ"})
    assert partners("ILOXYZ") == set()
    import io

    call_command("knowledge_reindex", "partner", stdout=io.StringIO())
    assert partners("ILOXYZ") == {"ilo"}


def test_gcg_and_group_meetings_are_found_as_events_in_each_language(shipped):
    """Issue 11: one search across events includes the GCG's meetings and the groups'
    meetings, which the calendar reads from their own apps."""
    from alliance87.governance.models import Meeting

    fifth = f"gcg-meeting-{Meeting.objects.get(number=5).pk}"
    for query in (
        "Global Coordinating Group New York",
        "reunión Grupo de Coordinación Mundial Nueva York",
        "réunion Groupe de coordination mondial",
        "Reunião Grupo de Coordenação Nova York",
    ):
        assert ("event", fifth) in refs(query, kind="event"), query
    group_meetings = [ref for kind, ref in refs("", kind="event") if ref.startswith("group-")]
    from alliance87.groups.models import GroupMeeting

    assert len(group_meetings) == GroupMeeting.objects.count()


def test_a_meeting_scheduled_through_its_service_is_found_at_once(
    shipped, secretariat, django_capture_on_commit_callbacks
):
    """The index follows the write (core.changes' after-write hook), with no manual reindex."""
    from tests.governance.helpers import make_meeting

    with django_capture_on_commit_callbacks(execute=True):
        meeting = make_meeting(secretariat, title="Zanzibar retreat")
    assert ("event", f"gcg-meeting-{meeting.pk}") in refs("Zanzibar", kind="event")
