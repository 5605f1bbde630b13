"""Recording the past: a whole history imported in the documented format (all or nothing,
errors per row), back-dated document steps, and a seeded record that an expression of
interest does not move back."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from alliance87.core.models import AuditEntry, Role
from alliance87.pathfinders import rules, services
from alliance87.pathfinders.models import DocumentVersion, Pathfinder, PathfinderEvent
from tests.conftest import client_for

from .helpers import add_events, gcg_decision, make_candidate

pytestmark = pytest.mark.django_db
D = dt.date


def _history(iso3: str = "MDG", *, grant_ref: str | None = None, extra=()) -> dict:
    events = [
        {
            "type": "expression_of_interest",
            "date": "2017-03-01",
            "addressed_to": "ilo_director_general",
            "items": ["focal_point"],
            "note": "Minister of Labour",
        },
        {"type": "timeline_submitted", "date": "2017-04-01"},
        {"type": "coordination_body", "date": "2017-04-02"},
        {"type": "workshop_held", "date": "2018-10-15"},
        {
            "type": "roadmap_submitted",
            "date": "2019-02-01",
            "kind": "roadmap",
            "items": ["measures", "next_steps", "priority_areas", "technical_support", "timeline"],
        },
        {"type": "presented_to_gcg", "date": "2019-07-17"},
    ]
    if grant_ref:
        events.append({"type": "status_granted", "date": "2019-07-17", "ref": grant_ref})
    return {"format": 1, "country": iso3, "events": [*events, *extra]}


def test_a_whole_history_is_imported_with_its_real_dates(
    secretariat, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        done = services.pathfinder_import_history(actor=secretariat, document=_history())
    assert done == {"countries": 1, "events": 6}
    p = Pathfinder.objects.get(pk="MDG")
    assert (p.status, p.stage) == ("candidate", "planning")
    assert p.events.get(type="workshop_held").on == D(2018, 10, 15)
    assert AuditEntry.objects.filter(event="pathfinders.pathfinder.history_imported").count() == 1
    assert len([m for m in mail.outbox if m.to == [secretariat.email]]) == 1  # one, not six
    assert "/en/pathfinders/MDG/workspace/" in mail.outbox[0].body


def test_an_imported_grant_needs_the_gcg_decision_on_record(secretariat):
    with pytest.raises(ValidationError) as err:
        services.pathfinder_import_history(actor=secretariat, document=_history(grant_ref="GCG-5"))
    assert set(err.value.message_dict) == {"events[6]"}
    assert "no GCG decision GCG-5 on record" in err.value.message_dict["events[6]"][0]
    assert not Pathfinder.objects.filter(pk="MDG").exists()
    ref = gcg_decision("MDG", on=D(2019, 7, 17))
    services.pathfinder_import_history(actor=secretariat, document=_history(grant_ref=ref))
    p = Pathfinder.objects.get(pk="MDG")
    assert (p.status, p.became_active_on) == ("active", D(2019, 7, 17))


def test_every_bad_row_is_named_and_nothing_is_written(secretariat):
    doc = _history(
        extra=[
            {"type": "report_submitted", "date": "2020-04-28", "year": 2020},
            {"type": "workshop_held", "date": (dt.date.today() + dt.timedelta(days=3)).isoformat()},
        ]
    )
    with pytest.raises(ValidationError) as err:
        services.pathfinder_import_history(actor=secretariat, document=doc)
    assert set(err.value.message_dict) == {"events[6]", "events[7]"}
    assert "future" in err.value.message_dict["events[7]"][0]
    assert not PathfinderEvent.objects.exists() and not Pathfinder.objects.exists()


def test_a_malformed_file_names_the_field(secretariat):
    doc = _history()
    doc["events"][2]["year"] = "soon"
    with pytest.raises(ValidationError) as err:
        services.pathfinder_import_history(actor=secretariat, document=doc)
    assert list(err.value.message_dict) == ["events[2].year"]


def test_importing_the_same_history_twice_changes_nothing(secretariat):
    services.pathfinder_import_history(actor=secretariat, document=_history())
    before = (PathfinderEvent.objects.count(), AuditEntry.objects.count())
    assert services.pathfinder_import_history(actor=secretariat, document=_history()) == {
        "countries": 0,
        "events": 0,
    }
    assert (PathfinderEvent.objects.count(), AuditEntry.objects.count()) == before


def test_only_the_secretariat_imports_a_history(focal_point):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.pathfinder_import_history(actor=focal_point, document=_history())


def test_the_api_imports_a_history_and_refuses_bad_rows_by_row(secretariat):
    c = client_for(secretariat)
    bad = _history(extra=[{"type": "report_submitted", "date": "2020-04-28", "year": 2020}])
    r = c.post("/api/pathfinders/history", json.dumps(bad), content_type="application/json")
    assert r.status_code == 400
    assert [e["field"] for e in r.json()["errors"]] == ["events[6]"]
    assert not Pathfinder.objects.exists()
    r = c.post("/api/pathfinders/history", json.dumps(_history()), content_type="application/json")
    assert r.status_code == 200 and r.json() == {"countries": 1, "events": 6}


def test_the_page_imports_a_history_file_and_lists_the_bad_rows(secretariat):
    from django.core.files.uploadedfile import SimpleUploadedFile

    c = client_for(secretariat)
    bad = _history(extra=[{"type": "report_submitted", "date": "2020-04-28", "year": 2020}])
    r = c.post("/en/pathfinders/history/import/", {"text": json.dumps(bad)})
    assert r.status_code == 400
    assert "<code>events[6]</code>" in r.content.decode()
    assert not Pathfinder.objects.exists()
    upload = SimpleUploadedFile("mdg.json", json.dumps(_history()).encode(), "application/json")
    r = c.post("/en/pathfinders/history/import/", {"file": upload})
    assert r.status_code == 302
    assert Pathfinder.objects.get(pk="MDG").stage == "planning"


def test_recording_the_expression_of_interest_does_not_move_a_seeded_country_back(secretariat):
    p = Pathfinder.objects.create(country_id="MDG", status="candidate", stage="planning")
    services.pathfinder_express_interest(
        actor=secretariat,
        country_iso3="MDG",
        on=D(2017, 3, 1),
        addressed_to="ilo_director_general",
        minister="M",
        focal_point_name="F",
    )
    p.refresh_from_db()
    assert (p.status, p.stage) == ("candidate", "planning")


def test_recording_the_expression_of_interest_keeps_an_earlier_recorded_workshop(secretariat):
    p = Pathfinder.objects.create(country_id="MDG", status="candidate", stage="planning")
    add_events(p, [rules.Event(rules.EventType.WORKSHOP_HELD, D(2018, 10, 15))])
    services.pathfinder_express_interest(
        actor=secretariat,
        country_iso3="MDG",
        on=D(2017, 3, 1),
        addressed_to="ilo_director_general",
        minister="M",
        focal_point_name="F",
    )
    p.refresh_from_db()
    assert (p.status, p.stage) == ("candidate", "planning")
    assert p.events.filter(type="workshop_held", on=D(2018, 10, 15)).exists()


def test_the_secretariat_records_a_past_submission_with_its_real_date(secretariat):
    make_candidate(secretariat, "NPL")
    doc = services.roadmap_create(actor=secretariat, iso3="NPL")
    sections = dict.fromkeys(rules.ROADMAP_REQUIRED, "x")
    doc = services.document_save_draft(
        actor=secretariat, document_id=doc.pk, expected_version=doc.version, sections=sections
    )
    services.document_submit(
        actor=secretariat, document_id=doc.pk, expected_version=doc.version, on=D(2018, 6, 1)
    )
    assert PathfinderEvent.objects.get(pathfinder_id="NPL", type="roadmap_submitted").on == D(
        2018, 6, 1
    )
    assert DocumentVersion.objects.get(document=doc).submitted_at.date() == D(2018, 6, 1)
    # A back-dated step after it is accepted.
    services.pathfinder_record_event(
        actor=secretariat, iso3="NPL", type="presented_to_gcg", on=D(2018, 7, 1)
    )
    assert Pathfinder.objects.get(pk="NPL").stage == "planning"


def test_only_the_secretariat_back_dates_a_document_step(secretariat, make_user):
    from django.core.exceptions import PermissionDenied

    p = make_candidate(secretariat, "NPL")
    fp = make_user(Role.FOCAL_POINT, scope=p)
    doc = services.roadmap_create(actor=fp, iso3="NPL")
    doc = services.document_save_draft(
        actor=fp, document_id=doc.pk, expected_version=doc.version, sections={"measures": "m"}
    )
    with pytest.raises(PermissionDenied):
        services.document_submit(
            actor=fp, document_id=doc.pk, expected_version=doc.version, on=D(2018, 6, 1)
        )


def test_a_history_is_imported_for_a_country_loaded_from_the_seeds(secretariat):
    """The seeds load undated steps (Nepal's expression of interest, its grant: "date not
    stated"); importing the country's dated history beside them is accepted, not a crash."""
    from alliance87.pathfinders import seed

    seed.load()
    nepal = Pathfinder.objects.get(pk="NPL")
    assert nepal.events.filter(on__isnull=True).exists()  # as seeded
    ref = gcg_decision("NPL", on=D(2019, 7, 17))
    done = services.pathfinder_import_history(
        actor=secretariat, document=_history("NPL", grant_ref=ref)
    )
    assert done == {"countries": 1, "events": 7}
    nepal.refresh_from_db()
    assert (nepal.status, nepal.became_active_on) == ("active", D(2019, 7, 17))
