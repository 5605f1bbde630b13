"""``alliance87 risk demo``: the whole pipeline on the shipped synthetic country."""

from __future__ import annotations

import json

import pytest

from alliance87.riskmodel.cli import main
from alliance87.riskmodel.scoring import Territories


def test_the_demo_writes_territories_a_report_with_a_map_and_a_validation(tmp_path, capsys):
    pytest.importorskip("alliance87.riskmodel.fit")
    assert main(["demo", "--out", str(tmp_path), "--lang", "es"]) == 0
    table = Territories.read(tmp_path / "territories.csv")
    assert len(table) == 300
    assert {"low", "medium", "high"} == set(table.columns["level"])
    html = (tmp_path / "report.html").read_text()
    assert html.count("<path ") == 300 and "Fichas territoriales" in html
    assert "Validación con el censo" in html  # the validation is in the report too
    validation = json.loads((tmp_path / "validation.json").read_text())
    # the model's territorial classes match the incidence the census measures (Brazil's test)
    assert validation["spearman"] > 0.9
    assert validation["levels"]["kappa_linear"] > 0.7
    model = json.loads((tmp_path / "model.json").read_text())
    assert model["fit"]["converged"]
    scoring = json.loads((tmp_path / "scoring.json").read_text())
    assert scoring["records_read"] == scoring["records_scored"] == 1_001_864
    assert "Spearman" in capsys.readouterr().out
