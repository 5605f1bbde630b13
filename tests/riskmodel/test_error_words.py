"""The refusals a user meets most, with a code and parameters, so that the command line
and the web app word them in the reader's language (cli_errors.ERROR_MESSAGES)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from alliance87.riskmodel.cli_errors import ERROR_MESSAGES, error_text
from alliance87.riskmodel.errors import RiskModelError
from alliance87.riskmodel.fit import fit_file
from alliance87.riskmodel.io import open_dataset


@pytest.fixture
def survey(tmp_path):
    rng = np.random.default_rng(4)
    n = 400
    frame = pd.DataFrame(
        {
            "y": rng.integers(0, 2, n),
            "x": rng.normal(size=n),
            "stratum": rng.integers(1, 5, n).astype(float),
            "psu": rng.integers(1, 40, n).astype(float),
            "w": rng.uniform(1, 3, n),
        }
    )
    return frame, tmp_path


@pytest.mark.parametrize(
    ("column", "option", "code", "es"),
    [
        ("stratum", "strata", "stratum_missing", "falta el estrato de la columna 'stratum' en "
         "el registro 8 de los datos (tras el filtro)"),
        ("psu", "psu", "psu_missing", "falta la unidad primaria de muestreo (UPM) de la "
         "columna 'psu' en el registro 8"),
        ("w", "weight", "weight_missing", "falta el factor de expansión de la columna 'w' en "
         "el registro 8"),
    ],
)  # fmt: skip
def test_a_missing_design_value_names_its_record_in_the_readers_language(
    survey, column, option, code, es
):
    frame, tmp = survey
    frame.loc[7, column] = np.nan
    frame.to_csv(tmp / "s.csv", index=False)
    design = {"strata": "stratum", "psu": "psu", "weight": "w"}
    with pytest.raises(RiskModelError) as err:
        fit_file(tmp / "s.csv", outcome="y", predictors=["x"], **design)
    assert err.value.code == code and err.value.params == {"column": column, "row": 8}
    assert design[option] == column
    assert error_text(err.value, "es").startswith(es)
    assert "record 8" in error_text(err.value, "en")


@pytest.mark.parametrize(
    ("where", "code", "fr"),
    [
        ("age >>> 3", "filter_invalid", "le filtre (--where) n'est pas valide : "),
        ("x > 0); SELECT (1", "filter_not_one", "le filtre (--where) n'est pas valide : il "
         "doit s'agir d'une seule expression SQL"),
    ],
)  # fmt: skip
def test_an_invalid_filter_is_refused_in_the_readers_language(survey, where, code, fr):
    frame, tmp = survey
    frame.to_csv(tmp / "s.csv", index=False)
    with pytest.raises(RiskModelError) as err:
        open_dataset(tmp / "s.csv", where=where)
    assert err.value.code == code and code in ERROR_MESSAGES
    assert str(err.value).startswith("the filter (--where) is invalid: ")
    assert error_text(err.value, "fr").startswith(fr)
    assert error_text(err.value, "pt").startswith("o filtro (--where) é inválido: ")
