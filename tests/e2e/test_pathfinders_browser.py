"""Pathfinder countries in a real browser: the candidate's path, the report cycle, the flag."""

from __future__ import annotations

import datetime as dt

import pytest

from alliance87.core.models import Role
from alliance87.pathfinders import rules, services
from alliance87.pathfinders.models import Document, Pathfinder
from tests.pathfinders.helpers import gcg_decision

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def _record_step(page, step: str, date: str) -> None:
    page.select_option("#id_type", step)
    page.fill("#id_date", date)
    page.click("#event-form button[type=submit]")
    page.wait_for_load_state("networkidle")


def test_a_candidate_goes_from_expression_of_interest_to_active_status(page, login, make_user):
    sec = make_user(Role.SECRETARIAT, full_name="Sara Sec")
    login(page, sec)
    page.goto(f"{page.base_url}/en/pathfinders/new/")
    page.select_option("#id_country", "CHL")
    page.fill("#id_date", "2018-02-01")
    page.fill("#id_minister", "Ministra del Trabajo y Previsión Social")
    page.select_option("#id_addressed_to", "alliance_chair")
    page.fill("#id_focal_point_name", "Punto Focal")
    page.click("form.stacked button[type=submit]")
    page.wait_for_url("**/pathfinders/CHL/workspace/")
    assert page.locator("#status").inner_text() == "Candidate"
    _record_step(page, "timeline_submitted", "2018-02-10")
    _record_step(page, "coordination_body", "2018-02-11")
    _record_step(page, "workshop_held", "2018-03-01")
    assert page.locator("#stage").inner_text() == "Planning"
    # The roadmap, through its page.
    page.click("#new-roadmap")
    page.wait_for_url("**/pathfinders/documents/*/")
    for name in rules.ROADMAP_REQUIRED:
        page.fill(f"#id_section_{name}", f"{name} of the roadmap")
    page.click("#submit-doc")
    page.wait_for_load_state("networkidle")
    assert page.locator("#doc-state").inner_text() == "Submitted"
    page.goto(f"{page.base_url}/en/pathfinders/CHL/workspace/")
    _record_step(page, "presented_to_gcg", dt.date.today().isoformat())
    page.fill("#decision_ref", gcg_decision("CHL"))  # adopted with quorum at a GCG meeting
    page.click("#grant")
    page.wait_for_load_state("networkidle")
    assert page.locator("#status").inner_text() == "Active"
    assert page.locator("#stage").inner_text() == "Implementation"
    assert Pathfinder.objects.get(pk="CHL").status == "active"
    assert page.console_errors == []


def _active(secretariat, iso3: str) -> Pathfinder:
    services.pathfinder_express_interest(
        actor=secretariat,
        country_iso3=iso3,
        on=dt.date(2018, 1, 15),
        addressed_to="ilo_director_general",
        minister="Minister",
        focal_point_name="F",
    )
    for etype, day in [
        ("timeline_submitted", dt.date(2018, 2, 1)),
        ("coordination_body", dt.date(2018, 2, 2)),
        ("workshop_held", dt.date(2018, 3, 1)),
    ]:
        services.pathfinder_record_event(actor=secretariat, iso3=iso3, type=etype, on=day)
    doc = services.roadmap_create(actor=secretariat, iso3=iso3)
    doc = services.document_save_draft(
        actor=secretariat,
        document_id=doc.pk,
        expected_version=doc.version,
        sections=dict.fromkeys(rules.ROADMAP_REQUIRED, "x"),
    )
    services.document_submit(actor=secretariat, document_id=doc.pk, expected_version=doc.version)
    services.pathfinder_record_event(
        actor=secretariat, iso3=iso3, type="presented_to_gcg", on=dt.date.today()
    )
    services.pathfinder_grant_status(
        actor=secretariat, country=iso3, decision_ref=gcg_decision(iso3)
    )
    services.pathfinder_publish_profile(actor=secretariat, iso3=iso3)
    return Pathfinder.objects.get(pk=iso3)


