"""Score every child of a census or registry with a fitted model, and aggregate by territory.

The model's linear predictor is written as one SQL expression (:mod:`.sql`: a list lookup,
in Spark a ``CASE WHEN`` per level, for a categorical determinant) and evaluated over the
file in a single pass that also aggregates by territory, by one of two engines:
:mod:`.engine_duckdb` (out of core, on one machine) or :mod:`.engine_spark` (a cluster).
For each territory the pass returns:

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
number left out is reported per column. The result is a :class:`.territories.Territories`
table, which :func:`.territories.join_boundaries` writes onto territory boundaries
(:mod:`.geojson`).

Modules: ``model`` (what scoring reads from ``MODEL.json``) <- ``sql`` <- ``territories``
<- the two engines, which never import each other (import-linter contracts in
pyproject.toml); this module only chooses the engine.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..errors import RiskModelError
from ..model import FittedModel
from .geojson import load_boundaries, match_property
from .model import ScoringModel, Term
from .territories import BASE_COLUMNS, SUMMARY_KEY, Territories, join_boundaries, rank_descending

ENGINES = ("duckdb", "spark")

__all__ = [
    "BASE_COLUMNS",
    "ENGINES",
    "SUMMARY_KEY",
    "ScoringModel",
    "Term",
    "Territories",
    "join_boundaries",
    "load_boundaries",
    "match_property",
    "rank_descending",
    "score_file",
]


def score_file(
    model: ScoringModel | FittedModel | str | Path | dict,
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

    ``model``: a :class:`.ScoringModel`, a fitted model, or ``MODEL.json`` (a path or its
    parsed content).
    ``weight``: an optional column of positive weights (e.g. the expansion factor of a
    registry sample; a census needs none, each record then counts 1). ``where``: an SQL
    filter selecting the population (e.g. ``age BETWEEN 5 AND 17``). ``region``: a column
    grouping territories (e.g. department), carried to the output for regional
    classification. ``engine``: ``duckdb`` (out of core on one machine, within
    ``memory_limit``) or ``spark`` (on ``spark_master``). ``progress``: a callback
    ``(step, done, total)``, e.g. :class:`..progress.ProgressBar`.
    """
    if not isinstance(model, ScoringModel):
        model = ScoringModel.from_json(model)
    if engine == "spark":
        from .engine_spark import score_spark

        table = score_spark(
            model,
            data,
            territory=territory,
            weight=weight,
            where=where,
            region=region,
            master=spark_master,
            progress=progress,
        )
        table.where = where.strip() if where and where.strip() else None
        return table
    if engine != "duckdb":
        raise RiskModelError(f"unknown engine {engine!r}: use duckdb or spark")
    from .engine_duckdb import score_duckdb

    table = score_duckdb(
        model,
        data,
        territory=territory,
        weight=weight,
        where=where,
        region=region,
        memory_limit=memory_limit,
        temp_directory=temp_directory,
        threads=threads,
        progress=progress,
    )
    table.where = where.strip() if where and where.strip() else None
    return table
