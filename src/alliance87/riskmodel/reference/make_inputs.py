"""Generate the small inputs of the R reference fits (run once; the CSVs are committed).

    python -m alliance87.riskmodel.reference.make_inputs

``design.csv``: 3,000 children in 8 strata x 6 PSUs (PSU codes unique across strata), with
sampling weights, a PSU random effect (so that clustering matters), a categorical
determinant with text levels, numeric determinants and a few missing values (in ``hh_size``
and in the outcome) to exercise listwise deletion.

``lonely.csv``: 1,500 children in 5 strata whose PSU codes restart at 1 in each stratum
(``nest = TRUE``); stratum ``E`` has a single PSU (a lonely PSU).
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
SEED = 20261123
EDUC = ["none", "primary", "secondary"]


def _children(rng: np.random.Generator, n: int, psu_effect: np.ndarray) -> dict[str, np.ndarray]:
    age = rng.integers(5, 18, n)
    male = rng.integers(0, 2, n)
    hh_size = rng.integers(2, 10, n).astype(float)
    educ = rng.choice(3, n, p=[0.3, 0.45, 0.25])
    eta = (
        -4.0
        + 0.18 * age
        + 0.4 * male
        - 0.08 * hh_size
        + np.array([0.0, -0.35, -0.8])[educ]
        + psu_effect
    )
    y = (rng.random(n) < 1 / (1 + np.exp(-eta))).astype(float)
    return {"age": age, "male": male, "hh_size": hh_size, "educ": np.array(EDUC)[educ], "y": y}


def _write(path: Path, cols: dict[str, np.ndarray]) -> None:
    names = list(cols)
    n = len(cols[names[0]])
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(names)
        for i in range(n):
            row = []
            for c in names:
                v = cols[c][i]
                if isinstance(v, float | np.floating):
                    row.append("" if np.isnan(v) else repr(float(v)))
                else:
                    row.append(str(v))
            w.writerow(row)


def main() -> None:
    """Write design.csv and lonely.csv next to this file."""
    rng = np.random.default_rng(SEED)
    # design.csv: 8 strata x 6 PSUs, 62-63 children per PSU
    n, strata, per = 3000, 8, 6
    psu = np.sort(rng.integers(0, strata * per, n))
    psu[: strata * per] = np.arange(strata * per)  # every PSU has records
    psu = np.sort(psu)
    effect = rng.normal(0, 0.5, strata * per)[psu]
    cols = _children(rng, n, effect)
    stratum = np.array([f"S{k + 1:02d}" for k in range(strata)])[psu // per]
    weight = np.round(rng.uniform(20, 80, strata * per)[psu] * rng.uniform(0.8, 1.25, n), 3)
    cols["hh_size"][rng.choice(n, 60, replace=False)] = np.nan
    cols["y"][rng.choice(n, 25, replace=False)] = np.nan
    _write(HERE / "design.csv", {"stratum": stratum, "psu": psu + 101, "weight": weight, **cols})
    # lonely.csv: PSU codes restart in each stratum; stratum E has one PSU
    sizes = {"A": 4, "B": 3, "C": 4, "D": 3, "E": 1}
    n = 1500
    labels = [(s, j) for s, k in sizes.items() for j in range(1, k + 1)]
    which = np.sort(rng.integers(0, len(labels), n))
    which[: len(labels)] = np.arange(len(labels))
    which = np.sort(which)
    effect = rng.normal(0, 0.5, len(labels))[which]
    cols = _children(rng, n, effect)
    stratum = np.array([s for s, _ in labels])[which]
    psu_code = np.array([j for _, j in labels])[which]
    weight = np.round(rng.uniform(30, 60, len(labels))[which] * rng.uniform(0.9, 1.1, n), 3)
    _write(HERE / "lonely.csv", {"stratum": stratum, "psu": psu_code, "weight": weight, **cols})


if __name__ == "__main__":
    main()