def test_a_report_is_submitted_commented_revised_finalised_by_the_country_and_published(
    browser, page, login, make_user
):
    sec = make_user(Role.SECRETARIAT)
    p = _active(sec, "NPL")
    focal = make_user(Role.FOCAL_POINT, scope=p, full_name="Fatima Focal")
    rev = make_user(Role.REVIEWER, full_name="Ravi Reviewer")
    year = dt.date.today().year + 1

    login(page, focal)
    page.goto(f"{page.base_url}/en/pathfinders/NPL/workspace/")
    page.fill("#id_year", str(year))
    page.click("#new-report")
    page.wait_for_url("**/pathfinders/documents/*/")
    doc_url = page.url
    page.fill("#id_section_progress", "Ten municipalities free of child labour.")
    page.click("#submit-doc")
    page.wait_for_load_state("networkidle")
    assert page.locator("#doc-state").inner_text() == "Submitted"
    report = Document.objects.get(pathfinder_id="NPL", kind="report")
    services.document_assign_reviewer(actor=sec, document_id=report.pk, reviewer_id=rev.pk)

    reviewer_ctx = browser.new_context(locale="en-GB")
    rpage = reviewer_ctx.new_page()
    rpage.base_url = page.base_url
    login(rpage, rev)
    rpage.goto(f"{page.base_url}/en/pathfinders/reviews/")
    rpage.click("#reviews tr[data-kind=report] a")
    rpage.fill("#id_comment_progress", "Please give the survey that shows it.")
    rpage.click("#comment-form button[type=submit]")
    rpage.wait_for_load_state("networkidle")
    assert rpage.locator("#doc-state").inner_text() == "Commented by the Working Group"

    page.goto(doc_url)
    assert "Please give the survey that shows it." in page.locator("#comments").inner_text()
    page.fill("#id_section_progress", "Ten municipalities free of child labour (2024 survey).")
    page.click("#submit-doc")
    page.wait_for_load_state("networkidle")
    assert page.locator("#doc-state").inner_text() == "Revised"

    reviewer_ctx.close()
    # The country finalises after the Working Group's comments (seed 003).
    page.click("#finalise")
    page.wait_for_load_state("networkidle")
    assert page.locator("#doc-state").inner_text() == "Finalised"

    public_ctx = browser.new_context(locale="en-GB")  # signed out: the public profile
    public = public_ctx.new_page()
    public.goto(f"{page.base_url}/en/pathfinders/NPL/")
    published = public.locator("#published-reports").inner_text()
    assert str(year) in published and "(2024 survey)" in published
    public_ctx.close()
    assert page.console_errors == []


def test_a_country_missing_two_reports_is_flagged_on_the_dashboard(page, login, make_user):
    sec = make_user(Role.SECRETARIAT)
    late = _active(sec, "MDG")
    past = dt.date(dt.date.today().year - 3, 6, 1)
    late.events.filter(on__gt=dt.date(2018, 12, 31)).update(on=past)
    _active(sec, "PER")
    login(page, sec)
    page.goto(f"{page.base_url}/en/pathfinders/dashboard/")
    mdg = page.locator("tr[data-iso3=MDG]")
    assert "At risk of inactivity" in mdg.inner_text()
    assert "No progress report" in mdg.inner_text()
    assert "At risk of inactivity" not in page.locator("tr[data-iso3=PER]").inner_text()
    # Choosing a filter updates the results in place (htmx) and the address bar.
    page.evaluate("window.__same_page = true")
    page.select_option("#id_flag", "at_risk")
    page.wait_for_url("**flag=at_risk**")
    page.wait_for_function("document.querySelectorAll('#dashboard tbody tr').length === 1")
    assert page.evaluate("window.__same_page") is True
    assert "flag=at_risk" in page.locator("#results a").first.get_attribute("href")
    assert page.locator("#results").count() == 1  # replaced, not nested inside itself
    assert page.console_errors == []


def test_the_public_list_filters_by_status_in_place(page, make_user):
    sec = make_user(Role.SECRETARIAT)
    _active(sec, "NPL")
    services.pathfinder_express_interest(
        actor=sec,
        country_iso3="CHL",
        on=dt.date(2018, 1, 15),
        addressed_to="alliance_chair",
        minister="Minister",
        focal_point_name="F",
    )
    page.goto(f"{page.base_url}/en/pathfinders/")
    assert page.locator("li[data-iso3]").count() == 2
    page.evaluate("window.__same_page = true")
    page.select_option("#status", "active")
    page.wait_for_url("**status=active**")
    page.wait_for_function("document.querySelectorAll('li[data-iso3]').length === 1")
    assert page.locator("#results").count() == 1  # replaced, not nested inside itself
    assert page.evaluate("window.__same_page") is True
    assert page.locator("li[data-iso3=NPL]").count() == 1
    assert page.console_errors == []
