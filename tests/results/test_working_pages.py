"""The working pages: a result with its roll-up (the rule stated on the page), a focal
point's "what is due", the Secretariat's completeness by country × indicator, the reporting
status of a framework and the map of an indicator; fixed query counts at two data sizes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from alliance87.results import rules, services
from alliance87.results.models import TargetValue
from tests.conftest import client_for

from .conftest import FW, indicator
from .test_pages_and_api import fill, publish

pytestmark = pytest.mark.django_db


def test_due_state_follows_the_values_life():
    assert rules.due_state([]) == "to_enter"
    assert rules.due_state(["draft", "published"]) == "to_submit"
    assert rules.due_state(["submitted", "published"]) == "in_review"
    assert rules.due_state(["published"]) == "published"


def test_completeness_counts_values_submitted_or_published_as_arrived():
    assert rules.completeness(["published", "in_review", "to_submit", "to_enter"]) == (2, 4)


def test_a_results_progress_is_the_mean_of_its_indicators_progress_from_baseline_to_target(
    framework, secretariat
):
    ind = indicator("1.5")  # a count of countries
    TargetValue.objects.create(indicator=ind, year=2018, is_baseline=True, value=0, source="t")
    TargetValue.objects.create(indicator=ind, year=2021, value=10, source="t")
    publish(secretariat, "1.5", "PER", 2019, count=3)
    publish(secretariat, "1.5", "ARG", 2019, count=1)
    html = client_for(None).get(f"/en/results/{FW}/results/1/").content.decode()
    assert 'data-progress="20"' in html  # 2 countries of the way from 0 to 10
    assert "the result's progress is the mean of its indicators' progress" in html
    assert "1 of 10 indicators reported" in html
    body = client_for(None).get(f"/api/results/frameworks/{FW}/results/1").json()
    assert body["progress"] == pytest.approx(0.2)
    assert {i["code"]: i["progress"] for i in body["indicators"]}["1.1"] is None


def test_a_result_without_baselines_and_targets_says_no_progress_can_be_computed(framework):
    html = client_for(None).get(f"/en/results/{FW}/results/2/").content.decode()
    assert 'data-progress="none"' in html and "0 of 5 indicators reported" in html


def test_the_focal_point_sees_what_is_due_for_their_country_and_year(
    framework, secretariat, peru_focal_point
):
    publish(secretariat, "1.5", "PER", 2019, count=1)
    draft = services.value_enter(
        actor=peru_focal_point,
        indicator_id=indicator("1.6").pk,
        country_id="PER",
        year=2019,
        count=1,
    )
    sent = services.value_enter(
        actor=peru_focal_point,
        indicator_id=indicator("1.7").pk,
        country_id="PER",
        year=2019,
        count=1,
    )
    services.value_submit(actor=peru_focal_point, value_id=sent.pk, expected_version=1)
    client = client_for(peru_focal_point)
    html = client.get(f"/en/results/{FW}/countries/PER/due/?year=2019").content.decode()
    assert 'data-indicator="1.5" data-state="published"' in html
    assert 'data-indicator="1.6" data-state="to_submit"' in html
    assert 'data-indicator="1.7" data-state="in_review"' in html
    assert 'data-indicator="1.1" data-state="to_enter"' in html
    assert "48 indicators left to enter or submit for 2019." in html
    assert client.get(f"/en/results/{FW}/countries/ARG/due/").status_code == 403
    body = client.get(f"/api/results/frameworks/{FW}/countries/PER/due/?year=2019").json()
    states = {r["indicator"]: r for r in body["indicators"]}
    assert states["1.6"] == {"indicator": "1.6", "state": "to_submit", "value_ids": [draft.pk]}
    assert client.get(f"/api/results/frameworks/{FW}/countries/ARG/due/").status_code == 403


def test_the_secretariat_sees_completeness_by_country_and_indicator(
    framework, secretariat, peru_focal_point
):
    publish(secretariat, "1.5", "PER", 2019, count=1)
    services.value_enter(
        actor=secretariat, indicator_id=indicator("1.6").pk, country_id="ARG", year=2019, count=1
    )
    client = client_for(secretariat)
    html = client.get(f"/en/results/{FW}/completeness/?year=2019").content.decode()
    per = html[html.index('data-country="PER"') :]
    assert 'data-complete="1">1/50' in per[: per.index("</tr>")]
    arg = html[html.index('data-country="ARG"') :]
    assert 'data-complete="0">0/50' in arg[: arg.index("</tr>")]  # a draft has not arrived
    body = client.get(f"/api/results/frameworks/{FW}/completeness?year=2019").json()
    rows = {r["country"]: r for r in body["countries"]}
    assert rows["PER"]["states"]["1.5"] == "published" and rows["ARG"]["complete"] == 0
    assert client_for(peru_focal_point).get(f"/en/results/{FW}/completeness/").status_code == 403


def test_the_reporting_status_page_counts_indicators_as_open_sdg_does(framework, secretariat):
    publish(secretariat, "1.5", "PER", 2019, count=1)
    services.value_enter(
        actor=secretariat, indicator_id=indicator("2.4").pk, country_id="PER", year=2019, count=1
    )
    html = client_for(None).get(f"/en/results/{FW}/status/").content.decode()
    row = html[html.index('data-result="all"') :]
    # a draft makes its indicator "in progress" for everyone (its value stays unpublished)
    assert "<td>1</td><td>1</td><td>48</td>" in row[: row.index("</tr>")]
    body = client_for(secretariat).get(f"/api/results/frameworks/{FW}/status").json()
    assert body[0] == {"result": None, "reported": 1, "in_progress": 1, "no_data": 48}
    assert body[2]["result"] == "2" and body[2]["in_progress"] == 1


def test_the_indicator_page_maps_the_countries_where_it_is_reported(framework, secretariat):
    publish(secretariat, "1.5", "PER", 2019, count=1)
    services.value_enter(
        actor=secretariat, indicator_id=indicator("1.5").pk, country_id="ARG", year=2019, count=1
    )
    html = client_for(secretariat).get(f"/en/results/{FW}/indicators/1.5/").content.decode()
    assert 'class="land level-3" d="' in html and 'data-m49="604"' in html
    assert "<title>Peru: Reported</title>" in html
    assert "<title>Argentina: In progress</title>" in html
    public = client_for(None).get(f"/en/results/{FW}/indicators/1.5/").content.decode()
    assert "Argentina: In progress" not in public


@pytest.mark.parametrize("n", [1, 6])
def test_the_working_pages_take_a_fixed_number_of_queries(
    framework, secretariat, peru_focal_point, django_assert_num_queries, n
):
    fill(secretariat, n)
    TargetValue.objects.create(indicator=indicator("1.5"), year=2021, value=Decimal(5), source="t")
    anonymous = client_for(None)
    with django_assert_num_queries(5):
        assert anonymous.get(f"/es/results/{FW}/results/1/").status_code == 200
    with django_assert_num_queries(3):
        assert anonymous.get(f"/es/results/{FW}/status/").status_code == 200
    focal = client_for(peru_focal_point)
    focal.get("/es/")
    with django_assert_num_queries(QUERIES["due"]):
        assert focal.get(f"/es/results/{FW}/countries/PER/due/").status_code == 200
    sec = client_for(secretariat)
    sec.get("/es/")
    with django_assert_num_queries(QUERIES["completeness"]):
        assert sec.get(f"/es/results/{FW}/completeness/").status_code == 200


QUERIES = {"due": 7, "completeness": 9}


def test_an_indicators_progress_is_measured_at_its_latest_regional_figure():
    from decimal import Decimal as D

    figures = {2018: D(2), 2020: D(6)}
    assert rules.latest_progress(D(0), D(10), figures, "higher") == pytest.approx(0.6)
    # lower is better: from 10 down to 0, at 6 it is 40 % of the way
    assert rules.latest_progress(D(10), D(0), figures, "lower") == pytest.approx(0.4)
    assert rules.latest_progress(None, D(10), figures, "higher") is None
    assert rules.latest_progress(D(0), D(10), {}, "higher") is None
    assert rules.latest_progress(D(0), D(10), figures, "none") is None
