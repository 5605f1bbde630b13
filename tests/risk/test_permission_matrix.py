"""Who may do what with a country's risk data: persona × action → allowed, and nothing
written when refused. The focal point persona is Peru's (scoped to Peru's Pathfinder); the
data are Peru's. A country grants other people access; everyone else sees only runs whose
results the country published, and never the files."""

from __future__ import annotations

import base64
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from alliance87.core.models import AuditEntry, Role
from alliance87.risk import services
from alliance87.risk.models import Grant, Run, Upload
from tests.conftest import client_for

from .conftest import upload_bytes

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anonymous",
    "outsider",
    "secretariat",
    "gcg_member",
    "focal_point",
    "reviewer",
    "group_chair",
    "partner_admin",
    "partner_member",
]
COUNTRY = {"secretariat", "focal_point"}
CSV = b"territory,age,child_labour\nA,10,0\nB,12,1\n"


@pytest.fixture
def persona_scope(peru):
    return {"focal_point": peru}


@pytest.fixture
def data(peru_analyst):
    census = upload_bytes(peru_analyst, CSV, filename="census.csv", kind="census")
    survey = upload_bytes(peru_analyst, CSV, filename="survey.csv", kind="survey")
    spec = {
        "survey": survey,
        "census": census,
        "outcome": "child_labour",
        "determinants": ["age"],
        "territory": "territory",
    }
    private = services.run_create(actor=peru_analyst, country_id="PER", title="Private", **spec)
    published = services.run_create(actor=peru_analyst, country_id="PER", title="Published", **spec)
    Run.objects.filter(pk=published.pk).update(status="done")  # as if the worker had run it
    services.run_publish(actor=peru_analyst, run_id=published.pk, publish=True)
    from django.core.files.uploadedfile import SimpleUploadedFile

    from alliance87.risk import support

    request = support.support_request(
        actor=peru_analyst,
        country_id="PER",
        message="Apply the model",
        letter=SimpleUploadedFile("carta.pdf", b"%PDF-1.4"),
    )
    return {
        "census": census,
        "survey": survey,
        "private": Run.objects.get(pk=private.pk),
        "published": published,
        "support": request,
    }


def _status(response) -> int:
    return response.status_code


def allowed(persona: str, action: str) -> bool:
    if action in {
        "view_published_run",
        "view_published_territories_api",
        "download_published_parquet",
    }:
        return True
    return persona in COUNTRY


READS = {
    "view_dataset": lambda d: f"/en/risk/datasets/{d['census'].pk}/",
    "download_dataset": lambda d: f"/en/risk/datasets/{d['census'].pk}/file/",
    "view_private_run": lambda d: f"/en/risk/runs/{d['private'].pk}/",
    "view_private_run_api": lambda d: f"/api/risk/runs/{d['private'].pk}",
    "view_published_run": lambda d: f"/en/risk/runs/{d['published'].pk}/",
    "view_published_territories_api": lambda d: f"/api/risk/runs/{d['published'].pk}/territories",
    "manage_access": lambda d: "/en/risk/access/PER/",
    "download_published_parquet": lambda d: (
        f"/en/risk/runs/{d['published'].pk}/territories.parquet"
    ),
    "download_private_parquet": lambda d: f"/en/risk/runs/{d['private'].pk}/territories.parquet",
    "name_priority_territories": lambda d: "/en/risk/roadmap/PER/",
    "view_support_request": lambda d: f"/en/risk/support/{d['support'].pk}/",
    "download_support_letter": lambda d: f"/en/risk/support/{d['support'].pk}/letter/",
}


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
@pytest.mark.parametrize("action", list(READS))
def test_who_sees_what(persona, action, data):
    name = (
        "anonymous"
        if persona is None
        else next((r for r in persona.role_assignments.values_list("role", flat=True)), "outsider")
    )
    response = client_for(persona).get(READS[action](data))
    if allowed(name, action):
        assert _status(response) == 200, (name, action, response.content[:300])
    elif persona is None and not action.endswith("_api"):
        assert _status(response) in (302, 404)  # sign in first, or not found
    else:
        assert _status(response) in (401, 404), (name, action, response.status_code)


