"""Child Labour Vulnerability Index (IVTI), for countries with low incidence or old surveys.

Built as far as the published outputs show (MIRTI-NOTES §6):

* territorial indicators from administrative records or census microdata, each the
  (weighted) mean of a column per territory, e.g. the share of poor households; an indicator
  ``col=level`` is the share of records where ``col`` equals ``level``. A table that already
  has one row per territory works the same way (the mean of one row is the row) [C: Chile and
  Costa Rica combine administrative indicators];
* each indicator normalised to 0–100 across territories by min–max, turned round for the
  ``protective`` indicators so that 100 always means the most vulnerable [P: Costa Rica's
  0–100 scale and canton range 15–57 imply normalised indicators combined without a final
  rescaling];
* combined as a weighted mean: equal weights by default; ``pca`` takes the squared loadings of
  the first principal component of the normalised indicators' correlation matrix, scaled to
  sum to 1 (OECD/JRC *Handbook on Constructing Composite Indicators*, 2008, §6.1); or weights
  given by the user [?: the official weighting is not known];
* optionally in ``dimensions`` (Costa Rica's index has 14 variables in 5 dimensions): each
  indicator belongs to one dimension; the weighting (equal, ``pca`` or given) applies
  within each dimension, each dimension's sub-index ``dimension_<name>`` (0-100) is the
  weighted mean of its indicators' scores, and the index the weighted mean of the
  sub-indices with ``dimension_weights`` (equal by default). An indicator's weight in the
  index is then its dimension's weight times its weight within the dimension [?: the
  official construction of Costa Rica's dimensions is not known];
* three levels by the same classification as MIRTI (:mod:`.classify`), and for each
  territory the indicators that push its index above the national average:
  ``contribution_kj = w_k (s_kj - s̄_k) / sum(w)``, which add up exactly to the index minus
  the national average (national = weighted by the number of records, or children).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .classify import classify
from .errors import RiskModelError
from .i18n import gettext_noop
from .io import code_text
from .scoring import Territories, rank_descending
from .scoring.engine_duckdb import open_source
from .scoring.sql import missing_sql, quote_identifier, text_sql

#: The warning when the first principal component weighs an indicator against its stated
#: direction (``build_index``'s summary lists those indicators in ``pca_contradicts``).
PCA_SIGN_WARNING = gettext_noop(
    "the first principal component weighs '{indicator}' against its stated direction (its "
    "loading has the opposite sign to the other indicators'): check --protective, or give "
    "--weights"
)


def parse_indicator(spec: str) -> tuple[str, str | None]:
    """``"poor"`` -> ("poor", None); ``"head_educ=none"`` -> ("head_educ", "none")."""
    if "=" in spec:
        col, level = spec.split("=", 1)
        return col.strip(), level.strip()
    return spec.strip(), None


def aggregate_indicators(
    data: str | Path,
    *,
    territory: str,
    indicators: list[str],
    weight: str | None = None,
    where: str | None = None,
    region: str | None = None,
) -> Territories:
    """Territorial (weighted) means of each indicator, from microdata or a territory table."""
    import duckdb

    if not Path(data).exists():
        raise RiskModelError(f"data file not found: {data}")
    con = duckdb.connect()
    q = quote_identifier
    try:
        view, types, _ds = open_source(data, where=where, con=con)
        # codes; a share COL=LEVEL whose LEVEL is a value label counts the codes so labelled
        _ds.show_labels(_ds.code_labelled([territory, region]))  # keys as score reads them
        types = dict(_ds.dtypes)
        for col in [territory, weight, region] + [parse_indicator(i)[0] for i in indicators]:
            if col and col not in types:
                raise RiskModelError(f"{data} lacks the column '{col}'", column=col)
        w = f"CAST({q(weight)} AS DOUBLE)" if weight else "1.0"
        exprs = []
        # missing as in fit and score: NULL, NaN or infinite, blank text
        for spec in indicators:
            col, level = parse_indicator(spec)
            present = f"NOT {missing_sql(col, types[col])}"
            if level is None:
                exprs.append(
                    f"SUM({w} * CAST({q(col)} AS DOUBLE)) FILTER (WHERE {present}) / "
                    f"SUM({w}) FILTER (WHERE {present})"
                )
            else:
                codes = [
                    code_text(k) for k, v in _ds.value_labels.get(col, {}).items() if v == level
                ] or [level]
                lit = ", ".join("'" + c.replace("'", "''") + "'" for c in codes)
                exprs.append(
                    f"SUM(CASE WHEN {text_sql(col, types[col])} IN ({lit}) THEN {w} "
                    f"ELSE 0.0 END) FILTER (WHERE {present}) / "
                    f"SUM({w}) FILTER (WHERE {present})"
                )
        reg = f", MIN({text_sql(region, types[region])})" if region else ""
        sql = (
            f"SELECT {text_sql(territory, types[territory])} AS t{reg}, COUNT(*), SUM({w}), "  # noqa: S608
            + ", ".join(exprs)
            + f" FROM {view} WHERE NOT {missing_sql(territory, types[territory])} "
            "GROUP BY 1 ORDER BY 1"
        )
        rows = con.execute(sql).fetchall()
    except RiskModelError:
        raise
    except Exception as exc:
        raise RiskModelError(
            f"cannot read the indicators from {data}: {str(exc).splitlines()[0]}"
        ) from None
    finally:
        con.close()
    if len(rows) < 3:
        raise RiskModelError("the index needs at least 3 territories")
    off = 2 if region else 1
    cols: dict = {"territory": [r[0] for r in rows]}
    if region:
        cols["region"] = [r[1] for r in rows]
    cols["records"] = np.array([r[off] for r in rows], dtype=np.int64)
    cols["children"] = np.array([r[off + 1] for r in rows], dtype=float)
    for k, spec in enumerate(indicators):
        vals = np.array(
            [np.nan if r[off + 2 + k] is None else r[off + 2 + k] for r in rows], dtype=float
        )
        if np.isnan(vals).any():
            bad = cols["territory"][int(np.flatnonzero(np.isnan(vals))[0])]
            raise RiskModelError(
                f"the indicator '{spec}' has no value in territory '{bad}'",
                column=parse_indicator(spec)[0],
            )
        cols[f"indicator_{spec}"] = vals
    return Territories(columns=cols, terms=[])


def pca_weights(scores: np.ndarray) -> np.ndarray:
    """Squared loadings of the first principal component of the correlation matrix."""
    return pca_loadings(scores) ** 2 / np.sum(pca_loadings(scores) ** 2)


def pca_loadings(scores: np.ndarray) -> np.ndarray:
    """The first principal component's loadings, signed so that most of the weight is on
    positive loadings (the scores all run from least to most vulnerable)."""
    corr = np.corrcoef(scores, rowvar=False)
    vals, vecs = np.linalg.eigh(corr)
    first = vecs[:, np.argmax(vals)]
    return first if np.sum(first**2 * np.sign(first)) >= 0 else -first


def parse_dimensions(text: str | None) -> dict[str, list[str]] | None:
    """``"Education=a,b;Poverty=c"`` -> ``{"Education": ["a", "b"], "Poverty": ["c"]}``."""
    if not text or not text.strip():
        return None
    out: dict[str, list[str]] = {}
    for part in text.split(";"):
        if not part.strip():
            continue
        name, sep, items = part.partition("=")
        if not sep or not name.strip():
            raise RiskModelError(
                f"--dimensions: {part.strip()!r} is not NAME=INDICATOR,INDICATOR,..."
            )
        out[name.strip()] = [i.strip() for i in items.split(",") if i.strip()]
    return out


def _dimension_weights(
    indicators: list[str],
    s: np.ndarray,
    dimensions: dict[str, list[str]],
    dimension_weights: dict[str, float] | None,
    within,
) -> tuple[np.ndarray, dict]:
    """Each indicator's weight in the index (dimension weight x weight within), and the
    dimensions' summary; ``within(columns)`` gives the weights inside one dimension."""
    seen: dict[str, str] = {}
    for name, items in dimensions.items():
        if not items:
            raise RiskModelError(f"the dimension '{name}' has no indicator")
        for i in items:
            if i not in indicators:
                raise RiskModelError(
                    f"the dimension '{name}' names '{i}', which is not an indicator"
                )
            if i in seen:
                raise RiskModelError(
                    f"the indicator '{i}' is in two dimensions: '{seen[i]}' and '{name}'"
                )
            seen[i] = name
    alone = [i for i in indicators if i not in seen]
    if alone:
        raise RiskModelError(f"the indicator '{alone[0]}' is in no dimension")
    dw = dimension_weights or {}
    unknown = [d for d in dw if d not in dimensions]
    if unknown:
        raise RiskModelError(f"--dimension-weights names '{unknown[0]}', which is not a dimension")
    d = np.array([float(dw.get(name, 1.0 if not dw else np.nan)) for name in dimensions])
    if np.isnan(d).any():
        missing = [n for n in dimensions if n not in dw]
        raise RiskModelError(f"no weight given for the dimension '{missing[0]}'")
    if (d < 0).any() or d.sum() <= 0:
        raise RiskModelError("dimension weights must be non-negative and not all zero")
    d = d / d.sum()
    w = np.zeros(len(indicators))
    summary = {}
    for (name, items), dk in zip(dimensions.items(), d, strict=True):
        idx = [indicators.index(i) for i in items]
        inner = np.asarray(within(idx), dtype=float)
        inner = inner / inner.sum()
        w[idx] = dk * inner
        summary[name] = {
            "indicators": list(items),
            "weight": float(dk),
            "weights_within": {i: float(v) for i, v in zip(items, inner, strict=True)},
        }
    return w, summary


