"""The pathfinder API: reads, writes through the services, one error shape."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from alliance87.core.models import AuditEntry
from alliance87.pathfinders import rules
from alliance87.pathfinders.models import PathfinderEvent
from tests.conftest import client_for

from .helpers import gcg_decision, make_active, make_candidate, make_ready

pytestmark = pytest.mark.django_db


def post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_the_list_gives_status_stage_region_and_next_due_to_everyone(secretariat):
    make_active(secretariat, "NPL")
    body = client_for(None).get("/api/pathfinders").json()
    assert body[0]["iso3"] == "NPL"
    assert (body[0]["status"], body[0]["stage"]) == ("active", "implementation")
    assert body[0]["region_name"] == "Asia"
    assert body[0]["next_report_due"] == f"{dt.date.today().year + 1}-04-30"
    assert body[0]["criteria"] is None  # the accountability detail is the Secretariat's


def test_the_secretariat_sees_overdue_items_and_criteria_in_the_list(secretariat):
    p = make_active(secretariat, "NPL")
    p.events.filter(on__gt=dt.date(2018, 12, 31)).update(on=dt.date(dt.date.today().year - 3, 6, 1))
    body = client_for(secretariat).get("/api/pathfinders?at_risk=true").json()
    assert [b["iso3"] for b in body] == ["NPL"]
    assert body[0]["at_risk_of_inactivity"] is True
    assert {c["criterion"] for c in body[0]["criteria"]} >= {"no_progress_report"}
    assert body[0]["overdue"][0]["item"] == "report"


def test_the_public_may_not_filter_by_risk():
    assert client_for(None).get("/api/pathfinders?at_risk=true").status_code in (401, 403)


def test_the_history_export_is_the_documented_format_and_assess_reads_it_back(
    secretariat, tmp_path
):
    make_active(secretariat, "NPL")
    body = client_for(secretariat).get("/api/pathfinders/NPL/history").json()
    assert body["format"] == 1 and body["country"] == "NPL"
    h = rules.history_from_dict(body)
    assert rules.assess(h, dt.date.today()).status is rules.Status.ACTIVE


def test_a_candidate_goes_from_expression_of_interest_to_active_through_the_api(secretariat):
    c = client_for(secretariat)
    r = post(
        c,
        "/api/pathfinders",
        {
            "country": "CHL",
            "date": "2018-02-01",
            "addressed_to": "alliance_chair",
            "minister": "Ministra del Trabajo",
            "focal_point_name": "P. Focal",
        },
    )
    assert r.status_code == 201, r.content
    for etype, day in [
        ("timeline_submitted", "2018-02-10"),
        ("coordination_body", "2018-02-11"),
        ("workshop_held", "2018-03-01"),
    ]:
        assert (
            post(c, "/api/pathfinders/CHL/events", {"type": etype, "date": day}).status_code == 201
        )
    doc = post(c, "/api/pathfinders/CHL/roadmaps", {"is_national_action_plan": True}).json()
    sections = dict.fromkeys(rules.ROADMAP_REQUIRED, "x")
    doc = c.put(
        f"/api/pathfinders/documents/{doc['id']}",
        json.dumps({"version": doc["version"], "sections": sections}),
        content_type="application/json",
    ).json()
    doc = post(
        c, f"/api/pathfinders/documents/{doc['id']}/submit", {"version": doc["version"]}
    ).json()
    today = dt.date.today().isoformat()
    ref = gcg_decision("CHL")
    r = post(c, "/api/pathfinders/CHL/grant", {"decision_ref": ref})
    assert r.status_code == 409
    assert "presentation of the roadmap to the GCG" in r.json()["detail"]
    assert "presented_to_gcg" not in r.json()["detail"]
    post(c, "/api/pathfinders/CHL/events", {"type": "presented_to_gcg", "date": today})
    r = post(c, "/api/pathfinders/CHL/grant", {"decision_ref": ref})
    assert r.status_code == 200
    assert (r.json()["status"], r.json()["stage"]) == ("active", "implementation")


def test_unknown_fields_and_bad_dates_are_refused_with_the_field_named(secretariat):
    make_candidate(secretariat, "NPL")
    c = client_for(secretariat)
    r = post(c, "/api/pathfinders/NPL/events", {"type": "workshop_held", "date": "2018-13-01"})
    assert r.status_code == 400
    assert r.json()["errors"][0]["field"].endswith("date")
    r = post(
        c, "/api/pathfinders/NPL/events", {"type": "workshop_held", "date": "2018-03-01", "x": 1}
    )
    assert r.status_code == 400
    r = post(c, "/api/pathfinders/NPL/events", {"type": "workshop_held", "date": "2017-03-01"})
    assert r.status_code == 400
    assert r.json()["errors"][0]["field"] == "date"


def test_a_report_for_a_year_before_the_country_was_a_pathfinder_is_refused_by_the_api(secretariat):
    make_active(secretariat, "NPL")
    r = post(client_for(secretariat), "/api/pathfinders/NPL/reports", {"year": 2019})
    assert r.status_code == 400
    assert r.json()["errors"][0]["field"] == "year"


def test_a_stale_version_is_a_409_and_nothing_is_written(secretariat):
    make_active(secretariat, "NPL")
    c = client_for(secretariat)
    doc = post(c, "/api/pathfinders/NPL/reports", {"year": dt.date.today().year + 1}).json()
    url = f"/api/pathfinders/documents/{doc['id']}"
    ok = c.put(
        url,
        json.dumps({"version": doc["version"], "sections": {"progress": "a"}}),
        content_type="application/json",
    )
    assert ok.status_code == 200
    stale = c.put(
        url,
        json.dumps({"version": doc["version"], "sections": {"progress": "b"}}),
        content_type="application/json",
    )
    assert stale.status_code == 409
    assert c.get(url).json()["sections"] == {"progress": "a"}


def test_a_refused_transition_leaves_no_event_and_no_audit_row(secretariat):
    make_ready(secretariat, "NPL")
    events, audits = PathfinderEvent.objects.count(), AuditEntry.objects.count()
    r = post(
        client_for(secretariat),
        "/api/pathfinders/NPL/events",
        {"type": "reinstated", "date": dt.date.today().isoformat()},
    )
    assert r.status_code == 409
    assert (
        "situation (Candidate (Planning)); it is possible only from: Inactive."
        in r.json()["detail"]
    )
    assert (PathfinderEvent.objects.count(), AuditEntry.objects.count()) == (events, audits)


def test_the_history_leaves_empty_optional_fields_out_as_the_format_says(secretariat):
    make_active(secretariat, "NPL")
    body = client_for(secretariat).get("/api/pathfinders/NPL/history").json()
    expected = rules.history_to_dict(rules.history_from_dict(body))
    assert body == expected
    assert all(None not in e.values() for e in body["events"])


def test_the_assessment_has_its_schema_with_codes_and_words(secretariat):
    make_candidate(secretariat, "NPL")
    body = client_for(secretariat).get("/api/pathfinders/NPL/assessment").json()
    assert (body["status"], body["stage"]) == ("candidate", "planning")
    assert body["conditions_missing"] and len(body["conditions_missing_text"]) == len(
        body["conditions_missing"]
    )
    assert {"code", "text", "params"} <= set(body["next_steps"][0])


def test_a_missing_country_or_document_is_a_404_everywhere(secretariat):
    c = client_for(secretariat)
    for url in (
        "/api/pathfinders/ZZZ",
        "/api/pathfinders/ZZZ/history",
        "/api/pathfinders/ZZZ/assessment",
        "/api/pathfinders/documents/999999",
    ):
        r = c.get(url)
        assert r.status_code == 404, url
        assert r.json()["detail"]
    r = post(c, "/api/pathfinders/ZZZ/events", {"type": "workshop_held", "date": "2018-03-01"})
    assert r.status_code == 404
    r = post(c, "/api/pathfinders/documents/999999/submit", {"version": 1})
    assert r.status_code == 404


def test_every_pathfinder_endpoint_documents_its_output_and_its_errors(client):
    spec = client.get("/api/openapi.json").json()
    operations = [
        (path, method, op)
        for path, item in spec["paths"].items()
        if path.startswith("/api/pathfinders")
        for method, op in item.items()
    ]
    assert len(operations) == 16  # the free indicator lines (POST /indicators) are gone: issue 10
    for path, method, op in operations:
        responses = op["responses"]
        success = "201" if "201" in responses else "200"
        assert "$ref" in json.dumps(responses[success]), (method, path)
        assert "400" in responses, (method, path)
        if "{" in path:  # one object: a missing one is a 404
            assert "404" in responses, (method, path)
        if method != "get":
            assert {"401", "403", "409"} <= set(responses), (method, path)


def test_out_of_range_years_numbers_and_over_long_texts_are_refused_not_500(secretariat):
    make_active(secretariat, "NPL")
    c = client_for(secretariat)
    for url, body in [
        ("/api/pathfinders/NPL/reports", {"year": 40000}),
        (
            "/api/pathfinders/NPL/events",
            {"type": "workshop_held", "date": "2018-05-01", "ref": "r" * 201},
        ),
        (
            "/api/pathfinders/NPL/events",
            {"type": "evidence_of_collaboration", "date": "2018-05-01", "year": 70000},
        ),
        (
            "/api/pathfinders",
            {
                "country": "NEPAL",
                "date": "2018-01-01",
                "addressed_to": "alliance_chair",
                "minister": "M",
                "focal_point_name": "F",
            },
        ),
    ]:
        r = post(c, url, body)
        assert r.status_code == 400, (url, r.content[:200])
        assert r.json()["errors"], url
