"""Benchmark: the whole ``alliance87 risk fit`` process, as a user runs it, new code vs old.

    .venv/bin/python bench/risk_process.py                       # 200,000 x 30, 7 runs each
    .venv/bin/python bench/risk_process.py --old-commit 50e6c22 --runs 9

Times the command ``python -m alliance87 risk fit survey.csv --outcome y --predictors
x01,...,x30 --weight w --strata stratum --psu psu --out MODEL.json`` in a fresh process
(interpreter start, imports, reading the CSV, the fit and writing the model all included),
on the survey ``bench/risk_fit.py`` generates (cached under ``bench/out/``). The old code is
``git archive`` of ``--old-commit`` unpacked in a temporary folder; the two take turns, so a
change in the machine's load hits both alike. Reports the median wall and CPU time (user +
system of the child, steadier on a shared machine) of each and the ratio old / new, and
checks that both wrote the same coefficients.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
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


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--records", type=int, default=200_000)
    p.add_argument("--predictors", type=int, default=30)
    p.add_argument("--runs", type=int, default=7)
    p.add_argument("--seed", type=int, default=87)
    p.add_argument("--old-commit", default="50e6c22", help="the old code (default: 50e6c22)")
    p.add_argument("--out-dir", default=str(ROOT / "bench" / "out"))
    a = p.parse_args(argv)
    data = Path(a.out_dir) / f"fit-{a.records}x{a.predictors}-{a.seed}"
    if not (data / "survey.csv").exists():
        data.mkdir(parents=True, exist_ok=True)
        generate(a.records, a.predictors, a.seed, data)
    names = ",".join(f"x{j + 1:02d}" for j in range(a.predictors))
    with tempfile.TemporaryDirectory(prefix="riskbench-") as tmp:
        tmp = Path(tmp)
        sources = {"new": ROOT / "src", "old": _old_source(a.old_commit, tmp)}
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
        times: dict[str, list[tuple[float, float]]] = {k: [] for k in sources}
        for k in sources:  # warm the file cache and the bytecode
            _run_once(sources[k], args[k])
        for _ in range(a.runs):
            for k in sources:
                times[k].append(_run_once(sources[k], args[k]))
        coef = {
            k: [c["estimate"] for c in json.loads(out[k].read_text())["coefficients"]]
            for k in sources
        }
    same = max(abs(x - y) for x, y in zip(coef["new"], coef["old"], strict=True)) < 1e-9
    med = {
        k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v))
        for k, v in times.items()
    }
    print(
        f"alliance87 risk fit, {a.records:,} records x {a.predictors} predictors (CSV), "
        f"median of {a.runs} runs each, taking turns"
    )
    print(f"{'code':<28}{'wall s':>9}{'CPU s':>9}")
    print(f"{'new (working tree)':<28}{med['new'][0]:>9.3f}{med['new'][1]:>9.3f}")
    print(f"{'old (' + a.old_commit + ')':<28}{med['old'][0]:>9.3f}{med['old'][1]:>9.3f}")
    print(
        f"old / new: wall {med['old'][0] / med['new'][0]:.2f}x, "
        f"CPU {med['old'][1] / med['new'][1]:.2f}x"
    )
    print(f"same coefficients (1e-9): {same}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
