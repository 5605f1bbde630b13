"""The scoring engine on Spark, for registries that outgrow one machine.

It runs the SQL that DuckDB runs (:func:`.sql.aggregate_sql`, with Spark's backtick
quoting and a ``CASE`` per category level where DuckDB looks the coefficient up in a list),
so the territorial results agree with the DuckDB engine to rounding (the order of
floating-point sums differs). Spark always runs the full missing-value tests and the
unknown-level check first; DuckDB's first pass tests NULL only. Only the per-territory aggregates come back to
the driver; classification, explanation and output are shared with the DuckDB engine.

Spark reads Parquet and CSV (with a header row). Stata and SPSS files carry value labels that
Spark cannot read: convert them to Parquet first (``alliance87 risk score`` with the DuckDB
engine reads them directly). PySpark needs a Java runtime (Java 17).

``master`` is ``local[2]`` by default (two local threads); in production give the cluster's
URL, e.g. ``spark://head-node:7077``, ``yarn`` or ``k8s://https://...``; see docs/riskmodel.md.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import RiskModelError
from .model import ScoringModel
from .sql import (
    aggregate_sql,
    check_columns,
    is_numeric_type,
    label_map_sql,
    missing_counts_sql,
    raise_unseen,
    reference_from_row,
    reference_point,
    reference_sql,
    unseen_levels_sql,
)
from .territories import Territories, build_territories

_SESSIONS: dict[str, Any] = {}


def get_session(master: str = "local[2]"):
    """A Spark session for ``master`` (created once per process and reused)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise RiskModelError(
            "the Spark engine needs PySpark: pip install "
            "'alliance87[spark]' (and a Java 17 runtime)"
        ) from None
    if master in _SESSIONS:
        return _SESSIONS[master]
    # py4j logs every connection it closes at INFO, even after the interpreter closed stderr
    logging.getLogger("py4j").setLevel(logging.WARNING)
    try:
        session = (
            SparkSession.builder.master(master)
            .appName("alliance87-risk-score")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "8")
            .config("spark.driver.memory", "1g")
            .config("spark.ui.showConsoleProgress", "false")
            .getOrCreate()
        )
    except Exception as exc:  # no Java, cluster unreachable
        raise RiskModelError(
            f"cannot start Spark ({master}): "
            f"{str(exc).splitlines()[0] if str(exc) else type(exc).__name__}"
        ) from None
    session.sparkContext.setLogLevel("ERROR")
    _SESSIONS[master] = session
    return session


def read_frame(spark, data: str | Path):
    """A Spark DataFrame over a Parquet file/folder or a CSV file with a header row."""
    path = str(data)
    if not (Path(path).exists() or "://" in path):
        raise RiskModelError(f"data file not found: {data}")
    low = path.lower()
    if low.endswith(".csv"):
        return spark.read.csv(path, header=True, inferSchema=True)
    if low.endswith(".parquet") or Path(path).is_dir():
        return spark.read.parquet(path)
    raise RiskModelError(
        f"the Spark engine reads Parquet or CSV, not {Path(path).suffix}: "
        "convert the file, or use --engine duckdb"
    )


def score_spark(
    model: ScoringModel,
    data: str | Path,
    *,
    territory: str,
    weight: str | None = None,
    where: str | None = None,
    region: str | None = None,
    master: str = "local[2]",
    progress: Callable[[str, int, int], None] | None = None,
    spark=None,
) -> Territories:
    """Score ``data`` on Spark and aggregate by territory (see :func:`.score_file`)."""
    spark = spark or get_session(master)
    df = read_frame(spark, data)
    try:
        df.createOrReplaceTempView("riskmodel_source")
        if where:
            df = spark.sql(f"SELECT * FROM riskmodel_source WHERE {where}")  # noqa: S608
        df.createOrReplaceTempView("riskmodel_census")
        types = dict(df.dtypes)
        # a model fitted on value labels meets a file of codes (Spark reads no labels)
        spec = model.raw.get("specification", {}) if isinstance(model.raw, dict) else {}
        maps = {
            c: {str(k): str(v) for k, v in m.items()}
            for c, m in (spec.get("value_labels") or {}).items()
            if c in model.categorical and c in types
        }
        if maps:
            select = ", ".join(
                f"{label_map_sql(c, t, maps[c], '`')} AS `{c}`" if c in maps else f"`{c}`"
                for c, t in df.dtypes
            )
            df = spark.sql(f"SELECT {select} FROM riskmodel_census")  # noqa: S608
            df.createOrReplaceTempView("riskmodel_census")
            types = dict(df.dtypes)
        check_columns(
            model, types, territory=territory, weight=weight, region=region, source=str(data)
        )
        numeric = {c for c, t in types.items() if is_numeric_type(t)}
        check = unseen_levels_sql(
            model, source="riskmodel_census", numeric_columns=numeric, quote="`", types=types
        )
        blank_columns: set[str] = set()
        if check:
            rows = [tuple(r) for r in spark.sql(check).limit(1000).collect()]
            blank_columns = raise_unseen(rows, model)
        if progress:
            progress("scoring on Spark", 1, 3)
        reference = None
        if reference_point(model)[0] is None:  # no survey means: the national ones
            ref_sql = reference_sql(
                model,
                source="riskmodel_census",
                territory=territory,
                weight=weight,
                numeric_columns=numeric,
                quote="`",
                types=types,
            )
            reference = reference_from_row(model, tuple(spark.sql(ref_sql).collect()[0]))
        sql = aggregate_sql(
            model,
            source="riskmodel_census",
            territory=territory,
            weight=weight,
            region=region,
            numeric_columns=numeric,
            quote="`",
            types=types,
            blank_columns=blank_columns,
            reference=reference,
        )
        result = spark.sql(sql)
        names = result.columns
        rows = [tuple(r) for r in result.collect()]
        counts = spark.sql(
            missing_counts_sql(
                model,
                source="riskmodel_census",
                territory=territory,
                weight=weight,
                quote="`",
                types=types,
            )
        )
        missing_names = counts.columns
        missing = tuple(counts.collect()[0])
    except RiskModelError:
        raise
    except Exception as exc:  # AnalysisException for a bad --where, and kin
        raise RiskModelError(
            f"Spark could not score {data}: {str(exc).strip().splitlines()[0]}"
        ) from None
    return build_territories(
        rows,
        names,
        model,
        territory=territory,
        region=region,
        weight=weight,
        missing=missing,
        missing_names=missing_names,
        reference=reference,
    )
