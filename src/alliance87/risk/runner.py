"""What the worker does for the risk app: examine a dataset, and run the model through the
library's pipeline (``alliance87.riskmodel.pipeline``), reporting each stage on the run.

A run writes its files into a temporary folder and stores its results in one transaction at
the end (:func:`.worker.run_finish`): a failure or a cancellation leaves no half-written
results. Between stages (and at each progress report of the library) the run's cancel flag
is checked.
"""

from __future__ import annotations

import json
import logging
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings

from . import rules, worker
from .models import Dataset, Run

log = logging.getLogger(__name__)
PREVIEW_ROWS = 10
MAX_LABELS = 30


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if value == value and abs(value) != float("inf") else None
    return str(value)


def profile_of(path: Path, fmt: str) -> dict:
    """The columns of a data file (name, type, value labels, missing count) and its first
    rows, read with the library's reader; for boundaries, their features' properties."""
    if fmt == "geojson":
        from alliance87.riskmodel.scoring.geojson import load_boundaries

        features = load_boundaries(path).get("features") or []
        names: list[str] = []
        for f in features:
            for k in f.get("properties") or {}:
                if k not in names:
                    names.append(k)
        return {
            "records": len(features),
            "columns": [
                {"name": n, "type": "property", "labels": {}, "missing": None} for n in names
            ],
            "preview": [
                [_plain((f.get("properties") or {}).get(n)) for n in names]
                for f in features[:PREVIEW_ROWS]
            ],
        }
    from alliance87.riskmodel.io import open_dataset, quote_identifier

    with open_dataset(path) as ds:
        missing, records, _any = ds.missing_counts(ds.columns)
        rows = ds.con.execute(
            f"SELECT * FROM {quote_identifier(ds.view)} LIMIT {PREVIEW_ROWS}"  # noqa: S608
        ).fetchall()
        columns = [
            {
                "name": c,
                "type": ds.dtypes[c],
                "numeric": ds.is_numeric(c),
                "labels": {
                    str(k): str(v) for k, v in list(ds.value_labels.get(c, {}).items())[:MAX_LABELS]
                },
                "missing": int(missing.get(c, 0)),
            }
            for c in ds.columns
        ]
    return {
        "records": int(records),
        "columns": columns,
        "preview": [[_plain(v) for v in r] for r in rows],
    }


def examine(dataset_id: int) -> str:
    from alliance87.riskmodel.errors import RiskModelError

    dataset = Dataset.objects.get(pk=dataset_id)
    try:
        profile = profile_of(Path(dataset.file.path), dataset.format)
    except RiskModelError as exc:
        worker.dataset_store_profile(dataset_id=dataset_id, profile={}, error=str(exc))
        return "unreadable"
    worker.dataset_store_profile(dataset_id=dataset_id, profile=profile)
    return "examined"


class Stopped(Exception):
    """The run was cancelled while it ran."""


class _Stages:
    """The library's progress callback, turned into the run's stages and progress bar."""

    #: The library's step names (pipeline.py's docstring) and the run's stage for each.
    STEP_STAGE = {
        "reading": rules.Status.READING,
        "checking": rules.Status.READING,
        "scoring": rules.Status.SCORING,
        "counting missing values": rules.Status.SCORING,
        "classifying": rules.Status.CLASSIFYING,
        "explaining": rules.Status.EXPLAINING,
    }

    def __init__(self, run_id: int, default: rules.Status) -> None:
        self.run_id = run_id
        self.stage: rules.Status | None = None
        self.default = default

    def enter(self, stage: rules.Status) -> None:
        """Move to ``stage``, through the stages before it that the library did not name
        (each is a transition of the run's table); stop if the run was cancelled."""
        start = rules.STAGES.index(self.stage) + 1 if self.stage else 0
        for s in rules.STAGES[start : rules.STAGES.index(stage) + 1]:
            if not worker.run_stage(run_id=self.run_id, status=s):
                raise Stopped
            self.stage = s

    def __call__(self, step: str, done: int, total: int) -> None:
        stage = self.STEP_STAGE.get(step, self.default)
        self.enter(stage)
        worker.run_progress(run_id=self.run_id, status=stage, step=step, done=done, total=total)
        if Run.objects.filter(pk=self.run_id, cancel_requested=True).exists():
            raise Stopped


def _geometry(table, boundaries: Path | None) -> tuple[dict | None, dict[str, str]]:
    """The boundaries matched to the table's territories, as a FeatureCollection whose
    features carry only their code (``territory``) and name, and the names by code (from a
    ``name`` property when there is one)."""
    if boundaries is None:
        return None, {}
    from alliance87.riskmodel.errors import RiskModelError
    from alliance87.riskmodel.scoring.geojson import code_text, load_boundaries, match_property

    features = load_boundaries(boundaries).get("features") or []
    codes = {str(c) for c in table.columns["territory"]}
    key = match_property(features, sorted(codes))
    if key is None:
        sample = ", ".join(sorted(codes)[:3])
        raise RiskModelError(
            "no property of the boundaries' features matches the territory codes "
            f"(the census's codes: {sample}…)",
            code="boundaries_unmatched",
            params={"codes": sample},
        )
    names: dict[str, str] = {}
    out = []
    for f in features:
        props = f.get("properties") or {}
        code = code_text(props.get(key)) or ""
        if code not in codes:
            continue
        name = str(props["name"])[:200] if props.get("name") is not None else ""
        names[code] = name
        out.append(
            {
                "type": "Feature",
                "properties": {"territory": code, "name": name},
                "geometry": f.get("geometry"),
            }
        )
    return {"type": "FeatureCollection", "features": out}, names


