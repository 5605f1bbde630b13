"""The SQL both scoring engines run: DuckDB's dialect (``quote='"'``) and Spark's (``quote='`'``).

One aggregate pass per territory (:func:`aggregate_sql`), the count of missing values per
column (:func:`missing_counts_sql`), the check for category levels the survey never saw
(:func:`unseen_levels_sql`, :func:`raise_unseen`) and the check of the columns
(:func:`check_columns`). The engines (:mod:`.engine_duckdb`, :mod:`.engine_spark`) run
them and turn the rows into a :class:`.territories.Territories` table.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from ..errors import RiskModelError
from .model import ScoringModel, Term


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


def determinant_sql(
    model: ScoringModel, column: str, *, numeric_columns: set[str], quote: str = '"'
) -> str:
    """One determinant's part of the log-odds, sum_k beta_k x_k over its terms: as in
    :func:`linear_predictor_sql` (a list lookup in DuckDB, a ``CASE`` per level in Spark)."""
    terms = [t for t in model.terms if t.determinant == column]
    if terms and terms[0].level is not None and quote == '"':
        return _lookup_sql(model, column, numeric_columns=numeric_columns)
    return " + ".join(
        f"{float(t.estimate)!r} * "
        f"{design_column_sql(t, numeric_columns=numeric_columns, quote=quote)}"
        for t in terms
    )


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
    reference: dict[str, float] | None = None,
) -> str:
    """One pass over ``source``: per territory, counts, missing values and weighted sums.

    ``reference``: the point the risk decomposition linearises around, for a model without
    survey means (:func:`reference_sql` gives the national means).

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
    # The secant slope s = (p - p_ref) / (eta - eta_ref) of each record against the model's
    # reference point (:func:`reference_point`): p - p_ref = s * sum_k beta_k (x_k - x_ref,k)
    # exactly, so the sums of s and s * x_k decompose the territory's risk index minus the
    # national one into one part per term that adds up exactly (see explain.py). The log-odds,
    # the probability and w * s are computed once per record, in the inner query.
    x_ref = reference if reference is not None else reference_point(model)[0]
    if x_ref is None:
        raise ValueError("a model without means needs its reference point (reference_sql)")
    eta_ref = float(model.intercept) + sum(t.estimate * x_ref[t.name] for t in model.terms)
    p_ref = 1.0 / (1.0 + math.exp(-eta_ref))
    slope = (
        f"CASE WHEN abs(riskmodel_eta_ - ({eta_ref!r})) < 1e-9 THEN {p_ref * (1 - p_ref)!r} "
        f"ELSE (riskmodel_p_ - ({p_ref!r})) / (riskmodel_eta_ - ({eta_ref!r})) END"
    )
    ws = f"{w} * ({slope})" if w else f"({slope})"
    # each determinant's part of the log-odds, once per record; the log-odds is their sum
    dets = list(dict.fromkeys(t.determinant for t in model.terms))
    parts = [determinant_sql(model, d, numeric_columns=numeric_columns, quote=quote) for d in dets]
    # the gradient of the risk index with respect to the coefficients, for its standard
    # error by the delta method (uncertainty.py): sums of w p (1 - p) x_k
    if has_covariance(model):
        pq = "riskmodel_p_ * (1.0 - riskmodel_p_)"
        sums += f",\n  SUM({w} * {pq}) AS sgi" if w else f",\n  SUM({pq}) AS sgi"
        sums += "".join(
            f",\n  SUM({x} * riskmodel_p_ * (1.0 - riskmodel_p_)) AS sg{i}"
            for i, x in enumerate(xs)
        )
    sums += ",\n  SUM(riskmodel_ws_) AS ss"
    sums += "".join(
        f",\n  SUM(riskmodel_ws_ * riskmodel_c{i}_) AS ssc{i}" for i in range(len(dets))
    )
    eta_sum = " + ".join(
        [repr(float(model.intercept))] + [f"riskmodel_c{i}_" for i in range(len(dets))]
    )
    children = f"SUM({w})" if w else "CAST(COUNT(*) AS DOUBLE)"
    # exp() of a large value is +infinity in DuckDB and Spark alike, and 1/(1+inf) = 0:
    # no clamp is needed
    prob = "riskmodel_p_"
    expected = f"SUM({w} * {prob})" if w else f"SUM({prob})"
    if optimistic:
        expected += f" AS expected,\n    COUNT({prob}) AS scored_"
    else:
        expected += " AS expected"
    cols = "".join(f", {e} AS riskmodel_c{i}_" for i, e in enumerate(parts))
    inner = (
        f"(SELECT *, {ws} AS riskmodel_ws_ FROM "  # noqa: S608
        "(SELECT *, 1.0 / (1.0 + EXP(-riskmodel_eta_)) AS riskmodel_p_ FROM "
        f"(SELECT *, {eta_sum} AS riskmodel_eta_ FROM "
        f"(SELECT *{cols} FROM {source} WHERE {complete}) AS c_) AS eta_) AS p_) AS scored_"
    )
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
    n_dets = len({t.determinant for t in model.terms})
    if has_covariance(model):
        sx += ", sgi" + "".join(f", sg{i}" for i in range(len(model.terms)))
    sx += ", ss" + "".join(f", ssc{i}" for i in range(n_dets))
    # Column names are quoted and levels escaped: the SQL is built from the model, not typed.
    # Only complete records are scored; missing_counts_sql counts the others. Grouping is
    # on the raw territory column; codes become text only once per territory, at the end.
    # The inner queries compute each determinant's part of the log-odds, the log-odds, the
    # probability and the weighted secant slope once per record; one aggregate sums them.
    return f"""
WITH grouped AS (
  SELECT {q(territory)} AS territory_{region_agg},
    COUNT(*) AS records,
    {children} AS children,
    {expected}{sums}
  FROM {inner}
  GROUP BY {q(territory)}
)
SELECT {text_sql("territory_", tys.get(territory, ""), quote)} AS territory{region_out},
  records, children, expected{sx}{", scored_" if optimistic else ""}
FROM grouped
"""  # noqa: S608