def build_index(
    table: Territories,
    *,
    indicators: list[str],
    protective: list[str] = (),
    weighting: str = "equal",
    weights: dict[str, float] | None = None,
    method: str = "kmeans",
    thresholds: list[float] | None = None,
    regional: bool = False,
    top: int = 3,
    dimensions: dict[str, list[str]] | None = None,
    dimension_weights: dict[str, float] | None = None,
) -> tuple[Territories, dict]:
    """Normalise, weight and combine the indicators; classify and explain each territory.

    Adds ``score_<indicator>`` (0–100, higher = more vulnerable), ``index`` (0–100),
    ``risk_index`` (= index, so the report and classification read it alike), ``rank``,
    ``level``, ``gap_<indicator>`` (contribution to the difference from the national
    average) and ``top_factors``. Returns the table and a summary (weights, national mean).
    """
    contradicts: list[str] = []
    unknown = [p for p in protective if p not in indicators]
    if unknown:
        raise RiskModelError(f"--protective names '{unknown[0]}', which is not an indicator")
    n = len(table)
    s = np.zeros((n, len(indicators)))
    for k, spec in enumerate(indicators):
        x = np.asarray(table.columns[f"indicator_{spec}"], dtype=float)
        lo, hi = float(x.min()), float(x.max())
        if hi == lo:
            raise RiskModelError(
                f"the indicator '{spec}' is the same in every territory; it cannot rank them",
                column=parse_indicator(spec)[0],
            )
        z = 100 * (x - lo) / (hi - lo)
        s[:, k] = 100 - z if spec in protective else z
        table.columns[f"score_{spec}"] = s[:, k]
    if weights:
        missing = [i for i in indicators if i not in weights]
        if missing:
            raise RiskModelError(f"no weight given for the indicator '{missing[0]}'")
        given = np.array([float(weights[i]) for i in indicators])
        if (given < 0).any() or given.sum() <= 0:
            raise RiskModelError("indicator weights must be non-negative and not all zero")
        weighting = "given"
    elif weighting not in ("pca", "equal"):
        raise RiskModelError(f"unknown weighting {weighting!r}: use equal or pca")

    def within(idx: list[int]) -> np.ndarray:
        if weighting == "given":
            w = given[idx]
            if w.sum() <= 0:
                raise RiskModelError("the indicators of a dimension cannot all weigh zero")
            return w
        if weighting == "pca" and len(idx) > 1:
            loadings = pca_loadings(s[:, idx])
            # squaring hides the sign: an indicator loading against the others is weighed as
            # if it pointed the way it was declared, though the component says the opposite
            contradicts.extend(indicators[k] for k, v in zip(idx, loadings, strict=True) if v < 0)
            return loadings**2
        return np.ones(len(idx))

    dims_summary = None
    if dimensions:
        w, dims_summary = _dimension_weights(indicators, s, dimensions, dimension_weights, within)
    else:
        if dimension_weights:
            raise RiskModelError("--dimension-weights needs --dimensions")
        w = within(list(range(len(indicators))))
    w = w / w.sum()
    index = s @ w
    pop = np.asarray(table.columns["children"], dtype=float)
    national_scores = (pop[:, None] * s).sum(axis=0) / pop.sum()
    table.columns["index"] = index
    table.columns["risk_index"] = index
    for name, d in (dims_summary or {}).items():
        idx = [indicators.index(i) for i in d["indicators"]]
        inner = np.array([d["weights_within"][i] for i in d["indicators"]])
        table.columns[f"dimension_{name}"] = s[:, idx] @ inner
    table.columns["rank"] = rank_descending(index)
    cls = classify(
        index,
        method=method,
        thresholds=thresholds,
        regions=table.columns.get("region") if regional else None,
    )
    table.columns["level"] = cls.levels
    contrib = (s - national_scores) * w
    tops = []
    for k, spec in enumerate(indicators):
        table.columns[f"gap_{spec}"] = contrib[:, k]
    for j in range(n):
        order = np.argsort(-contrib[j])
        tops.append(
            ";".join(
                f"{indicators[k]}:{'lower' if indicators[k] in protective else 'higher'}"
                for k in order[:top]
                if contrib[j, k] > 0
            )
        )
    table.columns["top_factors"] = tops
    summary = {
        "indicators": indicators,
        "protective": list(protective),
        "weighting": weighting,
        "weights": {i: float(v) for i, v in zip(indicators, w, strict=True)},
        "national_index": float(national_scores @ w),
        "dimensions": dims_summary,
        "pca_contradicts": contradicts,
        "warnings": [PCA_SIGN_WARNING.format(indicator=c) for c in contradicts],
        "classification": cls.to_json(),
    }
    return table, summary
