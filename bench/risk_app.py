"""The risk model through the web app against the library alone, and resumable uploads
against a plain copy on disk.

Run: .venv/bin/python bench/risk_app.py [--repeat 3] [--upload-mb 1024] [--chunk-mb 8]

1. A run on the shipped synthetic country (20,204 surveyed children, 1,001,864 census
   records, 300 territories) through the app: the run queued by the service, picked up by the
   task worker (django-tasks' database backend, ``db_worker --batch`` in this process), every
   stage and progress tick written to the run, the results stored in one transaction. Baseline:
   the same fit, score, classify, explain and validate through ``riskmodel.pipeline`` in one
   process. Prints the median wall time of each and the overhead ratio.
2. An upload of a file of ``--upload-mb`` megabytes through the tus endpoints (Django's test
   client, ``--chunk-mb`` chunks, the final checksum included) against ``shutil.copyfile`` of
   the same file. Prints MB/s of each and the ratio.

Uses a throwaway SQLite database and media folder in a temporary directory.
"""

from __future__ import annotations

import argparse
import base64
import io
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def setup_django(tmp: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance87.settings")
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ["MEDIA_ROOT"] = str(tmp / "media")
    os.environ["TASKS_BACKEND"] = "django_tasks_db.DatabaseBackend"
    os.environ.setdefault("DEBUG", "true")
    import django
    from django.conf import settings

    django.setup()
    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False
    settings.RISK_UPLOAD_MAX_BYTES = 64 * 1024**3
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)  # the sign-in's lockout counts live there
    from alliance87.core.seeding import load_reference_data

    load_reference_data()


def analyst():
    from alliance87.core.models import Country, Role, User
    from alliance87.core.services import role_assign
    from alliance87.pathfinders.models import Pathfinder

    pf, _ = Pathfinder.objects.get_or_create(
        country=Country.objects.get(iso3="PER"),
        defaults={"status": "candidate", "stage": "expression_of_interest"},
    )
    user = User.objects.create_user(username="a@b.org", email="a@b.org", password="x" * 12)
    role_assign(actor=None, user=user, role=Role.FOCAL_POINT, scope=pf, check=False)
    return user


def upload(user, path: Path, kind: str):
    from alliance87.risk import services
    from alliance87.risk.models import Dataset

    data = path.read_bytes()
    up = services.upload_create(
        actor=user, country_id="PER", kind=kind, filename=path.name, length=len(data)
    )
    up = services.upload_append(
        actor=user, upload_id=up.pk, offset=0, stream=io.BytesIO(data), content_length=len(data)
    )
    return Dataset.objects.get(pk=up.dataset_id)


def spec():
    from alliance87.riskmodel import synth

    return {
        "outcome": "child_labour",
        "determinants": list(synth.PREDICTORS),
        "categorical": list(synth.CATEGORICAL),
        "weight": "weight",
        "strata": "stratum",
        "psu": "psu",
        "territory": "territory",
        "region": "department",
    }


def run_through_app(user, datasets) -> float:
    from django.core.management import call_command

    from alliance87.risk import services
    from alliance87.risk.models import Run

    t0 = time.perf_counter()
    run = services.run_create(actor=user, country_id="PER", title="bench", **datasets, **spec())
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)
    elapsed = time.perf_counter() - t0
    run = Run.objects.get(pk=run.pk)
    assert run.status == "done", (run.status, run.error)
    return elapsed


def run_through_library(src, tmp: Path) -> float:
    from alliance87.riskmodel import pipeline
    from alliance87.riskmodel.validate import validate_file

    t0 = time.perf_counter()
    s = spec()
    model = pipeline.run_fit(
        src.survey,
        progress=None,
        outcome=s["outcome"],
        predictors=s["determinants"],
        categorical=s["categorical"],
        weight=s["weight"],
        strata=s["strata"],
        psu=s["psu"],
    )
    pipeline.write_model(model, tmp / "model.json")
    _, table, cls = pipeline.score_and_classify(
        tmp / "model.json", src.census, territory="territory", region="department"
    )
    pipeline.write_score_summary(table, cls, tmp / "scoring.json")
    table.write(tmp / "territories.csv")
    validate_file(
        tmp / "territories.csv", src.census, territory="territory", outcome="child_labour"
    )
    return time.perf_counter() - t0


def make_csv(path: Path, megabytes: int) -> None:
    line = b"".join(b"%d,%d,T%03d,0.%04d\n" % (i, i % 7, i % 300, i % 9973) for i in range(20_000))
    with open(path, "wb") as fh:
        fh.write(b"id,group,territory,value\n")
        while fh.tell() < megabytes * 1024 * 1024:
            fh.write(line)


def upload_through_tus(user, path: Path, chunk: int) -> float:
    from django.test import Client

    client = Client()
    client.force_login(user)
    size = path.stat().st_size
    meta = ",".join(
        f"{k} {base64.b64encode(v.encode()).decode()}"
        for k, v in {"filename": "big.csv", "kind": "census", "country": "PER"}.items()
    )
    tus = {"HTTP_TUS_RESUMABLE": "1.0.0"}
    t0 = time.perf_counter()
    created = client.post(
        "/en/risk/uploads/", HTTP_UPLOAD_LENGTH=str(size), HTTP_UPLOAD_METADATA=meta, **tus
    )
    location = created["Location"]
    offset = 0
    with open(path, "rb") as fh:
        while offset < size:
            block = fh.read(chunk)
            r = client.patch(
                location,
                data=block,
                content_type="application/offset+octet-stream",
                HTTP_UPLOAD_OFFSET=str(offset),
                **tus,
            )
            assert r.status_code == 204, r.content
            offset = int(r["Upload-Offset"])
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--upload-mb", type=int, default=1024)
    ap.add_argument("--chunk-mb", type=int, default=8)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="a87-risk-bench-"))
    try:
        setup_django(tmp)
        from alliance87.riskmodel import synth

        src = synth.shipped()
        user = analyst()
        datasets = {
            "survey": upload(user, src.survey, "survey"),
            "census": upload(user, src.census, "census"),
            "boundaries": upload(user, src.boundaries, "boundaries"),
        }
        from django.core.management import call_command

        call_command("db_worker", batch=True, startup_delay=False, verbosity=0)  # examine
        app, lib = [], []
        for _ in range(args.repeat):  # the two take turns
            lib.append(run_through_library(src, tmp))
            app.append(run_through_app(user, datasets))
        a, b = statistics.median(app), statistics.median(lib)
        print(f"run through the app (queue, worker, stages): median {a:.2f} s over {args.repeat}")
        print(f"run through the library in one process:      median {b:.2f} s")
        print(f"overhead ratio app / library: {a / b:.2f}")

        big = tmp / "big.csv"
        make_csv(big, args.upload_mb)
        size_mb = big.stat().st_size / 1024 / 1024
        t0 = time.perf_counter()
        shutil.copyfile(big, tmp / "copy.csv")
        copy = time.perf_counter() - t0
        (tmp / "copy.csv").unlink()
        up = upload_through_tus(user, big, args.chunk_mb * 1024 * 1024)
        print(
            f"upload {size_mb:.0f} MB in {args.chunk_mb} MB chunks (tus, checksum included): "
            f"{up:.2f} s, {size_mb / up:.0f} MB/s"
        )
        print(f"copy on disk (shutil.copyfile): {copy:.2f} s, {size_mb / copy:.0f} MB/s")
        print(f"upload / copy time ratio: {up / copy:.2f}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
