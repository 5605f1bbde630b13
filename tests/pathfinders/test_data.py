"""The pathfinder data that ships (data/pathfinders.json) says only what the seeds say."""

import json
from importlib import resources

DATA = json.loads(
    resources.files("alliance87.pathfinders").joinpath("data/pathfinders.json").read_text("utf-8")
)
BY_ISO3 = {c["iso3"]: c for c in DATA["countries"]}


def test_the_fifteen_formal_expressions_of_interest_of_seed_001_ship():
    formal = sorted(c["iso3"] for c in DATA["countries"] if c["formal_expression_of_interest"])
    assert formal == sorted(
        [
            "ALB",
            "CHL",
            "FJI",
            "MDG",
            "MWI",
            "MRT",
            "MEX",
            "MAR",
            "NPL",
            "NGA",
            "PER",
            "LKA",
            "TUN",
            "UGA",
            "VNM",
        ]
    )


def test_workshop_dates_are_only_the_months_the_seed_gives():
    dated = {iso: c["workshop"]["date"] for iso, c in BY_ISO3.items() if c["workshop"]["date"]}
    assert dated == {"MDG": "2018-10", "NPL": "2018-10", "MRT": "2019-03", "CHL": "2019-03"}
    held = sorted(iso for iso, c in BY_ISO3.items() if c["workshop"]["status"] == "held")
    assert held == sorted(["ALB", "CHL", "MDG", "MRT", "NPL", "NGA", "TUN", "UGA", "VNM"])
    scheduled = sorted(i for i, c in BY_ISO3.items() if c["workshop"]["status"] == "scheduled_2019")
    assert scheduled == ["FJI", "MAR", "MWI", "PER"]


def test_the_achievements_of_seed_003_ship_for_the_six_countries_it_names():
    with_achievements = sorted(iso for iso, c in BY_ISO3.items() if c["achievements"])
    assert with_achievements == ["CHL", "FJI", "MDG", "NLD", "NPL", "PER"]


def test_every_priority_and_next_step_has_spanish_as_written_and_english():
    for c in DATA["countries"]:
        for p in c["priorities"] + c["next_steps"] + c["achievements"]:
            assert p["es"].strip() and p["en"].strip()
        if c["priorities"]:
            assert c["priorities_source"].startswith("001_0e9391f81d9d8fd4.txt:")
