"""The workspace's indicator section is the country's own results framework
(``pathfinder-<iso3>``, issue 10): its indicators with their latest values and links to the
results app's value entry; a submitted value updates the indicator framework for its year
(criterion 3 of seed 003); the profile charts the published values."""

from __future__ import annotations

import datetime as dt

import pytest

from alliance87.core.exceptions import PermissionDenied
from alliance87.core.models import Role
from alliance87.pathfinders import services
from alliance87.pathfinders.models import PathfinderEvent
from alliance87.results import services as results
from alliance87.results import services_frameworks
from alliance87.results.models import Indicator
from tests.conftest import client_for

from .helpers import make_active, make_candidate

pytestmark = pytest.mark.django_db
FW = "pathfinder-npl"


@pytest.fixture
def npl(secretariat):
    p = make_active(secretariat, "NPL")
    services_frameworks.pathfinder_framework_create(
        actor=secretariat, country_id="NPL", start_year=2018, end_year=2030
    )
    services_frameworks.indicator_add(
        actor=secretariat,
        framework_code=FW,
        result="Result",
        code="CL-1",
        text="Children in work",
        value_kinds=["count"],
        unit="children",
    )
    return p


def _enter(actor, year=2024, count=17):
    ind = Indicator.objects.get(result__framework__code=FW, code="CL-1")
    return results.value_enter(
        actor=actor, indicator_id=ind.pk, country_id="NPL", year=year, count=count
    )


def test_the_workspace_lists_the_frameworks_indicators_and_links_to_value_entry(npl, make_user):
    focal = make_user(Role.FOCAL_POINT, scope=npl)
    html = client_for(focal).get("/en/pathfinders/NPL/workspace/").content.decode()
    assert 'id="indicators-form"' not in html  # no free code = value lines any more
    section = html.split('id="pathfinder-indicators"')[1]
    assert 'data-indicator="CL-1"' in section and "Children in work" in section
    assert "No value yet" in section
    assert f'href="/en/results/{FW}/indicators/CL-1/enter/?country=NPL"' in section
    assert f'href="/en/results/{FW}/indicators/add/"' in section
    entry = client_for(focal).get(f"/en/results/{FW}/indicators/CL-1/enter/?country=NPL")
    assert entry.status_code == 200


def test_without_a_framework_the_workspace_offers_to_create_it(secretariat):
    make_active(secretariat, "NPL")
    html = client_for(secretariat).get("/en/pathfinders/NPL/workspace/").content.decode()
    assert "The country has no indicator framework yet." in html
    assert 'href="/en/results/pathfinders/NPL/"' in html


def test_a_focal_points_value_shows_in_the_workspace_and_once_published_on_the_profile(
    npl, secretariat, make_user
):
    focal = make_user(Role.FOCAL_POINT, scope=npl)
    v = _enter(focal, 2024, 17)
    results.value_submit(actor=focal, value_id=v.pk, expected_version=v.version)
    section = (
        client_for(focal)
        .get("/en/pathfinders/NPL/workspace/")
        .content.decode()
        .split('id="pathfinder-indicators"')[1]
    )
    assert '<span data-field="count">17</span>' in section and "Submitted" in section
    services.pathfinder_publish_profile(actor=secretariat, iso3="NPL")
    public = client_for(None).get("/en/pathfinders/NPL/").content.decode()
    assert '<svg class="chart"' not in public  # submitted, not yet published
    assert '<svg class="chart"' in client_for(focal).get("/en/pathfinders/NPL/").content.decode()
    v.refresh_from_db()
    results.value_publish(actor=secretariat, value_id=v.pk, expected_version=v.version)
    public = client_for(None).get("/en/pathfinders/NPL/").content.decode()
    assert "<figcaption>CL-1: Children in work</figcaption>" in public and "2024: 17" in public


def test_submitting_a_value_updates_the_indicator_framework_for_its_year(npl, make_user):
    focal = make_user(Role.FOCAL_POINT, scope=npl)
    v = _enter(focal, 2024)
    assert not PathfinderEvent.objects.filter(type="indicator_framework_updated").exists()
    results.value_submit(actor=focal, value_id=v.pk, expected_version=v.version)
    ev = PathfinderEvent.objects.get(type="indicator_framework_updated")
    assert (ev.pathfinder_id, ev.year, ev.on) == ("NPL", 2024, dt.date.today())


def test_a_focal_point_of_another_country_cannot_enter_or_see_the_entry_links(
    npl, secretariat, make_user
):
    other = make_user(Role.FOCAL_POINT, scope=make_candidate(secretariat, "CHL"))
    with pytest.raises(PermissionDenied):
        _enter(other)
    assert client_for(other).get("/en/pathfinders/NPL/workspace/").status_code == 403
    r = client_for(other).post(
        f"/en/results/{FW}/indicators/CL-1/enter/", {"country": "NPL", "year": 2024, "count": 3}
    )
    assert r.status_code in (200, 400, 403)
    assert not Indicator.objects.get(code="CL-1").values.exists()


def test_the_workspace_section_takes_the_same_queries_whatever_the_number_of_indicators(
    npl, secretariat
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        c = client_for(secretariat)
        c.get("/en/pathfinders/NPL/workspace/")
        with CaptureQueriesContext(connection) as ctx:
            assert c.get("/en/pathfinders/NPL/workspace/").status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for n in range(2, 7):
        ind = services_frameworks.indicator_add(
            actor=secretariat,
            framework_code=FW,
            result="Result",
            code=f"CL-{n}",
            text=f"Indicator {n}",
            value_kinds=["count"],
        )
        for year in (2022, 2023):
            results.value_enter(
                actor=secretariat, indicator_id=ind.pk, country_id="NPL", year=year, count=n
            )
    assert count() == few
