"""Each record's probability (Colombia's use with SISBEN, seed 004): off by default, the
record identifier and the probability only, with the warning that they are predictions."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import duckdb
import pytest

from alliance87.riskmodel.errors import RiskModelError
from alliance87.riskmodel.fit import fit_file
from alliance87.riskmodel.pipeline import score_and_classify

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("records")
    model = fit_file(
        DATA / "apiclus2.csv",
        outcome="y",
        predictors=["ell", "meals", "mobility", "stype"],
        categorical=["stype"],
        weight="pw",
        psu=["dnum", "snum"],
        fpc=["fpc1", "fpc2"],
    )
    model.to_json(tmp / "model.json")
    with (DATA / "apipop.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    census = tmp / "census.csv"
    with census.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=["school_id", *rows[0]])
        w.writeheader()
        for i, r in enumerate(rows):
            w.writerow({"school_id": f"S{i:05d}", **r})
    return tmp / "model.json", census, model


def test_it_is_off_by_default(files):
    model_path, census, _ = files
    _, table, _ = score_and_classify(model_path, census, territory="cname", stability_draws=0)
    assert table.records_output == {}


def test_the_file_holds_the_identifier_and_the_probability_only(files, tmp_path):
    model_path, census, model = files
    out = tmp_path / "children.csv"
    _, table, _ = score_and_classify(
        model_path,
        census,
        territory="cname",
        stability_draws=0,
        records_out=out,
        record_id="school_id",
    )
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert list(rows[0]) == ["school_id", "probability"]
    assert table.records_output["records_written"] == len(rows) == table.scored
    assert "not a finding about a child" in table.records_output["warning"]
    # the probability of the first school, computed by hand from the coefficients
    first = next(csv.DictReader((census).open(encoding="utf-8")))
    b = {c.term: c.estimate for c in model.coefficients}
    eta = (
        b["(Intercept)"]
        + b["ell"] * float(first["ell"])
        + b["meals"] * float(first["meals"])
        + b["mobility"] * float(first["mobility"])
        + b.get(f"stype[{first['stype']}]", 0.0)
    )
    ours = {r["school_id"]: float(r["probability"]) for r in rows}
    assert math.isclose(ours["S00000"], 1 / (1 + math.exp(-eta)), rel_tol=1e-12)


def test_parquet_keeps_the_warning_in_its_metadata(files, tmp_path):
    model_path, census, _ = files
    out = tmp_path / "children.parquet"
    score_and_classify(
        model_path, census, territory="cname", stability_draws=0, records_out=out,
        record_id="school_id",
    )  # fmt: skip
    meta = duckdb.sql(f"SELECT key, value FROM parquet_kv_metadata('{out}')").fetchall()  # noqa: S608
    assert any(b"not a finding about a child" in v for _, v in meta)
    columns = duckdb.sql(f"SELECT * FROM '{out}'").columns  # noqa: S608
    assert columns == ["school_id", "probability"]


def test_the_identifier_must_exist_and_goes_with_the_file(files, tmp_path):
    model_path, census, _ = files
    with pytest.raises(RiskModelError, match="no record identifier column 'nope'"):
        score_and_classify(
            model_path, census, territory="cname", stability_draws=0,
            records_out=tmp_path / "x.csv", record_id="nope",
        )  # fmt: skip
    with pytest.raises(RiskModelError, match="go together"):
        score_and_classify(model_path, census, territory="cname", records_out=tmp_path / "x.csv")


def test_the_command_prints_the_warning_in_the_users_language(files, tmp_path, capsys):
    from alliance87.riskmodel.cli import main

    model_path, census, _ = files
    out = tmp_path / "children.csv"
    args = ["score", str(model_path), str(census), "--territory", "cname"]
    args += ["--out", str(tmp_path / "t.csv"), "--records-out", str(out)]
    args += ["--record-id", "school_id", "--lang", "pt", "--summary", str(tmp_path / "s.json")]
    assert main(args) == 0
    assert "não é uma constatação sobre uma criança" in capsys.readouterr().out
    summary = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert summary["records_output"]["records_written"] > 6000
