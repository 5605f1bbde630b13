"""Every results list page and API read keeps its number of queries as the data grows, for
the public, a focal point and the Secretariat (who see drafts and the buttons on them)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alliance87.results import services
from tests.conftest import client_for

from .conftest import FW, indicator
from .test_pages_and_api import COUNTRIES, publish

pytestmark = pytest.mark.django_db

PAGES = [
    "/es/results/",
    f"/es/results/{FW}/",
    f"/es/results/{FW}/indicators/1.1/",
    f"/es/results/{FW}/indicators/1.5/",
    f"/es/results/{FW}/countries/PER/",
    f"/es/results/{FW}/results/1/",
    f"/es/results/{FW}/status/",
    f"/es/results/{FW}/plan/",
    "/api/results/frameworks",
    f"/api/results/frameworks/{FW}",
    f"/api/results/frameworks/{FW}/indicators/1.5",
    f"/api/results/frameworks/{FW}/results/1",
    f"/api/results/frameworks/{FW}/status",
    f"/api/results/frameworks/{FW}/plan",
]
WORKING = [
    f"/es/results/{FW}/countries/PER/due/",
    f"/api/results/frameworks/{FW}/countries/PER/due/",
]
SECRETARIAT = [
    f"/es/results/{FW}/completeness/",
    f"/api/results/frameworks/{FW}/completeness",
]


def _add(secretariat, countries):
    for country in countries:
        for year in (2018, 2019):
            publish(secretariat, "1.5", country, year, count=3)
            publish(secretariat, "1.1", country, year, count=2, items=[{"type": "t", "label": "x"}])
        draft = services.value_enter(
            actor=secretariat,
            indicator_id=indicator("1.5").pk,
            country_id=country,
            year=2020,
            count=1,
        )
        services.value_submit(actor=secretariat, value_id=draft.pk, expected_version=1)


@pytest.mark.parametrize("who", ["anonymous", "focal_point", "secretariat"])
def test_results_pages_and_api_reads_take_the_same_queries_for_one_and_six_countries(
    framework, secretariat, peru_focal_point, who
):
    user = {"anonymous": None, "focal_point": peru_focal_point, "secretariat": secretariat}[who]
    urls = PAGES + (WORKING if user else []) + (SECRETARIAT if who == "secretariat" else [])
    client = client_for(user)

    def counts() -> list[tuple[str, int]]:
        result = []
        for url in urls:
            client.get(url)  # warm the session and role caches
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200, url
            result.append((url, len(ctx.captured_queries)))
        return result

    _add(secretariat, COUNTRIES[:1])
    small = counts()
    _add(secretariat, COUNTRIES[1:6])
    assert counts() == small
