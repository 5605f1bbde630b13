"""The territories table scoring writes: one row per territory, read back for reports.

Columns are :data:`BASE_COLUMNS` and ``mean_<term>``, the weighted mean of every design
column of the model. :func:`build_territories` turns the rows of the engines' aggregate
pass into a table.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import RiskModelError
from ..model import clean_json
from .geojson import code_text, load_boundaries, match_property
from .model import ScoringModel

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
    #: per territory, the risk index's gradient with respect to the coefficients (for the
    #: classification's stability, uncertainty.py); None when the model has no covariance
    gradient: np.ndarray | None = field(default=None, repr=False, compare=False)
    #: the classification's stability (uncertainty.level_stability), once classified
    stability: dict[str, Any] = field(default_factory=dict)
    #: what the per-record output wrote (scoring.records), when asked for
    records_output: dict[str, Any] = field(default_factory=dict)
    #: the small-area option's summary (pipeline.add_small_area), when asked for
    small_area: dict[str, Any] = field(default_factory=dict)
    #: the filter (``--where``) that selected the scored population, as given; None for
    #: none, or when a CSV territories file was read (a CSV has no place for it)
    where: str | None = None
    where_known: bool = True

    def scoring_summary(self) -> dict[str, Any]:
        """Records read, kept and left out, with the count of missing values per column."""
        return {
            "records_read": int(self.records_read),
            "records_scored": int(self.scored),
            "records_dropped": int(self.records_read - self.scored),
            "dropped_missing": {k: int(v) for k, v in self.dropped.items()},
            "where": self.where,
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
            where=summary.get("where"),
            where_known="where" in summary,
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
    reference: dict[str, float] | None = None,
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
    if "sg0" in idx:  # the risk index's standard error and interval (uncertainty.py)
        from ..uncertainty import add_uncertainty

        sg = ["sgi", *(f"sg{i}" for i in range(len(model.terms)))]
        grad = np.column_stack([np.array([float(r[idx[c]]) for r in kept]) for c in sg])
        gradient = grad / children[:, None]
        add_uncertainty(
            columns, gradient, model.raw, ["(Intercept)", *(t.name for t in model.terms)]
        )
    else:
        gradient = None
    if "ss" in idx:  # the secant-weighted means, centred on the reference point
        from .sql import reference_point

        x_ref = reference if reference is not None else reference_point(model)[0]
        if x_ref is None:
            raise ValueError("a model without means needs its reference point")
        ss = np.array([float(r[idx["ss"]]) for r in kept])
        dets = list(dict.fromkeys(t.determinant for t in model.terms))
        for i, d in enumerate(dets):
            c_ref = sum(t.estimate * x_ref[t.name] for t in model.terms if t.determinant == d)
            ssc = np.array([float(r[idx[f"ssc{i}"]]) for r in kept])
            columns[f"secant_{d}"] = (ssc - c_ref * ss) / children
    return Territories(
        columns=columns,
        terms=[t.name for t in model.terms],
        gradient=gradient,
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


def covariance_of(model: ScoringModel, table: Territories) -> np.ndarray:
    """The coefficients' covariance in the order of ``table.gradient``'s columns."""
    from ..uncertainty import covariance

    return covariance(model.raw, ["(Intercept)", *(t.name for t in model.terms)])


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
        code = code_text(props.get(prop))
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
