"""Results in a real browser: a focal point downloads the XLSX template, fills it in offline,
uploads it, sees the error of a bad row, fixes it; the Secretariat publishes; the chart shows
the value."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from alliance87.core.models import Country, Role
from alliance87.pathfinders.models import Pathfinder
from alliance87.results import seed
from alliance87.results.models import IndicatorValue

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]
FW = "ri-2018-2021"


def _upload(page, data: bytes) -> None:
    page.goto(f"{page.base_url}/en/results/{FW}/import-xlsx/")
    page.select_option("#id_country", "PER")
    page.set_input_files(
        "#id_file",
        files=[{"name": "peru.xlsx", "mimeType": "application/octet-stream", "buffer": data}],
    )
    page.click("#import-xlsx")
    page.wait_for_load_state("networkidle")


def _save(wb) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_a_focal_point_fills_the_template_offline_and_the_published_chart_shows_the_value(
    browser, page, login, make_user, tmp_path
):
    seed.load()
    peru = Pathfinder.objects.create(
        country=Country.objects.get(iso3="PER"), status="candidate", stage="expression_of_interest"
    )
    focal = make_user(Role.FOCAL_POINT, scope=peru)
    sec = make_user(Role.SECRETARIAT)
    login(page, focal)
    page.goto(f"{page.base_url}/en/results/{FW}/countries/PER/due/?year=2019")
    with page.expect_download() as info:
        page.click("#download-template")
    path = tmp_path / "template.xlsx"
    info.value.save_as(path)

    wb = load_workbook(path)  # offline, in a spreadsheet
    assert wb["1.5"]["A3"].value == 2019
    wb["1.5"]["B3"] = 1
    wb["1.6"]["B3"] = -1  # a bad row
    _upload(page, _save(wb))
    assert "Sheet 1.6, row 3, column B (Value): A count cannot be negative." in page.content()
    assert not IndicatorValue.objects.exists()

    wb["1.6"]["B3"] = 2
    _upload(page, _save(wb))
    assert "2 values imported as drafts." in page.locator("body").inner_text()
    page.goto(f"{page.base_url}/en/results/{FW}/indicators/1.5/")
    page.click("tr[data-status=draft] form[action*=submit] button")
    page.wait_for_load_state("networkidle")
    assert page.locator("tr[data-value]").get_attribute("data-status") == "submitted"

    sec_ctx = browser.new_context(locale="en-GB")
    spage = sec_ctx.new_page()
    spage.base_url = page.base_url
    login(spage, sec)
    spage.goto(f"{page.base_url}/en/results/{FW}/indicators/1.5/")
    spage.click("tr[data-status=submitted] form[action*=publish] button")
    spage.wait_for_load_state("networkidle")
    sec_ctx.close()

    public_ctx = browser.new_context(locale="en-GB")
    ppage = public_ctx.new_page()
    ppage.goto(f"{page.base_url}/en/results/{FW}/indicators/1.5/")
    chart = ppage.locator("figure svg.chart")
    assert "Indicator 1.5: regional total by year" in chart.locator("title").first.inner_html()
    assert chart.locator("rect title").first.inner_html() == "2019: 1"
    assert ppage.locator("table[data-table=totals] tbody tr td").first.inner_text() == "2019"
    assert ppage.locator("svg.world-map path.level-3[data-m49='604']").count() == 1
    public_ctx.close()
    # the refused upload answers 400 (its form with the error), which the console reports
    assert [e for e in page.console_errors if "400 (Bad Request)" not in e] == []
