"""What kind of data file a path holds: by its name, and by its first bytes.

A file whose content is not what its extension says gets one clear line (a Parquet file
named ``.csv``, a zip named ``.dta``), not the reader's own error. Nothing here imports
Django.
"""

from __future__ import annotations

import glob as _glob
from pathlib import Path

from .errors import RiskModelError

CSV_SUFFIXES = (".csv", ".csv.gz", ".tsv", ".txt", ".tsv.gz")
PARQUET_SUFFIXES = (".parquet", ".pq")
STATS_READERS = {".dta": "read_dta", ".sav": "read_sav", ".zsav": "read_sav", ".por": "read_por"}


def kind_of(path: str) -> str:
    low = path.lower()
    if low.endswith(PARQUET_SUFFIXES):
        return "parquet"
    if low.endswith(CSV_SUFFIXES):
        return "csv"
    for ext in STATS_READERS:
        if low.endswith(ext):
            return ext
    return ""


_KIND_NAMES = {
    "parquet": "Parquet",
    "csv": "CSV (text)",
    ".dta": "Stata",
    ".sav": "SPSS",
    ".zsav": "SPSS",
    ".por": "SPSS portable",
}


def _content_kind(path: Path) -> str:
    """What a file's first bytes say it is: ``parquet``, ``.dta``, ``.sav``, ``gzip``,
    ``excel``, ``zip``, ``csv`` (text) or ``""`` (unknown)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(512)
    except OSError:
        return ""
    if head.startswith(b"PAR1"):
        return "parquet"
    if head.startswith(b"<stata_dta>") or (
        len(head) > 1 and head[0] in (113, 114, 115) and head[1] in (1, 2)
    ):
        return ".dta"
    if head.startswith((b"$FL2", b"$FL3")):
        return ".sav"
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "excel"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if not head or b"\x00" not in head:
        return "csv"
    return ""


def check_content(path: Path, kind: str) -> None:
    """One clear line when a file's content is not what its extension says."""
    found = _content_kind(path)
    expected = {".zsav": ".sav"}.get(kind, kind)
    if kind == "csv" and path.name.lower().endswith(".gz"):
        expected = "gzip"
    if kind == ".por" or found == expected or not found:
        return
    if kind == "csv" and found == "csv":
        return
    what = {
        "gzip": "a gzip-compressed file",
        "excel": "an Excel workbook (.xls)",
        "zip": "a zip archive or an Excel workbook (.xlsx)",
    }.get(found, f"a {_KIND_NAMES.get(found, found)} file")
    short = {"gzip": "gzip", "excel": "Excel (.xls)", "zip": "zip / Excel (.xlsx)"}
    wanted = _KIND_NAMES.get(kind, kind)
    raise RiskModelError(
        f"{path.name} is not a {wanted} file, as its name says: its content is {what}; "
        "rename it with the right extension or export it again",
        code="content_not_extension",
        params={
            "file": path.name,
            "expected": wanted,
            "found": short.get(found, _KIND_NAMES.get(found, found)),
        },
    )


#: Rows the quick sniff reads (:func:`sniffed_csv`), against DuckDB's default of 20,480.
QUICK_SNIFF_ROWS = 2048
#: DuckDB's own sample (``sniff_csv``'s default ``sample_size``).
SNIFF_ROWS = 20_480
#: Whole numbers from this size on are identifiers, not measures: a double would not hold
#: every 16-digit number exactly, so such a column stays BIGINT (as ``scoring.sql.text_sql``
#: writes doubles under it as integers).
IDENTIFIER_SIZE = 10**15


def _whole_numbers_as_doubles(
    con, source: str, columns: list[tuple[str, str]], sample: int
) -> tuple[str, set[str]]:
    """``source`` (a ``read_csv(..., columns={...})`` call) with its BIGINT columns read
    as DOUBLE, and the names of those columns; a column whose first ``sample`` rows hold
    a number of :data:`IDENTIFIER_SIZE` or more (an identifier) stays BIGINT."""
    import duckdb

    whole = [n for n, t in columns if t == "BIGINT"]
    if not whole:
        return source, set()
    quoted = ['"' + n.replace('"', '""') + '"' for n in whole]
    try:
        sizes = con.execute(
            f"SELECT {', '.join(f'max(abs({q}))' for q in quoted)} "  # noqa: S608
            f"FROM (SELECT {', '.join(quoted)} FROM {source} LIMIT {int(sample)})"
        ).fetchone()
    except duckdb.Error:  # reading fails anyway: let the reader say why
        sizes = [None] * len(whole)
    doubles = {n for n, size in zip(whole, sizes, strict=True) if (size or 0) < IDENTIFIER_SIZE}
    for n in doubles:
        key = "'" + n.replace("'", "''") + "': 'BIGINT'"
        source = source.replace(key, key.replace("'BIGINT'", "'DOUBLE'"))
    return source, doubles