#: The library's uncertainty columns (docs/riskmodel.md 4.8), stored on their own fields.
UNCERTAINTY = (
    "risk_index_se",
    "risk_index_ci_low",
    "risk_index_ci_high",
    "expected_se",
    "expected_ci_low",
    "expected_ci_high",
    "level_probability",
)


def _number(cols, name: str, i: int) -> float | None:
    if name not in cols:
        return None
    return _plain(float(cols[name][i])) if cols[name][i] is not None else None


def _rows(table, names: dict[str, str]) -> list[dict]:
    """The territories table as rows for :class:`.models.Territory`."""
    cols = table.columns
    rows = []
    main = {
        *UNCERTAINTY,
        "territory",
        "region",
        "rank",
        "level",
        "risk_index",
        "expected_child_labour",
        "children",
        "records",
        "top_factors",
    }
    for i, code in enumerate(cols["territory"]):
        code = str(code)
        rows.append(
            {
                "code": code[:120],
                "name": names.get(code, ""),
                "region": str(cols["region"][i])
                if "region" in cols and cols["region"][i] is not None
                else "",
                "rank": int(cols["rank"][i]),
                "level": str(cols["level"][i] or ""),
                "risk_index": float(cols["risk_index"][i]),
                "expected": float(cols["expected_child_labour"][i]),
                "children": float(cols["children"][i]),
                "records": int(cols["records"][i]),
                "top_factors": str(cols.get("top_factors", [""] * len(cols["territory"]))[i] or "")[
                    :500
                ],
                **{name: _number(cols, name, i) for name in UNCERTAINTY},
                "data": {
                    k: _plain(v[i].item() if hasattr(v[i], "item") else v[i])
                    for k, v in cols.items()
                    if k not in main
                },
            }
        )
    return rows


def _columns_of(dataset: Dataset) -> list[str]:
    """A data file's columns: from its examination, else read from the file's header (the
    run may start before the worker examined the file)."""
    if dataset.column_names:
        return dataset.column_names
    from alliance87.riskmodel.io import open_dataset

    with open_dataset(dataset.file.path) as ds:
        return list(ds.columns)


def stability_draws() -> int:
    """Draws of the coefficients for each territory's level probability and the stability
    line (``RISK_STABILITY_DRAWS``, the library's 200 by default: about 2 s for 300
    territories, 12 s for 2,500, small beside the census's scoring; 0 for none)."""
    return int(getattr(settings, "RISK_STABILITY_DRAWS", 200))


def execute(run_id: int) -> str:
    """Run the model for ``run_id`` and store its results; returns the final status."""
    from alliance87.riskmodel import pipeline
    from alliance87.riskmodel.errors import RiskModelError

    run = Run.objects.select_related("survey", "census", "boundaries").get(pk=run_id)
    if run.status != rules.Status.QUEUED:
        return run.status
    stages = _Stages(run_id, rules.Status.FITTING)
    try:
        with tempfile.TemporaryDirectory(prefix="risk-run-") as tmp:
            out = Path(tmp)
            stages.enter(rules.Status.READING)
            model = pipeline.run_fit(
                run.survey.file.path,
                progress=stages,
                outcome=run.outcome,
                predictors=list(run.determinants),
                categorical=list(run.categorical),
                weight=run.weight or None,
                strata=run.strata or None,
                psu=run.psu or None,
                where=run.where or None,
            )
            pipeline.write_model(model, out / "model.json")
            stages.default = rules.Status.SCORING
            stages.enter(rules.Status.SCORING)
            _, table, cls = pipeline.score_and_classify(
                out / "model.json",
                run.census.file.path,
                territory=run.territory,
                region=run.region or None,
                where=run.where or None,
                engine=run.engine,
                spark_master=getattr(settings, "RISK_SPARK_MASTER", "") or "local[2]",
                method=run.method,
                thresholds=list(run.thresholds) or None,
                progress=stages,
                stability_draws=stability_draws(),
            )
            stages.enter(rules.Status.EXPLAINING)
            pipeline.write_score_summary(table, cls, out / "scoring.json")
            validation = None
            if run.outcome in _columns_of(run.census):
                from alliance87.riskmodel.validate import validate_file

                stages.enter(rules.Status.VALIDATING)
                table.write(out / "territories.csv")
                validation = validate_file(
                    out / "territories.csv",
                    run.census.file.path,
                    territory=run.territory,
                    outcome=run.outcome,
                    where=run.where or None,
                    method=run.method,
                    thresholds=list(run.thresholds) or None,
                )
            boundaries = Path(run.boundaries.file.path) if run.boundaries_id else None
            geometry, names = _geometry(table, boundaries)
            rows = _rows(table, names)
            from alliance87.riskmodel.model import clean_json
            from alliance87.riskmodel.report import write_report

            lang = getattr(run.created_by, "preferred_language", "") or "en"
            write_report(
                out / "report.html",
                out / "model.json",
                table,
                boundaries=boundaries,
                lang=lang,
                method=run.method,
                validation=validation,
            )

            worker.run_finish(
                run_id=run_id,
                model=json.loads((out / "model.json").read_text(encoding="utf-8")),
                summary=clean_json(json.loads((out / "scoring.json").read_text(encoding="utf-8"))),
                validation=clean_json(validation) if validation is not None else None,
                rows=rows,
                geometry=geometry,
                report=(out / "report.html").read_bytes(),
            )
    except Stopped:
        worker.run_stopped(run_id=run_id)
        return "cancelled"
    except RiskModelError as exc:
        worker.run_fail(run_id=run_id, message=str(exc), code=exc.code or "", params=exc.params)
        return "failed"
    except Exception as exc:  # a bug, or the engine's own failure: say so, keep the trace
        log.exception("risk model run %s failed", run_id)
        worker.run_fail(run_id=run_id, message=f"{type(exc).__name__}: {exc}", code="unexpected")
        return "failed"
    return "done"
