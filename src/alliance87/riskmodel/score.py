"""Score every child of a census or registry with a fitted model, and aggregate by territory.

The model's linear predictor is written as one SQL expression (a list lookup, in Spark a
``CASE WHEN`` per level, for a categorical determinant) and evaluated by DuckDB over the
file, out of core, in a single pass that also aggregates by territory. For each territory
the pass returns:

* ``records``: the number of records scored; ``children``: their weighted number (the
  weight is optional: a census or registry usually has none, so each record counts 1);
* ``expected_child_labour``: the sum of the predicted probabilities x weight, i.e. the
  expected number of children in child labour;
* ``risk_index``: the weighted mean predicted probability, the expected child labour rate
  (the published MIRTI territorial figure, MIRTI-NOTES §3, [C]/[P]);
* ``rank``: 1 for the highest risk index;
* ``mean_<term>``: the weighted mean of every design column of the model (the share of each
  category level, the mean of each numeric determinant), used to explain the risk.

Records with a missing value in a determinant (or in the territory) are left out, and the
number left out is reported per column. The same SQL, but for the categorical lookups, runs
on Spark (:mod:`.spark`).
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .errors import RiskModelError

INTERCEPT = "(Intercept)"
#: Key of the scoring summary in a territories Parquet file's metadata.
SUMMARY_KEY = b"alliance87.scoring"
#: Columns of a territories file that are not design-column means.
BASE_COLUMNS = (
    "territory",
    "region",
    "records",
    "children",
    "expected_child_labour",
    "risk_index",
    "rank",
    "level",
)


# --------------------------------------------------------------------------------------
# The model, as far as scoring needs it
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Term:
    """One design column: a numeric determinant, or one non-reference level of a categorical."""

    name: str  # as in MODEL.json: "age" or "head_educ[primary]"
    determinant: str  # the source column: "age" or "head_educ"
    level: str | None  # the category level, or None for a numeric determinant
    estimate: float


@dataclass(frozen=True)
class ScoringModel:
    """What scoring needs from ``MODEL.json``: determinants, levels and coefficients."""

    outcome: str
    predictors: list[str]
    categorical: list[str]
    levels: dict[str, list[str]]
    intercept: float
    terms: list[Term]
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_json(cls, source: str | Path | dict) -> ScoringModel:
        """Read a ``MODEL.json`` file (or its parsed content)."""
        if isinstance(source, dict):
            data = source
        else:
            try:
                data = json.loads(Path(source).read_text(encoding="utf-8"))
            except FileNotFoundError:
                raise RiskModelError(f"model file not found: {source}") from None
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                raise RiskModelError(f"{source} is not a MODEL.json file: {exc}") from None
        try:
            spec = data["specification"]
            coefs = {c["term"]: float(c["estimate"]) for c in data["coefficients"]}
            predictors = list(spec["predictors"])
        except (KeyError, TypeError) as exc:
            raise RiskModelError(f"the model file lacks {exc}; is it a MODEL.json?") from None
        categorical = list(spec.get("categorical") or [])
        levels = {k: [str(v) for v in vs] for k, vs in (data.get("levels") or {}).items()}
        terms: list[Term] = []
        for p in predictors:
            if p in categorical:
                for level in levels.get(p, [])[1:]:
                    name = f"{p}[{level}]"
                    if name in coefs:
                        terms.append(Term(name, p, level, coefs[name]))
            elif p in coefs:
                terms.append(Term(p, p, None, coefs[p]))
        known = {t.name for t in terms} | {INTERCEPT}
        stray = [t for t in coefs if t not in known]
        if stray:
            raise RiskModelError(
                f"the model has coefficients this scorer cannot place: {', '.join(stray)}"
            )
        return cls(
            outcome=str(spec.get("outcome", "")),
            predictors=predictors,
            categorical=categorical,
            levels=levels,
            intercept=coefs.get(INTERCEPT, 0.0),
            terms=terms,
            raw=data,
        )

    def coefficient(self, term: str) -> float:
        """The estimate of a term, 0 if the model has none."""
        if term == INTERCEPT:
            return self.intercept
        return next((t.estimate for t in self.terms if t.name == term), 0.0)


# --------------------------------------------------------------------------------------
# SQL
# --------------------------------------------------------------------------------------
def quote_identifier(name: str, quote: str = '"') -> str:
    """Quote a column name for DuckDB (``"``) or Spark SQL (`````)."""
    return quote + name.replace(quote, quote + quote) + quote


def _literal(level: str, numeric: bool) -> str:
    if numeric:
        try:
            value = float(level)
        except ValueError:
            return "'" + level.replace("'", "''") + "'"
        if math.isfinite(value):
            return repr(int(value)) if value.is_integer() else repr(value)
    return "'" + level.replace("'", "''") + "'"


def design_column_sql(term: Term, *, numeric_columns: set[str], quote: str = '"') -> str:
    """SQL for one design column: the numeric value, or 1/0 for a category level."""
    col = quote_identifier(term.determinant, quote)
    if term.level is None:
        return f"CAST({col} AS DOUBLE)"
    lit = _literal(term.level, term.determinant in numeric_columns)
    return f"(CASE WHEN {col} = {lit} THEN CAST(1 AS DOUBLE) ELSE CAST(0 AS DOUBLE) END)"


def linear_predictor_sql(
    model: ScoringModel, *, numeric_columns: set[str], quote: str = '"'
) -> str:
    """The model's log-odds as one SQL expression.

    In DuckDB (``quote='"'``) each categorical determinant adds one list lookup, its
    coefficients indexed by the position of the record's level
    (``[0.0, b1, b2][list_position(['ref', 'l1', 'l2'], col)]``); in Spark SQL, one ``CASE``
    per level. Both add the same coefficients in the same order, so the log-odds are equal.
    The lookup is cheaper in DuckDB than the ``CASE`` chain (docs/riskmodel.md, section 6).
    """
    parts = [repr(float(model.intercept))]
    done: set[str] = set()
    for t in model.terms:
        if t.level is not None and quote == '"':
            if t.determinant in done:
                continue
            done.add(t.determinant)
            parts.append(_lookup_sql(model, t.determinant, numeric_columns=numeric_columns))
            continue
        column = design_column_sql(t, numeric_columns=numeric_columns, quote=quote)
        parts.append(f"{float(t.estimate)!r} * {column}")
    return " + ".join(parts)


def _lookup_sql(model: ScoringModel, column: str, *, numeric_columns: set[str]) -> str:
    """DuckDB: a categorical determinant's coefficient for the record's level (0 for the
    reference level), by list lookup."""
    levels = model.levels.get(column, [])
    coef = {t.level: float(t.estimate) for t in model.terms if t.determinant == column}
    values = ", ".join(repr(coef.get(lv, 0.0)) for lv in levels)
    lits = ", ".join(_literal(lv, column in numeric_columns) for lv in levels)
    return f"[{values}][list_position([{lits}], {quote_identifier(column)})]"


def aggregate_sql(
    model: ScoringModel,
    *,
    source: str,
    territory: str,
    weight: str | None,
    region: str | None,
    numeric_columns: set[str],
    quote: str = '"',
    types: dict[str, str] | None = None,
    blank_columns: set[str] | None = None,
    optimistic: bool = False,
) -> str:
    """One pass over ``source``: per territory, counts, missing values and weighted sums.

    ``optimistic=True`` (DuckDB only) tests missing values for NULL only, and adds the
    column ``scored_``, the number of records with a probability: a level the model does
    not know or a blank text yields none, and a NaN or infinite determinant makes the sums
    non-finite, so :func:`optimistic_result_is_exact` can tell whether the full test was
    needed. Most files have none of these, and the tests cost a tenth of the scan.

    A value is missing when it is NULL, a floating-point NaN or infinity, or an empty text
    (the same rule as :mod:`.io` applies when fitting); ``types`` gives the column types.

    ``quote='"'`` writes DuckDB's dialect, ``quote='`'`` Spark SQL's; the two differ only in
    how a categorical determinant's coefficient is looked up (see
    :func:`linear_predictor_sql`), so their results agree to rounding.
    """
    q = lambda c: quote_identifier(c, quote)  # noqa: E731
    needed = [territory, *model.predictors]
    tys = types or {}
    # a categorical column known to hold no blanks (see unseen_levels_sql) needs no text test
    checked = {c for c in model.categorical if blank_columns is not None}
    blank = {c for c in needed if c not in checked or c in (blank_columns or set())}
    if optimistic:
        # a determinant without a coefficient leaves no trace in the sums: test it fully
        used = {territory} | {t.determinant for t in model.terms}
        complete = " AND ".join(
            f"{q(c)} IS NOT NULL" if c in used else f"NOT {missing_sql(c, tys.get(c, ''), quote)}"
            for c in needed
        )
    else:
        complete = " AND ".join(
            f"NOT {missing_sql(c, tys.get(c, ''), quote, blanks=c in blank)}" for c in needed
        )
    if weight:
        if not optimistic:
            complete += f" AND NOT {missing_sql(weight, 'DOUBLE', quote)}"
        complete += f" AND CAST({q(weight)} AS DOUBLE) > 0"
    eta = linear_predictor_sql(model, numeric_columns=numeric_columns, quote=quote)
    w = f"CAST({q(weight)} AS DOUBLE)" if weight else None
    xs = []
    for t in model.terms:
        if w:
            x = f"{w} * {design_column_sql(t, numeric_columns=numeric_columns, quote=quote)}"
        elif t.level is None:
            x = design_column_sql(t, numeric_columns=numeric_columns, quote=quote)
        else:  # without weights a level's share is a count: an integer sum is cheaper
            lit = _literal(t.level, t.determinant in numeric_columns)
            x = f"CAST({q(t.determinant)} = {lit} AS INTEGER)"
        xs.append(x)
    sums = "".join(f",\n  SUM({x}) AS sx{i}" for i, x in enumerate(xs))
    children = f"SUM({w})" if w else "CAST(COUNT(*) AS DOUBLE)"
    # exp() of a large value is +infinity in DuckDB and Spark alike, and 1/(1+inf) = 0:
    # no clamp is needed
    prob = f"1.0 / (1.0 + EXP(-({eta})))"
    expected = f"SUM({w} * {prob})" if w else f"SUM({prob})"
    if optimistic:  # DuckDB evaluates the probability once for both aggregates
        expected += f" AS expected,\n    COUNT({prob}) AS scored_"
    else:
        expected += " AS expected"
    region_agg = (
        f", MIN({q(region)}) AS region_min, MAX({q(region)}) AS region_max" if region else ""
    )
    region_out = (
        f", {text_sql('region_min', tys.get(region, ''), quote)} AS region_min, "
        f"{text_sql('region_max', tys.get(region, ''), quote)} AS region_max"
        if region
        else ""
    )
    sx = "".join(f", sx{i}" for i in range(len(model.terms)))
    # Column names are quoted and levels escaped: the SQL is built from the model, not typed.
    # Only complete records are scored; missing_counts_sql counts the others. Grouping is
    # on the raw territory column; codes become text only once per territory, at the end.
    # One flat aggregate: the expressions are evaluated once per record, with no
    # intermediate columns.
    return f"""
WITH grouped AS (
  SELECT {q(territory)} AS territory_{region_agg},
    COUNT(*) AS records,
    {children} AS children,
    {expected}{sums}
  FROM {source}
  WHERE {complete}
  GROUP BY {q(territory)}
)
SELECT {text_sql("territory_", tys.get(territory, ""), quote)} AS territory{region_out},
  records, children, expected{sx}{", scored_" if optimistic else ""}
FROM grouped
"""  # noqa: S608


def optimistic_result_is_exact(
    rows: Sequence[Sequence[Any]], names: Sequence[str], model: ScoringModel
) -> bool:
    """Whether an ``optimistic=True`` pass of :func:`aggregate_sql` gave the exact result.

    It did unless some record had no probability (an unknown or blank level), a territory
    code is blank, or a sum is not finite (a NaN or infinite determinant or weight).
    """
    idx = {n: i for i, n in enumerate(names)}
    sums = ["children", "expected", *(f"sx{i}" for i in range(len(model.terms)))]
    for r in rows:
        if r[idx["scored_"]] != r[idx["records"]]:
            return False
        code = r[idx["territory"]]
        if code is None or str(code).strip() == "":
            return False
        for name in sums:
            v = r[idx[name]]
            if v is None or not math.isfinite(float(v)):
                return False
    return True


def missing_counts_sql(
    model: ScoringModel,
    *,
    source: str,
    territory: str,
    weight: str | None,
    quote: str = '"',
    types: dict[str, str] | None = None,
) -> str:
    """One row: records missing each needed column (``missing<i>``) and bad weights."""
    tys = types or {}
    needed = [territory, *model.predictors]
    parts = [
        f"SUM(CASE WHEN {missing_sql(c, tys.get(c, ''), quote)} THEN 1 ELSE 0 END) AS missing{i}"
        for i, c in enumerate(needed)
    ]
    if weight:
        w = f"CAST({quote_identifier(weight, quote)} AS DOUBLE)"
        bad = missing_sql(weight, "DOUBLE", quote).replace(quote_identifier(weight, quote), w)
        parts.append(f"SUM(CASE WHEN {bad} OR {w} <= 0 THEN 1 ELSE 0 END) AS bad_weight")
    parts.append("COUNT(*) AS records_read")
    return f"SELECT {', '.join(parts)} FROM {source}"  # noqa: S608


# --------------------------------------------------------------------------------------
# Territories table
# --------------------------------------------------------------------------------------
@dataclass
class Territories:
    """A table with one row per territory, columns as :data:`BASE_COLUMNS` + ``mean_<term>``.

    ``columns`` maps a column name to a list (strings) or a NumPy array (numbers).
    ``dropped`` counts the records left out for a missing value, per column (a record
    missing two columns counts in both); ``scored`` is the number of records kept and
    ``records_read`` the number the filter selected. :meth:`write` stores them in a Parquet
    file's metadata and a GeoJSON file's ``scoring`` member; :meth:`scoring_summary` gives
    them as a dict.
    """

    columns: dict[str, Any]
    terms: list[str]
    dropped: dict[str, int] = field(default_factory=dict)
    scored: int = 0
    records_read: int = 0

    def scoring_summary(self) -> dict[str, Any]:
        """Records read, kept and left out, with the count of missing values per column."""
        return {
            "records_read": int(self.records_read),
            "records_scored": int(self.scored),
            "records_dropped": int(self.records_read - self.scored),
            "dropped_missing": {k: int(v) for k, v in self.dropped.items()},
        }

    def __len__(self) -> int:
        return len(self.columns["territory"])

    @property
    def national(self) -> dict[str, float]:
        """National figures: children, expected number, risk index, mean of each term."""
        w = np.asarray(self.columns["children"], dtype=float)
        total = float(w.sum())
        risk = np.asarray(self.columns["risk_index"], dtype=float)
        out = {
            "children": total,
            "territories": float(len(self)),
            "risk_index": float(np.sum(w * risk) / total) if total else float("nan"),
        }
        out["expected_child_labour"] = (
            float(np.sum(self.columns["expected_child_labour"]))
            if "expected_child_labour" in self.columns
            else float("nan")
        )
        for t in self.terms:
            out[f"mean_{t}"] = float(np.sum(w * np.asarray(self.columns[f"mean_{t}"])) / total)
        return out

    def to_arrow(self):  # -> pyarrow.Table
        """The table as a pyarrow Table."""
        import pyarrow as pa

        return pa.table(
            {
                k: (pa.array(v) if not isinstance(v, np.ndarray) else pa.array(v))
                for k, v in self.columns.items()
            }
        )

    def write(self, path: str | Path, *, boundaries: str | Path | None = None) -> dict:
        """Write CSV, Parquet or GeoJSON (by extension); GeoJSON needs ``boundaries``.

        Returns what was written: for GeoJSON, the matching property and unmatched codes.
        """
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix == ".csv":
            import pyarrow.csv as pcsv

            pcsv.write_csv(self.to_arrow(), path)
            return {}
        if suffix == ".parquet":
            import pyarrow.parquet as pq

            table = self.to_arrow()
            meta = dict(table.schema.metadata or {})
            meta[SUMMARY_KEY] = json.dumps(self.scoring_summary()).encode()
            pq.write_table(table.replace_schema_metadata(meta), path, compression="zstd")
            return {}
        if suffix in (".geojson", ".json"):
            if boundaries is None:
                raise RiskModelError(
                    "a GeoJSON output needs --boundaries FILE with the territory polygons"
                )
            return join_boundaries(self, boundaries, path)
        raise RiskModelError(
            f"unknown output format {suffix or path.name!r}: use .csv, .parquet or .geojson"
        )

    @classmethod
    def read(cls, path: str | Path) -> Territories:
        """Read a territories file written by :meth:`write` (CSV or Parquet)."""
        import pyarrow as pa

        path = Path(path)
        if not path.exists():
            raise RiskModelError(f"territories file not found: {path}")
        summary: dict[str, Any] = {}
        if path.suffix.lower() == ".parquet":
            import pyarrow.parquet as pq

            table = pq.read_table(path)
            raw = (table.schema.metadata or {}).get(SUMMARY_KEY)
            summary = json.loads(raw) if raw else {}
        elif path.suffix.lower() in (".geojson", ".json"):
            try:
                collection = json.loads(path.read_text(encoding="utf-8"))
                features = collection["features"]
                summary = collection.get("scoring") or {}
                rows = [f.get("properties") or {} for f in features]
                table = pa.Table.from_pylist(rows)
            except (
                json.JSONDecodeError,
                UnicodeDecodeError,
                KeyError,
                TypeError,
                AttributeError,
                pa.ArrowInvalid,
            ):
                raise RiskModelError(f"{path} is not a territories GeoJSON file") from None
        else:
            import pyarrow.csv as pcsv

            try:
                table = pcsv.read_csv(
                    path,
                    convert_options=pcsv.ConvertOptions(
                        column_types={
                            "territory": pa.string(),
                            "region": pa.string(),
                            "level": pa.string(),
                            "top_factors": pa.string(),
                        }
                    ),
                )
            except pa.ArrowInvalid as exc:
                raise RiskModelError(f"cannot read {path}: {exc}") from None
        for col in ("territory", "children", "risk_index"):
            if col not in table.column_names:
                raise RiskModelError(
                    f"{path} has no column '{col}': is it a territories file "
                    "written by `alliance87 risk score`?",
                    column=col,
                )
        columns: dict[str, Any] = {}
        for name in table.column_names:
            col = table.column(name).to_pylist()
            if name in ("territory", "region", "level", "top_factors", "name"):
                columns[name] = ["" if v is None else str(v) for v in col]
            elif all(isinstance(v, (int, float)) or v is None for v in col):
                columns[name] = np.array([np.nan if v is None else v for v in col], dtype=float)
            else:
                columns[name] = col
        terms = [c[len("mean_") :] for c in columns if c.startswith("mean_")]
        return cls(
            columns=columns,
            terms=terms,
            dropped={str(k): int(v) for k, v in (summary.get("dropped_missing") or {}).items()},
            scored=int(summary.get("records_scored") or 0),
            records_read=int(summary.get("records_read") or 0),
        )


# --------------------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------------------
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


def missing_sql(column: str, type_name: str, quote: str = '"', *, blanks: bool = True) -> str:
    """SQL true when ``column`` is missing: NULL, NaN or infinite (floating point), empty text.

    ``blanks=False`` skips the (costly) test for empty text, for a column known to have none.
    """
    q = quote_identifier(column, quote)
    t = type_name.upper()
    if t.startswith(("DOUBLE", "FLOAT", "REAL")):
        # DuckDB 2.0 folds isnan() to false from Parquet min/max statistics (which leave NaN
        # out), so test finiteness instead; infinities are unusable values too
        if quote == "`":
            return f"({q} IS NULL OR isnan({q}) OR abs({q}) = CAST('Infinity' AS DOUBLE))"
        return f"({q} IS NULL OR NOT isfinite({q}))"
    if t.startswith(("VARCHAR", "STRING")) and blanks:
        return f"({q} IS NULL OR trim({q}) = '')"
    return f"({q} IS NULL)"


def text_sql(column: str, type_name: str, quote: str = '"') -> str:
    """A column as text for codes: integral floating values without ``.0`` (``1.0`` -> ``1``)."""
    q = quote_identifier(column, quote)
    string = "VARCHAR" if quote == '"' else "STRING"
    if type_name.upper().startswith(("DOUBLE", "FLOAT", "REAL", "DECIMAL")):
        return (
            f"CASE WHEN {q} = floor({q}) AND abs({q}) < 1e15 "
            f"THEN CAST(CAST({q} AS BIGINT) AS {string}) ELSE CAST({q} AS {string}) END"
        )
    return f"CAST({q} AS {string})"


def open_source(path: str | Path, *, where: str | None, con):
    """Open ``path`` as a DuckDB view (:func:`.io.open_dataset`: CSV, Parquet, Stata, SPSS).

    Returns the quoted view name, the column types and the dataset (close it when done:
    that removes the temporary file a Stata or SPSS file is converted to).
    """
    from .io import open_dataset

    ds = open_dataset(path, where=where, con=con, name="census")
    return quote_identifier(ds.view), dict(ds.dtypes), ds


_NUMERIC = (
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
    "INT",
    "LONG",
    "SHORT",
    "BYTE",
)


def is_numeric_type(type_name: str) -> bool:
    """Whether a DuckDB or Spark type name is numeric."""
    t = type_name.upper()
    return t.startswith(_NUMERIC)


def check_columns(
    model: ScoringModel,
    columns: dict[str, str],
    *,
    territory: str,
    weight: str | None,
    region: str | None,
    source: str,
) -> None:
    """Raise a clear error for a determinant or a named column missing from the data."""
    lower = {c.lower(): c for c in columns}
    for role, col in (("territory", territory), ("weight", weight), ("region", region)):
        if col and col not in columns:
            hint = f" (did you mean '{lower[col.lower()]}'?)" if col.lower() in lower else ""
            raise RiskModelError(f"the {role} column '{col}' is not in {source}{hint}", column=col)
    for p in model.predictors:
        if p not in columns:
            raise RiskModelError(
                f"{source} lacks the column '{p}', a determinant the model needs",
                column=p,
                code="determinant_missing",
                params={"source": source, "column": p},
            )
        if p not in model.categorical and not is_numeric_type(columns[p]):
            raise RiskModelError(
                f"the determinant '{p}' is numeric in the model but has type "
                f"{columns[p]} in {source}",
                column=p,
            )


def unseen_levels_sql(
    model: ScoringModel,
    *,
    source: str,
    numeric_columns: set[str],
    quote: str = '"',
    types: dict[str, str] | None = None,
) -> str | None:
    """A DISTINCT query listing category levels of the data that the model never saw."""
    parts = []
    for col in model.categorical:
        levels = model.levels.get(col, [])
        if not levels:
            continue
        qc = quote_identifier(col, quote)
        lits = ", ".join(_literal(v, col in numeric_columns) for v in levels)
        cast = "VARCHAR" if quote == '"' else "STRING"
        parts.append(
            f"SELECT DISTINCT {_literal(col, False)} AS col, "  # noqa: S608
            f"CAST({qc} AS {cast}) AS level "
            f"FROM {source} WHERE {qc} IS NOT NULL AND {qc} NOT IN ({lits})"
        )
    return " UNION ALL ".join(parts) if parts else None


def raise_unseen(rows: Sequence[tuple[str, str]], model: ScoringModel) -> set[str]:
    """Raise naming the column and the level(s) the survey never saw.

    ``rows`` come from :func:`unseen_levels_sql`; blank texts are missing values, not levels.
    Returns the columns that hold blanks.
    """
    blanks = {str(r[0]) for r in rows if r[1] is not None and str(r[1]).strip() == ""}
    rows = [r for r in rows if r[1] is None or str(r[1]).strip() != ""]
    if not rows:
        return blanks
    col = rows[0][0]
    found = sorted({str(r[1]) for r in rows if r[0] == col})
    shown = ", ".join(repr(v) for v in found[:5]) + (" ..." if len(found) > 5 else "")
    raise RiskModelError(
        f"the column '{col}' has the level{'s' if len(found) > 1 else ''} {shown}, which the "
        f"survey never saw (the model knows {', '.join(model.levels[col])}); recode it or "
        "filter it out with --where",
        column=col,
        code="unseen_level",
        params={"column": col, "levels": shown, "known": ", ".join(model.levels[col])},
    )


def build_territories(
    rows: Sequence[Sequence[Any]],
    names: Sequence[str],
    model: ScoringModel,
    *,
    territory: str,
    region: str | None,
    weight: str | None,
    missing: Sequence[Any] = (),
    missing_names: Sequence[str] = (),
    records_read: int | None = None,
) -> Territories:
    """Turn the rows of :func:`aggregate_sql` (and the one row of :func:`missing_counts_sql`)
    into a :class:`Territories` table."""
    needed = [territory, *model.predictors]
    idx = {n: i for i, n in enumerate(names)}
    midx = {n: i for i, n in enumerate(missing_names)}
    dropped = {
        c: int(missing[midx[f"missing{i}"]] or 0) if f"missing{i}" in midx else 0
        for i, c in enumerate(needed)
    }
    bad_weight = int(missing[midx["bad_weight"]] or 0) if "bad_weight" in midx else 0
    if bad_weight:
        raise RiskModelError(
            f"the weight column '{weight}' has {bad_weight} missing, zero or "
            "negative values; weights must be positive",
            column=weight,
            code="weights_not_positive",
            params={"column": weight, "count": bad_weight},
        )
    kept = [r for r in rows if r[idx["territory"]] is not None and (r[idx["records"]] or 0) > 0]
    if not kept:
        raise RiskModelError(
            "no record could be scored: every record misses the territory "
            "or a determinant (or --where selects none)"
        )
    if region:
        mixed = [r for r in kept if r[idx["region_min"]] != r[idx["region_max"]]]
        if mixed:
            r = mixed[0]
            raise RiskModelError(
                f"territory '{r[idx['territory']]}' lies in two regions "
                f"('{r[idx['region_min']]}' and '{r[idx['region_max']]}') of "
                f"'{region}'",
                column=region,
            )
    kept.sort(key=lambda r: str(r[idx["territory"]]))
    children = np.array([float(r[idx["children"]]) for r in kept])
    expected = np.array([float(r[idx["expected"]]) for r in kept])
    risk = expected / children
    columns: dict[str, Any] = {"territory": [str(r[idx["territory"]]) for r in kept]}
    if region:
        columns["region"] = [str(r[idx["region_min"]]) for r in kept]
    columns["records"] = np.array([int(r[idx["records"]]) for r in kept], dtype=np.int64)
    columns["children"] = children
    columns["expected_child_labour"] = expected
    columns["risk_index"] = risk
    columns["rank"] = rank_descending(risk)
    for i, t in enumerate(model.terms):
        columns[f"mean_{t.name}"] = np.array([float(r[idx[f"sx{i}"]]) for r in kept]) / children
    return Territories(
        columns=columns,
        terms=[t.name for t in model.terms],
        dropped=dropped,
        scored=int(columns["records"].sum()),
        records_read=(
            int(records_read)
            if records_read is not None
            else int(missing[midx["records_read"]])
            if "records_read" in midx
            else int(columns["records"].sum())
        ),
    )


def rank_descending(values: np.ndarray) -> np.ndarray:
    """Rank 1 for the largest value; ties share the smallest rank ("min" method)."""
    v = np.asarray(values, dtype=float)
    order = np.argsort(-v, kind="stable")
    ranks = np.empty(len(v), dtype=np.int64)
    sorted_v = v[order]
    r = 1
    for pos, i in enumerate(order):
        if pos > 0 and sorted_v[pos] != sorted_v[pos - 1]:
            r = pos + 1
        ranks[i] = r
    return ranks


def score_file(
    model: ScoringModel | str | Path | dict,
    data: str | Path,
    *,
    territory: str,
    weight: str | None = None,
    where: str | None = None,
    region: str | None = None,
    engine: str = "duckdb",
    spark_master: str = "local[2]",
    memory_limit: str = "1GB",
    temp_directory: str | None = None,
    threads: int | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> Territories:
    """Score every record of ``data`` and aggregate by the ``territory`` column.

    ``weight``: an optional column of positive weights (e.g. the expansion factor of a
    registry sample; a census needs none, each record then counts 1). ``where``: an SQL
    filter selecting the population (e.g. ``age BETWEEN 5 AND 17``). ``region``: a column
    grouping territories (e.g. department), carried to the output for regional
    classification. ``engine``: ``duckdb`` (out of core on one machine) or ``spark``.
    ``progress``: a callback ``(step, done, total)``, e.g. :class:`.progress.ProgressBar`.
    """
    if not isinstance(model, ScoringModel):
        model = ScoringModel.from_json(model)
    if engine == "spark":
        from .spark import score_spark

        return score_spark(
            model,
            data,
            territory=territory,
            weight=weight,
            where=where,
            region=region,
            master=spark_master,
            progress=progress,
        )
    if engine != "duckdb":
        raise RiskModelError(f"unknown engine {engine!r}: use duckdb or spark")
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
    )


# --------------------------------------------------------------------------------------
# GeoJSON
# --------------------------------------------------------------------------------------
def load_boundaries(path: str | Path) -> dict:
    """Read a GeoJSON FeatureCollection of territory polygons."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RiskModelError(f"boundaries file not found: {path}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise RiskModelError(f"{path} is not GeoJSON: {exc}") from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise RiskModelError(f"{path} is not a GeoJSON FeatureCollection")
    return data


def match_property(features: list[dict], codes: Sequence[str]) -> str | None:
    """The feature property whose values match the most territory codes (None if none do)."""
    wanted = set(codes)
    best, best_n = None, 0
    names: list[str] = []
    for f in features:
        for k in f.get("properties") or {}:
            if k not in names:
                names.append(k)
    for k in names:
        n = sum(1 for f in features if _code((f.get("properties") or {}).get(k)) in wanted)
        if n > best_n:
            best, best_n = k, n
    return best


def _code(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def join_boundaries(table: Territories, boundaries: str | Path, out: str | Path) -> dict:
    """Write ``out`` as GeoJSON: each boundary feature with its territory's row as properties.

    The territory code is matched against whichever feature property matches the most codes.
    Returns ``{"property": ..., "unmatched_territories": [...], "features_without_data": n}``.
    """
    data = load_boundaries(boundaries)
    features = data.get("features") or []
    codes = table.columns["territory"]
    prop = match_property(features, codes)
    if prop is None:
        raise RiskModelError(
            f"no property of the features in {boundaries} matches the "
            "territory codes (e.g. " + ", ".join(codes[:3]) + ")"
        )
    rows = {code: i for i, code in enumerate(codes)}
    out_features = []
    matched: set[str] = set()
    without = 0
    for f in features:
        props = dict(f.get("properties") or {})
        code = _code(props.get(prop))
        if code in rows:
            i = rows[code]
            matched.add(code)
            for k, v in table.columns.items():
                val = v[i]
                props[k] = val.item() if isinstance(val, np.generic) else val
        else:
            without += 1
        out_features.append({"type": "Feature", "properties": props, "geometry": f.get("geometry")})
    Path(out).write_text(
        json.dumps(
            clean_json(
                {
                    "type": "FeatureCollection",
                    "scoring": table.scoring_summary(),
                    "features": out_features,
                }
            ),
            ensure_ascii=False,
            allow_nan=False,
        ),
        encoding="utf-8",
    )
    return {
        "property": prop,
        "unmatched_territories": [c for c in codes if c not in matched],
        "features_without_data": without,
    }


def clean_json(value: Any) -> Any:
    """NumPy scalars and arrays to Python, NaN and infinities to None (valid JSON)."""
    if isinstance(value, dict):
        return {str(k): clean_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean_json(v) for v in value]
    if isinstance(value, np.ndarray):
        return [clean_json(v) for v in value.tolist()]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
