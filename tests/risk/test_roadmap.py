"""Beside the roadmap (issue 14): on a pathfinder country's page and in its focal point's
workspace, the latest run the country published shows its high-risk territories next to the
roadmap's priorities; a priority names the territories it targets. The Regional
Initiative's indicators about the model (1.3-1.8) list the runs."""

from __future__ import annotations

import pytest

from alliance87.core.models import Role
from alliance87.pathfinders.models import Priority
from alliance87.risk import roadmap, services
from alliance87.risk.models import PriorityTerritory
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def priority(peru):
    return Priority.objects.create(
        pathfinder=peru,
        kind="priority",
        text={"es": "Prevención en zonas rurales", "en": "Prevention in rural areas"},
        position=0,
    )


def test_the_profile_shows_the_published_runs_high_risk_territories_beside_the_priorities(
    peru_analyst, done_run, priority
):
    high = done_run.territories.filter(level="high").order_by("rank").first()
    body = client_for(None).get("/en/pathfinders/PER/").content.decode()
    assert "data-risk-beside-roadmap" in body
    assert "not published results of the child labour risk model yet" in body
    assert f'data-territory="{high.code}"' not in body  # nothing before it is published
    services.run_publish(actor=peru_analyst, run_id=done_run.pk, publish=True, audience="public")
    roadmap.priority_territories_set(
        actor=peru_analyst, priority_id=priority.pk, codes=[high.code], names={}
    )
    body = client_for(None).get("/en/pathfinders/PER/").content.decode()
    assert f'data-territory="{high.code}"' in body and "Prevention in rural areas" in body
    assert "Name the territories each priority targets" not in body


def test_the_focal_point_names_the_territories_a_priority_targets_in_the_workspace(
    peru_analyst, done_run, priority
):
    client = client_for(peru_analyst)
    body = client.get("/en/pathfinders/PER/workspace/").content.decode()
    assert "Name the territories each priority targets" in body
    codes = list(done_run.territories.order_by("rank").values_list("code", flat=True)[:2])
    response = client.post("/en/risk/roadmap/PER/", {"priority": priority.pk, "codes": codes})
    assert response.status_code == 302
    assert sorted(PriorityTerritory.objects.values_list("code", flat=True)) == sorted(codes)
    response = client.post("/en/risk/roadmap/PER/", {"priority": priority.pk, "codes": codes[:1]})
    assert list(PriorityTerritory.objects.values_list("code", flat=True)) == codes[:1]
    from alliance87.core.models import AuditEntry

    assert AuditEntry.objects.filter(event="risk.priority.territories_set").count() == 2


def test_only_the_country_names_its_priorities_territories(
    peru_analyst, done_run, priority, make_user
):
    other = make_user(Role.PARTNER_MEMBER)
    assert client_for(other).get("/en/risk/roadmap/PER/").status_code == 404
    assert client_for(None).get("/en/risk/roadmap/PER/").status_code in (302, 404)
    response = client_for(other).post(
        "/en/risk/roadmap/PER/", {"priority": priority.pk, "codes": []}
    )
    assert response.status_code == 404 and not PriorityTerritory.objects.exists()


def test_the_regional_initiatives_model_indicators_list_the_runs(peru_analyst, done_run):
    from alliance87.results import seed
    from alliance87.results.models import Indicator

    seed.load()
    ind = Indicator.objects.get(result__framework__kind="regional_initiative", code="1.6")
    url = f"/en/results/{ind.result.framework.code}/indicators/1.6/"
    assert f'data-run="{done_run.pk}"' not in client_for(None).get(url).content.decode()
    services.run_publish(actor=peru_analyst, run_id=done_run.pk, publish=True, audience="public")
    body = client_for(None).get(url).content.decode()
    assert "data-risk-runs" in body and f'data-run="{done_run.pk}"' in body
    url = f"/en/results/{ind.result.framework.code}/indicators/1.1/"
    assert "data-risk-runs" not in client_for(None).get(url).content.decode()


def test_the_section_takes_the_same_queries_with_more_priorities_and_territories(
    peru_analyst, done_run, priority, peru
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    services.run_publish(actor=peru_analyst, run_id=done_run.pk, publish=True, audience="public")
    codes = list(done_run.territories.values_list("code", flat=True))

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client_for(None).get("/en/pathfinders/PER/").status_code == 200
        return len(ctx)

    roadmap.priority_territories_set(
        actor=peru_analyst, priority_id=priority.pk, codes=codes[:1], names={}
    )
    small = count()
    for i in range(1, 6):
        p = Priority.objects.create(
            pathfinder=peru, kind="priority", text={"en": f"P{i}"}, position=i
        )
        roadmap.priority_territories_set(
            actor=peru_analyst, priority_id=p.pk, codes=codes[: 3 * i], names={}
        )
    assert count() == small
