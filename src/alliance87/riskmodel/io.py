"""Reading survey and census microdata through DuckDB.

:func:`open_dataset` registers a DuckDB view over a file, so that files larger than memory can
be filtered, counted and aggregated without loading them. Supported inputs:

* CSV (``.csv``, ``.csv.gz``, ``.tsv``, ``.txt``): read by DuckDB's CSV reader with the
  types its sniffer finds, whole numbers as doubles (:func:`.filetypes.sniffed_csv`);
* Parquet (``.parquet``, ``.pq``), a glob such as ``survey/*.parquet`` or a directory of
  Parquet files (read recursively): read by DuckDB's ``read_parquet``;
* Stata (``.dta``) and SPSS (``.sav``, ``.zsav``, ``.por``): converted chunk by chunk with
  pyreadstat's ``read_file_in_chunks`` into a temporary Parquet file, which the view then
  reads. Memory use is one chunk at a time.

**Value labels.** A Stata or SPSS file keeps both its codes and its labels. The converted
Parquet file holds the codes; the view shows a column that carries value labels as text
holding the *label* (``"primary"``, not ``2``; a code without a label keeps its code written
as text, ``"9"``), so that categories read as in the questionnaire. :meth:`Dataset.show_labels`
chooses which columns show labels and which their codes: the estimator shows labels only for
categorical determinants, and reads the outcome, the design variables (strata, PSU, weight)
and numeric determinants as codes, so that a 0/1 outcome labelled No/Yes is a 0/1 outcome
and two strata that share a label stay two strata. ``--where`` filters are applied to the
codes (as Stata's ``if``). The code-to-label maps stay available in
:attr:`Dataset.value_labels`.

**Missing values.** SQL ``NULL``, an empty CSV field, Stata's ``.``/``.a``-``.z`` and SPSS
system and user-defined missing values are all missing; so is a floating-point ``NaN``.
:meth:`Dataset.read_arrays` applies listwise deletion (a record missing any needed column is
left out) and reports, per column, how many records were missing there.

Nothing in this module imports Django.
"""

from __future__ import annotations

import contextlib
import glob as _glob
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import numpy as np

from .errors import RiskModelError
from .filetypes import STATS_READERS as _STATS
from .filetypes import sniffed_csv, source_sql
from .statfiles import convert_statistical_file, forget_temporary, labels_are_codes

_FLOAT_TYPES = ("DOUBLE", "FLOAT", "REAL")


def quote_identifier(name: str) -> str:
    """Quote a column or view name for DuckDB."""
    return '"' + str(name).replace('"', '""') + '"'


def _sql_string(value: str) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def code_text(code: Any) -> str:
    """A value label's code as text: integral numbers without a decimal point (``"2"``)."""
    if isinstance(code, float) and code.is_integer():
        return str(int(code))
    return str(code)


@dataclass
class ReadResult:
    """Columns read for estimation after listwise deletion.

    ``columns`` maps each requested column to a NumPy array (``float64`` for numeric columns,
    an object array of ``str`` for categorical ones). ``dropped_missing`` gives, per column,
    the number of records with a missing value in that column (a record missing two columns
    counts in both); ``records_read`` is the number of records the filter kept and
    ``records_dropped`` how many of them listwise deletion removed.
    """

    columns: dict[str, np.ndarray]
    dropped_missing: dict[str, int]
    records_read: int
    records_dropped: int
    #: with ``read_arrays(complete=...)``: every record is read and this marks those kept
    in_fit: np.ndarray | None = None

    @property
    def records(self) -> int:
        """Records left after listwise deletion."""
        return self.records_read - self.records_dropped


class QuickSniffMissed(RiskModelError):
    """Reading a CSV opened with ``quick_sniff=True`` failed, perhaps on a value that does
    not fit the type its first rows gave a column: open it again without it and read again
    (:func:`.filetypes.sniffed_csv`)."""