def has_covariance(model: ScoringModel) -> bool:
    """Whether the model file keeps the coefficients' covariance (fitted by this version)."""
    raw = model.raw if isinstance(model.raw, dict) else {}
    return bool((raw.get("covariance") or {}).get("matrix"))


#: Records whose means are the reference point of a model without survey means.
REFERENCE_RECORDS = 100_000


def reference_sql(
    model: ScoringModel,
    *,
    source: str,
    territory: str,
    weight: str | None,
    numeric_columns: set[str],
    quote: str = '"',
    types: dict[str, str] | None = None,
) -> str:
    """One row: the weighted sum of the weights and of each design column over the first
    :data:`REFERENCE_RECORDS` complete records, whose ratios are their means: the reference
    point of a model without survey means (a model written by hand)."""
    q = lambda c: quote_identifier(c, quote)  # noqa: E731
    tys = types or {}
    complete = " AND ".join(
        f"NOT {missing_sql(c, tys.get(c, ''), quote)}" for c in [territory, *model.predictors]
    )
    w = f"CAST({q(weight)} AS DOUBLE)" if weight else "1.0"
    if weight:
        complete += f" AND NOT {missing_sql(weight, 'DOUBLE', quote)} AND {w} > 0"
    sums = [f"SUM({w})"] + [
        f"SUM({w} * {design_column_sql(t, numeric_columns=numeric_columns, quote=quote)})"
        for t in model.terms
    ]
    # the first REFERENCE_RECORDS complete records suffice: the decomposition adds up
    # exactly whatever the reference point; it only needs to be a typical one
    return (
        f"SELECT {', '.join(sums)} FROM (SELECT * FROM {source} WHERE {complete} "  # noqa: S608
        f"LIMIT {REFERENCE_RECORDS}) AS reference_"
    )


def reference_from_row(model: ScoringModel, row) -> dict[str, float]:
    """The reference point from the row of :func:`reference_sql`."""
    total = float(row[0] or 0.0)
    return {
        t.name: (float(row[i + 1]) / total if total else 0.0) for i, t in enumerate(model.terms)
    }


def reference_point(model: ScoringModel) -> tuple[dict[str, float] | None, float]:
    """The point the risk decomposition linearises around: the survey-weighted means of
    the design columns recorded in ``MODEL.json`` (``means``) and the log-odds there; or
    ``(None, nan)`` for a model written by hand without means, whose reference is then the
    means of the first records scored (:func:`reference_sql`)."""
    means = (model.raw.get("means") if isinstance(model.raw, dict) else None) or {}
    if not all(t.name in means for t in model.terms):
        return None, float("nan")
    x_ref = {t.name: float(means[t.name]) for t in model.terms}
    eta = float(model.intercept) + sum(t.estimate * x_ref[t.name] for t in model.terms)
    return x_ref, eta


def label_map_sql(column: str, type_name: str, mapping: dict[str, str], quote: str = '"') -> str:
    """A column of codes shown as the labels of ``mapping`` (``{code text: label}``); a code
    without a label keeps its code, as text."""
    text = text_sql(column, type_name, quote)
    whens = " ".join(
        "WHEN '{}' THEN '{}'".format(k.replace("'", "''"), v.replace("'", "''"))
        for k, v in mapping.items()
    )
    return f"(CASE {text} {whens} ELSE {text} END)"


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
