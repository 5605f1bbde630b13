"""The tus 1.0.0 server (creation, termination) through Django's test client: a file sent in
three chunks with an interruption comes out byte for byte, bad offsets get 409, other people
get 404, CSRF stays on."""

from __future__ import annotations

import base64
import hashlib

import pytest

from alliance87.core.models import Role
from alliance87.risk.models import Dataset, Upload
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
TUS = {"HTTP_TUS_RESUMABLE": "1.0.0"}
URL = "/en/risk/uploads/"


def meta(**values: str) -> str:
    return ",".join(f"{k} {base64.b64encode(v.encode()).decode()}" for k, v in values.items())


def create(client, length: int, filename="survey.parquet", kind="survey", country="PER", **extra):
    return client.post(
        URL,
        HTTP_UPLOAD_LENGTH=str(length),
        HTTP_UPLOAD_METADATA=meta(filename=filename, kind=kind, country=country),
        **TUS,
        **extra,
    )


def patch(client, location: str, offset: int, data: bytes):
    return client.patch(
        location,
        data=data,
        content_type="application/offset+octet-stream",
        HTTP_UPLOAD_OFFSET=str(offset),
        **TUS,
    )


def test_options_says_what_the_server_supports(client):
    response = client.options(URL)
    assert response.status_code == 204
    assert response["Tus-Version"] == "1.0.0"
    assert response["Tus-Extension"] == "creation,termination"
    assert int(response["Tus-Max-Size"]) > 0


def test_a_file_sent_in_three_chunks_with_an_interruption_is_the_same_file(
    peru_analyst, country_files, django_capture_on_commit_callbacks
):
    content = country_files.survey.read_bytes()
    client = client_for(peru_analyst)
    created = create(client, len(content))
    assert created.status_code == 201, created.content
    location = created["Location"]
    third = len(content) // 3
    assert patch(client, location, 0, content[:third]).status_code == 204
    # the connection breaks: the client asks where to resume
    head = client.head(location, **TUS)
    assert head.status_code == 200 and head["Upload-Offset"] == str(third)
    assert head["Upload-Length"] == str(len(content)) and head["Cache-Control"] == "no-store"
    second = patch(client, location, third, content[third : 2 * third])
    assert second["Upload-Offset"] == str(2 * third)
    with django_capture_on_commit_callbacks(execute=True):
        last = patch(client, location, 2 * third, content[2 * third :])
    assert last.status_code == 204 and last["Upload-Offset"] == str(len(content))
    dataset = Dataset.objects.get()
    assert last["X-Dataset-Url"] == f"/en/risk/datasets/{dataset.pk}/"
    assert dataset.sha256 == hashlib.sha256(content).hexdigest()
    assert dataset.size == len(content) and dataset.format == "parquet" and dataset.kind == "survey"
    assert dataset.file.read() == content
    assert "survey" not in dataset.file.name and dataset.file.name.startswith("risk/datasets/")
    assert dataset.column_names  # examined by the task


def test_a_chunk_at_the_wrong_offset_gets_409_and_changes_nothing(peru_analyst):
    client = client_for(peru_analyst)
    location = create(client, 100, filename="c.csv", kind="census")["Location"]
    assert patch(client, location, 0, b"a,b\n1,2\n").status_code == 204
    response = patch(client, location, 3, b"3,4\n")
    assert response.status_code == 409
    assert Upload.objects.get().offset == 8


def test_a_chunk_going_past_the_declared_length_is_refused(peru_analyst):
    client = client_for(peru_analyst)
    location = create(client, 4, filename="c.csv", kind="census")["Location"]
    assert patch(client, location, 0, b"a,b\n1,2\n").status_code == 400
    assert Upload.objects.get().offset == 0


