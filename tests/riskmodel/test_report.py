"""The self-contained HTML report."""

from __future__ import annotations

import json
import re

import pytest

from alliance87.riskmodel import synth
from alliance87.riskmodel.classify import classify
from alliance87.riskmodel.explain import explain
from alliance87.riskmodel.i18n import LANGUAGES, LOCALE_DIR, t
from alliance87.riskmodel.report import DISCLAIMER, render_report
from alliance87.riskmodel.scoring import ScoringModel, score_file


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    country = synth.generate(
        tmp_path_factory.mktemp("c"),
        seed=8,
        children=15_000,
        territories=15,
        departments=3,
        survey_size=1_500,
    )
    model = ScoringModel.from_json(synth.true_model())
    table = score_file(model, country.census, territory="territory")
    table.columns["level"] = classify(table.columns["risk_index"]).levels
    explain(table, model)
    return country, model, table


def test_the_report_loads_nothing_from_outside_the_file(scored):
    country, model, table = scored
    html = render_report(model, table, boundaries=country.boundaries)
    assert not re.search(r"https?:|//[a-z]|<script|<link|@import|url\(", html, re.I)


def test_the_map_draws_every_territory_coloured_by_its_level_with_the_disclaimer(scored):
    country, model, table = scored
    html = render_report(model, table, boundaries=country.boundaries)
    features = json.loads(country.boundaries.read_text())["features"]
    assert html.count("<path ") == len(features)
    for level in ("low", "medium", "high"):
        assert html.count(f'data-level="{level}"') == table.columns["level"].count(level)
    svg_end = html.index("</svg>")
    assert html.index(t(DISCLAIMER, "en")) > svg_end


def test_without_boundaries_there_is_no_map_but_the_rest_is_there(scored):
    _, model, table = scored
    html = render_report(model, table)
    assert "<svg" not in html
    assert html.count("<details") == len(table)


def test_the_report_speaks_the_requested_language(scored):
    country, model, table = scored
    html = render_report(model, table, boundaries=country.boundaries, lang="es")
    assert '<html lang="es">' in html
    assert "Riesgo de trabajo infantil por territorio" in html
    assert t(DISCLAIMER, "es") in html
    assert "que el promedio nacional" in html  # a factor phrase in Spanish


def test_profiles_list_the_top_factors_in_plain_words(scored):
    country, model, table = scored
    html = render_report(model, table, boundaries=country.boundaries)
    assert "than the national average" in html
    assert "Factors raising the risk above the national level" in html


def test_territory_names_from_the_boundaries_are_escaped(scored, tmp_path):
    country, model, table = scored
    data = json.loads(country.boundaries.read_text())
    data["features"][0]["properties"]["name"] = "<script>alert(1)</script>"
    evil = tmp_path / "b.geojson"
    evil.write_text(json.dumps(data))
    html = render_report(model, table, boundaries=evil)
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_every_message_exists_in_the_four_languages():
    from babel.messages.pofile import read_po

    for lang in LANGUAGES[1:]:  # English is the message ids
        with (LOCALE_DIR / lang / "LC_MESSAGES" / "django.po").open("rb") as f:
            catalog = read_po(f, locale=lang)
        messages = [m for m in catalog if m.id]
        assert messages, lang
        for m in messages:
            strings = m.string if isinstance(m.string, tuple) else (m.string,)
            assert all(strings) and not m.fuzzy, (lang, m.id)


