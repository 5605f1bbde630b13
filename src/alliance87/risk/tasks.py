"""Background work of the risk app, run by the worker (``alliance87 db_worker``; ``make run``
starts it): examining an uploaded dataset, and running the model."""

from __future__ import annotations

from django_tasks import task


@task()
def examine_dataset(dataset_id: int) -> str:
    """Read an uploaded file's columns, types, labels, missing counts and first rows."""
    from . import runner

    return runner.examine(dataset_id)


@task()
def run_model(run_id: int) -> str:
    """Fit, score, classify, explain and validate: the whole run (see :mod:`.runner`)."""
    from . import runner

    return runner.execute(run_id)
