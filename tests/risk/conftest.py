"""Fixtures of the risk app's tests: a private media folder, a small synthetic country
(generated once), Peru as the pathfinder country whose data it is, and helpers that upload a
file through the services and run the model (the immediate task backend runs it at once)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from alliance87.core.models import Country, Role
from alliance87.pathfinders.models import Pathfinder
from alliance87.risk import services
from alliance87.risk.models import Dataset, Run
from alliance87.riskmodel import synth

SPEC = {
    "outcome": "child_labour",
    "determinants": list(synth.PREDICTORS),
    "categorical": list(synth.CATEGORICAL),
    "weight": "weight",
    "strata": "stratum",
    "psu": "psu",
    "territory": "territory",
    "region": "department",
    "where": "",
    "method": "kmeans",
    "engine": "duckdb",
}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(scope="session")
def country_files(tmp_path_factory):
    """A small synthetic country: 20 territories, about 20,000 children."""
    return synth.generate(
        tmp_path_factory.mktemp("synth"),
        seed=14,
        children=20_000,
        territories=20,
        departments=4,
        survey_size=3_000,
    )


@pytest.fixture
def peru(db):
    return Pathfinder.objects.get_or_create(
        country=Country.objects.get(iso3="PER"),
        defaults={"status": "candidate", "stage": "expression_of_interest"},
    )[0]


@pytest.fixture
def peru_analyst(make_user, peru):
    """Peru's focal point: the country's own person for its risk data."""
    return make_user(Role.FOCAL_POINT, scope=peru, full_name="Ana Analyst")


def upload_bytes(
    actor, content: bytes, *, filename: str, kind: str, country: str = "PER"
) -> Dataset:
    """Upload a whole file in one chunk through the services (as one tus PATCH would)."""
    import io

    up = services.upload_create(
        actor=actor, country_id=country, kind=kind, filename=filename, length=len(content)
    )
    up = services.upload_append(
        actor=actor,
        upload_id=up.pk,
        offset=0,
        stream=io.BytesIO(content),
        content_length=len(content),
    )
    return Dataset.objects.get(pk=up.dataset_id)


def upload_file(
    actor, path: Path, *, kind: str, country: str = "PER", filename: str | None = None
) -> Dataset:
    return upload_bytes(
        actor,
        Path(path).read_bytes(),
        filename=filename or Path(path).name,
        kind=kind,
        country=country,
    )


@pytest.fixture
def datasets(peru_analyst, country_files, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        survey = upload_file(peru_analyst, country_files.survey, kind="survey")
        census = upload_file(peru_analyst, country_files.census, kind="census")
        boundaries = upload_file(peru_analyst, country_files.boundaries, kind="boundaries")
    return {
        k: Dataset.objects.get(pk=d.pk)
        for k, d in (("survey", survey), ("census", census), ("boundaries", boundaries))
    }


def start_run(actor, datasets, capture, **overrides) -> Run:
    spec = {**SPEC, **overrides}
    with capture(execute=True):
        run = services.run_create(
            actor=actor,
            country_id="PER",
            title=overrides.pop("title", "Peru 2026"),
            survey=datasets["survey"],
            census=datasets["census"],
            boundaries=datasets.get("boundaries"),
            **{k: v for k, v in spec.items() if k != "title"},
        )
    return Run.objects.get(pk=run.pk)


@pytest.fixture
def done_run(peru_analyst, datasets, django_capture_on_commit_callbacks):
    run = start_run(peru_analyst, datasets, django_capture_on_commit_callbacks)
    assert run.status == "done", (run.status, run.error)
    return run


def copy_to(path: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, target)
    return target


def unexamined(datasets) -> None:
    """As if the worker had not examined the survey and the census yet (no known columns)."""
    for key in ("survey", "census"):
        Dataset.objects.filter(pk=datasets[key].pk).update(profile={})
        datasets[key].refresh_from_db()
