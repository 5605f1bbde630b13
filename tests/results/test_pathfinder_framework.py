"""A pathfinder country's own indicator framework (seed 003): the country's focal point
creates it and defines its indicators (unit, kinds, baseline, target); values are entered
per year through the results app's value entry, for that country only."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from alliance87.core.models import AuditEntry, Country, Role
from alliance87.pathfinders.models import Pathfinder
from alliance87.results import services, services_frameworks
from alliance87.results.models import Framework, Indicator, IndicatorValue, TargetValue
from tests.conftest import client_for

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
ALLOWED = {"secretariat", "focal_point"}
FW = "pathfinder-per"


@pytest.fixture
def persona_scope(peru):
    return {"focal_point": peru}


@pytest.fixture
def per_framework(make_user, peru):
    sec = make_user(Role.SECRETARIAT)
    return services_frameworks.pathfinder_framework_create(
        actor=sec, country_id="PER", start_year=2019, end_year=2025
    )


INDICATOR = {
    "result": "Reducir el trabajo infantil",
    "code": "1",
    "text": "Número de inspecciones",
    "value_kinds": ["count"],
    "unit": "inspections",
    "direction": "higher",
    "baseline_year": 2019,
    "baseline": "120",
    "target_year": 2025,
    "target": "300",
    "source": "Hoja de ruta nacional",
}


def test_the_profile_page_links_to_the_countrys_indicator_framework(peru, peru_focal_point):
    r = client_for(peru_focal_point).get("/es/pathfinders/PER/")
    assert r.status_code == 200
    html = r.content.decode()
    assert 'href="/es/results/pathfinders/PER/"' in html


def test_without_a_framework_the_page_says_so_and_the_seed_names_no_indicator(peru):
    r = client_for(None).get("/en/results/pathfinders/PER/")
    assert r.status_code == 200
    html = r.content.decode()
    assert 'id="no-framework"' in html and "The seed names no indicator" in html
    assert "<form" not in html.split('id="no-framework"')[1]  # the public cannot create it


def test_the_focal_point_creates_the_framework_and_defines_an_indicator_on_the_pages(
    peru_focal_point,
):
    client = client_for(peru_focal_point)
    r = client.post("/es/results/pathfinders/PER/", {"start_year": 2019, "end_year": 2025})
    assert r.status_code == 302 and r["Location"] == f"/es/results/{FW}/"
    fw = Framework.objects.get(code=FW)
    assert (fw.kind, fw.country_id, fw.start_year, fw.end_year) == ("pathfinder", "PER", 2019, 2025)
    assert fw.results.count() == 0  # nothing loaded: the country defines its indicators
    assert client.get("/es/results/pathfinders/PER/")["Location"] == f"/es/results/{FW}/"
    page = client.get(f"/es/results/{FW}/").content.decode()
    assert f'href="/es/results/{FW}/indicators/add/"' in page
    r = client.post(f"/es/results/{FW}/indicators/add/", INDICATOR)
    assert r.status_code == 302, r.content.decode()[:2000]
    ind = Indicator.objects.get(result__framework=fw)
    assert (ind.code, ind.unit, ind.value_kinds, ind.direction) == (
        "1",
        "inspections",
        ["count"],
        "higher",
    )
    assert ind.texts == {"es": "Número de inspecciones", "_original": "es"}
    assert ind.result.texts["es"] == "Reducir el trabajo infantil"
    targets = {(t.year, t.is_baseline): t.value for t in TargetValue.objects.filter(indicator=ind)}
    assert targets == {(2019, True): Decimal("120"), (2025, False): Decimal("300")}
    assert AuditEntry.objects.filter(event="results.indicator.added").count() == 1


def test_values_are_entered_per_year_through_the_value_entry_and_published(
    per_framework, peru_focal_point, make_user
):
    ind = services_frameworks.indicator_add(
        actor=peru_focal_point,
        framework_code=FW,
        **{**INDICATOR, "baseline": Decimal("120"), "target": Decimal("300")},
    )
    v = services.value_enter(
        actor=peru_focal_point, indicator_id=ind.pk, country_id="PER", year=2020, count=150
    )
    sec = make_user(Role.SECRETARIAT)
    services.value_submit(actor=peru_focal_point, value_id=v.pk, expected_version=1)
    services.value_publish(actor=sec, value_id=v.pk, expected_version=2)
    html = client_for(None).get(f"/es/results/{FW}/indicators/1/").content.decode()
    assert "150" in html and "120" in html and "300" in html


def test_a_countrys_framework_takes_that_countrys_values_only(per_framework, make_user):
    sec = make_user(Role.SECRETARIAT)
    ind = services_frameworks.indicator_add(
        actor=sec,
        framework_code=FW,
        **{
            **INDICATOR,
            "baseline": None,
            "baseline_year": None,
            "target": None,
            "target_year": None,
        },
    )
    r = client_for(sec).post(
        "/api/results/values",
        json.dumps({"framework": FW, "indicator": "1", "country": "ARG", "year": 2020, "count": 1}),
        content_type="application/json",
    )
    assert r.status_code == 400 and "country" in r.content.decode()
    r = client_for(sec).post(
        f"/api/results/frameworks/{FW}/indicators/1/import",
        json.dumps({"csv": "Year,Country,Value\n2020,ARG,2\n"}),
        content_type="application/json",
    )
    assert r.status_code == 400
    assert IndicatorValue.objects.filter(indicator=ind).count() == 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"baseline_year": None}, "baseline_year"),
        ({"source": ""}, "source"),
        ({"target_year": 2030}, "target_year"),
        ({"value_kinds": ["level"]}, "scale_max"),
        ({"result": " "}, "result"),
    ],
)
def test_a_bad_indicator_is_refused_naming_its_field(
    per_framework, peru_focal_point, change, field
):
    r = client_for(peru_focal_point).post(
        f"/api/results/frameworks/{FW}/indicators",
        json.dumps({**INDICATOR, **change}),
        content_type="application/json",
    )
    assert r.status_code == 400, r.content
    assert field in {e["field"] for e in r.json()["errors"]}
    assert Indicator.objects.filter(result__framework__code=FW).count() == 0


def test_the_same_code_twice_is_refused(per_framework, peru_focal_point):
    services_frameworks.indicator_add(actor=peru_focal_point, framework_code=FW, **INDICATOR)
    with pytest.raises(Exception, match="already has an indicator"):
        services_frameworks.indicator_add(actor=peru_focal_point, framework_code=FW, **INDICATOR)


def test_another_countrys_focal_point_cannot_define_peru_s_indicators(per_framework, make_user):
    arg = Pathfinder.objects.get_or_create(
        country=Country.objects.get(iso3="ARG"),
        defaults={"status": "candidate", "stage": "expression_of_interest"},
    )[0]
    other = make_user(Role.FOCAL_POINT, scope=arg)
    r = client_for(other).post(
        f"/api/results/frameworks/{FW}/indicators",
        json.dumps(INDICATOR),
        content_type="application/json",
    )
    assert r.status_code == 403


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_framework_matrix(request, persona, peru):
    name = request.node.callspec.params["persona"]
    client = client_for(persona)
    before = Framework.objects.count()
    r = client.post(
        "/api/results/pathfinders/PER/framework",
        json.dumps({"start_year": 2019, "end_year": 2025}),
        content_type="application/json",
    )
    if name in ALLOWED:
        assert r.status_code == 201, r.content
        r = client.post(
            f"/api/results/frameworks/{FW}/indicators",
            json.dumps(INDICATOR),
            content_type="application/json",
        )
        assert r.status_code == 201, r.content
        assert client.get(f"/es/results/{FW}/indicators/add/").status_code == 200
    else:
        assert r.status_code == (401 if persona is None else 403)
        assert Framework.objects.count() == before
        assert client.get("/es/results/pathfinders/PER/").status_code == 200
        page = client.post("/es/results/pathfinders/PER/", {"start_year": 2019, "end_year": 2025})
        assert page.status_code in (302, 403) and Framework.objects.count() == before
