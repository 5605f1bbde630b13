"""The random-territory-effect model (EBP) against the fixed-effects model, on synthetic
countries whose true territorial rates are known (docs/riskmodel-estimation.md, "Small
areas", where the figures are).

One command (from the repository root)::

    .venv/bin/python bench/risk_small_area.py

For the shipped synthetic country (territory effect sd 0.10) and for one generated with
a territory effect of sd 0.50 (300,000 children, 150 territories, a survey of 10,000),
it fits the survey-weighted model (``risk fit``) and scores the census (``risk score``),
fits the random-intercept model and predicts each territory by EBP
(:func:`.smallarea.small_area_file`), and prints each one's mean absolute error and root
mean squared error against the true territorial rates.
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

import numpy as np

from alliance87.riskmodel import synth
from alliance87.riskmodel.pipeline import run_fit, score_and_classify, write_model
from alliance87.riskmodel.smallarea import small_area_file


def compare(src: synth.SynthPaths, label: str, tmp: Path) -> None:
    truth = json.loads(src.truth.read_text(encoding="utf-8"))
    true = {t["territory"]: t["true_rate"] for t in truth["territories"]}
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
    write_model(model, tmp / "model.json")
    _, table, _ = score_and_classify(
        tmp / "model.json", src.census, territory="territory", stability_draws=0
    )
    fixed = dict(zip(table.columns["territory"], table.columns["risk_index"], strict=True))
    t0 = time.perf_counter()
    fit, ebp = small_area_file(
        src.survey,
        src.census,
        outcome="child_labour",
        predictors=synth.PREDICTORS,
        categorical=list(synth.CATEGORICAL),
        territory="territory",
    )
    seconds = time.perf_counter() - t0
    keys = sorted(true)
    tr = np.array([true[k] for k in keys])
    sampled = sum(ebp[k]["sampled"] for k in keys)
    sd = truth["generator"]["territory_effect_sd"]
    print(
        f"{label}: {len(keys)} territories ({sampled} in the survey), true territory effect "
        f"sd {sd:.2f}, estimated {fit.sigma:.3f}; EBP fit and prediction {seconds:.1f} s"
    )
    for name, values in (
        ("fixed effects (risk score)", [fixed[k] for k in keys]),
        ("EBP (random territory effect)", [ebp[k]["ebp"] for k in keys]),
    ):
        v = np.asarray(values)
        print(
            f"  {name:<31} MAE {100 * np.mean(np.abs(v - tr)):.3f} pp, "
            f"RMSE {100 * np.sqrt(np.mean((v - tr) ** 2)):.3f} pp"
        )


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        compare(synth.shipped(), "shipped country", Path(tmp))
        out = Path(tmp) / "strong"
        src = synth.generate(
            out,
            seed=87,
            children=300_000,
            territories=150,
            survey_size=10_000,
            territory_effect_sd=0.5,
        )
        compare(src, "territory effect sd 0.5", Path(tmp))


if __name__ == "__main__":
    main()