WRITES = {
    "upload": lambda c, d: c.post(
        "/en/risk/uploads/",
        HTTP_TUS_RESUMABLE="1.0.0",
        HTTP_UPLOAD_LENGTH="10",
        HTTP_UPLOAD_METADATA="filename "
        + base64.b64encode(b"c.csv").decode()
        + ",kind "
        + base64.b64encode(b"census").decode()
        + ",country "
        + base64.b64encode(b"PER").decode(),
    ),
    "cancel_run": lambda c, d: c.post(f"/en/risk/runs/{d['private'].pk}/cancel/"),
    "publish_run": lambda c, d: c.post(f"/en/risk/runs/{d['published'].pk}/withdraw/"),
    "grant_access": lambda c, d: c.post("/en/risk/access/PER/", {"email": "someone@example.org"}),
    "create_run_api": lambda c, d: c.post(
        "/api/risk/runs",
        json.dumps(
            {
                "title": "By API",
                "survey": d["survey"].pk,
                "census": d["census"].pk,
                "outcome": "child_labour",
                "determinants": ["age"],
                "territory": "territory",
            }
        ),
        content_type="application/json",
    ),
    "plain_upload": lambda c, d: c.post(
        "/en/risk/upload/",
        {"country": "PER", "kind": "census", "file": SimpleUploadedFile("c.csv", CSV)},
    ),
    "request_support": lambda c, d: c.post(
        "/en/risk/support/",
        {"country": "PER", "message": "Help", "letter": SimpleUploadedFile("l.pdf", b"%PDF")},
    ),
    "withdraw_support": lambda c, d: c.post(
        f"/en/risk/support/{d['support'].pk}/step/", {"action": "withdraw"}
    ),
    "name_priority_territories": lambda c, d: c.post(
        "/en/risk/roadmap/PER/", {"priority": d["priority"].pk, "codes": []}
    ),
}

NO_AUDIT = {"upload", "name_priority_territories"}
#: Actions only the Secretariat (or the assigned staff) may take, not the country itself.
SECRETARIAT_ONLY = {"assign_support", "start_support"}
WRITES["assign_support"] = lambda c, d: c.post(
    f"/en/risk/support/{d['support'].pk}/step/",
    {"action": "assign", "email": "someone@example.org"},
)
WRITES["start_support"] = lambda c, d: c.post(
    f"/en/risk/support/{d['support'].pk}/step/", {"action": "start"}
)


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
@pytest.mark.parametrize("action", list(WRITES))
def test_who_may_change_what(persona, action, data, make_user, peru):
    from alliance87.pathfinders.models import Priority
    from alliance87.risk.models import SupportRequest

    make_user(None, email="someone@example.org")
    data["priority"] = Priority.objects.create(
        pathfinder=peru, kind="priority", text={"en": "Rural areas"}, position=0
    )
    if action == "start_support":  # staff assigned first, by the Secretariat
        SupportRequest.objects.filter(pk=data["support"].pk).update(status="assigned")
    support_before = SupportRequest.objects.get(pk=data["support"].pk).status
    requests_before = SupportRequest.objects.count()
    name = (
        "anonymous"
        if persona is None
        else next((r for r in persona.role_assignments.values_list("role", flat=True)), "outsider")
    )
    audit_before = AuditEntry.objects.count()
    uploads_before = Upload.objects.count()
    response = WRITES[action](client_for(persona), data)
    data["private"].refresh_from_db()
    data["published"].refresh_from_db()
    may = name == "secretariat" if action in SECRETARIAT_ONLY else name in COUNTRY
    if may:
        assert response.status_code in (201, 302), (name, action, response.status_code)
        # naming no territory where none was named is no change, and no audit row
        assert AuditEntry.objects.count() > audit_before or action in NO_AUDIT
    else:
        assert response.status_code in (302, 400, 401, 403, 404), (
            name,
            action,
            response.status_code,
        )
        assert AuditEntry.objects.count() == audit_before
        assert Upload.objects.count() == uploads_before
        assert data["private"].status == "queued" and not data["private"].cancel_requested
        assert data["published"].published
        assert not Grant.objects.exists()
        assert SupportRequest.objects.get(pk=data["support"].pk).status == support_before
        assert SupportRequest.objects.count() == requests_before


def test_a_country_grants_a_named_person_who_then_sees_its_data(data, peru_analyst, outsider):
    page = f"/en/risk/datasets/{data['census'].pk}/"
    assert client_for(outsider).get(page).status_code == 404
    services.grant_add(actor=peru_analyst, country_id="PER", email=outsider.email)
    assert client_for(outsider).get(page).status_code == 200
    grant = Grant.objects.get()
    services.grant_remove(actor=peru_analyst, grant_id=grant.pk)
    outsider.refresh_from_db()
    assert client_for(outsider).get(page).status_code == 404


def test_another_countrys_focal_point_sees_none_of_perus_data(data, make_user):
    from alliance87.core.models import Country
    from alliance87.pathfinders.models import Pathfinder

    chile = Pathfinder.objects.create(
        country=Country.objects.get(iso3="CHL"), status="candidate", stage="expression_of_interest"
    )
    other = client_for(make_user(Role.FOCAL_POINT, scope=chile))
    assert other.get(f"/en/risk/datasets/{data['census'].pk}/").status_code == 404
    assert other.get(f"/en/risk/runs/{data['private'].pk}/").status_code == 404
    index = other.get("/en/risk/").content.decode()
    assert "census.csv" not in index and "Private" not in index and "Published" in index


def test_the_published_run_shows_no_link_to_the_files_to_the_public(data):
    body = client_for(None).get(f"/en/risk/runs/{data['published'].pk}/").content.decode()
    assert f"/datasets/{data['census'].pk}/" not in body
