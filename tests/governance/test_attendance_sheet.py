"""Attendance recorded for all members at once (issue 15): one form on the meeting page, all
or nothing, one audit row; only the Secretariat may use it."""

from __future__ import annotations

import pytest

from alliance87.core.models import AuditEntry
from alliance87.governance.models import Attendance
from tests.conftest import PERSONAS, client_for
from tests.governance.helpers import fill_gcg, make_meeting, quorum_members

pytestmark = pytest.mark.django_db


def _sheet(members, presence="present") -> dict[str, str]:
    return {f"presence_{m.pk}": presence for m in members}


def test_the_whole_attendance_is_recorded_in_one_submission(secretariat):
    members = fill_gcg(secretariat)
    meeting = make_meeting(secretariat)
    page = client_for(secretariat).get(f"/en/gcg/meetings/{meeting.pk}/").content.decode()
    assert page.count('id="attendance-form"') == 1
    assert page.count("Record the attendance") == 1
    present = quorum_members(members, 16)
    r = client_for(secretariat).post(
        f"/en/gcg/meetings/{meeting.pk}/attendance/all/",
        {**_sheet(present), **{f"presence_{m.pk}": "" for m in members if m not in present}},
        HTTP_HX_REQUEST="true",
    )
    assert r.status_code == 200 and 'data-quorum="met"' in r.content.decode()
    assert Attendance.objects.filter(meeting=meeting, presence="present").count() == 16
    entries = AuditEntry.objects.filter(event="governance.attendance.recorded")
    assert entries.count() == 1 and len(entries.get().changes) == 16


def test_one_bad_value_writes_nothing(secretariat):
    members = fill_gcg(secretariat)
    meeting = make_meeting(secretariat)
    data = {**_sheet(members[:3]), f"presence_{members[3].pk}": "late"}
    r = client_for(secretariat).post(f"/en/gcg/meetings/{meeting.pk}/attendance/all/", data)
    assert r.status_code == 302
    assert not Attendance.objects.exists()
    assert not AuditEntry.objects.filter(event="governance.attendance.recorded").exists()


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_only_the_secretariat_records_the_attendance_sheet(persona, secretariat, request):
    name = request.node.callspec.params["persona"]
    members = fill_gcg(secretariat)
    meeting = make_meeting(secretariat)
    before = AuditEntry.objects.count()
    r = client_for(persona).post(
        f"/en/gcg/meetings/{meeting.pk}/attendance/all/", _sheet(members[:2])
    )
    if name == "secretariat":
        assert r.status_code == 302 and Attendance.objects.count() == 2
        return
    assert r.status_code == (302 if name == "anonymous" else 403)
    assert not Attendance.objects.exists() and AuditEntry.objects.count() == before


def test_the_meeting_form_offers_a_short_list_of_the_usual_time_zones(secretariat):
    from alliance87.governance import seed

    seed.load()
    html = client_for(secretariat).get("/en/gcg/meetings/").content.decode()
    zones = html.split('name="time_zone"', 1)[1].split("</select>", 1)[0]
    assert zones.count("<option") < 40  # not the six hundred names of the IANA database
    assert "Geneva (UTC+0" in zones and "Kathmandu (UTC+05:45)" in zones  # CET or CEST
    assert "Antarctica/Troll" not in zones
    # The cities are named in the reader's language (issue 13), not in English.
    spanish = client_for(secretariat).get("/es/gcg/meetings/").content.decode()
    spanish = spanish.split('name="time_zone"', 1)[1].split("</select>", 1)[0]
    assert "Ginebra (UTC+0" in spanish and "La Haya (UTC+0" in spanish
    assert "Geneva" not in spanish and "The Hague" not in spanish
    refused = client_for(secretariat).post(
        "/en/gcg/meetings/new/",
        {
            "title": "9th meeting",
            "starts_at": "2030-07-17T10:30",
            "ends_at": "2030-07-17T13:00",
            "mode": "virtual",
            "language": "en",
            "time_zone": "Antarctica/Troll",
        },
    )
    assert refused.status_code == 400
