"""A synthetic country drawn from a known child labour model.

The generator builds, from one seed:

* departments and territories (municipalities), each territory with its own mix of rural
  households, poverty, ethnicity, schooling of household heads and farm work, so that
  territories really differ;
* a **census** of children aged 5 to 17 (one row per child, households and enumeration areas
  included). As in Brazil's census, child labour is measured directly only from age 10: the
  ``child_labour`` column is empty below that age;
* a **household survey** drawn from that census by a stratified two-stage design: strata are
  department x urban/rural, primary sampling units (PSUs) are enumeration areas chosen with
  probability proportional to their number of households (systematic PPS), then a fixed
  number of households per PSU by simple random sampling, every child of a chosen household
  interviewed. ``weight`` is the sampling weight: the inverse of the child's inclusion
  probability, so it estimates how many children of the population the record stands for.
  The survey measures child labour at every age from 5;
* territory boundaries as GeoJSON (a jittered grid: neighbours share their edges);
* ``truth.json``: the generating coefficients and each territory's true child labour rate
  (the mean of the true probabilities of its children).

The outcome follows a logistic model whose coefficients are in :data:`TRUE_COEFFICIENTS`,
plus a small territory effect that no survey variable explains (``territory_effect_sd``),
because real territories always keep some unexplained variation. Nothing here is real data.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from .errors import RiskModelError

#: Where the shipped synthetic country lives (generated with :data:`SHIPPED`).
DATA_DIR = Path(__file__).resolve().parent / "data"

#: The arguments the shipped country was generated with.
SHIPPED = {
    "seed": 87,
    "children": 1_000_000,
    "territories": 300,
    "departments": 20,
    "survey_size": 20_000,
}

EDUCATION_LEVELS = ["none", "primary", "secondary", "higher"]
ETHNICITY_LEVELS = ["majority", "indigenous", "afrodescendant"]

#: The generating model, named as ``MODEL.json`` names its terms.
TRUE_COEFFICIENTS: dict[str, float] = {
    "(Intercept)": -4.4,
    "age": 0.20,
    "male": 0.40,
    "rural": 0.35,
    "hh_size": -0.08,
    "head_educ[primary]": -0.25,
    "head_educ[secondary]": -0.60,
    "head_educ[higher]": -1.10,
    "poor": 0.45,
    "attends_school": -0.90,
    "ethnicity[indigenous]": 0.35,
    "ethnicity[afrodescendant]": 0.15,
    "head_agri": 0.65,
}
PREDICTORS = [
    "age",
    "male",
    "rural",
    "hh_size",
    "head_educ",
    "poor",
    "attends_school",
    "ethnicity",
    "head_agri",
]
CATEGORICAL = {"head_educ": EDUCATION_LEVELS, "ethnicity": ETHNICITY_LEVELS}

_SYLLABLES = [
    "sa",
    "ma",
    "lo",
    "ri",
    "ta",
    "ve",
    "ca",
    "na",
    "do",
    "la",
    "mi",
    "ro",
    "be",
    "te",
    "qui",
    "pa",
    "gua",
    "co",
    "ya",
    "ni",
    "al",
    "to",
    "hu",
    "ra",
    "so",
    "cha",
]
_PREFIXES = [
    "San ",
    "Santa ",
    "Villa ",
    "Puerto ",
    "Nueva ",
    "Alto ",
    "Valle ",
    "",
    "",
    "",
    "",
    "",
    "",
]


@dataclass(frozen=True)
class SynthPaths:
    """The files of one generated country."""

    out: Path

    @property
    def census(self) -> Path:
        return self.out / "census.parquet"

    @property
    def survey(self) -> Path:
        return self.out / "survey.parquet"

    @property
    def boundaries(self) -> Path:
        return self.out / "territories.geojson"

    @property
    def truth(self) -> Path:
        return self.out / "truth.json"


def shipped() -> SynthPaths:
    """The synthetic country committed with the package."""
    return SynthPaths(DATA_DIR)


def _logistic(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _name(rng: np.random.Generator, used: set[str]) -> str:
    while True:
        n = int(rng.integers(2, 4))
        stem = "".join(rng.choice(_SYLLABLES, n)).capitalize()
        name = str(rng.choice(_PREFIXES)) + stem
        if name not in used:
            used.add(name)
            return name


def true_linear_predictor(cols: dict[str, np.ndarray]) -> np.ndarray:
    """The generating log-odds for each child (without the territory effect)."""
    b = TRUE_COEFFICIENTS
    eta = np.full(len(cols["age"]), b["(Intercept)"])
    for term in ("age", "male", "rural", "hh_size", "poor", "attends_school", "head_agri"):
        eta = eta + b[term] * cols[term]
    for col, levels in CATEGORICAL.items():
        for i, level in enumerate(levels[1:], start=1):
            eta = eta + b[f"{col}[{level}]"] * (cols[col] == i)
    return eta


def generate(
    out: str | Path,
    *,
    seed: int = 87,
    children: int = 1_000_000,
    territories: int = 300,
    departments: int = 20,
    survey_size: int = 20_000,
    territory_effect_sd: float = 0.10,
    households_per_psu: int = 10,
) -> SynthPaths:
    """Generate a synthetic country into ``out`` and return its paths.

    ``children`` is the approximate census size; ``survey_size`` the approximate number of
    children interviewed by the survey.
    """
    if territories < 3 or departments < 1 or departments > territories:
        raise RiskModelError("need at least 3 territories and 1 to `territories` departments")
    if children < 30 * territories:
        raise RiskModelError("need at least 30 children per territory")
    if survey_size < 200 or survey_size > children // 2:
        raise RiskModelError("the survey needs at least 200 children and at most half the census")
    rng = np.random.default_rng(seed)
    paths = SynthPaths(Path(out))
    paths.out.mkdir(parents=True, exist_ok=True)

    # --- departments and territories -------------------------------------------------
    used: set[str] = set()
    dep_names = [_name(rng, used) for _ in range(departments)]
    dep_of = np.sort(np.arange(territories) % departments)
    dep_level = rng.normal(0, 0.7, departments)  # deprivation of the department
    dep_indigenous = rng.normal(0, 1.2, departments)
    dep_afro = rng.normal(0, 1.2, departments)
    depriv = dep_level[dep_of] + rng.normal(0, 0.6, territories)
    rural_share = _logistic(-0.4 + 1.2 * depriv + rng.normal(0, 0.5, territories))
    indig_share = _logistic(
        -2.6 + 0.9 * depriv + dep_indigenous[dep_of] + rng.normal(0, 0.6, territories)
    )
    afro_share = _logistic(-3.0 + dep_afro[dep_of] + rng.normal(0, 0.6, territories))
    afro_share = np.minimum(afro_share, 0.95 - indig_share)
    u_territory = rng.normal(0, territory_effect_sd, territories)
    size = np.exp(rng.normal(0, 0.8, territories) - 0.25 * depriv)
    size = np.maximum(size / size.sum() * children, 30).round().astype(np.int64)
    codes = [
        f"{d + 1:02d}{k:03d}" for d, k in zip(dep_of, _within_group_counter(dep_of), strict=True)
    ]
    terr_names = [_name(rng, used) for _ in range(territories)]

    # --- households ------------------------------------------------------------------
    n_hh = np.maximum((size / 1.70).round().astype(np.int64), 10)
    t = np.repeat(np.arange(territories), n_hh)
    h = len(t)
    rural = (rng.random(h) < rural_share[t]).astype(np.int8)
    eth_u = rng.random(h)
    ethnicity = np.where(
        eth_u < indig_share[t], 1, np.where(eth_u < indig_share[t] + afro_share[t], 2, 0)
    ).astype(np.int8)
    z = -0.8 * depriv[t] - 0.6 * rural - 0.5 * (ethnicity == 1) + rng.normal(0, 1, h)
    head_educ = np.searchsorted([-1.2, 0.3, 1.4], z).astype(np.int8)
    head_agri = (
        rng.random(h) < _logistic(-2.0 + 2.6 * rural + 0.4 * depriv[t] - 0.3 * head_educ)
    ).astype(np.int8)
    poor = (
        rng.random(h)
        < _logistic(
            -0.9
            + 0.9 * depriv[t]
            + 0.5 * rural
            - 0.55 * head_educ
            + 0.4 * (ethnicity == 1)
            + 0.3 * head_agri
        )
    ).astype(np.int8)
    kids = np.minimum(1 + rng.poisson(0.55 + 0.3 * poor + 0.2 * rural), 7)
    hh_size = np.minimum(kids + 1 + rng.poisson(1.1 + 0.3 * rural, h), 15).astype(np.int8)

    # enumeration areas: households of one territory and area cut into groups of ~60
    order = np.lexsort((rural, t))
    ea = np.empty(h, dtype=np.int64)
    key = t[order] * 2 + rural[order]
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    ends = np.r_[starts[1:], h]
    next_ea = 0
    for s, e in zip(starts, ends, strict=True):
        n = e - s
        k = max(1, round(n / 60))
        cuts = np.sort(rng.integers(1, n, size=k - 1)) if k > 1 and n > 1 else np.array([], int)
        local = np.searchsorted(cuts, np.arange(n), side="right")
        ea[order[s:e]] = next_ea + local
        next_ea += k
    # renumber EAs in order of appearance, so that ids are dense and sorted by territory
    _, ea = np.unique(ea, return_inverse=True)

    # --- children ----------------------------------------------------------------------
    hid = np.repeat(np.arange(h), kids)
    n = len(hid)
    th = t[hid]
    age = rng.integers(5, 18, n).astype(np.int8)
    male = (rng.random(n) < 0.51).astype(np.int8)
    school_logit = (
        3.6
        - 0.5 * np.maximum(age - 13, 0)
        - 0.7 * poor[hid]
        - 0.5 * rural[hid]
        + 0.35 * head_educ[hid]
        - 0.3 * (ethnicity[hid] == 1)
        - 0.3 * depriv[th]
    )
    attends = (rng.random(n) < _logistic(school_logit)).astype(np.int8)
    cols = {
        "age": age.astype(float),
        "male": male,
        "rural": rural[hid],
        "hh_size": hh_size[hid],
        "head_educ": head_educ[hid],
        "poor": poor[hid],
        "attends_school": attends,
        "ethnicity": ethnicity[hid],
        "head_agri": head_agri[hid],
    }
    p = _logistic(true_linear_predictor(cols) + u_territory[th])
    y = (rng.random(n) < p).astype(np.int8)

    # --- census (sorted by territory, EA, household) -----------------------------------
    srt = np.lexsort((hid, ea[hid], th))
    codes_arr = np.array(codes)
    census_cols = {
        "territory": pa.array(codes_arr[th[srt]]).dictionary_encode(),
        "department": pa.array(
            np.array([f"{d + 1:02d}" for d in range(departments)])[dep_of[th[srt]]]
        ).dictionary_encode(),
        "ea": pa.array(ea[hid[srt]].astype(np.int32)),
        "household": pa.array(hid[srt].astype(np.int32)),
        "age": pa.array(age[srt]),
        "male": pa.array(male[srt]),
        "rural": pa.array(rural[hid[srt]]),
        "hh_size": pa.array(hh_size[hid[srt]]),
        "head_educ": pa.array(np.array(EDUCATION_LEVELS)[head_educ[hid[srt]]]).dictionary_encode(),
        "poor": pa.array(poor[hid[srt]]),
        "attends_school": pa.array(attends[srt]),
        "ethnicity": pa.array(np.array(ETHNICITY_LEVELS)[ethnicity[hid[srt]]]).dictionary_encode(),
        "head_agri": pa.array(head_agri[hid[srt]]),
        "child_labour": pa.array(y[srt], mask=age[srt] < 10),
    }
    pq.write_table(
        pa.table(census_cols),
        paths.census,
        compression="zstd",
        compression_level=9,
        row_group_size=256 * 1024,
    )

    # --- survey: stratified two-stage sample ------------------------------------------
    hh_sel, hh_weight, stratum_of_hh = _two_stage_sample(
        rng,
        t=t,
        rural=rural,
        ea=ea,
        dep_of=dep_of,
        kids=kids,
        survey_size=survey_size,
        m=households_per_psu,
    )
    in_sample = np.zeros(h, dtype=bool)
    in_sample[hh_sel] = True
    w_hh = np.zeros(h)
    w_hh[hh_sel] = hh_weight
    s_rows = np.flatnonzero(in_sample[hid])
    s_rows = s_rows[np.lexsort((hid[s_rows], ea[hid[s_rows]], th[s_rows]))]
    sh = hid[s_rows]
    survey_cols = {
        "stratum": pa.array(stratum_of_hh[sh]),
        "psu": pa.array(ea[sh].astype(np.int32)),
        "weight": pa.array(w_hh[sh]),
        "territory": pa.array(codes_arr[th[s_rows]]),
        "department": pa.array(
            np.array([f"{d + 1:02d}" for d in range(departments)])[dep_of[th[s_rows]]]
        ),
        "household": pa.array(sh.astype(np.int32)),
        "age": pa.array(age[s_rows]),
        "male": pa.array(male[s_rows]),
        "rural": pa.array(rural[sh]),
        "hh_size": pa.array(hh_size[sh]),
        "head_educ": pa.array(np.array(EDUCATION_LEVELS)[head_educ[sh]]),
        "poor": pa.array(poor[sh]),
        "attends_school": pa.array(attends[s_rows]),
        "ethnicity": pa.array(np.array(ETHNICITY_LEVELS)[ethnicity[sh]]),
        "head_agri": pa.array(head_agri[sh]),
        "child_labour": pa.array(y[s_rows]),
    }
    pq.write_table(pa.table(survey_cols), paths.survey, compression="zstd", compression_level=9)

    # --- boundaries and truth ---------------------------------------------------------
    _write_boundaries(
        rng,
        paths.boundaries,
        codes,
        terr_names,
        [dep_names[d] for d in dep_of],
        [f"{d + 1:02d}" for d in dep_of],
    )
    counts = np.bincount(th, minlength=territories)
    old = age >= 10
    truth = {
        "description": "Synthetic country: generating model and true territorial rates. "
        "Not real data.",
        "generator": {
            "seed": seed,
            "children": children,
            "territories": territories,
            "departments": departments,
            "survey_size": survey_size,
            "territory_effect_sd": territory_effect_sd,
            "households_per_psu": households_per_psu,
        },
        "outcome": "child_labour",
        "predictors": PREDICTORS,
        "categorical": list(CATEGORICAL),
        "levels": CATEGORICAL,
        "coefficients": TRUE_COEFFICIENTS,
        "census_children": int(n),
        "survey_children": len(s_rows),
        "national_rate": float(p.mean()),
        "territories": [
            {
                "territory": codes[j],
                "name": terr_names[j],
                "department": f"{dep_of[j] + 1:02d}",
                "department_name": dep_names[dep_of[j]],
                "children": int(counts[j]),
                "true_rate": float(rate),
                "true_rate_10_17": float(rate_old),
                "territory_effect": float(u_territory[j]),
            }
            for j, (rate, rate_old) in enumerate(
                zip(
                    np.bincount(th, weights=p, minlength=territories) / np.maximum(counts, 1),
                    np.bincount(th[old], weights=p[old], minlength=territories)
                    / np.maximum(np.bincount(th[old], minlength=territories), 1),
                    strict=True,
                )
            )
        ],
    }
    paths.truth.write_text(json.dumps(truth, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return paths


def _within_group_counter(groups: np.ndarray) -> np.ndarray:
    """1, 2, 3... within each run of equal values of a sorted array."""
    out = np.empty(len(groups), dtype=np.int64)
    counter: dict[int, int] = {}
    for i, g in enumerate(groups.tolist()):
        counter[g] = counter.get(g, 0) + 1
        out[i] = counter[g]
    return out


def _two_stage_sample(
    rng: np.random.Generator,
    *,
    t: np.ndarray,
    rural: np.ndarray,
    ea: np.ndarray,
    dep_of: np.ndarray,
    kids: np.ndarray,
    survey_size: int,
    m: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Select households; return their indices, their weights and every household's stratum.

    Stage 1: in each stratum (department x area), EAs by systematic PPS on households.
    Stage 2: ``m`` households per selected EA by simple random sampling without replacement.
    """
    strata_names = np.array(
        [
            f"{d + 1:02d}-{'rural' if r else 'urban'}"
            for d in range(dep_of.max() + 1)
            for r in (0, 1)
        ]
    )
    stratum = dep_of[t] * 2 + rural
    ea_size = np.bincount(ea)
    ea_stratum = np.zeros(len(ea_size), dtype=np.int64)
    ea_stratum[ea] = stratum
    mean_kids = kids.mean()
    total_psus = max(2, round(survey_size / (m * mean_kids)))
    hh_per_stratum = np.bincount(stratum, minlength=len(strata_names)).astype(float)
    # allocation proportional to the square root of size: rural strata are over-sampled
    # relative to proportional allocation, so the weights vary as in a real survey
    share = np.sqrt(hh_per_stratum)
    alloc = np.where(
        hh_per_stratum > 0, np.maximum(2, np.round(total_psus * share / share.sum())), 0
    ).astype(int)
    selected_hh: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    hh_by_ea = np.argsort(ea, kind="stable")
    ea_start = np.r_[0, np.cumsum(ea_size)]
    for s in np.flatnonzero(alloc):
        eas = np.flatnonzero(ea_stratum == s)
        sizes = ea_size[eas].astype(float)
        n_s = min(alloc[s], len(eas))
        # certainty units first (PPS probability would exceed one), then systematic PPS
        certain = np.zeros(len(eas), dtype=bool)
        while True:
            rest = ~certain
            k = n_s - certain.sum()
            rest_size = sizes[rest].sum()
            pi = np.where(certain, 1.0, k * sizes / rest_size if rest_size > 0 else 1.0)
            if (pi[rest] < 1).all() or k <= 0:
                break
            certain |= pi >= 1
        rest_idx = np.flatnonzero(~certain)
        chosen = list(np.flatnonzero(certain))
        k = n_s - len(chosen)
        if k > 0:
            cum = np.cumsum(sizes[rest_idx])
            step = cum[-1] / k
            points = rng.uniform(0, step) + step * np.arange(k)
            chosen += list(rest_idx[np.searchsorted(cum, points, side="right")])
        for i in chosen:
            members = hh_by_ea[ea_start[eas[i]] : ea_start[eas[i] + 1]]
            take = min(m, len(members))
            pick = rng.choice(members, take, replace=False)
            selected_hh.append(pick)
            weights.append(np.full(take, 1.0 / (pi[i] * take / len(members))))
    return (np.concatenate(selected_hh), np.concatenate(weights), strata_names[stratum])


