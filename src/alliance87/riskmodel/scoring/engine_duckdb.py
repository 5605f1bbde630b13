"""The DuckDB scoring engine: out of core, on one machine, in one pass over the file.

The first pass tests missing values for NULL only (``aggregate_sql(optimistic=True)``);
when a record has an unknown or blank level, a blank territory or a non-finite number, the
levels are checked (naming an unknown one) and the full tests run.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from ..errors import RiskModelError
from ..io import code_text
from .model import ScoringModel
from .sql import (
    aggregate_sql,
    check_columns,
    is_numeric_type,
    missing_counts_sql,
    optimistic_result_is_exact,
    quote_identifier,
    raise_unseen,
    reference_from_row,
    reference_point,
    reference_sql,
    unseen_levels_sql,
)
from .territories import Territories, build_territories


def _connect(memory_limit: str, temp_directory: str | None, threads: int | None):
    """A DuckDB connection that spills to ``temp_directory`` beyond ``memory_limit``."""
    import re

    import duckdb

    if not re.fullmatch(r"\d+(\.\d+)?\s*[KMGT]i?B", memory_limit.strip(), flags=re.I):
        raise RiskModelError(f"--memory-limit must look like 1GB or 512MB, not {memory_limit!r}")
    con = duckdb.connect()
    con.execute(f"SET memory_limit = '{memory_limit.strip()}'")
    temp = str(temp_directory or tempfile.gettempdir()).replace("'", "''")
    con.execute(f"SET temp_directory = '{temp}'")
    con.execute("SET preserve_insertion_order = false")
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    return con


def open_source(path: str | Path, *, where: str | None, con):
    """Open ``path`` as a DuckDB view (:func:`.io.open_dataset`: CSV, Parquet, Stata, SPSS).

    Returns the quoted view name, the column types and the dataset (close it when done:
    that removes the temporary file a Stata or SPSS file is converted to).
    """
    from ..io import open_dataset

    ds = open_dataset(path, where=where, con=con, name="census")
    return quote_identifier(ds.view), dict(ds.dtypes), ds


def match_coding(ds, model: ScoringModel, keys: Sequence[str | None] = ()) -> None:
    """Show each categorical determinant of the census in the coding the model was fitted on.

    A model fitted on value labels (``specification.coding``) records its code-to-label
    maps: a census holding the codes (a CSV, or a column without labels) is mapped with
    them; a census with labels of its own must give each code the model knows the same
    label, or the difference is named. A model fitted on plain values meets a labelled
    census's labels, unless the model's levels are the codes. ``keys`` (the territory
    and region columns) show their labels when these are codes themselves (0 -> "01001":
    :meth:`.io.Dataset.code_labelled`). Every other column (the weight, numeric
    determinants) is read as its codes.
    """
    spec = model.raw.get("specification", {}) if isinstance(model.raw, dict) else {}
    fitted_labels = spec.get("value_labels") or {}
    show: list[str] = []
    mappings: dict[str, dict[str, str]] = {}
    for c in model.categorical:
        if c not in ds.dtypes:
            continue
        own = {code_text(k): v for k, v in ds.value_labels.get(c, {}).items()}
        theirs = {str(k): str(v) for k, v in (fitted_labels.get(c) or {}).items()}
        if theirs:
            if not own:
                mappings[c] = theirs
                continue
            differ = [(k, theirs[k], own[k]) for k in theirs if k in own and own[k] != theirs[k]]
            if differ:
                shown = "; ".join(
                    f"code {k} is '{a}' in the model and '{b}' in {ds.path.name}"
                    for k, a, b in differ[:5]
                )
                raise RiskModelError(
                    f"the value labels of '{c}' differ between the model's survey and "
                    f"{ds.path.name}: {shown}; relabel one of the files",
                    column=c,
                    code="labels_differ",
                    params={
                        "column": c,
                        "file": ds.path.name,
                        "differences": "; ".join(f"{k}: '{a}' ≠ '{b}'" for k, a, b in differ[:5]),
                    },
                )
            mappings[c] = {**theirs, **own}
        elif own:
            levels = set(model.levels.get(c, []))
            if not (set(own) & levels and not set(own.values()) & levels):
                show.append(c)
    ds.show_labels([*show, *ds.code_labelled(keys)], mappings=mappings)


def score_duckdb(
    model: ScoringModel,
    data: str | Path,
    *,
    territory: str,
    weight: str | None = None,
    where: str | None = None,
    region: str | None = None,
    memory_limit: str = "1GB",
    temp_directory: str | None = None,
    threads: int | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> Territories:
    """Score ``data`` with DuckDB and aggregate by territory (see :func:`.score_file`).

    ``memory_limit``: beyond it DuckDB spills to ``temp_directory`` (a temporary folder
    by default); ``threads``: default one per CPU.
    """
    if not Path(data).exists():
        raise RiskModelError(
            f"data file not found: {data}", code="file_not_found", params={"path": str(data)}
        )
    own_temp = None
    if temp_directory is None:
        own_temp = tempfile.TemporaryDirectory(prefix="riskmodel-")
        temp_directory = own_temp.name
    con = _connect(memory_limit, temp_directory, threads or os.cpu_count())
    ds = None
    try:
        view, types, ds = open_source(data, where=where, con=con)
        match_coding(ds, model, keys=(territory, region))
        types = dict(ds.dtypes)
        check_columns(
            model, types, territory=territory, weight=weight, region=region, source=str(data)
        )
        numeric = {c for c, t in types.items() if is_numeric_type(t)}
        if progress:
            progress("scoring", 1, 3)
        args = {
            "source": view,
            "territory": territory,
            "weight": weight,
            "region": region,
            "numeric_columns": numeric,
            "types": types,
        }
        if reference_point(model)[0] is None:  # no survey means: the national ones
            ref_sql = reference_sql(
                model,
                source=view,
                territory=territory,
                weight=weight,
                numeric_columns=numeric,
                types=types,
            )
            args["reference"] = reference_from_row(model, con.execute(ref_sql).fetchone())
        # First pass: missing means NULL only. It is exact for most files; when a record
        # has an unknown or blank level, a blank territory or a non-finite number, the
        # levels are checked (naming an unknown one) and the full tests run.
        cur = con.execute(aggregate_sql(model, optimistic=True, **args))
        names = [d[0] for d in cur.description]
        rows = cur.fetchall()
        if not optimistic_result_is_exact(rows, names, model):
            check = unseen_levels_sql(model, source=view, numeric_columns=numeric, types=types)
            blank_columns: set[str] = set()
            if check:
                blank_columns = raise_unseen(con.execute(check + " LIMIT 1000").fetchall(), model)
            cur = con.execute(aggregate_sql(model, blank_columns=blank_columns, **args))
            names = [d[0] for d in cur.description]
            rows = cur.fetchall()
        missing_names: list[str] = []
        missing: tuple = ()
        scored = sum(int(r[names.index("records")]) for r in rows)
        total = con.execute(f"SELECT COUNT(*) FROM {view}").fetchone()[0]  # noqa: S608
        if progress:
            progress("counting missing values", 2, 3)
        if scored < total:  # some records were left out: count why, column by column
            cur = con.execute(
                missing_counts_sql(
                    model, source=view, territory=territory, weight=weight, types=types
                )
            )
            missing_names = [d[0] for d in cur.description]
            missing = cur.fetchone()
    except RiskModelError:
        raise
    except Exception as exc:  # duckdb errors: a bad --where, an unreadable file
        raise RiskModelError(f"cannot score {data}: {str(exc).splitlines()[0]}") from None
    finally:
        if ds is not None:
            ds.close()
        con.close()
        if own_temp is not None:
            own_temp.cleanup()
    return build_territories(
        rows,
        names,
        model,
        territory=territory,
        region=region,
        weight=weight,
        missing=missing,
        missing_names=missing_names,
        records_read=total,
        reference=args.get("reference"),
    )
