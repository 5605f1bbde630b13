"""``alliance87 risk ...``: the command line."""

from __future__ import annotations

import json
import os
import re

import pytest

from alliance87.__main__ import main as alliance87_main
from alliance87.riskmodel import synth
from alliance87.riskmodel.cli import main
from alliance87.riskmodel.scoring import Territories


@pytest.fixture(scope="module")
def country(tmp_path_factory):
    out = tmp_path_factory.mktemp("c")
    assert (
        main(
            [
                "synth",
                "--out",
                str(out),
                "--seed",
                "4",
                "--children",
                "12000",
                "--territories",
                "12",
                "--departments",
                "3",
                "--survey-size",
                "1000",
            ]
        )
        == 0
    )
    return synth.SynthPaths(out)


@pytest.fixture(scope="module")
def model_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("m") / "MODEL.json"
    path.write_text(json.dumps(synth.true_model()))
    return path


def test_synth_writes_the_census_survey_boundaries_and_truth(country):
    for path in (country.census, country.survey, country.boundaries, country.truth):
        assert path.exists()


def test_score_writes_territories_with_levels_and_top_factors(
    country, model_file, tmp_path, capsys
):
    out = tmp_path / "t.csv"
    code = main(
        [
            "score",
            str(model_file),
            str(country.census),
            "--territory",
            "territory",
            "--region",
            "department",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    table = Territories.read(out)
    assert len(table) == 12
    assert set(table.columns["level"]) <= {"low", "medium", "high"}
    assert "top_factors" in table.columns and "gap_logit" in table.columns
    stdout = capsys.readouterr().out
    assert "12 territories" in stdout and "levels (national)" in stdout


def test_score_classifies_per_region_when_asked(country, model_file, tmp_path, capsys):
    out = tmp_path / "t.csv"
    assert (
        main(
            [
                "score",
                str(model_file),
                str(country.census),
                "--territory",
                "territory",
                "--region",
                "department",
                "--classify-scope",
                "region",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    assert "levels (01)" in capsys.readouterr().out


def test_score_writes_geojson_joined_to_the_boundaries(country, model_file, tmp_path):
    out = tmp_path / "t.geojson"
    assert (
        main(
            [
                "score",
                str(model_file),
                str(country.census),
                "--territory",
                "territory",
                "--out",
                str(out),
                "--boundaries",
                str(country.boundaries),
            ]
        )
        == 0
    )
    features = json.loads(out.read_text())["features"]
    assert all("risk_index" in f["properties"] for f in features)


def test_errors_are_one_line_naming_the_column_and_exit_2(country, model_file, tmp_path, capsys):
    code = main(
        [
            "score",
            str(model_file),
            str(country.census),
            "--territory",
            "municipio",
            "--out",
            str(tmp_path / "t.csv"),
        ]
    )
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("error: ") and "'municipio'" in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_a_missing_file_is_a_clear_error(model_file, tmp_path, capsys):
    code = main(
        [
            "score",
            str(model_file),
            str(tmp_path / "nope.parquet"),
            "--territory",
            "t",
            "--out",
            str(tmp_path / "t.csv"),
        ]
    )
    assert code == 2 and "not found" in capsys.readouterr().err


def test_progress_stays_quiet_in_pipes(country, model_file, tmp_path, capsys):
    main(
        [
            "score",
            str(model_file),
            str(country.census),
            "--territory",
            "territory",
            "--out",
            str(tmp_path / "t.csv"),
        ]
    )
    assert "…" not in capsys.readouterr().err


def test_validate_prints_agreement_and_writes_json(country, model_file, tmp_path, capsys):
    terr = tmp_path / "t.csv"
    main(
        [
            "score",
            str(model_file),
            str(country.census),
            "--territory",
            "territory",
            "--where",
            "age >= 10",
            "--out",
            str(terr),
        ]
    )
    out = tmp_path / "v.json"
    assert (
        main(
            [
                "validate",
                str(terr),
                str(country.census),
                "--territory",
                "territory",
                "--outcome",
                "child_labour",
                "--where",
                "age >= 10",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    res = json.loads(out.read_text())
    assert res["territories"] == 12 and "kappa_linear" in res["levels"]
    assert "Spearman" in capsys.readouterr().out


def test_ivti_builds_the_index_from_microdata(country, tmp_path):
    out = tmp_path / "ivti.csv"
    summary = tmp_path / "ivti.json"
    assert (
        main(
            [
                "ivti",
                str(country.census),
                "--territory",
                "territory",
                "--indicators",
                "poor,head_agri,attends_school,head_educ=none",
                "--protective",
                "attends_school",
                "--weighting",
                "pca",
                "--out",
                str(out),
                "--summary",
                str(summary),
            ]
        )
        == 0
    )
    table = Territories.read(out)
    assert all(0 <= v <= 100 for v in table.columns["index"])
    assert json.loads(summary.read_text())["weighting"] == "pca"


def test_report_writes_one_html_file(country, model_file, tmp_path):
    terr = tmp_path / "t.csv"
    main(
        [
            "score",
            str(model_file),
            str(country.census),
            "--territory",
            "territory",
            "--out",
            str(terr),
        ]
    )
    out = tmp_path / "r.html"
    assert (
        main(
            [
                "report",
                str(model_file),
                str(terr),
                "--out",
                str(out),
                "--boundaries",
                str(country.boundaries),
                "--lang",
                "pt",
            ]
        )
        == 0
    )
    assert "Risco de trabalho infantil" in out.read_text()


def test_the_alliance87_console_script_dispatches_risk(country, model_file, tmp_path):
    out = tmp_path / "t.csv"
    assert (
        alliance87_main(
            [
                "alliance87",
                "risk",
                "score",
                str(model_file),
                str(country.census),
                "--territory",
                "territory",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    assert out.exists()


def test_fit_writes_a_model_that_score_can_use(country, tmp_path):
    pytest.importorskip("alliance87.riskmodel.fit")
    model = tmp_path / "MODEL.json"
    assert (
        main(
            [
                "fit",
                str(country.survey),
                "--outcome",
                "child_labour",
                "--predictors",
                ",".join(synth.PREDICTORS),
                "--categorical",
                "head_educ,ethnicity",
                "--reference",
                "head_educ=none",
                "--weight",
                "weight",
                "--strata",
                "stratum",
                "--psu",
                "psu",
                "--out",
                str(model),
            ]
        )
        == 0
    )
    data = json.loads(model.read_text())
    assert data["coefficients"][0]["term"] == "(Intercept)"
    assert data["specification"]["reference"]["head_educ"] == "none"
    assert (
        main(
            [
                "score",
                str(model),
                str(country.census),
                "--territory",
                "territory",
                "--out",
                str(tmp_path / "t.csv"),
            ]
        )
        == 0
    )


def test_fit_errors_are_one_line_too(country, tmp_path, capsys):
    pytest.importorskip("alliance87.riskmodel.fit")
    code = main(
        [
            "fit",
            str(country.survey),
            "--outcome",
            "age",
            "--predictors",
            "male",
            "--out",
            str(tmp_path / "m.json"),
        ]
    )
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("error: ") and "Traceback" not in err


def test_even_an_unexpected_failure_is_one_line_without_a_traceback(monkeypatch, capsys):
    from alliance87.riskmodel import cli

    def broken(args):
        raise RuntimeError("boom")

    monkeypatch.delenv("ALLIANCE87_DEBUG", raising=False)
    monkeypatch.setitem(cli.COMMANDS, "synth", broken)
    assert main(["synth", "--out", "x"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: unexpected RuntimeError: boom") and err.count("\n") == 1


def test_a_report_of_a_file_that_is_not_a_territories_file_is_a_clear_error(
    model_file, tmp_path, capsys
):
    code = main(["report", str(model_file), str(model_file), "--out", str(tmp_path / "r.html")])
    assert code == 2 and "is not a territories" in capsys.readouterr().err


def test_report_includes_a_validation_summary_when_given(country, model_file, tmp_path):
    terr, val = tmp_path / "t.csv", tmp_path / "v.json"
    main(
        [
            "score",
            str(model_file),
            str(country.census),
            "--territory",
            "territory",
            "--where",
            "age >= 10",
            "--out",
            str(terr),
        ]
    )
    main(
        [
            "validate",
            str(terr),
            str(country.census),
            "--territory",
            "territory",
            "--outcome",
            "child_labour",
            "--where",
            "age >= 10",
            "--out",
            str(val),
        ]
    )
    out = tmp_path / "r.html"
    assert (
        main(
            [
                "report",
                str(model_file),
                str(terr),
                "--out",
                str(out),
                "--validation",
                str(val),
                "--lang",
                "fr",
            ]
        )
        == 0
    )
    html = out.read_text()
    assert "Validation par le recensement" in html and "kappa pondéré" in html


@pytest.fixture(scope="module")
def holes(country, tmp_path_factory):
    """The synthetic survey and census with missing values in known places."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = tmp_path_factory.mktemp("holes")
    paths = {}
    for name, src in (("survey", country.survey), ("census", country.census)):
        t = pq.read_table(src)
        hh = t.column("hh_size").to_numpy().astype(float)
        hh[[3, 8, 13]] = np.nan
        educ = t.column("head_educ").to_pylist()
        educ[5] = None
        t = t.set_column(t.schema.get_field_index("hh_size"), "hh_size", pa.array(hh))
        t = t.set_column(t.schema.get_field_index("head_educ"), "head_educ", pa.array(educ))
        paths[name] = out / f"{name}.parquet"
        pq.write_table(t, paths[name])
        paths[f"{name}_rows"] = t.num_rows
    return paths


def test_fit_reports_records_dropped_listwise_per_column_and_the_total_kept(
    holes, tmp_path, capsys
):
    pytest.importorskip("alliance87.riskmodel.fit")
    model = tmp_path / "MODEL.json"
    args = ["fit", str(holes["survey"]), "--outcome", "child_labour"]
    args += ["--predictors", ",".join(synth.PREDICTORS), "--categorical", "head_educ,ethnicity"]
    args += ["--weight", "weight", "--strata", "stratum", "--psu", "psu", "--out", str(model)]
    assert main(args) == 0
    err = capsys.readouterr().err.splitlines()
    n = holes["survey_rows"]
    assert "left out 3 records with a missing value in 'hh_size'" in err
    assert "left out 1 record with a missing value in 'head_educ'" in err
    assert f"kept {n - 4:,} of {n:,} records" in err
    assert not any("'age'" in line for line in err)  # only columns with a missing value
    design = json.loads(model.read_text())["design"]
    assert design["dropped_missing"]["hh_size"] == 3
    assert design["dropped_missing"]["head_educ"] == 1
    assert design["records_read"] == n and design["records_dropped"] == 4


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".geojson"])
def test_score_reports_records_dropped_per_column_in_its_output_and_summary(
    holes, country, model_file, tmp_path, capsys, suffix
):
    out = tmp_path / f"t{suffix}"
    summary = tmp_path / "summary.json"
    args = ["score", str(model_file), str(holes["census"]), "--territory", "territory"]
    args += ["--out", str(out), "--summary", str(summary)]
    args += ["--boundaries", str(country.boundaries)]
    assert main(args) == 0
    err = capsys.readouterr().err.splitlines()
    n = holes["census_rows"]
    assert "left out 3 records with a missing value in 'hh_size'" in err
    assert "left out 1 record with a missing value in 'head_educ'" in err
    assert f"kept {n - 4:,} of {n:,} records" in err
    data = json.loads(summary.read_text())
    assert data["records_read"] == n and data["records_scored"] == n - 4
    assert data["dropped_missing"]["hh_size"] == 3 and data["dropped_missing"]["age"] == 0
    assert data["classification"]["levels"]["national"][0]["level"] == "low"
    if suffix != ".csv":  # Parquet metadata and the GeoJSON's "scoring" member carry them
        back = Territories.read(out)
        assert back.dropped["hh_size"] == 3 and back.dropped["head_educ"] == 1
        assert back.scored == n - 4 and back.records_read == n


def test_the_four_catalogues_of_the_command_line_and_report_are_complete():
    import string

    from babel.messages.pofile import read_po

    from alliance87.riskmodel.i18n import LANGUAGES, LOCALE_DIR

    def fields(text: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f}

    for lang in LANGUAGES[1:]:  # English is the message ids
        with (LOCALE_DIR / lang / "LC_MESSAGES" / "django.po").open("rb") as f:
            catalog = read_po(f, locale=lang)
        for m in catalog:
            if not m.id:
                continue
            ids = m.id if isinstance(m.id, tuple) else (m.id,)
            strings = m.string if isinstance(m.string, tuple) else (m.string,)
            assert all(strings), (lang, m.id)
            assert all(fields(s) == fields(ids[-1]) for s in strings), (lang, m.id, strings)


@pytest.mark.parametrize(
    ("env", "flag", "expected"),
    [
        ({"LANG": "es_CO.UTF-8"}, None, "a {p} le falta la columna 'poor'"),
        ({"LC_ALL": "pt_BR.UTF-8", "LANG": "es_CO.UTF-8"}, None, "falta em {p} a coluna 'poor'"),
        ({"LANG": "es_CO.UTF-8"}, "fr", "il manque dans {p} la colonne 'poor'"),
        ({"LANG": "C.UTF-8"}, None, "{p} lacks the column 'poor'"),
    ],
)
def test_command_line_errors_follow_lang_or_the_environment(
    country, model_file, tmp_path, capsys, monkeypatch, env, flag, expected
):
    import pyarrow.parquet as pq

    for name in ("ALLIANCE87_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    path = tmp_path / "c.parquet"
    pq.write_table(pq.read_table(country.census).drop(["poor"]), path)
    args = ["score", str(model_file), str(path), "--territory", "territory"]
    args += ["--out", str(tmp_path / "t.csv")] + (["--lang", flag] if flag else [])
    assert main(args) == 2
    err = capsys.readouterr().err
    assert expected.format(p=path) in err and len(err.strip().splitlines()) == 1


def test_records_left_out_are_reported_in_the_users_language(holes, model_file, tmp_path, capsys):
    args = ["score", str(model_file), str(holes["census"]), "--territory", "territory"]
    args += ["--out", str(tmp_path / "t.csv"), "--lang", "es"]
    assert main(args) == 0
    err = capsys.readouterr().err
    assert "se excluyeron 3 registros con un valor faltante en 'hh_size'" in err
    assert "se excluyó 1 registro con un valor faltante en 'head_educ'" in err
    n = holes["census_rows"]
    kept, read = f"{n - 4:,}".replace(",", "."), f"{n:,}".replace(",", ".")
    assert f"se conservaron {kept} de {read} registros" in err


def test_the_score_summary_is_written_in_the_users_language(country, model_file, tmp_path, capsys):
    args = ["score", str(model_file), str(country.census), "--territory", "territory"]
    args += ["--out", str(tmp_path / "t.csv"), "--lang", "es"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert re.search(
        r"12 territorios, \d+\.\d{3} registros evaluados; índice de riesgo "
        r"nacional \d+,\d\d\u00a0%",
        out,
    )
    assert "niveles (nacional): bajo " in out and " desde 0," in out
    assert f"escrito: {tmp_path / 't.csv'}" in out


@pytest.mark.parametrize(("set_by_user", "expected"), [(None, "1"), ("2", "2")])
def test_the_risk_command_runs_one_openblas_thread_unless_the_user_says(
    tmp_path, monkeypatch, set_by_user, expected
):
    if set_by_user is None:
        monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    else:
        monkeypatch.setenv("OPENBLAS_NUM_THREADS", set_by_user)
    args = ["fit", str(tmp_path / "none.csv"), "--outcome", "y", "--predictors", "x"]
    assert alliance87_main(["alliance87", "risk", *args, "--out", str(tmp_path / "m")]) == 2
    assert os.environ["OPENBLAS_NUM_THREADS"] == expected
