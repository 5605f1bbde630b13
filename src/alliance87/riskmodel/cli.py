"""``alliance87 risk ...``: the risk model's command line.

Sub-commands: ``fit``, ``score``, ``validate``, ``ivti``, ``report``, ``demo``, ``synth``.
Every error the user can fix prints one line, ``error: <message>``, on standard error and
exits with status 2; no traceback. Progress messages go to standard error only when it is a
terminal, so pipes and scripts stay quiet.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from .cli_design import add_design_options, design_kwargs
from .cli_errors import error_text
from .cli_smallarea import add_small_area, bootstrap_line, cmd_small_area
from .errors import RiskModelError
from .i18n import (
    decimal,
    gettext_for,
    integer,
    ngettext_for,
    percent,
    resolve_language,
    t,
)
from .labels import level_name
from .model import clean_json
from .pipeline import (
    run_demo,
    run_fit,
    run_ivti,
    score_and_classify,
    write_model,
    write_score_summary,
    write_territories,
)

CLASSIFY_METHODS = ("kmeans", "jenks", "dalenius-hodges", "quantiles", "fixed")


def _bar(label: str):
    """A progress bar on standard error, drawn only when it is a terminal."""
    from .progress import ProgressBar

    return ProgressBar(label)


def _csv(text: str | None) -> list[str]:
    return [s.strip() for s in (text or "").split(",") if s.strip()]


def _floats(text: str | None) -> list[float] | None:
    if not text:
        return None
    try:
        return [float(v) for v in _csv(text)]
    except ValueError:
        raise RiskModelError(
            f"--thresholds must be numbers separated by commas, not {text!r}"
        ) from None


def _pairs(values: Sequence[str] | None, flag: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in values or []:
        for part in _csv(item):
            if "=" not in part:
                raise RiskModelError(f"{flag} expects COLUMN=VALUE, not {part!r}")
            k, v = part.split("=", 1)
            out[k.strip()] = v.strip()
    return out


def _weights(values: Sequence[str] | None, flag: str) -> dict[str, float] | None:
    return {k: float(v) for k, v in _pairs(values, flag).items()} or None


def _add_classify(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("risk levels")
    g.add_argument(
        "--classify-method",
        choices=CLASSIFY_METHODS,
        default="kmeans",
        help="kmeans (= jenks, optimal 1-D grouping; default), dalenius-hodges (cum "
        "sqrt f), quantiles (terciles) or fixed (with --thresholds)",
    )
    g.add_argument(
        "--thresholds",
        metavar="T1,T2",
        help="two cut-points for --classify-method fixed (e.g. 0.05,0.10)",
    )
    g.add_argument(
        "--classify-scope",
        choices=("national", "region"),
        default="national",
        help="one grouping for the country, or one per --region (default national)",
    )


def _wrote(a: argparse.Namespace) -> str:
    _ = gettext_for(a.lang)
    return _("wrote {path}").format(path=a.out)


def _add_lang(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--lang",
        choices=("en", "es", "fr", "pt"),
        default=None,
        help="language of the messages (and of the report): en, es, fr or pt; default "
        "from ALLIANCE87_LANG, LC_ALL, LC_MESSAGES or LANG, else en",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``alliance87 risk``."""
    parser = argparse.ArgumentParser(
        prog="alliance87 risk",
        description="Child Labour Risk Identification Model (ILO-ECLAC): fit on a survey, "
        "score a census, classify and explain territories, validate, report.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("fit", help="fit the survey-weighted logistic model; write MODEL.json")
    p.add_argument("data", help="survey microdata: CSV, Parquet, Stata .dta or SPSS .sav")
    p.add_argument("--outcome", required=True, help="the 0/1 child labour column")
    p.add_argument("--predictors", required=True, help="determinants, comma-separated")
    p.add_argument(
        "--categorical",
        action="append",
        default=[],
        help="categorical determinants (comma-separated; repeatable)",
    )
    p.add_argument(
        "--reference",
        action="append",
        default=[],
        metavar="COL=LEVEL",
        help="reference level of a categorical determinant (repeatable)",
    )
    p.add_argument("--weight", help="sampling weight column")
    p.add_argument("--strata", help="stratum column")
    p.add_argument("--psu", help="primary sampling unit column (STAGE1,STAGE2 for two stages)")
    p.add_argument("--where", help="SQL filter selecting the population, e.g. 'age >= 5'")
    p.add_argument(
        "--lonely-psu",
        default="fail",
        choices=("fail", "remove", "certainty", "adjust", "average"),
        help="what to do with a stratum of one PSU, as R's survey.lonely.psu (default fail)",
    )
    p.add_argument("--nest", action="store_true", help="PSU codes repeat across strata")
    add_design_options(p)
    p.add_argument("--out", required=True, help="MODEL.json to write")
    _add_lang(p)

    p = sub.add_parser("score", help="score census or registry records; aggregate by territory")
    p.add_argument("model", help="MODEL.json written by `fit`")
    p.add_argument("data", help="census or registry microdata")
    p.add_argument("--territory", required=True, help="territory code column")
    p.add_argument(
        "--region",
        help="column grouping territories (e.g. department), kept in "
        "the output and used by --classify-scope region",
    )
    p.add_argument("--weight", help="optional weight column (default: each record counts 1)")
    p.add_argument("--where", help="SQL filter selecting the population")
    p.add_argument("--out", required=True, help="TERRITORIES.csv, .parquet or .geojson")
    p.add_argument("--boundaries", help="GeoJSON of territory polygons (for a .geojson output)")
    p.add_argument("--engine", choices=("duckdb", "spark"), default="duckdb")
    p.add_argument(
        "--spark-master",
        default="local[2]",
        help="Spark master URL (default local[2]; e.g. spark://host:7077)",
    )
    p.add_argument("--memory-limit", default="1GB", help="DuckDB memory limit (default 1GB)")
    p.add_argument("--top", type=int, default=3, help="top factors per territory (default 3)")
    p.add_argument("--records-out", help="also write each record's probability (CSV/Parquet)")
    p.add_argument("--record-id", help="the record identifier column, with --records-out")
    p.add_argument("--small-area", metavar="SURVEY", help="add each territory's EBP (small areas)")
    p.add_argument("--small-area-where", help="SQL filter of the survey (default: --where)")
    p.add_argument("--small-area-bootstrap", type=int, nargs="?", const=50, default=0,
                   metavar="B", help="its parametric bootstrap MSE, B replicates (50 if no B; "
                   "default off; one refit and census pass each)")  # fmt: skip
    p.add_argument(
        "--stability-draws",
        type=int,
        default=200,
        help="draws of the coefficients for the levels' stability (0: none; default 200)",
    )
    p.add_argument(
        "--summary",
        help="write records read, kept and left out per column, national figures and "
        "the levels as JSON",
    )
    _add_classify(p)
    _add_lang(p)

    p = sub.add_parser("validate", help="compare predicted and observed territorial incidence")
    p.add_argument("territories", help="territories file written by `score`")
    p.add_argument("data", help="census microdata with the directly measured outcome")
    p.add_argument("--territory", required=True, help="territory code column in DATA")
    p.add_argument("--outcome", required=True, help="the 0/1 child labour column in DATA")
    p.add_argument("--weight", help="optional weight column")
    p.add_argument("--where", help="SQL filter: the same population as the scored one")
    p.add_argument("--age", help="the age column: each side's ages are stated")
    p.add_argument("--scored-where", help="score's --where, when TERRITORIES is a CSV")
    p.add_argument("--out", help="write the full summary as JSON")
    p.add_argument("--classify-method", choices=CLASSIFY_METHODS, default="kmeans")
    p.add_argument("--thresholds", metavar="T1,T2")
    _add_lang(p)

    p = sub.add_parser(
        "ivti",
        help="child labour vulnerability index from territorial "
        "indicators (administrative records)",
    )
    p.add_argument("data", help="microdata or a table with one row per territory")
    p.add_argument("--territory", required=True, help="territory code column")
    p.add_argument(
        "--indicators",
        required=True,
        help="indicator columns, comma-separated; COL=LEVEL for the share of a level",
    )
    p.add_argument(
        "--protective", default="", help="indicators where a higher value means LESS vulnerability"
    )
    p.add_argument("--weighting", choices=("equal", "pca"), default="equal",
                   help="equal weights (default) or first principal component")  # fmt: skip
    p.add_argument("--weights", action="append", metavar="IND=W",
                   help="explicit indicator weights (overrides --weighting)")  # fmt: skip
    p.add_argument("--dimensions", help="NAME=IND,IND;NAME=IND,...: indicators by dimension")
    p.add_argument("--dimension-weights", action="append", metavar="NAME=W")
    p.add_argument("--weight", help="record weight column for aggregating microdata")
    p.add_argument("--where", help="SQL filter selecting the records")
    p.add_argument("--region", help="column grouping territories")
    p.add_argument("--out", required=True, help="TERRITORIES.csv, .parquet or .geojson")
    p.add_argument("--boundaries", help="GeoJSON of territory polygons")
    p.add_argument("--summary", help="write weights and thresholds as JSON")
    _add_classify(p)
    _add_lang(p)

    p = sub.add_parser("report", help="one self-contained HTML report")
    p.add_argument("model", help="MODEL.json, or - for a vulnerability index")
    p.add_argument("territories", help="territories file written by `score` or `ivti`")
    p.add_argument("--out", required=True, help="report.html")
    p.add_argument("--boundaries", help="GeoJSON of territory polygons, for the map")
    _add_lang(p)
    p.add_argument("--labels", help="JSON of plain-word labels per term and language")
    p.add_argument("--classify-method", choices=CLASSIFY_METHODS, default="kmeans")
    p.add_argument("--validation", help="the JSON written by `validate --out`, to include")
    p.add_argument("--index-summary", help="for an index: the JSON written by `ivti --summary`")

    p = sub.add_parser("demo", help="the whole pipeline on the shipped synthetic country")
    p.add_argument("--out", required=True, help="directory for the outputs")
    _add_lang(p)

    p = sub.add_parser("synth", help="generate a synthetic country")
    p.add_argument("--out", required=True, help="directory to write")
    p.add_argument("--seed", type=int, default=87)
    p.add_argument("--children", type=int, default=1_000_000)
    p.add_argument("--territories", type=int, default=300)
    p.add_argument("--departments", type=int, default=20)
    p.add_argument("--survey-size", type=int, default=20_000)
    add_small_area(sub)
    return parser


# ----------------------------------------------------------------------------- commands
def cmd_fit(a: argparse.Namespace) -> int:
    model = run_fit(
        a.data,
        outcome=a.outcome,
        predictors=_csv(a.predictors),
        categorical=[c for item in a.categorical for c in _csv(item)],
        reference=_pairs(a.reference, "--reference") or None,
        weight=a.weight,
        strata=a.strata,
        where=a.where,
        lonely_psu=a.lonely_psu,
        nest=a.nest,
        **design_kwargs(a),
    )
    write_model(model, a.out)
    design = getattr(model, "design", None) or {}
    if "dropped_missing" in design:
        print_dropped(
            design["dropped_missing"],
            design.get("records", 0),
            design.get("records_read", 0),
            a.lang,
        )
    print(_wrote(a))
    return 0


def print_dropped(dropped: dict[str, int], kept: int, read: int, lang: str = "en") -> None:
    """On standard error: the records left out per column (non-zero counts), then the total
    kept (the issue: "records dropped listwise with counts reported per column")."""
    _, ngettext = gettext_for(lang), ngettext_for(lang)
    for col, n in dropped.items():
        if n:
            text = ngettext(
                "left out {count} record with a missing value in '{column}'",
                "left out {count} records with a missing value in '{column}'",
                n,
            )
            print(text.format(count=integer(n, lang), column=col), file=sys.stderr)
    print(
        _("kept {kept} of {read} records").format(
            kept=integer(kept, lang), read=integer(read, lang)
        ),
        file=sys.stderr,
    )


def _write_territories(table, out: str, boundaries: str | None) -> None:
    info = write_territories(table, out, boundaries)
    _note_unmatched(info, boundaries)


def _note_unmatched(info: dict, boundaries) -> None:
    if info and info.get("unmatched_territories"):
        missing = info["unmatched_territories"]
        print(
            f"note: {len(missing)} territories have no polygon in {boundaries} "
            f"(e.g. {', '.join(missing[:3])})",
            file=sys.stderr,
        )


def _print_score_summary(table, cls, lang: str = "en") -> None:
    print_dropped(table.dropped, table.scored, table.records_read, lang)
    _ = gettext_for(lang)
    nat = table.national
    print(
        _(
            "{territories} territories, {records} records scored; national risk index "
            "{rate}, expected {expected} children in child labour"
        ).format(
            territories=integer(len(table), lang),
            records=integer(table.scored, lang),
            rate=percent(nat["risk_index"], lang),
            expected=integer(round(nat["expected_child_labour"]), lang),
        )
    )
    for scope, bands in cls.bands.items():
        parts = [
            _("{level} {territories} ({share}) from {threshold}").format(
                level=b.level if lang == "en" else level_name(b.level, lang).lower(),
                territories=integer(b.territories, lang),
                share=percent(b.share, lang, 0),
                threshold=decimal(b.threshold, lang, 4, significant=True),
            )
            for b in bands
        ]
        name = scope if lang == "en" or scope != "national" else _("National").lower()
        print(_("levels ({scope}): {bands}").format(scope=name, bands="; ".join(parts)))
    if table.stability:
        ch = table.stability["changing_level"]
        print(
            _(
                "stability: under the fit's sampling uncertainty, {mean} of {territories} "
                "territories change level on average (90% of draws: {low} to {high})"
            ).format(
                mean=decimal(ch["mean"], lang, 1),
                territories=integer(len(table), lang),
                low=integer(round(ch["p05"]), lang),
                high=integer(round(ch["p95"]), lang),
            )
        )


def cmd_score(a: argparse.Namespace) -> int:
    t0 = time.perf_counter()
    with _bar("score") as bar:
        _, table, cls = score_and_classify(
            a.model,
            a.data,
            territory=a.territory,
            region=a.region,
            weight=a.weight,
            where=a.where,
            engine=a.engine,
            spark_master=a.spark_master,
            memory_limit=a.memory_limit,
            method=a.classify_method,
            thresholds=_floats(a.thresholds),
            scope=a.classify_scope,
            top=a.top,
            progress=bar,
            stability_draws=a.stability_draws,
            records_out=a.records_out,
            record_id=a.record_id,
            small_area=a.small_area,
            small_area_where=a.small_area_where,
            small_area_bootstrap=a.small_area_bootstrap,
        )
        bar("writing", 3, 3)
        _write_territories(table, a.out, a.boundaries)
    _print_score_summary(table, cls, a.lang)
    if (table.small_area or {}).get("mse") == "bootstrap":
        sa = table.small_area
        print(bootstrap_line(sa["bootstrap_replicates"], sa["bootstrap_seed"],
                             sa["bootstrap_not_converged"], a.lang))  # fmt: skip
    if table.records_output:
        from .scoring.records import WARNING as RECORDS_WARNING

        _ = gettext_for(a.lang)
        print(_("wrote {path}").format(path=a.records_out) + ": " + _(RECORDS_WARNING))
    if a.summary:
        write_score_summary(table, cls, a.summary)
    print(f"{_wrote(a)} ({decimal(time.perf_counter() - t0, a.lang, 1)} s)")
    return 0


def cmd_validate(a: argparse.Namespace) -> int:
    from .validate import format_validation, validate_file

    res = validate_file(
        a.territories,
        a.data,
        territory=a.territory,
        outcome=a.outcome,
        weight=a.weight,
        where=a.where,
        method=a.classify_method,
        thresholds=_floats(a.thresholds),
        age=a.age,
        scored_where=a.scored_where,
    )
    print(format_validation(res))
    if a.out:
        Path(a.out).write_text(
            json.dumps(clean_json(res), indent=1, ensure_ascii=False), encoding="utf-8"
        )
        print(_wrote(a))
    return 0


def cmd_ivti(a: argparse.Namespace) -> int:
    from .ivti import parse_dimensions

    table, summary = run_ivti(
        a.data,
        territory=a.territory,
        indicators=_csv(a.indicators),
        protective=_csv(a.protective),
        weighting=a.weighting,
        weights=_weights(a.weights, "--weights"),
        weight=a.weight,
        where=a.where,
        region=a.region,
        method=a.classify_method,
        thresholds=_floats(a.thresholds),
        scope=a.classify_scope,
        dimensions=parse_dimensions(a.dimensions),
        dimension_weights=_weights(a.dimension_weights, "--dimension-weights"),
    )
    from .ivti import PCA_SIGN_WARNING

    for indicator in summary.get("pca_contradicts", []):
        print(
            "warning: " + t(PCA_SIGN_WARNING, a.lang, indicator=indicator),
            file=sys.stderr,
        )
    _write_territories(table, a.out, a.boundaries)
    ws = ", ".join(f"{k} {v:.3f}" for k, v in summary["weights"].items())
    print(
        f"{len(table)} territories; national index {summary['national_index']:.1f}/100; "
        f"weights: {ws}"
    )
    if a.summary:
        Path(a.summary).write_text(json.dumps(clean_json(summary), indent=1), encoding="utf-8")
    print(_wrote(a))
    return 0


def cmd_report(a: argparse.Namespace) -> int:
    from .report import write_report

    write_report(
        a.out,
        None if a.model == "-" else a.model,
        a.territories,
        boundaries=a.boundaries,
        lang=a.lang,
        method=a.classify_method,
        labels_file=a.labels,
        validation=a.validation,
        index_summary=a.index_summary,
    )
    print(_wrote(a))
    return 0


def cmd_demo(a: argparse.Namespace) -> int:
    """Fit, score, classify, explain, validate and report on the shipped synthetic country."""
    from .synth import shipped
    from .validate import format_validation

    t0 = time.perf_counter()
    with _bar("demo") as bar:
        res = run_demo(a.out, lang=a.lang, progress=bar)
    _note_unmatched(res.boundaries_info, str(shipped().boundaries))
    _print_score_summary(res.table, res.classification, a.lang)
    print("validation on ages 10-17 (the census measures child labour from age 10):")
    print(format_validation(res.validation))
    print(f"wrote {res.out}/{', '.join(res.files)} in {time.perf_counter() - t0:.1f}s")
    return 0


def cmd_synth(a: argparse.Namespace) -> int:
    from .synth import generate

    paths = generate(
        a.out,
        seed=a.seed,
        children=a.children,
        territories=a.territories,
        departments=a.departments,
        survey_size=a.survey_size,
    )
    print(f"wrote {paths.census}, {paths.survey}, {paths.boundaries}, {paths.truth}")
    return 0


COMMANDS = {
    "fit": cmd_fit,
    "score": cmd_score,
    "validate": cmd_validate,
    "ivti": cmd_ivti,
    "report": cmd_report,
    "demo": cmd_demo,
    "synth": cmd_synth,
    "small-area": cmd_small_area,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``alliance87 risk`` with ``argv`` (without the program name); return the status."""
    args = build_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    args.lang = resolve_language(getattr(args, "lang", None))
    try:
        return COMMANDS[args.command](args)
    except RiskModelError as exc:
        message = error_text(exc, args.lang)
        _ = gettext_for(args.lang)
        print(_("error: {message}").format(message=message), file=sys.stderr)
        return 2
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: still one line, the traceback on request
        if os.environ.get("ALLIANCE87_DEBUG"):
            raise
        print(
            f"error: unexpected {type(exc).__name__}: {exc} (set ALLIANCE87_DEBUG=1 for "
            "the traceback, and please report it)",
            file=sys.stderr,
        )
        return 2


if __name__ == "__main__":
    sys.exit(main())
