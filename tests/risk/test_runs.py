"""A run through the library's pipeline, as the worker does it: stages, results, failures
that leave nothing half written, cancellation, repeatability."""

from __future__ import annotations

import pytest

from alliance87.core.models import AuditEntry
from alliance87.risk import runner, services, worker
from alliance87.risk.models import Run, Territory

from .conftest import start_run, unexamined

pytestmark = pytest.mark.django_db


def test_an_uploaded_file_is_examined_its_columns_types_missing_counts_and_first_rows(datasets):
    survey = datasets["survey"]
    names = survey.column_names
    assert {"child_labour", "weight", "stratum", "psu", "territory", "age"} <= set(names)
    age = next(c for c in survey.columns if c["name"] == "age")
    assert age["numeric"] and age["missing"] == 0
    assert len(survey.profile["preview"]) == 10
    assert survey.profile["records"] > 1000
    boundaries = datasets["boundaries"]
    assert "code" in boundaries.column_names and boundaries.profile["records"] == 20


def test_a_run_goes_through_every_stage_and_stores_the_model_and_the_territories(done_run):
    run = done_run
    assert run.progress == 100 and run.finished_at
    assert run.model["format"].startswith("alliance87.riskmodel/")
    assert Territory.objects.filter(run=run).count() == 20
    top = Territory.objects.filter(run=run).order_by("rank").first()
    assert top.rank == 1 and top.level == "high" and top.name
    assert run.geometry["features"][0]["properties"]["territory"]
    assert run.validation is not None  # the synthetic census measures child labour
    stages = list(
        AuditEntry.objects.filter(event="risk.run.stage", object_id=str(run.pk))
        .order_by("id")
        .values_list("changes__status__1", flat=True)
    )
    assert stages == ["reading", "fitting", "scoring", "classifying", "explaining", "validating"]
    assert AuditEntry.objects.filter(event="risk.run.done", object_id=str(run.pk)).count() == 1


def test_a_run_keeps_what_makes_it_repeatable(done_run, datasets):
    assert done_run.checksums == {k: d.sha256 for k, d in datasets.items()}
    assert done_run.library_version
    assert done_run.determinants and done_run.territory == "territory"


def test_a_library_refusal_fails_the_run_with_its_message_and_writes_no_results(
    peru_analyst, datasets, django_capture_on_commit_callbacks
):
    # the service refuses a column it knows the files lack (test_api_and_plain_upload.py);
    # a census not yet examined reaches the library, whose refusal this test is about
    unexamined(datasets)
    run = start_run(
        peru_analyst,
        datasets,
        django_capture_on_commit_callbacks,
        determinants=["age", "no_such_column"],
        categorical=[],
    )
    assert run.status == "failed"
    assert "no_such_column" in run.error and run.error_code == "missing_columns"
    assert not Territory.objects.filter(run=run).exists() and run.model is None


def test_a_bad_filter_fails_the_run_naming_the_filter(
    peru_analyst, datasets, django_capture_on_commit_callbacks
):
    from alliance87.risk.present import error_text

    run = start_run(peru_analyst, datasets, django_capture_on_commit_callbacks, where="age >>> 3")
    assert run.status == "failed" and "filter" in run.error
    assert run.error_code == "filter_invalid"  # worded in the reader's language
    assert error_text(run, "es").startswith("el filtro (--where) no es válido: ")
    assert error_text(run, "pt").startswith("o filtro (--where) é inválido: ")


def test_a_run_asked_to_stop_stops_at_the_next_stage_and_writes_no_results(
    peru_analyst, datasets, monkeypatch
):
    run = services.run_create(
        actor=peru_analyst,
        country_id="PER",
        title="x",
        survey=datasets["survey"],
        census=datasets["census"],
        boundaries=None,
        outcome="child_labour",
        determinants=["age", "male"],
        territory="territory",
    )  # no commit callbacks here: the task is not run
    real = worker.run_stage

    def stage_then_cancel(*, run_id, status):
        ok = real(run_id=run_id, status=status)
        if status.value == "fitting":
            services.run_cancel(actor=peru_analyst, run_id=run_id)
        return ok

    monkeypatch.setattr(worker, "run_stage", stage_then_cancel)
    assert runner.execute(run.pk) == "cancelled"
    run.refresh_from_db()
    assert run.status == "cancelled" and run.model is None
    assert not Territory.objects.filter(run=run).exists()


def test_a_queued_run_is_cancelled_at_once(peru_analyst, datasets):
    run = services.run_create(
        actor=peru_analyst,
        country_id="PER",
        title="x",
        survey=datasets["survey"],
        census=datasets["census"],
        outcome="child_labour",
        determinants=["age"],
        territory="territory",
    )
    services.run_cancel(actor=peru_analyst, run_id=run.pk)
    assert Run.objects.get(pk=run.pk).status == "cancelled"
    assert runner.execute(run.pk) == "cancelled"


def test_publishing_needs_a_finished_run_and_can_be_withdrawn(peru_analyst, done_run):
    services.run_publish(actor=peru_analyst, run_id=done_run.pk, publish=True)
    assert Run.objects.get(pk=done_run.pk).published
    services.run_publish(actor=peru_analyst, run_id=done_run.pk, publish=False)
    assert not Run.objects.get(pk=done_run.pk).published


@pytest.mark.spark
@pytest.mark.slow
def test_a_run_on_the_spark_engine_in_local_mode_gives_duckdbs_territories(
    peru_analyst, datasets, done_run, django_capture_on_commit_callbacks, settings
):
    pytest.importorskip("pyspark")
    import shutil

    if not shutil.which("java"):
        pytest.skip("Spark needs a Java runtime")
    settings.RISK_SPARK_MASTER = "local[2]"
    spark = start_run(peru_analyst, datasets, django_capture_on_commit_callbacks, engine="spark")
    assert spark.status == "done", spark.error
    duck = {t.code: t.risk_index for t in done_run.territories.all()}
    for t in spark.territories.all():
        assert t.risk_index == pytest.approx(duck[t.code], rel=1e-9)


def test_boundaries_that_match_no_territory_fail_the_run_saying_so_in_portuguese(
    peru_analyst, datasets, country_files, django_capture_on_commit_callbacks
):
    import json

    from tests.conftest import client_for

    from .conftest import upload_bytes

    other = json.loads(country_files.boundaries.read_text())
    for n, f in enumerate(other["features"]):
        f["properties"] = {"code": f"X{n}", "name": f"Outro {n}"}  # another country's codes
    with django_capture_on_commit_callbacks(execute=True):
        wrong = upload_bytes(
            peru_analyst, json.dumps(other).encode(), filename="outro.geojson", kind="boundaries"
        )
    run = start_run(
        peru_analyst, {**datasets, "boundaries": wrong}, django_capture_on_commit_callbacks
    )
    assert run.status == "failed" and run.error_code == "boundaries_unmatched"
    assert not Territory.objects.filter(run=run).exists()
    body = client_for(peru_analyst).get(f"/pt/risk/runs/{run.pk}/").content.decode()
    assert "Nenhuma propriedade das feições dos limites corresponde" in body
    assert run.error_params["codes"].split(", ")[0] in body  # the census's own codes, named
