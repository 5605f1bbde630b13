"""Each record's probability, for programmes that reach children one by one (Colombia's
use with SISBEN, seed 004).

Off by default (``risk score --records-out FILE --record-id COLUMN``). The file holds the
record identifier and the probability only: no determinant, no territory, nothing else
about the child. It carries :data:`WARNING`, which the command prints too, in the user's
language: these are the model's predictions, made to target programmes, not findings
about a child. Records missing the identifier or a determinant are not written.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from ..errors import RiskModelError
from ..i18n import gettext_noop
from .engine_duckdb import match_coding, open_source
from .model import ScoringModel
from .sql import is_numeric_type, linear_predictor_sql, missing_sql, quote_identifier

WARNING = gettext_noop(
    "each record's probability is a prediction of the model, made to target programmes; "
    "it is not a finding about a child, and must not be used as one"
)


def write_record_probabilities(
    model: ScoringModel,
    data: str | Path,
    *,
    record_id: str,
    out: str | Path,
    where: str | None = None,
) -> dict[str, int | str]:
    """Write ``record_id`` and ``probability`` of every complete record of ``data`` to
    ``out`` (CSV, or Parquet for a ``.parquet`` name, with the warning in its metadata);
    returns the records read and written and the warning (English)."""
    out = Path(out)
    con = duckdb.connect()
    ds = None
    try:
        view, _, ds = open_source(data, where=where, con=con)
        match_coding(ds, model)
        types = dict(ds.dtypes)
        if record_id not in types:
            raise RiskModelError(
                f"{Path(data).name} has no record identifier column '{record_id}'",
                column=record_id,
            )
        numeric = {c for c, t in types.items() if is_numeric_type(t)}
        eta = linear_predictor_sql(model, numeric_columns=numeric)
        complete = " AND ".join(
            f"NOT {missing_sql(c, types.get(c, ''))}" for c in [record_id, *model.predictors]
        )
        q = quote_identifier(record_id)
        select = (
            f"SELECT {q}, 1.0 / (1.0 + EXP(-({eta}))) AS probability "  # noqa: S608
            f"FROM {view} WHERE {complete}"
        )
        target = "'" + str(out).replace("'", "''") + "'"
        if out.suffix.lower() == ".parquet":
            note = WARNING.replace("'", "''")
            options = f"FORMAT PARQUET, KV_METADATA {{warning: '{note}'}}"
        else:
            options = "FORMAT CSV, HEADER"
        con.execute(f"COPY ({select}) TO {target} ({options})")
        written = con.execute(f"SELECT COUNT(*) FROM ({select})").fetchone()[0]  # noqa: S608
        read = con.execute(f"SELECT COUNT(*) FROM {view}").fetchone()[0]  # noqa: S608
    except RiskModelError:
        raise
    except duckdb.Error as exc:
        raise RiskModelError(f"cannot write {out.name}: {str(exc).splitlines()[0]}") from None
    finally:
        if ds is not None:
            ds.close()
        con.close()
    return {"records_read": int(read), "records_written": int(written), "warning": WARNING}
