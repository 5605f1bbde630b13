"""Who may do what with indicator values: persona × action → allowed, and nothing written when
refused. The focal point persona is Peru's focal point (scoped to Peru's Pathfinder)."""

from __future__ import annotations

import json

import pytest

from alliance87.core.models import AuditEntry, Role
from alliance87.results import services
from alliance87.results.models import IndicatorValue
from tests.conftest import client_for

from .conftest import FW, indicator

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
OWN_COUNTRY = {"secretariat", "focal_point"}
SECRETARIAT = {"secretariat"}


@pytest.fixture
def persona_scope(framework, peru):
    return {"focal_point": peru}


@pytest.fixture
def values(make_user, persona_scope):
    """A Peruvian draft, a Peruvian submitted value and a Peruvian published value."""
    sec = make_user(Role.SECRETARIAT)

    def new(code, steps):
        v = services.value_enter(
            actor=sec, indicator_id=indicator(code).pk, country_id="PER", year=2019, count=1
        )
        for n, step in enumerate(steps, start=1):
            getattr(services, f"value_{step}")(actor=sec, value_id=v.pk, expected_version=n)
        return IndicatorValue.objects.get(pk=v.pk)

    return {
        "draft": new("1.1", []),
        "submitted": new("1.5", ["submit"]),
        "published": new("1.6", ["submit", "publish"]),
    }


def entry(country):
    return lambda v: (
        "values",
        {"framework": FW, "indicator": "2.4", "country": country, "year": 2019, "count": 2},
        None,
    )


# action: (builder -> (path, payload, value whose state must not change), who may, success)
API = {
    "enter_own_country": (entry("PER"), OWN_COUNTRY, 201),
    "enter_other_country": (entry("ARG"), SECRETARIAT, 201),
    "import_own_country": (
        lambda v: (
            f"frameworks/{FW}/indicators/2.4/import",
            {"csv": "Year,Value\n2019,2\n", "country": "PER"},
            None,
        ),
        OWN_COUNTRY,
        201,
    ),
    "import_several_countries": (
        lambda v: (
            f"frameworks/{FW}/indicators/2.4/import",
            {"csv": "Year,Country,Value\n2019,ARG,2\n2019,PER,1\n"},
            None,
        ),
        SECRETARIAT,
        201,
    ),
    "edit_draft": (
        lambda v: (f"values/{v['draft'].pk}", {"version": 1, "count": 4}, v["draft"]),
        OWN_COUNTRY,
        200,
    ),
    "submit": (
        lambda v: (f"values/{v['draft'].pk}/submit", {"version": 1}, v["draft"]),
        OWN_COUNTRY,
        200,
    ),
    "publish": (
        lambda v: (f"values/{v['submitted'].pk}/publish", {"version": 2}, v["submitted"]),
        SECRETARIAT,
        200,
    ),
    "return": (
        lambda v: (f"values/{v['submitted'].pk}/return", {"version": 2}, v["submitted"]),
        SECRETARIAT,
        200,
    ),
    "reopen": (
        lambda v: (f"values/{v['published'].pk}/reopen", {"version": 3}, v["published"]),
        SECRETARIAT,
        200,
    ),
}


def results_audit() -> int:
    return AuditEntry.objects.filter(event__startswith="results.").count()


@pytest.mark.parametrize("action", sorted(API))
@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_api_matrix(request, persona, action, values):
    name = request.node.callspec.params["persona"]
    build, allowed, success = API[action]
    path, payload, target = build(values)
    before = (IndicatorValue.objects.count(), results_audit())
    method = "patch" if action == "edit_draft" else "post"
    response = getattr(client_for(persona), method)(
        f"/api/results/{path}", json.dumps(payload), content_type="application/json"
    )
    if name in allowed:
        assert response.status_code == success, response.content
        assert results_audit() == before[1] + 1
    else:
        assert response.status_code == (401 if persona is None else 403), response.content
        assert (IndicatorValue.objects.count(), results_audit()) == before
        if target is not None:
            fresh = IndicatorValue.objects.get(pk=target.pk)
            assert (fresh.status, fresh.version, fresh.count) == (
                target.status,
                target.version,
                target.count,
            )


# Page twins: the entry form and the review buttons.
@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_page_entry_matrix(request, persona, values):
    name = request.node.callspec.params["persona"]
    before = IndicatorValue.objects.count()
    response = client_for(persona).post(
        f"/es/results/{FW}/indicators/2.4/enter/", {"country": "PER", "year": 2019, "count": "2"}
    )
    if name in OWN_COUNTRY:
        assert response.status_code == 302
        assert IndicatorValue.objects.count() == before + 1
    else:
        assert IndicatorValue.objects.count() == before
        if persona is None:
            assert response.status_code == 302 and "login" in response["Location"]
        else:
            assert response.status_code == 403


def test_a_focal_point_cannot_choose_another_country_on_the_page(peru_focal_point, values):
    before = IndicatorValue.objects.count()
    response = client_for(peru_focal_point).post(
        f"/es/results/{FW}/indicators/2.4/enter/", {"country": "ARG", "year": 2019, "count": "2"}
    )
    assert response.status_code == 400 and IndicatorValue.objects.count() == before


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_page_publish_matrix(request, persona, values):
    name = request.node.callspec.params["persona"]
    v = values["submitted"]
    response = client_for(persona).post(f"/es/results/values/{v.pk}/publish/", {"version": 2})
    v.refresh_from_db()
    if name in SECRETARIAT:
        assert response.status_code == 302 and v.status == "published"
    else:
        assert response.status_code in (302, 403) and v.status == "submitted"
        assert v.version == 2


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_page_edit_matrix(request, persona, values):
    name = request.node.callspec.params["persona"]
    v = values["draft"]
    response = client_for(persona).post(
        f"/es/results/values/{v.pk}/edit/", {"version": 1, "count": "8"}
    )
    v.refresh_from_db()
    if name in OWN_COUNTRY:
        assert response.status_code == 302 and (v.count, v.version) == (8, 2)
    else:
        assert (v.count, v.version) == (1, 1)
        if persona is None:
            assert response.status_code == 302 and "login" in response["Location"]
        else:
            assert response.status_code == 403
