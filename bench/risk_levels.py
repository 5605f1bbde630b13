"""The classification methods compared on the shipped synthetic country: how many
territories one outlying territory moves, and how many change level under the sampling
uncertainty of the fit (docs/riskmodel.md, 4.3, where the figures are).

One command (from the repository root)::

    .venv/bin/python bench/risk_levels.py [--draws 200]

It fits the model on the shipped survey (as ``alliance87 risk demo``), scores the shipped
census by territory, then for each method: (1) adds one territory at three times the
highest risk index and counts the other territories whose level changes; (2) draws the
coefficients from their design-based distribution (:func:`.uncertainty.level_stability`,
seed 87) and prints the mean, 5% and 95% of the number of territories that change level.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import numpy as np

from alliance87.riskmodel import synth
from alliance87.riskmodel.classify import classify
from alliance87.riskmodel.pipeline import run_fit, score_and_classify, write_model
from alliance87.riskmodel.scoring import ScoringModel
from alliance87.riskmodel.scoring.territories import covariance_of
from alliance87.riskmodel.uncertainty import level_stability

METHODS = ("kmeans", "dalenius-hodges", "quantiles")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=200)
    a = parser.parse_args(argv)
    src = synth.shipped()
    model = run_fit(
        src.survey,
        progress=None,
        outcome="child_labour",
        predictors=synth.PREDICTORS,
        categorical=list(synth.CATEGORICAL),
        reference={k: v[0] for k, v in synth.CATEGORICAL.items()},
        weight="weight",
        strata="stratum",
        psu="psu",
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "model.json"
        write_model(model, path)
        _, table, _ = score_and_classify(path, src.census, territory="territory", stability_draws=0)
        scoring = ScoringModel.from_json(path)
    risk = np.asarray(table.columns["risk_index"])
    cov = covariance_of(scoring, table)
    print(f"{len(risk)} territories; risk index {risk.min():.4f} to {risk.max():.4f}")
    print(
        f"{'method':<16} {'low/medium/high':<16} {'outlier moves':>13} {'changing: mean':>15} 5%-95%"
    )
    for method in METHODS:
        base = np.array(classify(risk, method=method).levels)
        after = np.array(classify(np.append(risk, 3 * risk.max()), method=method).levels)
        moved = int((after[:-1] != base).sum())
        _, s = level_stability(
            risk,
            table.gradient,
            cov,
            lambda x, m=method: classify(x, method=m).levels,
            draws=a.draws,
        )
        sizes = "/".join(str(int((base == lv).sum())) for lv in ("low", "medium", "high"))
        ch = s["changing_level"]
        print(
            f"{method:<16} {sizes:<16} {moved:>13} {ch['mean']:>15.1f} "
            f"{ch['p05']:.0f}-{ch['p95']:.0f}"
        )


if __name__ == "__main__":
    main()
