"""The GCG in a real browser: attendance changes the live quorum indicator; a decision is
refused without quorum and adopted with it (granting pathfinder status); minutes export to PDF."""

from __future__ import annotations

import pytest

from alliance87.core.models import Role
from alliance87.governance.models import Decision
from alliance87.pathfinders.models import Pathfinder
from tests.governance.helpers import fill_gcg, make_meeting, mark_present, quorum_members
from tests.pathfinders.helpers import make_ready

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def test_the_secretariat_takes_a_meeting_from_no_quorum_to_an_adopted_grant_and_pdf_minutes(
    page, login, make_user
):
    sec = make_user(Role.SECRETARIAT, full_name="Sam Secretariat")
    members = fill_gcg(sec)
    make_ready(sec, "UGA")
    meeting = make_meeting(sec, title="6th GCG meeting")
    fifteen = quorum_members(members, 15)
    mark_present(sec, meeting, fifteen)
    sixteenth = next(m for m in members if m not in fifteen)

    login(page, sec)
    page.goto(f"{page.base_url}/en/gcg/meetings/{meeting.pk}/")
    indicator = page.locator("[data-quorum]")
    assert indicator.get_attribute("data-quorum") == "not-met"
    assert "15 of the 16" in indicator.inner_text()

    # Without quorum the decision is refused and nothing is written.
    page.fill("#id_text", "Grant Uganda pathfinder status")
    page.select_option("#id_kind", "grant_pathfinder")
    page.select_option("#id_country", "UGA")
    page.click("#decision-form button[type=submit]")
    assert "No quorum" in page.locator("#decision-form").inner_text()
    assert not Decision.objects.exists()

    # Recording the 16th member's attendance updates the indicator in place (htmx).
    row = page.locator(f'tr[data-member="{sixteenth.pk}"]')
    row.locator("select").select_option("present")
    page.click("#attendance-form button[type=submit]")  # one form for every member
    page.wait_for_selector('[data-quorum="met"]')
    assert "every stakeholder group" in page.locator("[data-quorum]").inner_text()

    # With quorum the grant is adopted and the country becomes an active pathfinder.
    page.fill("#id_text", "Grant Uganda pathfinder status")
    page.select_option("#id_kind", "grant_pathfinder")
    page.select_option("#id_country", "UGA")
    page.click("#decision-form button[type=submit]")
    page.wait_for_selector("[data-decision]")
    assert "Adopted" in page.locator("[data-decision]").inner_text()
    assert Pathfinder.objects.get(pk="UGA").status == "active"

    # Minutes are written and exported to PDF.
    page.fill("#id_conclusions", "Uganda was granted pathfinder status.")
    page.fill("#id_prepared_by", "The chair")
    page.click("#minutes form.stacked button[type=submit]")
    with page.expect_download() as info:
        page.click("#minutes-pdf")
    path = info.value.path()
    with open(path, "rb") as f:
        assert f.read(4) == b"%PDF"
    # The refused decision is answered 400 (form errors), which Chromium logs; nothing else.
    assert [e for e in page.console_errors if "400" not in e] == []
