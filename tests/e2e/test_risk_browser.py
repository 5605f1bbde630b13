"""The risk model in a real browser: Peru's analyst uploads the shipped synthetic survey,
census and boundaries (resumable uploads with tus-js-client), configures a run from the lists
of columns, and sees the finished run's interactive map, its table and a territory."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from alliance87.core.models import Country, Role
from alliance87.partners.models import Partner
from alliance87.pathfinders.models import Pathfinder
from alliance87.risk.models import Dataset, Run
from alliance87.riskmodel import synth

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def upload(page, path, kind: str) -> None:
    page.goto(f"{page.base_url}/en/risk/upload/")
    page.select_option("#id_country", "PER")
    page.select_option("#id_kind", kind)
    page.set_input_files("#id_file", str(path))
    page.click("#risk-upload button[type=submit]")
    page.wait_for_url("**/risk/datasets/*/", timeout=60_000)


def test_an_analyst_uploads_the_synthetic_country_and_sees_the_runs_map_and_table(
    page, login, make_user, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    peru = Pathfinder.objects.create(
        country=Country.objects.get(iso3="PER"), status="candidate", stage="expression_of_interest"
    )
    analyst = make_user(Role.FOCAL_POINT, scope=peru, full_name="Ana Analyst")
    src = synth.shipped()
    login(page, analyst)
    upload(page, src.survey, "survey")
    assert page.locator('tr[data-column="child_labour"]').count() == 1
    upload(page, src.census, "census")
    upload(page, src.boundaries, "boundaries")
    survey, census, boundaries = (
        Dataset.objects.get(kind=k) for k in ("survey", "census", "boundaries")
    )
    assert census.sha256 == __import__("hashlib").sha256(src.census.read_bytes()).hexdigest()

    page.goto(f"{page.base_url}/en/risk/runs/new/")
    page.select_option("#id_survey", str(survey.pk))
    page.select_option("#id_census", str(census.pk))
    page.select_option("#id_boundaries", str(boundaries.pk))
    page.click('form[data-form="datasets"] button[type=submit]')
    page.select_option("#id_outcome", "child_labour")
    for column in synth.PREDICTORS:
        page.check(f'input[name="determinants"][value="{column}"]')
    for column in synth.CATEGORICAL:
        page.check(f'input[name="categorical"][value="{column}"]')
    page.select_option("#id_weight", "weight")
    page.select_option("#id_strata", "stratum")
    page.select_option("#id_psu", "psu")
    page.select_option("#id_territory", "territory")
    page.select_option("#id_region", "department")
    page.click('form[data-form="run"] button[type=submit]')
    page.wait_for_url("**/risk/runs/*/", timeout=120_000)
    run = Run.objects.get()
    assert run.status == "done", run.error
    page.wait_for_selector('#risk-leaflet[data-ready="true"]')
    assert page.locator("#risk-leaflet path.risk-high").count() > 0
    assert page.locator('table[data-table="territories"] tbody tr').count() == 50
    page.fill("#id_q", "Santa Rial")
    matches = run.territories.filter(name__icontains="Santa Rial").count()
    expect(page.locator('table[data-table="territories"] tbody tr')).to_have_count(matches)
    page.locator('table[data-table="territories"] tbody tr a').first.click()
    page.wait_for_selector("text=What drives its risk")
    assert "of 300" in page.inner_text("main")
    assert page.console_errors == []

    # the country shares the run with its workers' organisations, whose member then sees it
    union = Partner.objects.create(
        slug="cgtp",
        names={"en": "CGTP"},
        category="workers",
        status="active",
        headquarters_id="PER",
    )
    member = make_user(Role.PARTNER_MEMBER, scope=union, full_name="Walter Worker")
    page.goto(f"{page.base_url}/en/risk/runs/{run.pk}/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.select_option("#id_audience", "workers")
    page.click("[data-publication] button[type=submit]")
    page.wait_for_selector("text=Withdraw the results")
    page.context.clear_cookies()
    login(page, member)
    page.goto(f"{page.base_url}/en/risk/")
    page.click(f'tr[data-run="{run.pk}"] a')
    page.wait_for_selector('#risk-leaflet[data-ready="true"]')
    assert page.locator('a[href*="/risk/datasets/"]').count() == 0


def test_the_run_page_polls_its_progress_and_shows_the_results_when_the_worker_is_done(
    page, login, make_user, settings, tmp_path, monkeypatch
):
    from alliance87.risk import runner, services
    from tests.risk.conftest import SPEC, upload_file

    settings.MEDIA_ROOT = tmp_path / "media"
    peru = Pathfinder.objects.create(
        country=Country.objects.get(iso3="PER"), status="candidate", stage="expression_of_interest"
    )
    analyst = make_user(Role.FOCAL_POINT, scope=peru)
    src = synth.shipped()
    datasets = {
        kind: upload_file(analyst, path, kind=kind)
        for kind, path in (
            ("survey", src.survey),
            ("census", src.census),
            ("boundaries", src.boundaries),
        )
    }
    monkeypatch.setattr(services.notify, "on_commit", lambda *a, **k: None)  # no worker yet
    run = services.run_create(actor=analyst, country_id="PER", title="Polled", **datasets, **SPEC)
    login(page, analyst)
    page.goto(f"{page.base_url}/en/risk/runs/{run.pk}/")
    assert page.locator("#run-status progress").get_attribute("value") == "0"
    assert runner.execute(run.pk) == "done"  # the worker runs it while the page polls
    page.wait_for_selector('#risk-leaflet[data-ready="true"]', timeout=20_000)
    assert page.locator("#run-status progress").count() == 0
    assert page.console_errors == []


def test_a_refused_file_says_why_in_spanish_and_leaves_no_pause_button_or_full_bar(
    page, login, make_user, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    peru = Pathfinder.objects.create(
        country=Country.objects.get(iso3="PER"), status="candidate", stage="expression_of_interest"
    )
    analyst = make_user(Role.FOCAL_POINT, scope=peru)
    fake = tmp_path / "encuesta.dta"
    fake.write_text("stratum,psu,weight\n01-urban,1,8.0\n")  # a CSV file named .dta
    login(page, analyst)
    page.goto(f"{page.base_url}/es/risk/upload/")
    expect(page.locator("[data-pause]")).to_be_hidden()  # nothing to pause yet
    page.select_option("#id_country", "PER")
    page.set_input_files("#id_file", str(fake))
    page.click("#risk-upload button[type=submit]")
    expect(page.locator("[data-status]")).to_contain_text("no empieza como un archivo dta")
    expect(page.locator("[data-pause]")).to_be_hidden()
    expect(page.locator("#risk-upload progress")).to_be_hidden()
    assert not Dataset.objects.exists()
