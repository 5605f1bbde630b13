"""Who may do what with a country's risk data: persona × action → allowed, and nothing
written when refused. The focal point persona is Peru's (scoped to Peru's Pathfinder); the
data are Peru's. A country grants other people access; everyone else sees only runs whose
results the country published, and never the files."""

from __future__ import annotations

import base64

import pytest

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
    return {"census": census, "private": Run.objects.get(pk=private.pk), "published": published}


def _status(response) -> int:
    return response.status_code


def allowed(persona: str, action: str) -> bool:
    if action in {"view_published_run", "view_published_territories_api"}:
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
}


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
@pytest.mark.parametrize("action", list(WRITES))
def test_who_may_change_what(persona, action, data, make_user):
    make_user(None, email="someone@example.org")
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
    if name in COUNTRY:
        assert response.status_code in (201, 302), (name, action, response.status_code)
        assert AuditEntry.objects.count() > audit_before or action == "upload"
    else:
        assert response.status_code in (302, 403, 404), (name, action, response.status_code)
        assert AuditEntry.objects.count() == audit_before
        assert Upload.objects.count() == uploads_before
        assert data["private"].status == "queued" and not data["private"].cancel_requested
        assert data["published"].published
        assert not Grant.objects.exists()


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
