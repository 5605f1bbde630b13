"""The documents the seeds name, with only what the seeds state (no invented link or date)."""

from __future__ import annotations

import pytest

from alliance87.knowledge import seed
from alliance87.knowledge.models import Resource, ResourceVersion

pytestmark = pytest.mark.django_db


def test_the_pathfinder_handbook_has_the_five_parts_seed_001_lists(shipped):
    # Seed 001, lines 103-107: «El manual de los países pioneros: Declaración de visión; Nota de
    # orientación para los países pioneros; Preguntas frecuentes sobre los países pioneros; Un
    # enlace a casos del órgano de supervisión de la OIT; Nota metodológica sobre los talleres
    # de planificación estratégica.»
    parts = {
        "pathfinder-handbook-vision-statement": "Declaración de visión",
        "pathfinder-guidance-note": "Nota de orientación para los países pioneros",
        "pathfinder-faq": "Preguntas frecuentes sobre los países pioneros",
        "ilo-supervisory-body-cases": "Un enlace a casos del órgano de supervisión de la OIT",
        "strategic-planning-workshop-methodology": (
            "Nota metodológica sobre los talleres de planificación estratégica"
        ),
    }
    for slug, title in parts.items():
        r = Resource.objects.get(slug=slug)
        assert r.titles["es"] == title and r.titles["_original"] == "es"
        assert r.source.startswith("001_0e9391f81d9d8fd4.txt:")
        assert r.status == "published"


def test_the_other_named_documents_cite_their_seed(shipped):
    cited = {
        "alliance-87-mandate": "000_2527b5af5294b5f6.txt:5",
        "terms-of-reference": "001_0e9391f81d9d8fd4.txt:683",
        "pathfinder-accountability-framework": "003_95cb487b440c1cec.txt:7–9",
        "regional-initiative-iv-focal-points-meeting-report": "004_1f9d9aa1016827a1.txt:",
        "alliance-87-brochure": "002_d79b7f4114a8805e.txt:5–7",
    }
    for slug, source in cited.items():
        assert Resource.objects.get(slug=slug).source.startswith(source), slug


def test_links_to_platform_objects_are_the_ones_the_seeds_state(shipped):
    tor = Resource.objects.select_related("gcg_meeting").get(slug="terms-of-reference")
    assert tor.gcg_meeting.number == 5  # discussed at the 5th GCG meeting (seed 001, l. 683-693)
    framework = Resource.objects.get(slug="pathfinder-accountability-framework")
    assert framework.group.slug == "sdg87-monitoring"  # seed 003, line 42
    report = Resource.objects.get(slug="regional-initiative-iv-focal-points-meeting-report")
    assert report.publisher.slug == "regional-initiative-lac-free-of-child-labour"
    assert report.date_note.startswith("8-11 de mayo de 2018")


def test_no_link_or_date_is_invented(shipped):
    # Seed 004, line 749 is the only address the seeds give for a document (the annexes).
    assert list(ResourceVersion.objects.values_list("resource__slug", "url")) == [
        ("regional-initiative-iv-focal-points-meeting-annexes", "https://bit.ly/2tkrG7s")
    ]
    assert not Resource.objects.filter(published_on__isnull=False).exists()
    gap = Resource.objects.get(slug="ilo-supervisory-body-cases")
    assert gap.languages == [] and not gap.versions.exists()


def test_the_loader_is_idempotent_and_part_of_bootstrap(shipped):
    from alliance87.core.seeding import seed_modules

    assert "knowledge" in [label for label, _m in seed_modules()]
    before = (Resource.objects.count(), ResourceVersion.objects.count())
    assert "12 resources, 5 events, 8 figures" in seed.load()
    assert (Resource.objects.count(), ResourceVersion.objects.count()) == before


def test_the_page_shows_a_gap_as_a_gap(shipped, client):
    r = client.get("/en/resources/ilo-supervisory-body-cases/")
    body = r.content.decode()
    assert "No file or link is recorded yet" in body
    assert "date not given in the source" in body


@pytest.mark.parametrize(
    ("lang", "spanish"),
    [("en", "Spanish"), ("es", "español"), ("fr", "espagnol"), ("pt", "espanhol")],
)
def test_the_languages_a_resource_exists_in_are_named_in_the_page_language(
    shipped, client, lang, spanish
):
    # Issue 13: the name of the language, not its raw code («Langues disponibles : ES»).
    body = client.get(f"/{lang}/resources/alliance-87-brochure/").content.decode()
    assert f": {spanish}</p>" in body
    assert ": ES</p>" not in body


def test_the_summaries_name_the_gcg_as_the_platform_does_in_each_language(shipped):
    # Seed 000 names it «Grupo de Coordinación Mundial»; the French catalogues say «Groupe de
    # coordination mondial (GCM)». Titles quoting a seed document keep its words.
    terms = Resource.objects.get(slug="terms-of-reference").summary
    assert "Grupo de Coordinación Mundial (GCM)" in terms["es"]
    assert "Groupe de coordination mondial (GCM)" in terms["fr"]
    for r in Resource.objects.all():
        assert "Coordinación Global" not in r.summary.get("es", ""), r.slug


def test_the_seeded_cities_are_in_every_language_and_spanish_is_the_original(shipped):
    from alliance87.knowledge.models import Event

    city = Event.objects.get(slug="hlpf-pathfinder-side-event-2019").city
    assert city == {
        "es": "Nueva York",
        "en": "New York",
        "fr": "New York",
        "pt": "Nova York",
        "_original": "es",
    }
    for event in Event.objects.exclude(city={}):
        assert set(event.city) == {"es", "en", "fr", "pt", "_original"}, event.slug