@dataclass
class Dataset:
    """A DuckDB view over one data file, optionally filtered.

    Create it with :func:`open_dataset`. ``view`` is the name of the view on ``con``;
    ``columns`` and ``dtypes`` (DuckDB type names) describe it; ``value_labels`` maps a
    Stata/SPSS column to its ``{code: label}`` dictionary (empty for CSV and Parquet).
    """

    con: duckdb.DuckDBPyConnection
    view: str
    path: Path
    where: str | None
    columns: list[str]
    dtypes: dict[str, str]
    value_labels: dict[str, dict[Any, str]] = field(default_factory=dict)
    #: a Stata/SPSS column's own label (``{column: label}``), for the report's phrases
    variable_labels: dict[str, str] = field(default_factory=dict)
    _owns_con: bool = False
    _temporary: str | None = None
    _base: str = ""
    _base_dtypes: dict[str, str] = field(default_factory=dict)
    labelled: tuple[str, ...] = ()
    #: a CSV's column types come from the quick sniff (``open_dataset(quick_sniff=True)``)
    quick_sniff: bool = False

    # ------------------------------------------------------------------ labels
    def show_labels(
        self,
        columns: Iterable[str] = (),
        *,
        mappings: dict[str, dict[str, str]] | None = None,
    ) -> None:
        """Show ``columns`` as their value labels and every other column as its codes.

        ``columns`` may name columns without labels (they are left as they are).
        ``mappings`` gives other ``{code text: label}`` maps to apply (a model's labels for a
        census that holds codes); a value without a label keeps its code, written as text.
        """
        maps = {
            c: {code_text(k): v for k, v in self.value_labels[c].items()}
            for c in columns
            if c in self.value_labels
        }
        maps.update(mappings or {})
        replace = []
        for c, mapping in maps.items():
            if c not in self._base_dtypes:
                continue
            replace.append(f"{self._label_sql(c, mapping)} AS {quote_identifier(c)}")
        if not replace and not self.labelled:
            return  # the view already shows every column as it is in the file
        select = f"SELECT * REPLACE ({', '.join(replace)})" if replace else "SELECT *"
        view = quote_identifier(self.view)
        self.con.execute(
            f"CREATE OR REPLACE TEMP VIEW {view} AS {select} FROM ({self._base})"  # noqa: S608
        )
        described = self.con.execute(f"DESCRIBE {view}").fetchall()
        self.dtypes = {r[0]: str(r[1]) for r in described}
        self.labelled = tuple(c for c in maps if c in self._base_dtypes)

    def code_labelled(self, columns: Iterable[str | None]) -> list[str]:
        """Those of ``columns`` (territory keys) whose value labels are codes themselves
        (:func:`.statfiles.labels_are_codes`): scored, validated and mapped under them."""
        return [c for c in columns if c and labels_are_codes(self.value_labels.get(c, {}))]

    def _label_sql(self, column: str, mapping: dict[str, str]) -> str:
        q = quote_identifier(column)
        t = self._base_dtypes[column].upper()
        saved, self.dtypes = self.dtypes, self._base_dtypes
        try:
            text = self._text_sql(column)
        finally:
            self.dtypes = saved
        null = f"{q} IS NULL"
        if t.startswith(_FLOAT_TYPES):
            null += f" OR NOT isfinite({q})"
        elif t == "VARCHAR":
            null += f" OR trim({q}) = ''"
        whens = " ".join(f"WHEN {_sql_string(k)} THEN {_sql_string(v)}" for k, v in mapping.items())
        return f"(CASE WHEN {null} THEN NULL ELSE (CASE {text} {whens} ELSE {text} END) END)"

    # ------------------------------------------------------------------ context manager
    def __enter__(self) -> Dataset:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Drop the view, remove any temporary file and close a connection we opened."""
        with contextlib.suppress(duckdb.Error):
            self.con.execute(f"DROP VIEW IF EXISTS {quote_identifier(self.view)}")
        if self._owns_con:
            self.con.close()
        if self._temporary:
            forget_temporary(self._temporary)
            self._temporary = None

    # ------------------------------------------------------------------ queries
    def count(self) -> int:
        """Number of records after the filter."""
        return int(
            self.con.execute(f"SELECT count(*) FROM {quote_identifier(self.view)}").fetchone()[0]  # noqa: S608
        )

    def require(self, columns: Iterable[str | None]) -> None:
        """Raise :class:`RiskModelError` naming every column that the data lacks."""
        wanted = [c for c in columns if c]
        missing = [c for c in dict.fromkeys(wanted) if c not in self.dtypes]
        if not missing:
            return
        lower = {c.lower(): c for c in self.columns}
        hints = [
            f"'{c}' (did you mean '{lower[c.lower()]}'?)" if c.lower() in lower else f"'{c}'"
            for c in missing
        ]
        noun = "column" if len(missing) == 1 else "columns"
        available = ", ".join(self.columns[:30]) + (" ..." if len(self.columns) > 30 else "")
        raise RiskModelError(
            f"{self.path.name} has no {noun} {', '.join(hints)}; it has: {available}",
            column=missing[0],
            code="missing_columns",
            params={"file": self.path.name, "columns": ", ".join(hints), "available": available},
        )

    def is_numeric(self, column: str) -> bool:
        """Whether a column has a numeric (or boolean) DuckDB type."""
        t = self.dtypes[column].upper()
        return t == "BOOLEAN" or t.startswith(
            (
                "TINYINT",
                "SMALLINT",
                "INTEGER",
                "BIGINT",
                "HUGEINT",
                "UTINYINT",
                "USMALLINT",
                "UINTEGER",
                "UBIGINT",
                "FLOAT",
                "DOUBLE",
                "REAL",
                "DECIMAL",
            )
        )

    def _missing_sql(self, column: str) -> str:
        q = quote_identifier(column)
        if self.dtypes[column].upper().startswith(_FLOAT_TYPES):
            # not isnan(): DuckDB 2.0 folds it to false from Parquet min/max statistics,
            # which leave NaN out; infinities are unusable values too
            return f"({q} IS NULL OR NOT isfinite({q}))"
        if not self.is_numeric(column) and self.dtypes[column].upper() == "VARCHAR":
            return f"({q} IS NULL OR trim({q}) = '')"
        return f"({q} IS NULL)"

    def _text_sql(self, column: str) -> str:
        """A column as text; integral floating values are written without ``.0``."""
        q = quote_identifier(column)
        t = self.dtypes[column].upper()
        if t.startswith(_FLOAT_TYPES) or t.startswith("DECIMAL"):
            return (
                f"CASE WHEN {q} = floor({q}) AND abs({q}) < 1e15 "
                f"THEN CAST(CAST({q} AS BIGINT) AS VARCHAR) ELSE CAST({q} AS VARCHAR) END"
            )
        if t == "BOOLEAN":
            return f"CAST(CAST({q} AS INTEGER) AS VARCHAR)"
        return f"CAST({q} AS VARCHAR)"

    def missing_counts(
        self, columns: Sequence[str], within: str | None = None
    ) -> tuple[dict[str, int], int, int]:
        """Per-column missing counts, the records read and the records with any missing
        (``within``: an SQL condition, counting only the records that meet it)."""
        self.require(columns)
        cols = list(dict.fromkeys(columns))
        parts = [f"count(*) FILTER (WHERE {self._missing_sql(c)})" for c in cols]
        any_missing = " OR ".join(self._missing_sql(c) for c in cols) or "FALSE"
        sql = (
            f"SELECT count(*), count(*) FILTER (WHERE {any_missing})"  # noqa: S608
            + "".join(", " + p for p in parts)
            + f" FROM {quote_identifier(self.view)}"
            + (f" WHERE {within}" if within else "")
        )
        try:
            row = self.con.execute(sql).fetchone()
        except duckdb.Error as exc:
            if within:
                raise RiskModelError(
                    f"the domain {within!r} is not a valid condition: {_first_line(exc)}"
                ) from None
            raise
        return {c: int(n) for c, n in zip(cols, row[2:], strict=True)}, int(row[0]), int(row[1])

    def read_arrays(
        self,
        numeric: Sequence[str] = (),
        categorical: Sequence[str] = (),
        complete: Sequence[str] | None = None,
        domain: str | None = None,
        checks: Sequence[tuple[str, Callable[[], object]]] = (),
    ) -> ReadResult:
        """Read columns into NumPy arrays, leaving out records missing any of them.

        ``numeric`` columns come back as ``float64`` (a text value that is not a number is
        an error naming the column and the first such value); ``categorical`` columns come
        back as text (``str`` objects), integral numbers written without a decimal point.
        With ``complete``, every record is read (a missing value is NaN or None) and
        ``in_fit`` marks the records with no missing value among the ``complete`` columns
        (the design of a domain needs the others too); ``domain``, an SQL condition,
        narrows ``in_fit`` and the counts to the records that meet it. Then the file is
        scanned once: the arrays, the missing values and ``checks`` come from one query.
        ``checks`` (with ``complete``): ``(condition, fail)`` pairs, SQL conditions
        evaluated on every record in the same scan; ``fail()``, which should raise, is
        called for the first condition some record meets, before anything else is checked.
        """
        numeric = list(dict.fromkeys(numeric))
        categorical = [c for c in dict.fromkeys(categorical) if c not in numeric]
        if complete is not None:
            return self._read_all(
                numeric, categorical, list(dict.fromkeys(complete)), domain, checks
            )
        if checks:
            raise ValueError("checks need complete=...: every record is read")
        cols = numeric + categorical
        dropped, read, n_dropped = self.missing_counts(cols)
        self._check_numbers(numeric)
        select = [
            f"CAST({quote_identifier(c)} AS DOUBLE) AS {quote_identifier(c)}" for c in numeric
        ]
        select += [f"{self._text_sql(c)} AS {quote_identifier(c)}" for c in categorical]
        keep = " AND ".join(f"NOT {self._missing_sql(c)}" for c in cols)
        sql = (
            f"SELECT {', '.join(select)} FROM {quote_identifier(self.view)} "  # noqa: S608
            f"WHERE {keep or 'TRUE'}"
        )
        table = self._fetch(sql)
        return ReadResult(
            columns=self._columns(table, numeric, categorical),
            dropped_missing=dropped,
            records_read=read,
            records_dropped=n_dropped,
        )

    def _check_numbers(self, numeric: Sequence[str]) -> None:
        """Raise naming the first value of a ``numeric`` column stored as text that is not
        a number."""
        for c in numeric:
            if self.is_numeric(c):
                continue
            bad = self.con.execute(
                f"SELECT {quote_identifier(c)} FROM {quote_identifier(self.view)} "  # noqa: S608
                f"WHERE {self._not_a_number_sql(c)} LIMIT 1"
            ).fetchone()
            if bad is not None:
                raise RiskModelError(
                    f"column '{c}' must be numeric, but it holds "
                    f"{bad[0]!r}; declare it categorical if it is a "
                    "category",
                    column=c,
                )

    def _not_a_number_sql(self, column: str) -> str:
        q = quote_identifier(column)
        return f"{q} IS NOT NULL AND TRY_CAST({q} AS DOUBLE) IS NULL"

    def _fetch(self, sql: str) -> dict[str, np.ndarray]:
        try:
            # a relation's fetchnumpy, not execute()'s: a sixth less CPU and memory touched
            # on a large read (DuckDB 2.0); it needs any earlier execute() run to its end
            self.con.complete()
            return self.con.sql(sql).fetchnumpy()
        except duckdb.Error as exc:
            if self.quick_sniff:
                raise QuickSniffMissed(f"could not read {self.path.name}: {exc}") from None
            raise RiskModelError(f"could not read {self.path.name}: {exc}") from None

    @staticmethod
    def _columns(
        table: dict[str, np.ndarray],
        numeric: Sequence[str],
        categorical: Sequence[str],
        names: Sequence[str] | None = None,
    ) -> dict[str, np.ndarray]:
        """The fetched columns as plain arrays: NaN or None where a value is NULL
        (``names``: the result's name of each column, when not the column's own)."""
        names = list(names or [*numeric, *categorical])
        out: dict[str, np.ndarray] = {}
        for c, name in zip(numeric, names, strict=False):
            col = table[name]
            if np.ma.isMaskedArray(col):
                col = np.ma.filled(col.astype(np.float64), np.nan)
            out[c] = np.asarray(col, dtype=np.float64)
        for c, name in zip(categorical, names[len(numeric) :], strict=True):
            col = table[name]
            if np.ma.isMaskedArray(col):  # not np.ma.filled(col, None): that fills with "?"
                mask = np.ma.getmaskarray(col)
                col = np.array(col.data, dtype=object)
                col[mask] = None
            out[c] = np.asarray(col, dtype=object)
        return out

    def _read_all(
        self,
        numeric: list[str],
        categorical: list[str],
        complete: list[str],
        domain: str | None,
        checks: Sequence[tuple[str, Callable[[], object]]],
    ) -> ReadResult:
        """:meth:`read_arrays` with ``complete``: every record, in one scan of the file.

        The query returns the columns, a flag per ``checks`` condition, the domain and,
        for each ``complete`` column not read as a number, whether it is missing; a
        column read as a number (NaN, or an infinity, where it is missing, exactly as
        :meth:`_missing_sql`) gets its flag from its values.
        """
        cols = numeric + categorical
        self.require([*cols, *complete])
        view = quote_identifier(self.view)
        if domain:
            try:  # binding only: a condition DuckDB cannot run is named before reading
                self.con.execute(f"SELECT ({domain}) FROM {view} LIMIT 0").fetchall()  # noqa: S608
            except duckdb.Error as exc:
                raise RiskModelError(
                    f"the domain {domain!r} is not a valid condition: {_first_line(exc)}"
                ) from None
        names = [f"v{i}" for i in range(len(cols))]
        select = []
        for c, name in zip(numeric, names, strict=False):
            cast = "CAST" if self.is_numeric(c) else "TRY_CAST"  # text checked below
            select.append(f"{cast}({quote_identifier(c)} AS DOUBLE) AS {name}")
        for c, name in zip(categorical, names[len(numeric) :], strict=True):
            select.append(f"{self._text_sql(c)} AS {name}")
        as_number = {c: n for c, n in zip(numeric, names, strict=False) if self.is_numeric(c)}
        flagged = [c for c in complete if c not in as_number]
        select += [f"{self._missing_sql(c)} AS m{i}" for i, c in enumerate(flagged)]
        select += [f"COALESCE(({cond}), FALSE) AS k{i}" for i, (cond, _) in enumerate(checks)]
        text_numbers = [c for c in numeric if c not in as_number]
        select += [
            f"COALESCE({self._not_a_number_sql(c)}, FALSE) AS t{i}"
            for i, c in enumerate(text_numbers)
        ]
        if domain:
            select.append(f"COALESCE(({domain}), FALSE) AS d")
        if not select:
            select.append("TRUE AS d")
        table = self._fetch(f"SELECT {', '.join(select)} FROM {view}")  # noqa: S608

        def flag(name: str) -> np.ndarray:
            return np.asarray(np.ma.filled(table[name], False), dtype=bool)

        for i, (_, fail) in enumerate(checks):
            if flag(f"k{i}").any():
                fail()
        if any(flag(f"t{i}").any() for i in range(len(text_numbers))):
            self._check_numbers(text_numbers)
        out = self._columns(table, numeric, categorical, names)
        n = len(next(iter(table.values())))
        missing = {}
        index = {c: i for i, c in enumerate(flagged)}
        for c in complete:
            missing[c] = ~np.isfinite(out[c]) if c in as_number else flag(f"m{index[c]}")
        any_missing = np.zeros(n, dtype=bool)
        for m in missing.values():
            any_missing |= m
        in_fit = ~any_missing
        if domain:
            within = flag("d")
            in_fit &= within
            dropped = {c: int(np.count_nonzero(m & within)) for c, m in missing.items()}
            read = int(np.count_nonzero(within))
            n_dropped = int(np.count_nonzero(any_missing & within))
        else:
            dropped = {c: int(np.count_nonzero(m)) for c, m in missing.items()}
            read, n_dropped = n, int(np.count_nonzero(any_missing))
        return ReadResult(
            columns=out,
            dropped_missing=dropped,
            records_read=read,
            records_dropped=n_dropped,
            in_fit=in_fit,
        )


# ---------------------------------------------------------------------------------- opening
def open_dataset(
    path: str | os.PathLike[str],
    *,
    where: str | None = None,
    con: duckdb.DuckDBPyConnection | None = None,
    name: str = "data",
    quick_sniff: bool = False,
) -> Dataset:
    """Register a DuckDB view ``name`` over a data file, filtered by ``where``.

    ``where`` is a SQL boolean expression over the file's columns (DuckDB dialect), for
    example ``"age BETWEEN 5 AND 17"``; an expression DuckDB cannot run raises
    :class:`RiskModelError` saying the filter is invalid and why. ``con`` is an existing
    DuckDB connection (a new in-memory one is opened otherwise and closed by
    :meth:`Dataset.close`). See the module docstring for formats and value labels.
    ``quick_sniff``: a CSV's types come from its first rows when every column holds
    numbers (:func:`.filetypes.sniffed_csv`); then :meth:`Dataset.read_arrays` raises
    :class:`QuickSniffMissed` if reading fails, and the caller opens it again without.
    """
    raw = os.fspath(path)
    p = Path(raw)
    source, kind = source_sql(p, raw)
    owns = con is None
    con = con if con is not None else duckdb.connect()
    labels: dict[str, dict[Any, str]] = {}
    variable_labels: dict[str, str] = {}
    temporary = None
    if kind in _STATS:
        temporary, labels, variable_labels = convert_statistical_file(p, kind)
        source = f"read_parquet({_sql_string(temporary)})"
    quick = False
    if kind == "csv" and not any(ch in raw for ch in "*?["):
        sniffed, quick = sniffed_csv(con, raw, quick=quick_sniff)
        source = sniffed or source
    view = quote_identifier(name)
    base = f"SELECT * FROM {source}"  # noqa: S608
    try:
        con.execute(f"CREATE OR REPLACE TEMP VIEW {view} AS {base}")
        described = con.execute(f"DESCRIBE {view}").fetchall()
    except duckdb.Error as exc:
        if owns:
            con.close()
        raise RiskModelError(f"could not read {p.name}: {_first_line(exc)}") from None
    if where is not None and where.strip():
        check = f"SELECT * FROM {source} WHERE ({where})"  # noqa: S608
        try:
            statements = duckdb.extract_statements(check)
        except duckdb.Error as exc:
            if owns:
                con.close()
            raise _invalid_filter(_first_line(exc)) from None
        if len(statements) != 1:
            if owns:
                con.close()
            raise _invalid_filter(
                "it must be one SQL expression, without ';'", code="filter_not_one"
            )
        try:
            con.execute(f"CREATE OR REPLACE TEMP VIEW {view} AS {check}")
            con.execute(f"SELECT * FROM {view} LIMIT 0").fetchall()  # noqa: S608
        except duckdb.Error as exc:
            con.execute(f"CREATE OR REPLACE TEMP VIEW {view} AS {base}")
            if owns:
                con.close()
            raise _invalid_filter(_first_line(exc)) from None
        base = check
    dtypes = {r[0]: str(r[1]) for r in described}
    ds = Dataset(
        con=con,
        view=name,
        path=p,
        where=where or None,
        columns=[r[0] for r in described],
        dtypes=dict(dtypes),
        value_labels=labels,
        variable_labels=variable_labels,
        _owns_con=owns,
        _temporary=temporary,
        _base=base,
        _base_dtypes=dtypes,
        quick_sniff=quick,
    )
    if labels:
        ds.show_labels(labels)
    return ds


def _invalid_filter(reason: str, code: str = "filter_invalid") -> RiskModelError:
    """The refusal of a ``--where`` DuckDB cannot run (``reason``: DuckDB's, in English)."""
    return RiskModelError(
        f"the filter (--where) is invalid: {reason}", code=code, params={"reason": reason}
    )


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def file_sha256(path: str | os.PathLike[str]) -> str:
    """SHA-256 of a file's bytes (of every file, in name order, for a folder or a glob)."""
    import hashlib

    raw = os.fspath(path)
    p = Path(raw)
    if p.is_dir():
        files = sorted(_glob.glob(str(p / "**" / "*.parquet"), recursive=True))
    elif any(ch in raw for ch in "*?["):
        files = sorted(_glob.glob(raw, recursive=True))
    else:
        files = [raw]
    h = hashlib.sha256()
    buf = bytearray(1 << 20)  # one buffer for every block (as hashlib.file_digest)
    view = memoryview(buf)
    for f in files:
        with open(f, "rb", buffering=0) as fh:
            while size := fh.readinto(buf):
                h.update(view[:size])
    return h.hexdigest()
