"""The partner directory in a real browser (Playwright driving Debian's Chromium). Admission
(apply, vet, the new administrator edits) is a journey on the seeded database: see
test_journeys_browser.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from alliance87.partners import seed

pytestmark = pytest.mark.django_db(transaction=True)


def test_search_filter_switch_language_and_export(page):
    seed.load()
    page.goto(f"{page.base_url}/en/partners/")
    page.fill("#f-q", "organizacion")
    page.click("#directory-filters button[type=submit]")
    page.select_option("#f-category", "un_entity")  # submits by itself (data-autosubmit)
    page.wait_for_url(re.compile(r".*category=un_entity.*"))
    names = page.locator(".partner-list strong").all_inner_texts()
    assert "International Labour Organization" in names
    assert (
        "United Nations Office on Drugs and Crime" not in names
    )  # no word starting "organizacion"

    page.click("a[data-language=es]")
    page.wait_for_url(re.compile(r".*/es/partners/\?.*category=un_entity.*"))
    assert page.locator("#f-q").input_value() == "organizacion"
    assert page.locator("#f-category").input_value() == "un_entity"
    assert "Organización Internacional del Trabajo" in page.locator(".partner-list").inner_text()

    with page.expect_download() as download_info:
        page.click("text=CSV")
    content = Path(download_info.value.path()).read_text(encoding="utf-8-sig")
    assert "Organización Internacional del Trabajo" in content
    assert "Asociación" not in content and "Freedom Fund" not in content
    assert page.console_errors == []
