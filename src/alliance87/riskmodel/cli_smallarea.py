"""``alliance87 risk small-area``: territorial risk by EBP with a random territory effect
(:mod:`.smallarea`; docs/riskmodel.md, "small-area")."""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from .i18n import gettext_for


def _csv(text: str | None) -> list[str]:
    return [s.strip() for s in (text or "").split(",") if s.strip()]


def bootstrap_line(replicates: int, seed: int, failed: int, lang: str | None) -> str:
    """The line saying which bootstrap was run: replicates, seed, refits not converged."""
    _ = gettext_for(lang)
    return _(
        "small areas: parametric bootstrap MSE from {replicates} replicates (seed {seed}); "
        "{failed} refits stopped before the optimiser's convergence test"
    ).format(replicates=replicates, seed=seed, failed=failed)


def add_small_area(sub) -> None:
    """Add the ``small-area`` sub-command to the parser's sub-commands ``sub``."""
    p = sub.add_parser(
        "small-area",
        help="territorial risk by empirical best prediction with a random territory effect",
    )
    p.add_argument("survey", help="survey microdata with the territory column")
    p.add_argument("census", help="census or registry microdata")
    p.add_argument("--outcome", required=True, help="the 0/1 child labour column")
    p.add_argument("--predictors", required=True, help="determinants, comma-separated")
    p.add_argument("--categorical", action="append", default=[], help="categorical determinants")
    p.add_argument("--territory", required=True, help="territory code column (both files)")
    p.add_argument("--where", help="SQL filter selecting the population (both files)")
    p.add_argument("--weight", help="census weight column (default: each record counts 1)")
    p.add_argument(
        "--bootstrap",
        type=int,
        nargs="?",
        const=50,
        default=0,
        metavar="B",
        help="also the parametric bootstrap MSE with B replicates (50 if B is not given; "
        "default off); each replicate refits the model and predicts the census again",
    )
    p.add_argument("--seed", type=int, default=87, help="the bootstrap's seed (default 87)")
    p.add_argument("--out", required=True, help="CSV: one row per census territory")
    p.add_argument("--lang", choices=("en", "es", "fr", "pt"), default=None)


def cmd_small_area(a: argparse.Namespace) -> int:
    """Fit, predict and write one row per census territory."""
    from .pipeline import run_small_area

    fit, table = run_small_area(
        a.survey,
        a.census,
        outcome=a.outcome,
        predictors=_csv(a.predictors),
        categorical=[c for item in a.categorical for c in _csv(item)],
        territory=a.territory,
        where=a.where,
        census_weight=a.weight,
        bootstrap=a.bootstrap,
        seed=a.seed,
    )
    boot = fit.bootstrap is not None
    with Path(a.out).open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["territory", "records", "children", "risk_index_ebp", "risk_index_plug_in",
                    "in_survey", "territory_effect_sd", "risk_index_ebp_rmse"]
                   + (["risk_index_ebp_rmse_bootstrap"] if boot else []))  # fmt: skip
        for code, r in table.items():
            w.writerow([code, r["records"], r["children"], r["ebp"], r["plug_in"],
                        int(r["sampled"]), fit.sigma, r["mse"] ** 0.5]
                       + ([r["mse_bootstrap"] ** 0.5] if boot else []))  # fmt: skip
    _ = gettext_for(a.lang)
    if boot:
        b = fit.bootstrap
        print(bootstrap_line(b.replicates, b.seed, b.not_converged, a.lang))
    print(_("wrote {path}").format(path=a.out))
    return 0
