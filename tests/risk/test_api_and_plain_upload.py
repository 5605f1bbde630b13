"""The API to create a run from datasets (POST, permission-checked, errors naming the field),
and the upload page's no-JavaScript fallback (a plain multipart form within its size limit)."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from alliance87.core.models import Role
from alliance87.risk.models import Dataset, Run, Upload
from tests.conftest import client_for

from .conftest import SPEC

pytestmark = pytest.mark.django_db


def payload(datasets, **overrides):
    body = {
        **SPEC,
        "title": "Peru by API",
        "survey": datasets["survey"].pk,
        "census": datasets["census"].pk,
        "boundaries": datasets["boundaries"].pk,
    }
    body.update(overrides)
    return json.dumps(body)


def post(user, body):
    return client_for(user).post("/api/risk/runs", body, content_type="application/json")


def test_the_api_creates_a_run_from_the_countrys_datasets(
    peru_analyst, datasets, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(peru_analyst, payload(datasets))
    assert response.status_code == 201, response.content
    run = Run.objects.get(pk=response.json()["id"])
    assert run.status == "done" and run.country_id == "PER"
    rows = client_for(peru_analyst).get(f"/api/risk/runs/{run.pk}/territories").json()
    assert rows[0]["risk_index_ci_low"] is not None and rows[0]["level_probability"] is not None


def test_api_errors_name_the_field(peru_analyst, datasets):
    r = post(peru_analyst, payload(datasets, outcome="no_such_column"))
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "outcome"
    r = post(peru_analyst, payload(datasets, determinants=["age", "nope"]))
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "determinants"
    r = post(peru_analyst, payload(datasets, census=datasets["survey"].pk))
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "census"
    r = post(peru_analyst, payload(datasets, method="fixed"))
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "thresholds"
    r = post(peru_analyst, payload(datasets, engine="spark"))
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "engine"
    assert not Run.objects.exists()


def test_the_api_refuses_who_may_not_use_the_countrys_data(peru_analyst, datasets, make_user):
    for user in (make_user(Role.PARTNER_MEMBER), make_user(Role.GCG_MEMBER)):
        r = post(user, payload(datasets))
        assert r.status_code == 400 and r.json()["errors"][0]["field"] == "survey"
    assert post(None, payload(datasets)).status_code == 401
    assert not Run.objects.exists()


def test_a_focal_point_finds_their_only_country_already_chosen(peru_analyst, secretariat):
    page = client_for(peru_analyst).get("/es/risk/upload/").content.decode()
    assert '<option value="PER" selected>' in page and "---------" not in page
    many = client_for(secretariat).get("/es/risk/upload/").content.decode()
    assert "---------" in many  # the Secretariat chooses among the countries


def test_without_javascript_the_form_uploads_the_whole_file(peru_analyst, country_files):
    page = client_for(peru_analyst).get("/en/risk/upload/").content.decode()
    assert 'enctype="multipart/form-data"' in page and "<noscript>" in page
    content = country_files.boundaries.read_bytes()
    response = client_for(peru_analyst).post(
        "/en/risk/upload/",
        {
            "country": "PER",
            "kind": "boundaries",
            "file": SimpleUploadedFile("peru.geojson", content),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    dataset = Dataset.objects.get()
    assert dataset.size == len(content) and dataset.name == "peru.geojson"


def test_without_javascript_a_refused_file_leaves_nothing(peru_analyst, settings):
    settings.RISK_PLAIN_UPLOAD_MAX_BYTES = 20
    client = client_for(peru_analyst)
    r = client.post(
        "/en/risk/upload/",
        {"country": "PER", "kind": "census", "file": SimpleUploadedFile("c.csv", b"x" * 100)},
    )
    assert r.status_code == 400 and "larger than the limit" in r.content.decode()
    settings.RISK_PLAIN_UPLOAD_MAX_BYTES = 1000
    r = client.post(
        "/en/risk/upload/",
        {"country": "PER", "kind": "census", "file": SimpleUploadedFile("c.csv", b"PAR1xxxx")},
    )
    assert r.status_code == 400 and "does not start as" in r.content.decode()
    assert not Dataset.objects.exists() and not Upload.objects.exists()
