"""The worker's writes for the risk app: what :mod:`.runner` records as a run goes (each
stage, a progress tick, the end, a failure, a cancellation) and a dataset's examination.

Each is its own transaction, so a run that fails or is cancelled leaves no half-written
results. They are services without an actor (the worker acts for the run's author): the
permission was checked when the run was queued (:func:`.services.run_create`).
"""

from __future__ import annotations

import uuid

from django.core.files.base import ContentFile
from django.utils import timezone

from alliance87.core import changes
from alliance87.core.refusals import refused

from . import rules
from .events import RiskEvent
from .models import Dataset, Run, Status, Territory


def dataset_store_profile(*, dataset_id: int, profile: dict, error: str = "") -> None:
    """The worker examined a dataset: its columns, labels, missing counts and preview."""
    with changes.write():
        dataset = changes.lock(Dataset, pk=dataset_id)
        # the profile itself (columns and first rows) is not copied into the audit row
        dataset.profile = profile
        dataset.save(update_fields=["profile"])
        changes.update(
            dataset,
            actor=None,
            event=RiskEvent.DATASET_EXAMINED,
            data={"profile_error": error},
            extra_changes={"columns": [None, len(profile.get("columns", []))]},
            allow_empty=True,
        )


def run_stage(*, run_id: int, status: rules.Status) -> bool:
    """The worker moves a run to its next stage; ``False`` when the run was cancelled (or
    asked to be) meanwhile, and the worker stops."""
    with changes.write():
        run = changes.lock(Run, pk=run_id)
        if run.cancel_requested or run.status == Status.CANCELLED:
            return False
        if reason := rules.RUN.refusal(status.value, rules.Status(run.status)):
            raise refused(reason)
        changes.update(
            run,
            actor=None,
            event=RiskEvent.RUN_STAGE,
            data={"status": status.value, "progress": rules.progress_percent(status), "step": ""},
        )
    return True


def run_progress(*, run_id: int, status: rules.Status, step: str, done: int, total: int) -> None:
    """A tick of the progress bar within a stage: not a change anyone made, so no audit row."""
    Run.objects.filter(pk=run_id, status=status.value).update(
        progress=rules.progress_percent(status, done, total), step=step[:120]
    )


def run_finish(
    *,
    run_id: int,
    model: dict,
    summary: dict,
    validation: dict | None,
    rows: list[dict],
    geometry: dict | None = None,
    report: bytes | None = None,
) -> Run:
    """Store a run's results in one transaction: MODEL.json, the summary and the territories."""
    with changes.write():
        run = changes.lock(Run, pk=run_id)
        if reason := rules.RUN.refusal("finish", rules.Status(run.status)):
            raise refused(reason)
        Territory.objects.bulk_create([Territory(run=run, **row) for row in rows])
        # the results themselves are not copied into the audit row: it says how many
        run.model, run.summary, run.validation, run.geometry = model, summary, validation, geometry
        fields = ["model", "summary", "validation", "geometry"]
        if report is not None:
            # an unguessable name; written before the commit (a rollback leaves only a file)
            run.report.save(f"{uuid.uuid4().hex}.html", ContentFile(report), save=False)
            fields.append("report")
        run.save(update_fields=fields)
        changes.update(
            run,
            actor=None,
            event=RiskEvent.RUN_DONE,
            data={
                "status": Status.DONE,
                "progress": 100,
                "step": "",
                "finished_at": timezone.now(),
            },
            extra_changes={"territories": [None, len(rows)]},
        )
    return run


def run_fail(*, run_id: int, message: str, code: str = "", params: dict | None = None) -> None:
    """The library refused the data (its message is kept, with its code and parameters so
    that the page shows it in the reader's language), or the run broke."""
    with changes.write():
        run = changes.lock(Run, pk=run_id)
        if rules.RUN.refusal("fail", rules.Status(run.status)):
            return  # already finished or cancelled: nothing to record
        changes.update(
            run,
            actor=None,
            event=RiskEvent.RUN_FAILED,
            data={
                "status": Status.FAILED,
                "error": message,
                "error_code": code or "",
                "error_params": {k: str(v) for k, v in (params or {}).items()},
                "finished_at": timezone.now(),
            },
        )


def run_stopped(*, run_id: int) -> None:
    """The worker saw the cancel flag and stopped: the run is cancelled."""
    with changes.write():
        run = changes.lock(Run, pk=run_id)
        if rules.RUN.refusal("cancel", rules.Status(run.status)):
            return
        changes.update(
            run,
            actor=None,
            event=RiskEvent.RUN_CANCELLED,
            data={"status": Status.CANCELLED, "finished_at": timezone.now()},
        )
