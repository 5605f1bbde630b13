"""The risk model's pipeline: fit, score, classify, explain, and on to validate and report.

Plain functions that the command line (:mod:`.cli`) calls and that a web application can
call too: they take paths and options, return results and write files, and print nothing.
Each long step reports its progress through ``progress``, a callback ``(step, done,
total)`` such as :class:`.progress.ProgressBar` (``None``: silent): ``reading``,
``checking``, ``fitting`` when fitting; ``scoring``, ``counting missing values``,
``classifying``, ``explaining`` when scoring; the demo names its four stages.

* :func:`run_fit`: fit the survey-weighted model on a survey file (then :func:`write_model`);
* :func:`score_and_classify`: score a census or registry, classify the territories into
  risk levels and explain each one's risk (then :func:`write_territories`,
  :func:`write_score_summary`);
* :func:`run_ivti`: the vulnerability index from territorial indicators;
* :func:`run_small_area`: territorial risk by EBP with a random territory effect;
* :func:`run_demo`: the whole sequence on the shipped synthetic country, with validation
  against its census and the HTML report.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from .errors import RiskModelError
from .model import clean_json
from .progress import ProgressCallback


def run_fit(data: str | Path, *, progress: Any = True, **kwargs: Any):
    """Fit the model on ``data`` (``riskmodel.fit.fit_file``, which takes ``kwargs``);
    ``progress=True`` draws its bar, a callback receives its steps."""
    try:
        from .fit import fit_file
    except ImportError:
        raise RiskModelError("the estimator (riskmodel.fit) is not installed") from None
    return fit_file(data, progress=progress, **kwargs)


def run_small_area(survey: str | Path, census: str | Path, **kwargs: Any):
    """Territorial risk by EBP with a random territory effect
    (:func:`.smallarea.small_area_file`, which takes ``kwargs``): the fit and, per census
    territory, its EBP, plug-in prediction, records and children."""
    from .smallarea import small_area_file

    return small_area_file(survey, census, **kwargs)


def write_model(model: Any, out: str | Path) -> None:
    """Write a fitted model as MODEL.json, whatever form ``to_json`` returns."""
    content = model.to_json() if hasattr(model, "to_json") else model
    if isinstance(content, (dict, list)):
        content = json.dumps(content, indent=2, ensure_ascii=False)
    Path(out).write_text(str(content), encoding="utf-8")


def score_and_classify(
    model_path,
    data,
    *,
    territory,
    region=None,
    weight=None,
    where=None,
    engine="duckdb",
    spark_master="local[2]",
    memory_limit="1GB",
    method="kmeans",
    thresholds=None,
    scope="national",
    top=3,
    progress: ProgressCallback | None = None,
    stability_draws: int = 200,
    seed: int = 87,
    records_out=None,
    record_id=None,
    small_area=None,
    small_area_where=None,
    small_area_bootstrap: int = 0,
):
    """Score, classify and explain: the model, the territories table the ``score`` command
    writes and its classification (:class:`.classify.Classification`).

    With a model that keeps its covariance, each territory's risk index and expected count
    get standard errors and intervals (:mod:`.uncertainty`), and ``stability_draws`` draws
    of the coefficients (0: none) give each territory's ``level_probability`` and the
    table's ``stability`` summary. ``records_out`` with ``record_id`` also writes each
    record's probability (:mod:`.scoring.records`; off by default), its summary in
    ``table.records_output``. ``small_area``, a survey file with the ``territory``
    column (off by default), adds each territory's EBP of a model with a random territory
    effect and its MSE (:func:`add_small_area`); ``small_area_where`` selects the survey's
    records (default: ``where``); ``small_area_bootstrap`` replicates (0: none) add its
    parametric bootstrap MSE, seeded by ``seed``."""
    from .classify import classify
    from .explain import explain
    from .scoring import ScoringModel, score_file

    if scope == "region" and not region:
        raise RiskModelError("--classify-scope region needs --region COLUMN")
    if (records_out is None) != (record_id is None):
        raise RiskModelError("--records-out and --record-id go together")
    model = ScoringModel.from_json(model_path)
    table = score_file(
        model,
        data,
        territory=territory,
        weight=weight,
        where=where,
        region=region,
        engine=engine,
        spark_master=spark_master,
        memory_limit=memory_limit,
        progress=progress,
    )
    if progress:
        progress("classifying", 2, 3)
    cls = classify(
        table.columns["risk_index"],
        method=method,
        thresholds=thresholds,
        regions=table.columns.get("region") if scope == "region" else None,
    )
    table.columns["level"] = cls.levels
    if table.gradient is not None and stability_draws > 0:
        from .classify import level_codes
        from .scoring.territories import covariance_of
        from .uncertainty import level_stability

        regions = table.columns.get("region") if scope == "region" else None
        if regions is None:  # the same levels, as codes, without the bands: faster

            def reclassify(x):
                return level_codes(x, method=method, thresholds=thresholds)
        else:

            def reclassify(x):
                return classify(x, method=method, thresholds=thresholds, regions=regions).levels

        prob, table.stability = level_stability(
            table.columns["risk_index"],
            table.gradient,
            covariance_of(model, table),
            reclassify,
            draws=stability_draws,
            seed=seed,
        )
        table.columns["level_probability"] = prob
        table.stability["method"] = cls.method
    if progress:
        progress("explaining", 2, 3)
    explain(table, model, top=top)
    if small_area is not None:
        if progress:
            progress("small areas", 2, 3)
        add_small_area(
            table,
            model,
            small_area,
            data,
            territory=territory,
            where=where,
            weight=weight,
            survey_where=small_area_where,
            bootstrap=small_area_bootstrap,
            seed=seed,
        )
    if records_out is not None:
        from .scoring.records import write_record_probabilities

        table.records_output = write_record_probabilities(
            model, data, record_id=record_id, out=records_out, where=where
        )
    return model, table, cls


#: The columns :func:`add_small_area` adds to the territories table (the last one only
#: with a bootstrap).
SMALL_AREA_COLUMNS = (
    "risk_index_ebp",
    "risk_index_ebp_rmse",
    "in_survey",
    "risk_index_ebp_rmse_bootstrap",
)


def add_small_area(table, model, survey, census, *, territory, where=None, weight=None,
                   survey_where=None, bootstrap=0, seed=87, progress=None):  # fmt: skip
    """Add to a scored territories table each territory's EBP of its risk index under a
    logistic model with a random territory effect, with the model's determinants and
    levels, fitted on ``survey`` (:mod:`.smallarea`): ``risk_index_ebp``, its root mean
    squared error ``risk_index_ebp_rmse`` (the analytic approximation g1 + g2 documented
    there) and ``in_survey`` (1 when the survey has records in the territory); with
    ``bootstrap`` replicates (seeded by ``seed``), ``risk_index_ebp_rmse_bootstrap``, the
    root of the parametric bootstrap MSE, too. The survey weights are not used (a
    model-based fit). Returns the random-effect fit; its ``sigma`` and which MSE the
    report shows are in ``table.small_area``."""
    import numpy as np

    from .smallarea import small_area_file

    fit, ebp = small_area_file(
        survey,
        census,
        outcome=model.outcome,
        predictors=model.predictors,
        categorical=model.categorical,
        levels=model.levels,
        territory=territory,
        where=where,
        census_weight=weight,
        survey_where=survey_where,
        bootstrap=bootstrap,
        seed=seed,
        progress=progress,
    )
    codes = table.columns["territory"]
    nan = float("nan")
    table.columns["risk_index_ebp"] = np.array([ebp.get(c, {}).get("ebp", nan) for c in codes])
    table.columns["risk_index_ebp_rmse"] = np.sqrt(
        np.array([ebp.get(c, {}).get("mse", nan) for c in codes])
    )
    table.columns["in_survey"] = np.array(
        [int(ebp.get(c, {}).get("sampled", False)) for c in codes]
    )
    table.small_area = {
        "territory_effect_sd": float(fit.sigma),
        "survey_territories": int(sum(1 for c in codes if ebp.get(c, {}).get("sampled"))),
        "converged": bool(fit.converged),
        "survey_weights": "not used",
        "mse": "analytic",
    }
    if fit.bootstrap is not None:
        table.columns["risk_index_ebp_rmse_bootstrap"] = np.sqrt(
            np.array([ebp.get(c, {}).get("mse_bootstrap", nan) for c in codes])
        )
        table.small_area.update(
            mse="bootstrap",
            bootstrap_replicates=fit.bootstrap.replicates,
            bootstrap_seed=fit.bootstrap.seed,
            bootstrap_not_converged=fit.bootstrap.not_converged,
        )
    return fit


def run_ivti(
    data,
    *,
    territory,
    indicators,
    protective=(),
    weighting="equal",
    weights=None,
    weight=None,
    where=None,
    region=None,
    method="kmeans",
    thresholds=None,
    scope="national",
    dimensions=None,
    dimension_weights=None,
):
    """The vulnerability index (:mod:`.ivti`): aggregate the indicators by territory, build
    the index and classify it; returns the territories table and the index's summary.
    ``dimensions`` (``{name: [indicators]}``) and ``dimension_weights`` group the
    indicators (off by default)."""
    from .ivti import aggregate_indicators, build_index

    if scope == "region" and not region:
        raise RiskModelError("--classify-scope region needs --region COLUMN")
    table = aggregate_indicators(
        data,
        territory=territory,
        indicators=indicators,
        weight=weight,
        where=where,
        region=region,
    )
    return build_index(
        table,
        indicators=indicators,
        protective=list(protective),
        weighting=weighting,
        weights=weights,
        method=method,
        thresholds=thresholds,
        regional=scope == "region",
        dimensions=dimensions,
        dimension_weights=dimension_weights,
    )


def write_territories(table, out: str | Path, boundaries: str | Path | None = None) -> dict:
    """Write the territories table (CSV, Parquet, or GeoJSON onto ``boundaries``); returns
    what :meth:`.scoring.Territories.write` returns (for GeoJSON, the unmatched codes)."""
    return table.write(out, boundaries=boundaries) or {}


def write_score_summary(table, cls, path: str | Path) -> None:
    """The ``score --summary`` JSON: records read, kept and left out per column, the
    national figures and the levels with their thresholds."""
    content = {
        **table.scoring_summary(),
        "territories": len(table),
        "national": table.national,
        "classification": {
            "method": cls.method,
            "stability": getattr(table, "stability", {}),
            "levels": {scope: [asdict(b) for b in bands] for scope, bands in cls.bands.items()},
        },
    }
    if getattr(table, "records_output", None):
        content["records_output"] = table.records_output
    if getattr(table, "small_area", None):
        content["small_area"] = table.small_area
    Path(path).write_text(
        json.dumps(clean_json(content), indent=1, ensure_ascii=False), encoding="utf-8"
    )


@dataclass
class DemoResult:
    """What :func:`run_demo` produced: the scored table of ages 5-17 and its
    classification, the validation on ages 10-17, and the files written."""

    out: Path
    table: Any
    classification: Any
    validation: dict
    boundaries_info: dict
    files: tuple[str, ...] = (
        "model.json",
        "territories.csv",
        "scoring.json",
        "territories.geojson",
        "validation.json",
        "report.html",
    )


def run_demo(
    out: str | Path, *, lang: str = "en", progress: ProgressCallback | None = None
) -> DemoResult:
    """Fit, score, classify, explain, validate and report on the shipped synthetic country,
    writing the files of :attr:`DemoResult.files` into ``out``."""
    from . import synth
    from .report import write_report
    from .validate import validate_file

    step = progress or (lambda step, done, total: None)
    src = synth.shipped()
    for f in (src.census, src.survey, src.boundaries):
        if not f.exists():
            raise RiskModelError(f"the shipped synthetic country is missing {f}")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    step("fitting the model on the survey", 0, 4)
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
    write_model(model, out / "model.json")
    step("scoring the census", 1, 4)
    _, table, cls = score_and_classify(
        out / "model.json", src.census, territory="territory", region="department"
    )
    table.write(out / "territories.csv")
    write_score_summary(table, cls, out / "scoring.json")
    info = write_territories(table, out / "territories.geojson", src.boundaries)
    step("validating against the census (ages 10-17)", 2, 4)
    _, old, _ = score_and_classify(
        out / "model.json",
        src.census,
        territory="territory",
        where="age >= 10",
        stability_draws=0,  # only its risk indices are compared
    )
    old.write(out / "territories_10_17.csv")
    res = validate_file(
        out / "territories_10_17.csv",
        src.census,
        territory="territory",
        outcome="child_labour",
        where="age >= 10",
        age="age",
        scored_where="age >= 10",
    )
    (out / "validation.json").write_text(json.dumps(clean_json(res), indent=1), encoding="utf-8")
    step("writing the report", 3, 4)
    write_report(
        out / "report.html",
        out / "model.json",
        table,
        boundaries=src.boundaries,
        lang=lang,
        validation=res,
    )
    step("done", 4, 4)
    return DemoResult(
        out=out, table=table, classification=cls, validation=res, boundaries_info=info
    )
