"""The ``fit`` command's design options (docs/riskmodel.md, "Survey designs"): stages and
their finite population corrections, post-stratification and calibration totals, and
replicate weights, turned into :func:`.fit.fit_file`'s arguments."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from .errors import RiskModelError
from .variance import REPLICATE_TYPES


def _csv(text: str | None) -> list[str]:
    return [s.strip() for s in (text or "").split(",") if s.strip()]


def add_design_options(p: argparse.ArgumentParser) -> None:
    """Add the design options to the ``fit`` parser."""
    g = p.add_argument_group("survey design (beyond --strata and --psu)")
    g.add_argument(
        "--fpc",
        metavar="COL[,COL2]",
        help="finite population correction of each stage (population sizes, or sampling "
        "fractions when all are at most 1); with --psu STAGE1,STAGE2 for a multistage design",
    )
    g.add_argument(
        "--domain",
        metavar="SQL",
        help="fit the records meeting SQL (e.g. 'age >= 10') with the design of all those "
        "--where selects, as R's subset(design, ...): a domain",
    )
    g.add_argument(
        "--poststrata",
        metavar="COL",
        help="post-stratify the weights on COL (with --population), as R's postStratify",
    )
    g.add_argument(
        "--population",
        metavar="LEVEL=COUNT,...",
        help="population count of each post-stratum",
    )
    g.add_argument(
        "--calibrate",
        metavar="FILE.json",
        help="linear calibration, as R's calibrate: a JSON object with variables, "
        "categorical and totals (per term: (Intercept), column[level], column)",
    )
    g.add_argument(
        "--replicates",
        metavar="COLS|REGEX",
        help="replicate weight columns (comma-separated, or a regular expression such as "
        "^repw); they replace --strata and --psu",
    )
    g.add_argument("--replicate-type", choices=REPLICATE_TYPES, help="as R's svrepdesign type")
    g.add_argument(
        "--replicate-scale", type=float, help="overall scale factor (JK1, bootstrap, other)"
    )
    g.add_argument(
        "--replicate-rscales",
        metavar="R1,R2,...",
        help="per-replicate factors (JKn: (n_h-1)/n_h; read from the weights when omitted)",
    )
    g.add_argument("--fay-rho", type=float, help="Fay's rho for --replicate-type Fay")
    g.add_argument(
        "--replicate-mse",
        action="store_true",
        help="centre the replicates at the full-sample estimate (R's mse = TRUE)",
    )


def design_kwargs(a: argparse.Namespace) -> dict[str, Any]:
    """:func:`.fit.fit_file`'s design arguments from the parsed options."""
    out: dict[str, Any] = {}
    psu = _csv(a.psu)
    out["psu"] = psu if len(psu) > 1 else a.psu
    if a.domain:
        out["domain"] = a.domain
    if a.fpc:
        out["fpc"] = _csv(a.fpc)
    if a.poststrata:
        out["poststrata"] = a.poststrata
        pop: dict[str, float] = {}
        for part in _csv(a.population):
            level, _, count = part.partition("=")
            try:
                pop[level.strip()] = float(count)
            except ValueError:
                raise RiskModelError(f"--population expects LEVEL=COUNT, not {part!r}") from None
        out["population"] = pop
    if a.calibrate:
        try:
            out["calibration"] = json.loads(Path(a.calibrate).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise RiskModelError(f"--calibrate {a.calibrate}: {exc}") from None
    if a.replicates:
        reps = _csv(a.replicates)
        out["replicates"] = a.replicates if len(reps) == 1 else reps
        out["replicate_type"] = a.replicate_type
        out["replicate_scale"] = a.replicate_scale
        out["fay_rho"] = a.fay_rho
        out["replicate_mse"] = a.replicate_mse
        if a.replicate_rscales:
            try:
                out["replicate_rscales"] = [float(v) for v in _csv(a.replicate_rscales)]
            except ValueError:
                raise RiskModelError(
                    "--replicate-rscales must be numbers separated by commas"
                ) from None
    elif a.replicate_type:
        out["replicate_type"] = a.replicate_type
    return out
