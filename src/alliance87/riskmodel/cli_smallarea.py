"""``alliance87 risk small-area``: territorial risk by EBP with a random territory effect
(:mod:`.smallarea`; docs/riskmodel.md, "small-area")."""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from .i18n import gettext_for


def _csv(text: str | None) -> list[str]:
    return [s.strip() for s in (text or "").split(",") if s.strip()]


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
    )
    with Path(a.out).open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["territory", "records", "children", "risk_index_ebp", "risk_index_plug_in",
                    "in_survey", "territory_effect_sd", "risk_index_ebp_rmse"])  # fmt: skip
        for code, r in table.items():
            w.writerow([code, r["records"], r["children"], r["ebp"], r["plug_in"],
                        int(r["sampled"]), fit.sigma, r["mse"] ** 0.5])  # fmt: skip
    print(gettext_for(a.lang)("wrote {path}").format(path=a.out))
    return 0
