"""``alliance87 pathfinders assess``: from the database, or from a history file (what if)."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from alliance87.pathfinders.models import PathfinderEvent

from .helpers import make_active

WHAT_IF = {
    "format": 1,
    "country": "MDG",
    "name": "Madagascar",
    "events": [
        {
            "type": "expression_of_interest",
            "date": "2017-03-01",
            "addressed_to": "ilo_director_general",
            "items": ["focal_point"],
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
        {"type": "status_granted", "date": "2019-07-17", "ref": "GCG-5"},
    ],
}


def run(*args) -> str:
    out = io.StringIO()
    call_command("pathfinders", *args, stdout=out)
    return out.getvalue()


def test_assess_reads_a_history_file_without_touching_the_database(tmp_path):
    path = tmp_path / "mdg.json"
    path.write_text(json.dumps(WHAT_IF))
    body = json.loads(run("assess", "--as-of", "2021-05-01", "--history", str(path), "--json"))
    (mdg,) = body
    assert (mdg["status"], mdg["stage"]) == ("active", "implementation")
    assert mdg["next_report_due"] == "2022-04-30"
    assert [c["years"] for c in mdg["criteria"] if c["criterion"] == "no_progress_report"] == [
        [2020, 2021]
    ]
    assert mdg["at_risk_of_inactivity"] is True


def test_assess_prints_a_readable_summary_per_country(tmp_path):
    path = tmp_path / "mdg.json"
    path.write_text(json.dumps({"countries": [WHAT_IF]}))
    text = run("assess", "--as-of", "2021-05-01", "--history", str(path), "--country", "mdg")
    assert "MDG  status: active" in text
    assert "AT RISK OF INACTIVITY" in text
    assert "criterion: No progress report (2020 and 2021)" in text
    assert "next: Submit the annual progress report for 2020" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as-of", "2021-02-30"], "--as-of"),
        (["--history", "/nonexistent/file.json"], "--history"),
    ],
)
def test_assess_refuses_bad_arguments_with_the_option_named(args, message):
    with pytest.raises(CommandError, match=message):
        run("assess", *args)


def test_assess_names_the_bad_field_of_a_history_file(tmp_path):
    path = tmp_path / "bad.json"
    bad = {**WHAT_IF, "events": [{"type": "report_submitted", "date": "2020-04-01"}]}
    path.write_text(json.dumps(bad))
    with pytest.raises(CommandError, match=r"events\[0\]\.year"):
        run("assess", "--history", str(path))


@pytest.mark.django_db
def test_assess_reads_the_database_and_the_export_round_trips(secretariat, tmp_path, client):
    make_active(secretariat, "NPL")
    from_db = json.loads(run("assess", "--json", "--country", "NPL"))
    client.force_login(secretariat)
    exported = client.get("/api/pathfinders/NPL/history").json()
    path = tmp_path / "npl.json"
    path.write_text(json.dumps(exported))
    from_file = json.loads(run("assess", "--json", "--history", str(path)))
    assert from_db == from_file
    assert PathfinderEvent.objects.filter(pathfinder_id="NPL").count() == len(exported["events"])


@pytest.mark.django_db
def test_a_country_loaded_from_the_seeds_is_assessed_from_its_stored_state():
    from alliance87.pathfinders import seed

    seed.load()
    (npl,) = json.loads(run("assess", "--json", "--country", "NPL"))
    assert (npl["status"], npl["stage"]) == ("active", "implementation")  # seed 003, Recuadro 1
    assert [s["code"] for s in npl["next_steps"]] == ["record_expression_of_interest"]


def test_assess_prints_an_ignored_step_in_words_and_its_json_keeps_the_codes(tmp_path):
    early = {**WHAT_IF, "events": [*WHAT_IF["events"][:4], WHAT_IF["events"][-1]]}
    path = tmp_path / "early.json"
    path.write_text(json.dumps(early))
    text = run("assess", "--as-of", "2019-08-01", "--history", str(path))
    assert "ignored status_granted on 2019-07-17: Pathfinder status cannot be granted yet." in text
    assert "the roadmap (or the national action plan)" in text
    assert "roadmap_submitted" not in text
    (mdg,) = json.loads(run("assess", "--as-of", "2019-08-01", "--history", str(path), "--json"))
    reason = mdg["anomalies"][0]["reason"]
    assert reason["code"] == "pathfinder.conditions_not_met"
    assert "roadmap_submitted" in reason["params"]["missing"]