def test_other_people_get_404_for_an_upload_that_is_not_theirs(peru_analyst, make_user, peru):
    client = client_for(peru_analyst)
    location = create(client, 100, filename="c.csv", kind="census")["Location"]
    colleague = client_for(make_user(Role.FOCAL_POINT, scope=peru))
    assert colleague.head(location, **TUS).status_code == 404
    assert patch(colleague, location, 0, b"a,b\n").status_code == 404
    assert colleague.delete(location, **TUS).status_code == 404
    assert client_for(None).head(location, **TUS).status_code == 404
    assert Upload.objects.get().offset == 0


def test_people_the_country_has_not_granted_cannot_create_an_upload(make_user):
    response = create(client_for(make_user(Role.PARTNER_ADMIN)), 100)
    assert response.status_code == 403
    assert create(client_for(None), 100).status_code == 403
    assert not Upload.objects.exists()


def test_the_first_chunk_must_look_like_the_declared_format(peru_analyst):
    client = client_for(peru_analyst)
    location = create(client, 100, filename="survey.parquet")["Location"]
    response = patch(client, location, 0, b"age,male\n1,0\n")
    assert response.status_code == 400 and "parquet" in response.content.decode()
    assert Upload.objects.get().offset == 0


def test_a_file_too_large_or_of_a_kind_we_do_not_read_is_refused_at_creation(
    peru_analyst, settings
):
    settings.RISK_UPLOAD_MAX_BYTES = 1000
    client = client_for(peru_analyst)
    assert create(client, 1001).status_code == 400
    assert create(client, 10, filename="census.xlsx", kind="census").status_code == 400
    assert create(client, 10, filename="b.csv", kind="boundaries").status_code == 400
    assert not Upload.objects.exists()


def test_termination_forgets_the_upload_and_its_bytes(peru_analyst):
    from alliance87.risk.services import part_path

    client = client_for(peru_analyst)
    location = create(client, 100, filename="c.csv", kind="census")["Location"]
    patch(client, location, 0, b"a,b\n")
    upload = Upload.objects.get()
    assert part_path(upload).exists()
    assert client.delete(location, **TUS).status_code == 204
    assert not Upload.objects.exists() and not part_path(upload).exists()
    assert client.head(location, **TUS).status_code == 404


def test_requests_without_the_tus_version_get_412(peru_analyst):
    response = client_for(peru_analyst).post(URL, HTTP_UPLOAD_LENGTH="10")
    assert response.status_code == 412 and response["Tus-Version"] == "1.0.0"


def test_csrf_protection_stays_on_and_the_header_token_passes(peru_analyst):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(peru_analyst)
    assert create(client, 10, filename="c.csv", kind="census").status_code == 403
    client.get("/en/risk/upload/")
    token = client.cookies["csrftoken"].value
    assert (
        create(client, 10, filename="c.csv", kind="census", HTTP_X_CSRFTOKEN=token).status_code
        == 201
    )


def test_a_complete_file_the_library_cannot_read_is_refused_with_its_reason(peru_analyst):
    client = client_for(peru_analyst)
    content = b'{"type": "Feature"}'
    location = create(client, len(content), filename="b.geojson", kind="boundaries")["Location"]
    response = patch(client, location, 0, content)
    assert response.status_code == 400 and "FeatureCollection" in response.content.decode()
    assert not Upload.objects.exists() and not Dataset.objects.exists()


def test_unfinished_uploads_older_than_a_week_are_forgotten_by_the_clean_command(
    peru_analyst, django_capture_on_commit_callbacks
):
    import datetime as dt

    from django.core.management import call_command
    from django.utils import timezone

    from alliance87.risk.services import part_path

    client = client_for(peru_analyst)
    old = create(client, 100, filename="old.csv", kind="census")["Location"]
    patch(client, old, 0, b"a,b\n")
    create(client, 100, filename="new.csv", kind="census")
    stale = Upload.objects.get(filename="old.csv")
    Upload.objects.filter(pk=stale.pk).update(created_at=timezone.now() - dt.timedelta(days=8))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("risk_uploads", "clean", "--days", "7")
    assert list(Upload.objects.values_list("filename", flat=True)) == ["new.csv"]
    assert not part_path(stale).exists()
