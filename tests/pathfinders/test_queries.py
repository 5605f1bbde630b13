"""The dashboard and the API list run a fixed number of queries: 200 countries x 10 years."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alliance87.core.models import Country, Role
from alliance87.pathfinders.models import Pathfinder, PathfinderEvent
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
D = dt.date


def build(n_countries: int, years: int = 10) -> None:
    """n active pathfinders with ``years`` years of reporting history up to this year."""
    first = dt.date.today().year - years + 1
    granted = D(first - 1, 9, 1)
    countries = list(Country.objects.order_by("iso3")[:n_countries])
    assert len(countries) == n_countries
    Pathfinder.objects.bulk_create(
        Pathfinder(country=c, status="active", stage="implementation", became_active_on=granted)
        for c in countries
    )
    rows = []
    for i, c in enumerate(countries):
        base = [
            (
                "expression_of_interest",
                D(first - 2, 1, 10),
                None,
                "",
                ["focal_point"],
                "alliance_chair",
            ),
            ("timeline_submitted", D(first - 2, 2, 1), None, "", [], ""),
            ("coordination_body", D(first - 2, 2, 2), None, "", [], ""),
            ("workshop_held", D(first - 2, 3, 1), None, "", [], ""),
            (
                "roadmap_submitted",
                D(first - 2, 6, 1),
                None,
                "roadmap",
                ["measures", "next_steps", "priority_areas", "technical_support", "timeline"],
                "",
            ),
            ("presented_to_gcg", D(first - 2, 7, 1), None, "", [], ""),
            ("status_granted", granted, None, "", [], ""),
        ]
        for y in range(first, first + years):
            if i % 7 == 0 and y >= first + years - 2:
                continue  # some countries miss their last two reports
            day = D(y, 4, 20)
            base += [
                ("report_submitted", day, y, "", [], ""),
                ("indicator_framework_updated", day, y, "", [], ""),
                ("evidence_of_progress", day, y, "survey", [], ""),
                ("evidence_of_collaboration", day, y, "", [], ""),
                ("report_commented", D(y, 6, 1), y, "", [], ""),
                ("report_finalised", D(y, 7, 1), y, "", [], ""),
            ]
        rows += [
            PathfinderEvent(
                pathfinder_id=c.iso3, type=t, on=on, year=yr, kind=k, items=it, addressed_to=a
            )
            for t, on, yr, k, it, a in base
        ]
    PathfinderEvent.objects.bulk_create(rows, batch_size=2000)


def _count(client, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), len(response.content)


@pytest.mark.slow
def test_the_dashboard_and_the_api_list_run_the_same_queries_for_20_and_200_countries(make_user):
    secretariat = make_user(Role.SECRETARIAT)
    client = client_for(secretariat)
    build(20)
    small = {
        url: _count(client, url)[0]
        for url in ("/en/pathfinders/dashboard/", "/api/pathfinders", "/en/pathfinders/")
    }
    PathfinderEvent.objects.all().delete()
    Pathfinder.objects.all().delete()
    build(200)
    assert PathfinderEvent.objects.count() > 200 * 60
    for url, n in small.items():
        big, size = _count(client, url)
        assert big == n, f"{url}: {n} queries for 20 countries, {big} for 200"
    body = client.get("/api/pathfinders").json()
    assert len(body) == 200
    assert sum(1 for b in body if b["at_risk_of_inactivity"]) == len(range(0, 200, 7))


def test_the_dashboard_query_count_is_pinned(make_user, django_assert_num_queries):
    secretariat = make_user(Role.SECRETARIAT)
    client = client_for(secretariat)
    build(5, years=3)
    client.get("/en/pathfinders/dashboard/")  # warm the session and role caches
    # session, user, roles, regions (filter form), pathfinders+countries+regions, events.
    with django_assert_num_queries(6):
        client.get("/en/pathfinders/dashboard/")
    with django_assert_num_queries(5):
        client.get("/api/pathfinders")