def sniffed_csv(con, raw: str, *, quick: bool = False) -> tuple[str | None, bool]:
    """``read_csv(...)`` with the options and column types DuckDB's sniffer finds, once.

    A view over ``read_csv_auto`` sniffs the file again each time a query binds it; the
    sniffed call does not (io.open_dataset). ``None`` when the sniffer fails:
    ``read_csv_auto`` then reports the problem. ``con``: a DuckDB connection. Returns the
    call and whether its types come from the quick sniff.

    ``quick``: sniff the first :data:`QUICK_SNIFF_ROWS` rows instead of DuckDB's sample
    (a quarter of the time on a large file), when every column comes out as numbers
    (or dates...); a column that comes out as text (as does one empty in those rows) has
    the file sniffed again as usual. A value further on that fits none of the types makes
    reading fail, and the caller must read again with the usual sniff (as ``fit_file``
    does: :class:`.io.QuickSniffMissed`).

    Either way, a column sniffed as whole numbers (BIGINT) is read as DOUBLE
    (:func:`_whole_numbers_as_doubles`): DuckDB would silently round a "3.5" after the
    sample into a BIGINT column (to 4), and every reader uses numbers as doubles anyway
    (the same values; codes are written as text without ``.0``). Codes with leading zeros
    are sniffed as text and stay text.
    """
    import duckdb

    path = "'" + str(raw).replace("'", "''") + "'"
    sample = f", sample_size = {QUICK_SNIFF_ROWS}" if quick else ""
    try:
        row = con.execute(
            f"SELECT Prompt, Columns FROM sniff_csv({path}, nullstr = ['NA', '']{sample})"  # noqa: S608
        ).fetchone()
    except duckdb.Error:
        return None, False
    prompt = str(row[0]).strip() if row else ""
    if not prompt.startswith("FROM read_csv(") or "nullstr" not in prompt:
        return (None, False) if not quick else sniffed_csv(con, raw)
    source = prompt.removeprefix("FROM ").rstrip(";").strip()
    columns = [(str(c["name"]), str(c["type"]).upper()) for c in row[1] or []]
    if quick and (not columns or any(t == "VARCHAR" for _, t in columns)):
        return sniffed_csv(con, raw)
    source, doubles = _whole_numbers_as_doubles(
        con, source, columns, QUICK_SNIFF_ROWS if quick else SNIFF_ROWS
    )
    if quick:
        expected = [(n, "DOUBLE" if n in doubles else t) for n, t in columns]
        try:
            got = con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()  # noqa: S608
        except duckdb.Error:
            return sniffed_csv(con, raw)
        if [(str(r[0]), str(r[1]).upper()) for r in got] != expected:
            return sniffed_csv(con, raw)
    return source, quick


def _sql_string(value: str) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def source_sql(path: Path, raw: str) -> tuple[str, str]:
    """The DuckDB table function reading ``raw`` (``path``) and its kind; ``""`` for a
    Stata or SPSS file, which is converted first (:mod:`.statfiles`)."""
    if path.is_dir():
        files = sorted(_glob.glob(str(path / "**" / "*.parquet"), recursive=True))
        if not files:
            raise RiskModelError(f"the folder {path} holds no .parquet files")
        return f"read_parquet({_sql_string(str(path / '**' / '*.parquet'))})", "parquet"
    kind = kind_of(raw)
    has_glob = any(ch in raw for ch in "*?[")
    if has_glob:
        if not _glob.glob(raw, recursive=True):
            raise RiskModelError(f"no file matches {raw}")
    elif not path.exists():
        raise RiskModelError(
            f"data file not found: {raw}", code="file_not_found", params={"path": raw}
        )
    if kind and not has_glob:
        check_content(path, kind)
    if kind == "parquet":
        return f"read_parquet({_sql_string(raw)})", kind
    if kind == "csv":
        return f"read_csv_auto({_sql_string(raw)}, nullstr = ['NA', ''])", kind
    if kind in STATS_READERS:
        if has_glob:
            raise RiskModelError(
                "globs are supported for Parquet and CSV files, not for "
                f"Stata or SPSS files ({raw})"
            )
        return "", kind
    raise RiskModelError(
        f"unknown data format for {path.name}: use .csv, .parquet, .dta, "
        ".sav or a folder of .parquet files"
    )
