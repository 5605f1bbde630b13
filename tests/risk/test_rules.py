"""The risk app's rules: the run's status table, its progress bar, and the checks of a
resumable upload."""

from __future__ import annotations

import pytest

from alliance87.core import refusals
from alliance87.risk import rules
from alliance87.risk.rules import Kind, Status


def test_a_run_goes_through_its_stages_in_order_and_no_stage_is_skipped():
    state = Status.QUEUED
    for stage in rules.STAGES:
        assert rules.RUN.refusal(stage.value, state) is None
        state = rules.RUN.target(stage.value, state)
    assert state == Status.VALIDATING
    assert rules.RUN.refusal("scoring", Status.READING) is not None
    assert rules.RUN.refusal("finish", Status.SCORING) is not None


def test_a_run_without_validation_finishes_after_explaining():
    assert rules.RUN.refusal("finish", Status.EXPLAINING) is None


def test_a_finished_run_can_be_neither_cancelled_nor_failed():
    for state in rules.FINISHED:
        assert rules.RUN.refusal("cancel", state) is not None
        assert rules.RUN.refusal("fail", state) is not None


def test_progress_grows_with_the_stages_and_ends_at_100():
    values = [rules.progress_percent(s) for s in (Status.QUEUED, *rules.STAGES, Status.DONE)]
    assert values == sorted(values)
    assert values[-1] == 100
    assert rules.progress_percent(Status.SCORING, 1, 2) > rules.progress_percent(Status.SCORING)
    assert rules.progress_percent(Status.SCORING, 2, 2) <= rules.progress_percent(
        Status.CLASSIFYING
    )


def test_only_a_finished_run_is_published_and_only_once():
    assert rules.publish_refusal(Status.DONE, False, True) is None
    assert rules.publish_refusal(Status.SCORING, False, True).code == "run.not_allowed_from"
    assert rules.publish_refusal(Status.DONE, True, True).code == "run.already_published"
    assert rules.publish_refusal(Status.DONE, False, False).code == "run.not_published"


def test_the_format_comes_from_the_file_name_and_must_suit_the_kind():
    assert rules.format_of("ENAHO 2023.DTA") == "dta"
    assert rules.format_of("census.csv.gz") == "csv.gz"
    assert rules.format_of("limits.json") == "geojson"
    assert rules.format_refusal(Kind.SURVEY, "parquet", "s.parquet") is None
    assert rules.format_refusal(Kind.BOUNDARIES, "csv", "b.csv").code == "upload.bad_format"
    assert rules.format_refusal(Kind.CENSUS, "", "census.xlsx").code == "upload.bad_format"


def test_an_upload_declares_its_length_within_the_limit():
    assert rules.size_refusal(None, 10).code == "upload.length_required"
    assert rules.size_refusal(11, 10).code == "upload.too_large"
    assert rules.size_refusal(10, 10) is None


def test_a_chunk_must_start_where_the_server_copy_ends():
    assert rules.offset_refusal(100, 100, 50, 200) is None
    assert rules.offset_refusal(100, 0, 50, 200).code == "upload.offset_mismatch"
    assert rules.offset_refusal(100, None, 50, 200).code == "upload.offset_mismatch"
    assert rules.offset_refusal(100, 100, 150, 200).code == "upload.past_length"


def test_the_first_bytes_must_be_those_of_the_declared_format():
    assert rules.content_matches("parquet", b"PAR1\x15\x04")
    assert not rules.content_matches("parquet", b"age,male\n")
    assert rules.content_matches("csv", b"age,male\n1,0\n")
    assert not rules.content_matches("csv", b"PAR1....")
    assert rules.content_matches("geojson", b'\n {"type": "FeatureCollection"')
    assert not rules.content_matches("geojson", b"<html>")
    assert rules.content_matches("sav", b"$FL2@(#)")
    assert not rules.content_matches("dta", b"PK\x03\x04")


def test_every_refusal_code_of_the_rules_has_words():
    for code in (
        "run.not_allowed_from",
        "run.already_published",
        "run.not_published",
        "upload.bad_format",
        "upload.length_required",
        "upload.too_large",
        "upload.offset_mismatch",
        "upload.past_length",
        "upload.content_mismatch",
    ):
        assert refusals.registered(code)


@pytest.mark.parametrize(
    "reason",
    [
        rules.RUN.refusal("cancel", Status.DONE),
        rules.publish_refusal(Status.DONE, True, True),
        rules.publish_refusal(Status.DONE, False, False),
        rules.format_refusal(Kind.BOUNDARIES, "csv", "b.csv"),
        rules.size_refusal(None, 10),
        rules.size_refusal(11, 10),
        rules.offset_refusal(100, 0, 5, 200),
        rules.offset_refusal(0, 0, 300, 200),
        rules.content_refusal("parquet", b"a,b", "s.parquet"),
    ],
    ids=lambda r: r.code,
)
def test_each_refusal_of_the_rules_is_worded_in_the_four_languages(reason):
    from django.utils import translation

    words = {}
    for language in ("en", "es", "fr", "pt"):
        with translation.override(language):
            words[language] = refusals.refusal_text(reason)
    assert all(words.values())
    assert len(set(words.values())) == 4, words
