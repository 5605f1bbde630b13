"""Stata and SPSS files: converted, chunk by chunk, to a temporary Parquet file that the
DuckDB view of :func:`.io.open_dataset` reads, with their value labels. Nothing here
imports Django (nor pandas)."""

from __future__ import annotations

import atexit
import contextlib
import os
import tempfile
from pathlib import Path
from typing import Any

from .errors import RiskModelError
from .filetypes import STATS_READERS as _STATS

#: Rows per chunk when converting Stata and SPSS files.
CHUNK_ROWS = 100_000

_temporary_files: set[str] = set()


@atexit.register
def _remove_temporary_files() -> None:  # pragma: no cover - runs at interpreter exit
    for p in list(_temporary_files):
        with contextlib.suppress(OSError):
            os.remove(p)
        _temporary_files.discard(p)


def _plain_code(code: Any) -> Any:
    if isinstance(code, float) and code.is_integer():
        return int(code)
    return code


def convert_statistical_file(
    path: Path, kind: str, *, chunk_rows: int = CHUNK_ROWS
) -> tuple[str, dict[str, dict[Any, str]], dict[str, str]]:
    """Convert a Stata/SPSS file to a temporary Parquet file, chunk by chunk.

    Every column keeps its codes: text or double precision numbers, dates staying as their
    numeric codes (Stata: days since 1960; SPSS: seconds since 1582); the view shows the
    labels (:meth:`Dataset.show_labels`). Returns the Parquet path, the value labels and the
    variable labels (each column's own label, ``{column: label}``, those that have one).
    Does not need pandas.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq
    import pyreadstat

    reader = getattr(pyreadstat, _STATS[kind])
    try:
        _, meta = reader(str(path), metadataonly=True)
    except Exception as exc:  # pyreadstat raises its own ReadstatError and others
        raise RiskModelError(f"could not read {path.name}: {exc}") from None
    labels: dict[str, dict[Any, str]] = {
        col: {_plain_code(k): str(v) for k, v in mapping.items()}
        for col, mapping in (meta.variable_value_labels or {}).items()
        if mapping
    }
    fd, out = tempfile.mkstemp(prefix="riskmodel-", suffix=".parquet")
    os.close(fd)
    _temporary_files.add(out)
    types = getattr(meta, "readstat_variable_types", None) or {}
    schema = pa.schema(
        [
            pa.field(c, pa.string() if types.get(c) == "string" else pa.float64())
            for c in meta.column_names
        ]
    )
    writer = pq.ParquetWriter(out, schema)
    try:
        for chunk, _meta in pyreadstat.read_file_in_chunks(
            reader,
            str(path),
            chunksize=chunk_rows,
            output_format="dict",
            disable_datetime_conversion=True,
        ):
            arrays = []
            for f in schema:
                arrays.append(pa.array(chunk[f.name], type=f.type, from_pandas=True))
            writer.write_table(pa.Table.from_arrays(arrays, schema=schema))
    except RiskModelError:
        raise
    except Exception as exc:
        raise RiskModelError(f"could not convert {path.name}: {exc}") from None
    finally:
        writer.close()
    names = getattr(meta, "column_names_to_labels", None) or {}
    return out, labels, {c: str(v).strip() for c, v in names.items() if v and str(v).strip()}


def labels_are_codes(mapping: dict[Any, str]) -> bool:
    """Whether value labels are codes themselves, as territory codes stored as numbers
    labelled with the official code (0 -> ``"01001"``): each label holds a digit and no
    space, and no two codes share a label (docs/riskmodel.md, "Territory codes")."""
    labels = [str(v).strip() for v in mapping.values()]
    return (
        bool(labels)
        and len(set(labels)) == len(labels)
        and all(any(ch.isdigit() for ch in v) and not any(ch.isspace() for ch in v) for v in labels)
    )


def forget_temporary(path: str) -> None:
    """Remove a converted file (when its dataset closes)."""
    with contextlib.suppress(OSError):
        os.remove(path)
    _temporary_files.discard(path)
