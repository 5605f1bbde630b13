"""Benchmark: the whole ``alliance87 risk fit`` process, as a user runs it, against R and old code.

    .venv/bin/python bench/risk_process.py                       # 200,000 x 30, 7 runs each
    .venv/bin/python bench/risk_process.py --runs 5 --old-commit none   # against R only

Times the command ``python -m alliance87 risk fit survey.csv --outcome y --predictors
x01,...,x30 --weight w --strata stratum --psu psu --out MODEL.json`` in a fresh process
(interpreter start, imports, reading the CSV, the fit and writing the model all included),
on the survey ``bench/risk_fit.py`` generates (cached under ``bench/out/``). The old code is
``git archive`` of ``--old-commit`` unpacked in a temporary folder; the two take turns, so a
change in the machine's load hits both alike. Reports the median wall and CPU time (user +
system of the child, steadier on a shared machine) of each and the ratio old / new, and
checks that both wrote the same coefficients. The children write their bytecode
(``PYTHONDONTWRITEBYTECODE`` is cleared for them), so that after the warm-up run they
start as an installed package does, without compiling our modules from source.

When ``Rscript`` with the ``survey`` package is installed, the whole R process
(``Rscript bench/risk_process.R``: start, ``library(survey)``, ``read.csv``, ``svydesign``,
``svyglm``, writing the coefficients) on the same CSV takes turns with the others, and
its coefficients and standard errors are compared with ours (``--no-r`` skips it).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from risk_fit import generate  # noqa: E402


def _old_source(commit: str, into: Path) -> Path:
    archive = into / "old.tar"
    subprocess.run(
        ["git", "-C", str(ROOT), "archive", "-o", str(archive), commit, "src"], check=True
    )
    with tarfile.open(archive) as tar:
        tar.extractall(into, filter="data")
    return into / "src"


def _run_once(src: Path, args: list[str]) -> tuple[float, float]:
    env = dict(os.environ, PYTHONPATH=str(src))
    # as an installed package, the modules' bytecode is written once (the warm-up run) and
    # read afterwards, not compiled from source at every run
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "alliance87", "risk", "fit", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"{src}: {proc.stderr.strip()}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _run_r(csv_path: Path, out: Path) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(
        ["Rscript", str(ROOT / "bench" / "risk_process.R"), str(csv_path), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"Rscript: {proc.stderr.strip()}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _has_r() -> bool:
    if not shutil.which("Rscript"):
        return False
    ok = subprocess.run(
        ["Rscript", "-e", "quit(status = !requireNamespace('survey', quietly = TRUE))"],
        capture_output=True,
        check=False,
    )
    return ok.returncode == 0


def _against_r(model: Path, r_csv: Path) -> tuple[float, float]:
    """Largest relative differences of the coefficients and standard errors from R's."""
    ours = {c["term"]: c for c in json.loads(model.read_text())["coefficients"]}
    est = se = 0.0
    with open(r_csv, newline="") as fh:
        for row in csv.DictReader(fh):
            c = ours[row["term"]]
            est = max(
                est, abs(c["estimate"] - float(row["estimate"])) / abs(float(row["estimate"]))
            )
            se = max(se, abs(c["std_error"] - float(row["se"])) / float(row["se"]))
    return est, se


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--records", type=int, default=200_000)
    p.add_argument("--predictors", type=int, default=30)
    p.add_argument("--runs", type=int, default=7)
    p.add_argument("--seed", type=int, default=87)
    p.add_argument(
        "--old-commit", default="50e6c22", help="the old code (default: 50e6c22; 'none': skip)"
    )
    p.add_argument("--no-r", action="store_true", help="do not run R")
    p.add_argument("--out-dir", default=str(ROOT / "bench" / "out"))
    a = p.parse_args(argv)
    data = Path(a.out_dir) / f"fit-{a.records}x{a.predictors}-{a.seed}"
    if not (data / "survey.csv").exists():
        data.mkdir(parents=True, exist_ok=True)
        generate(a.records, a.predictors, a.seed, data)
    names = ",".join(f"x{j + 1:02d}" for j in range(a.predictors))
    use_r = not a.no_r and _has_r()
    with tempfile.TemporaryDirectory(prefix="riskbench-") as tmp:
        tmp = Path(tmp)
        sources = {"new": ROOT / "src"}
        if a.old_commit != "none":
            sources["old"] = _old_source(a.old_commit, tmp)
        out = {k: tmp / f"{k}.json" for k in sources}
        args = {
            k: [
                str(data / "survey.csv"),
                *("--outcome", "y", "--predictors", names),
                *("--weight", "w", "--strata", "stratum", "--psu", "psu"),
                *("--out", str(out[k])),
            ]
            for k in sources
        }
        runners = {k: (lambda k=k: _run_once(sources[k], args[k])) for k in sources}
        if use_r:
            r_out = tmp / "r.csv"
            runners["R"] = lambda: _run_r(data / "survey.csv", r_out)
        times: dict[str, list[tuple[float, float]]] = {k: [] for k in runners}
        load = [os.getloadavg()[0]]
        for k in runners:  # warm the file cache and the bytecode
            runners[k]()
        for _ in range(a.runs):
            for k, run in runners.items():
                times[k].append(run())
            load.append(os.getloadavg()[0])
        coef = {
            k: [c["estimate"] for c in json.loads(out[k].read_text())["coefficients"]]
            for k in sources
        }
        against_r = _against_r(out["new"], r_out) if use_r else None
    med = {
        k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v))
        for k, v in times.items()
    }
    print(
        f"alliance87 risk fit, {a.records:,} records x {a.predictors} predictors (CSV), "
        f"median of {a.runs} runs each, taking turns; "
        f"load average {min(load):.1f}-{max(load):.1f}"
    )
    label = {"new": "new (working tree)", "old": f"old ({a.old_commit})", "R": "R (whole Rscript)"}
    print(f"{'code':<28}{'wall s':>9}{'CPU s':>9}")
    for k in runners:
        print(f"{label[k]:<28}{med[k][0]:>9.3f}{med[k][1]:>9.3f}")
    for k in runners:
        if k != "new":
            print(
                f"{k} / new: wall {med[k][0] / med['new'][0]:.2f}x, "
                f"CPU {med[k][1] / med['new'][1]:.2f}x"
            )
    if "old" in coef:
        same = max(abs(x - y) for x, y in zip(coef["new"], coef["old"], strict=True)) < 1e-9
        print(f"same coefficients as the old code (1e-9): {same}")
    if against_r is not None:
        print(
            f"against R: coefficients to {against_r[0]:.1e} relative, "
            f"standard errors to {against_r[1]:.1e}"
        )
    elif not a.no_r:
        print("R with the survey package not found: R not run")
    return 0


if __name__ == "__main__":
    sys.exit(main())
