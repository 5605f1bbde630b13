"""The Regional Initiative's Table 1 (seed 004, Session 3) is loaded verbatim."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from alliance87.results import seed
from alliance87.results.models import Framework, Indicator, Result

pytestmark = pytest.mark.django_db

SEED = Path("/work/shared/seeds/004_1f9d9aa1016827a1.txt")
EXPECTED_CODES = (
    [f"1.{i}" for i in range(1, 11)]
    + [f"2.{i}" for i in range(1, 6)]
    + [f"3.{i}" for i in range(1, 15)]
    + [f"4.{i}" for i in range(1, 8)]
    + [f"5.{i}" for i in range(1, 15)]
)


def seed_columns() -> tuple[str, str]:
    """Table 1's two columns (results; indicators), each as one line of words, parsed here
    independently of the loader's script: a row's cells split at its tab, tags and the header
    repeated on each page dropped, whitespace normalised."""
    text = SEED.read_text(encoding="utf-8")
    text = text[text.index("Tabla 1. Indicadores por resultado") : text.index("El Anexo 4")]
    left, right = [], []
    for line in text.splitlines()[1:]:
        if line.startswith("Resultados\tAspectos que muestren"):
            continue
        a, _, b = line.partition("\t")
        left.append(a)
        right.append(b)

    def words(parts):
        return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", " ".join(parts))).strip()

    return words(left), words(right)


@pytest.fixture
def loaded():
    seed.load()
    return Framework.objects.get(code="ri-2018-2021")


def test_the_framework_has_the_five_results_and_every_indicator_of_table_1(loaded):
    assert list(loaded.results.values_list("number", flat=True)) == ["1", "2", "3", "4", "5"]
    codes = list(Indicator.objects.filter(result__framework=loaded).values_list("code", flat=True))
    assert codes == EXPECTED_CODES


@pytest.mark.skipif(not SEED.exists(), reason="seed text not on this machine")
def test_every_result_and_indicator_text_appears_verbatim_in_the_seed(loaded):
    results, table = seed_columns()
    for result in Result.objects.filter(framework=loaded):
        assert f"{result.number}. {result.texts['es']}" in results, result.number
    for ind in Indicator.objects.filter(result__framework=loaded):
        text = ind.texts["es"]
        assert f"{ind.code} {text}" in table, ind.code
        assert "<" not in text and "  " not in text and text == text.strip()


@pytest.mark.skipif(not SEED.exists(), reason="seed text not on this machine")
def test_each_indicator_text_runs_to_the_next_indicator_code(loaded):
    """Nothing of the seed is dropped between two indicators (page breaks joined)."""
    _results, table = seed_columns()
    for ind in Indicator.objects.filter(result__framework=loaded):
        after = table[table.index(f"{ind.code} {ind.texts['es']}") + len(ind.code) + 1 :]
        rest = after[len(ind.texts["es"]) :].lstrip()
        assert rest == "" or re.match(r"(\d\.\d{1,2} |\d\. )", rest), (ind.code, rest[:40])


def test_texts_are_the_seeds_spanish_originals_with_their_translations(loaded):
    for ind in Indicator.objects.filter(result__framework=loaded):
        assert ind.texts["_original"] == "es"
        assert set(ind.texts) == {"es", "en", "fr", "pt", "_original"}
    assert loaded.titles["_original"] == "es"
    assert set(loaded.titles) == {"es", "en", "fr", "pt", "_original"}


def test_the_wording_gives_each_indicator_its_kinds(loaded):
    by_code = {i.code: i for i in Indicator.objects.filter(result__framework=loaded)}
    assert by_code["1.1"].value_kinds == ["count", "list"]
    assert by_code["1.2"].value_kinds == ["amount", "list", "narrative"]
    assert by_code["1.2"].categories == ["humanos", "técnicos", "económicos"]
    assert by_code["1.3"].categories == ["GOB", "EMP", "TRAB"]
    assert by_code["1.5"].unit == "countries"
    assert by_code["1.8"].value_kinds == ["narrative"]
    assert by_code["5.4"].disaggregations == ["constituency"]
    for ind in by_code.values():
        ind.full_clean()


def test_no_baseline_or_target_is_invented(loaded):
    from alliance87.results.models import TargetValue

    assert not TargetValue.objects.exists()


def test_loading_twice_changes_nothing(loaded):
    before = list(Indicator.objects.values_list("pk", "code", "texts"))
    assert seed.load() == "1 results framework, 5 results, 50 indicators"
    assert list(Indicator.objects.values_list("pk", "code", "texts")) == before
