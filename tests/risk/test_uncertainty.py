"""The library's uncertainty on the platform (docs/riskmodel.md 4.8): each territory's
interval and level probability on its page and in the table, the classification's stability
on the run's page, the classification methods (fixed thresholds set by the country), and the
territories as Parquet."""

from __future__ import annotations

import io

import pytest

from alliance87.risk import services
from tests.conftest import client_for

from .conftest import SPEC, start_run

pytestmark = pytest.mark.django_db


def test_each_territory_has_its_interval_and_level_probability(peru_analyst, done_run):
    top = done_run.territories.order_by("rank").first()
    assert top.risk_index_ci_low < top.risk_index < top.risk_index_ci_high
    assert top.expected_ci_low < top.expected < top.expected_ci_high
    assert 0 <= top.level_probability <= 1
    body = (
        client_for(peru_analyst)
        .get(f"/en/risk/runs/{done_run.pk}/territories/{top.code}/")
        .content.decode()
    )
    assert "95 % confidence interval of the risk index" in body
    assert "no confidence interval" not in body
    assert "of the draws of the model" in body


def test_the_run_page_states_the_classifications_stability(peru_analyst, done_run):
    body = client_for(peru_analyst).get(f"/en/risk/runs/{done_run.pk}/").content.decode()
    assert "data-stability" in body and "territories change level on average" in body
    assert "Level probability" in body


def test_fixed_thresholds_set_by_the_country_classify_the_territories(
    peru_analyst, datasets, django_capture_on_commit_callbacks
):
    run = start_run(
        peru_analyst,
        datasets,
        django_capture_on_commit_callbacks,
        method="fixed",
        thresholds=[0.05, 0.10],
    )
    assert run.status == "done", run.error
    for t in run.territories.all():
        expected = "high" if t.risk_index >= 0.10 else "medium" if t.risk_index >= 0.05 else "low"
        assert t.level == expected


def test_the_form_refuses_fixed_without_thresholds_naming_the_field(peru_analyst, datasets):
    d = datasets
    url = f"/en/risk/runs/new/?survey={d['survey'].pk}&census={d['census'].pk}"
    form = {k: v for k, v in {**SPEC, "title": "x", "method": "fixed"}.items() if v != ""}
    response = client_for(peru_analyst).post(url, form)
    assert response.status_code == 400
    assert "needs two thresholds" in response.content.decode()
    body = client_for(peru_analyst).get(url).content.decode()
    assert 'value="dalenius-hodges"' in body and 'name="threshold_low"' in body


def test_the_service_refuses_thresholds_out_of_order(peru_analyst, datasets):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        services.run_create(
            actor=peru_analyst,
            country_id="PER",
            title="x",
            survey=datasets["survey"],
            census=datasets["census"],
            **{**SPEC, "method": "fixed", "thresholds": [0.2, 0.1]},
        )
    assert "thresholds" in exc.value.message_dict


def test_the_territories_download_as_parquet(peru_analyst, done_run):
    import pyarrow.parquet as pq

    response = client_for(peru_analyst).get(f"/en/risk/runs/{done_run.pk}/territories.parquet")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    table = pq.read_table(io.BytesIO(response.content))
    assert table.num_rows == 20
    assert {"territory", "risk_index_ci_low", "level_probability"} <= set(table.column_names)
    assert (
        client_for(None).get(f"/en/risk/runs/{done_run.pk}/territories.parquet").status_code == 404
    )
