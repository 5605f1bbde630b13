"""How queries and texts become terms (pure Python, the same for both databases)."""

from alliance87.knowledge.search import analysis


def test_accents_and_case_are_folded():
    assert analysis.normalised("Niños, ORGANIZACIÓN") == "niños ninos organización organizacion"
    assert analysis.words("Niños, ORGANIZACIÓN; travail forcé") == [
        "ninos",
        "organizacion",
        "travail",
        "force",
    ]


def test_each_language_is_stemmed_and_its_stop_words_dropped():
    assert analysis.terms("travail des enfants", "fr") == ["travail", "enfant"]
    assert analysis.terms("los niños trabajan", "es") == ["niñ", "trabaj"]
    assert analysis.terms(analysis.normalised("niños"), "es") == ["niñ", "nin"]
    assert analysis.terms("trabalho infantil", "pt") == ["trabalh", "infantil"]
    assert analysis.terms("the workers organisations", "en") == ["worker", "organis"]


def test_acronyms_in_every_language_name_the_ilo():
    for q in ("OIT", "BIT", "ILO", "Organisation internationale du Travail", "oit"):
        assert analysis.parse(q).concepts == ("ilo",), q


def test_target_areas_are_one_concept_in_four_languages():
    for q in (
        "child labour",
        "child labor",
        "trabajo infantil",
        "travail des enfants",
        "trabalho infantil",
    ):
        parsed = analysis.parse(q)
        assert parsed.concepts == ("child_labour",) and parsed.words == (), q
    assert analysis.parse("child labour") == analysis.parse("travail des enfants")


def test_other_words_are_kept_beside_a_concept():
    parsed = analysis.parse("OIT Madagascar")
    assert parsed.concepts == ("ilo",)
    assert parsed.words == ("madagascar",)


def test_a_query_of_stop_words_only_matches_nothing_in_that_language():
    assert analysis.parse("des").for_language("fr") is None
    assert analysis.fts5_expression(analysis.parse("")) is None


def test_the_reference_matcher_needs_every_word_in_one_language():
    q = analysis.parse("marco rendición")
    assert analysis.matches(q, [("es", "marco de rendicion de cuentas")])
    assert not analysis.matches(q, [("es", "marco"), ("en", "rendicion")])
