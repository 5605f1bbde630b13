"""Dates and amounts as each language writes them (issue 13; ``core.words``)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import translation

from alliance87.core import words

DAY = dt.date(2027, 4, 30)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("es", "30 de abril de 2027"),
        ("en", "30 April 2027"),
        ("fr", "30 avril 2027"),
        ("pt", "30 de abril de 2027"),
    ],
)
def test_a_date_in_prose_is_in_words_never_an_iso_or_slashed_date(lang, expected):
    assert words.date_in_words(DAY, lang) == expected
    assert words.date_in_words("2027-04-30", lang) == expected
    with translation.override(lang):
        assert Template("{% load core_tags %}{{ d|in_words }}").render(Context({"d": DAY})) == (
            expected
        )


def test_a_seed_month_is_a_month_in_words():
    assert words.month_in_words("2018-10", "es") == "octubre de 2018"
    assert words.month_in_words("2018-10", "en") == "October 2018"
    assert words.month_in_words("2018-10", "pt") == "outubro de 2018"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("es", "45\u00a0000,00\u00a0USD"),
        ("en", "45,000.00\u00a0USD"),
        ("pt", "45.000,00\u00a0USD"),
    ],
)
def test_an_amount_has_the_languages_separators(lang, expected):
    assert words.amount(45000, "USD", lang) == expected


def test_a_refusals_iso_date_is_put_in_words_and_a_non_date_is_left_alone():
    with translation.override("es"):
        params = words.params_in_words({"date": "2022-12-31", "value": "2021-13-40", "n": 3})
    assert params == {"date": "31 de diciembre de 2022", "value": "2021-13-40", "n": 3}


@pytest.mark.parametrize(
    ("lang", "n", "expected"),
    [
        ("en", 1, "1st"),
        ("en", 2, "2nd"),
        ("en", 3, "3rd"),
        ("en", 6, "6th"),
        ("en", 11, "11th"),
        ("en", 12, "12th"),
        ("en", 13, "13th"),
        ("en", 21, "21st"),
        ("en", 112, "112th"),
        ("es", 6, "6.ª"),
        ("fr", 1, "1re"),
        ("fr", 6, "6e"),
        ("pt", 6, "6ª"),
    ],
)
def test_a_position_is_written_as_each_language_writes_a_feminine_ordinal(lang, n, expected):
    assert words.ordinal(n, lang) == expected


def test_an_ordinal_agrees_with_a_masculine_noun_and_follows_the_active_language():
    assert (words.ordinal(1, "es", feminine=False), words.ordinal(1, "fr", feminine=False)) == (
        "1.º",
        "1er",
    )
    with translation.override("pt"):
        assert words.ordinal(2) == "2ª"