def test_a_vulnerability_index_gets_its_own_report_without_a_model(tmp_path, capsys):
    from alliance87.riskmodel.cli import main

    country = synth.generate(
        tmp_path / "c", seed=9, children=10_000, territories=10, departments=2, survey_size=1_000
    )
    out = tmp_path / "ivti.csv"
    assert (
        main(
            [
                "ivti",
                str(country.census),
                "--territory",
                "territory",
                "--indicators",
                "poor,head_agri,attends_school",
                "--protective",
                "attends_school",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    report = tmp_path / "r.html"
    assert (
        main(
            [
                "report",
                "-",
                str(out),
                "--out",
                str(report),
                "--boundaries",
                str(country.boundaries),
                "--lang",
                "fr",
            ]
        )
        == 0
    )
    html = report.read_text()
    assert "Indice de vulnérabilité au travail des enfants" in html
    assert "Nombre attendu" not in html and html.count("<path ") == 10


def _text(html: str) -> str:
    import html as h

    body = re.sub(r"<style.*?</style>|<svg.*?</svg>", "", html, flags=re.S)
    return h.unescape(re.sub(r"<[^>]+>", " ", body))


def test_low_risk_territories_are_not_told_factors_raise_them_above_the_national_level(scored):
    country, model, table = scored
    html = render_report(model, table)
    nat = table.national["risk_index"]
    for i, code in enumerate(table.columns["territory"]):
        start = html.index(f'<details id="t-{code}">')
        profile = html[start : html.index("</details>", start)]
        above = "raising the risk above the national level" in profile
        below = "Its risk is below the national level" in profile
        assert above == (table.columns["risk_index"][i] >= nat) and above != below


def test_the_odds_ratio_table_shows_each_reference_category(scored):
    country, model, table = scored
    text = _text(render_report(model, table))
    assert "Head's education: none (reference)" in text
    assert "Majority group (reference)" in text
    assert text.index("Head's education: none (reference)") < text.index(
        "Head's education: primary"
    )


def test_the_report_names_columns_in_plain_words_with_no_minus_zero(scored):
    country, model, table = scored
    for lang in LANGUAGES:
        text = _text(render_report(model, table, lang=lang))
        for raw in ("child_labour", "head_educ", "attends_school", "[", "-0"):
            assert raw not in text, (lang, raw)


def test_numbers_that_round_to_zero_have_no_sign():
    from alliance87.riskmodel.i18n import decimal

    assert decimal(-0.0001, "en", 2) == "0.00"
    assert decimal(-0.4, "es", 0) == "0"
    assert decimal(-0.006, "fr", 2) == "-0,01"


def test_strata_coded_as_numbers_print_as_coded():
    import numpy as np

    from alliance87.riskmodel.design import build_design

    design = build_design(4, strata=np.array([75.0, 75.0, 76.0, 76.0]), psu=np.array([1, 2, 3, 3]))
    assert design.lonely_strata == ["76"]


def test_a_determinant_without_a_label_is_named_as_a_quoted_variable_and_noted(scored, monkeypatch):
    from collections import Counter

    from alliance87.riskmodel import labels as catalogue
    from alliance87.riskmodel.explain import parse_top_factors

    country, model, table = scored
    named = Counter(k for f in table.columns["top_factors"] for k, _ in parse_top_factors(f))
    numeric = max((t for t in named if "[" not in t), key=named.get)
    level = max((t for t in named if "[" in t), key=named.get)
    col, value = level[:-1].split("[")
    # the catalogue forgets their labels, as for a user's own columns
    monkeypatch.delitem(catalogue.TERM_LABELS, numeric)
    for term in [k for k in catalogue.TERM_LABELS if k.startswith(col + "[")]:
        monkeypatch.delitem(catalogue.TERM_LABELS, term)
    text = _text(render_report(model, table))
    profiles = text[text.index("Territory profiles") :]
    assert f"average of the variable “{numeric}” than the national average" in profiles
    assert f"share of children with the variable “{col}” equal to “{value}”" in profiles
    # never the bare column or the design column's code
    assert level not in text
    for name in (numeric, col):
        assert re.findall(rf"(?<!“){re.escape(name)}", profiles) == [], name
    note = re.search(r"These variables have no label, .*?: (.*?)\. A labels file", profiles)
    assert note and set(note.group(1).split(", ")) == {f"“{numeric}”", f"“{col}”"}
    # a label given by the user is used, and the note names only what is still unlabelled
    given = {numeric: {"en": "mean number of pets"}}
    text = _text(render_report(model, table, labels=given))
    assert "mean number of pets than the national average" in text
    note = re.search(r"These variables have no label, .*?: (.*?)\. A labels file", text)
    assert note and note.group(1) == f"“{col}”" and f"“{numeric}”" not in text
    # the same in another language, with its own quotation marks
    es = _text(render_report(model, table, lang="es"))
    assert "These variables have no label" not in es
    assert level not in es and f"{numeric}" in es
