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