def _write_boundaries(
    rng: np.random.Generator,
    path: Path,
    codes: list[str],
    names: list[str],
    dep_names: list[str],
    dep_codes: list[str],
) -> None:
    """Territories as cells of a jittered grid, departments as contiguous runs of cells."""
    n = len(codes)
    ncols = math.ceil(math.sqrt(n * 1.3))
    nrows = math.ceil(n / ncols)
    cell = 0.25
    lon0, lat0 = -100.0, -20.0
    corner = rng.uniform(-0.28, 0.28, (ncols + 1, nrows + 1, 2)) * cell
    mid_h = rng.uniform(-0.15, 0.15, (ncols, nrows + 1, 2)) * cell  # horizontal edges
    mid_v = rng.uniform(-0.15, 0.15, (ncols + 1, nrows, 2)) * cell  # vertical edges

    def pt(i: float, j: float, d: np.ndarray) -> list[float]:
        lon = lon0 + i * cell + (d[0] if 0 < i < ncols else 0)
        lat = lat0 + j * cell + (d[1] if 0 < j < nrows else 0)
        return [round(float(lon), 5), round(float(lat), 5)]

    # boustrophedon order in vertical bands of 4 columns keeps consecutive cells adjacent
    cells: list[tuple[int, int]] = []
    for band in range(0, ncols, 4):
        cols = list(range(band, min(band + 4, ncols)))
        for r, j in enumerate(range(nrows)):
            row = cols if (r % 2 == 0) else cols[::-1]
            cells += [(i, j if (band // 4) % 2 == 0 else nrows - 1 - j) for i in row]
    features = []
    for k in range(n):
        i, j = cells[k]
        ring = [
            pt(i, j, corner[i, j]),
            pt(i + 0.5, j, mid_h[i, j]),
            pt(i + 1, j, corner[i + 1, j]),
            pt(i + 1, j + 0.5, mid_v[i + 1, j]),
            pt(i + 1, j + 1, corner[i + 1, j + 1]),
            pt(i + 0.5, j + 1, mid_h[i, j + 1]),
            pt(i, j + 1, corner[i, j + 1]),
            pt(i, j + 0.5, mid_v[i, j]),
        ]
        ring.append(ring[0])
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "code": codes[k],
                    "name": names[k],
                    "department": dep_codes[k],
                    "department_name": dep_names[k],
                },
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        )
    path.write_text(
        json.dumps(
            {"type": "FeatureCollection", "name": "synthetic territories", "features": features},
            separators=(",", ":"),
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )


def true_model() -> dict:
    """The generating model in the ``MODEL.json`` layout (coefficients only, no errors).

    Scoring a synthetic census with it gives each territory's expected rate under the truth
    (without the unexplained territory effect): a reference for tests and demonstrations.
    """
    return {
        "format": "alliance87.riskmodel/1",
        "specification": {
            "outcome": "child_labour",
            "predictors": PREDICTORS,
            "categorical": list(CATEGORICAL),
            "reference": {k: v[0] for k, v in CATEGORICAL.items()},
        },
        "coefficients": [{"term": k, "estimate": v} for k, v in TRUE_COEFFICIENTS.items()],
        "levels": CATEGORICAL,
    }
