"""Benchmark: fitting the risk model on 200,000 records x 30 predictors with strata and PSUs.

    .venv/bin/python bench/risk_fit.py            # defaults: 200,000 x 30, 3 repeats
    .venv/bin/python bench/risk_fit.py --records 50000 --repeats 5

Compares, on the same generated survey (100 strata x 20 PSUs, sampling weights, a PSU
random effect):

* ``alliance87 SurveyLogit.fit``: our estimator on in-memory arrays (coefficients and
  design-based standard errors);
* ``alliance87 fit_file``: the same from the Parquet file, reading through DuckDB included;
* ``statsmodels GLM``: Binomial GLM with ``freq_weights``. Same coefficients, but its
  standard errors are model-based, NOT design-based: it does less work than we do;
* ``R svyglm``: R ``survey``'s ``svyglm(family = quasibinomial())`` on
  ``svydesign(ids = ~psu, strata = ~stratum, weights = ~w)``, when ``Rscript`` and the
  survey package are installed. Only the ``svyglm`` call is timed (``system.time``), not
  reading the CSV or building the design.

Each engine runs in its own process, which reports its peak resident memory
(``resource.getrusage`` for Python, ``VmHWM`` from /proc for R). Times are medians over the
repeats, both wall-clock and CPU time (user + system; steadier than wall time on a shared
machine); each ratio is the engine's median over ours (``SurveyLogit.fit``).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
N_STRATA, PSU_PER_STRATUM = 100, 20


def generate(records: int, predictors: int, seed: int, out: Path) -> None:
    """Write the survey as Parquet (for us) and CSV (for R)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    rng = np.random.default_rng(seed)
    n_psu = N_STRATA * PSU_PER_STRATUM
    psu = np.sort(rng.integers(0, n_psu, records))
    psu[:n_psu] = np.arange(n_psu)
    psu = np.sort(psu)
    stratum = psu // PSU_PER_STRATUM
    cols: dict[str, np.ndarray] = {"stratum": stratum + 1, "psu": psu + 1}
    cols["w"] = np.round(rng.uniform(20, 200, n_psu)[psu] * rng.uniform(0.8, 1.25, records), 3)
    n_binary = predictors // 3
    beta = rng.normal(0, 0.15, predictors)
    eta = -2.0 + rng.normal(0, 0.4, n_psu)[psu]
    for j in range(predictors):
        if j < n_binary:
            x = (rng.random(records) < rng.uniform(0.2, 0.8)).astype(np.float64)
        else:
            x = np.round(rng.normal(0, 1, records) + 0.3 * rng.normal(0, 1, n_psu)[psu], 4)
        cols[f"x{j + 1:02d}"] = x
        eta = eta + beta[j] * x
    cols["y"] = (rng.random(records) < 1 / (1 + np.exp(-eta))).astype(np.int8)
    table = pa.table(cols)
    pq.write_table(table, out / "survey.parquet")
    pacsv.write_csv(table, out / "survey.csv")


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def worker(engine: str, data: Path, repeats: int) -> dict:
    """Run one engine in this process; return its times, peak memory and coefficients."""
    import pyarrow.parquet as pq

    table = pq.read_table(data / "survey.parquet")
    names = [c for c in table.column_names if c.startswith("x")]
    X = np.empty((table.num_rows, len(names) + 1), order="F")  # as design_matrix builds it
    X[:, 0] = 1.0
    for j, c in enumerate(names, start=1):
        X[:, j] = table[c].to_numpy()
    y = table["y"].to_numpy().astype(np.float64)
    w = table["w"].to_numpy()
    strata = table["stratum"].to_numpy()
    psu = table["psu"].to_numpy()
    del table
    baseline = _peak_mib()
    times, cpu, coef, se = [], [], None, None
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        if engine == "ours":
            from alliance87.riskmodel.fit import SurveyLogit

            res = (
                SurveyLogit()
                .fit(X, y, weights=w, strata=strata, psu=psu, feature_names=["(Intercept)", *names])
                .results_
            )
            coef, se = res.params, res.bse
        elif engine == "fit_file":
            from alliance87.riskmodel.fit import fit_file

            model = fit_file(
                data / "survey.parquet",
                outcome="y",
                predictors=names,
                weight="w",
                strata="stratum",
                psu="psu",
            )
            coef = model.estimates
            se = np.array([c.std_error for c in model.coefficients])
        elif engine == "statsmodels":
            import statsmodels.api as sm

            res = sm.GLM(y, X, family=sm.families.Binomial(), freq_weights=w).fit()
            coef, se = res.params, res.bse
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return {
        "engine": engine,
        "times": times,
        "cpu": cpu,
        "peak_mib": _peak_mib(),
        "baseline_mib": baseline,
        "coef": list(map(float, coef)),
        "se": list(map(float, se)),
    }


R_SCRIPT = r"""
suppressPackageStartupMessages(library(survey))
args <- commandArgs(trailingOnly = TRUE)
repeats <- as.integer(args[2])
d <- if (requireNamespace("data.table", quietly = TRUE)) {
  as.data.frame(data.table::fread(args[1]))
} else read.csv(args[1])
xs <- grep("^x", names(d), value = TRUE)
f <- as.formula(paste("y ~", paste(xs, collapse = " + ")))
des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~w, data = d)
times <- numeric(0)
cpu <- numeric(0)
for (i in seq_len(repeats)) {
  t <- system.time(fit <- svyglm(f, design = des, family = quasibinomial()))
  times <- c(times, t[["elapsed"]])
  cpu <- c(cpu, t[["user.self"]] + t[["sys.self"]])
}
hwm <- grep("^VmHWM", readLines("/proc/self/status"), value = TRUE)
cat("TIMES", times, "\n")
cat("CPU", cpu, "\n")
cat("PEAK_KB", as.numeric(gsub("[^0-9]", "", hwm)), "\n")
cat("COEF", coef(fit), "\n")
cat("SE", sqrt(diag(vcov(fit))), "\n")
cat("VERSION", R.version.string, "survey", as.character(packageVersion("survey")),
    "BLAS", basename(extSoftVersion()[["BLAS"]]), "\n")
"""


def run_r(data: Path, repeats: int) -> dict | None:
    """Time svyglm with Rscript; None when R or survey is not installed."""
    if not shutil.which("Rscript"):
        return None
    script = data / "bench.R"
    script.write_text(R_SCRIPT, encoding="utf-8")
    proc = subprocess.run(
        ["Rscript", str(script), str(data / "survey.csv"), str(repeats)],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        print(f"R failed: {proc.stderr.strip()[-500:]}", file=sys.stderr)
        return None
    out = {}
    for line in proc.stdout.splitlines():
        key, _, rest = line.partition(" ")
        out[key] = rest.split()
    return {
        "engine": "R",
        "times": [float(t) for t in out["TIMES"]],
        "cpu": [float(t) for t in out["CPU"]],
        "peak_mib": float(out["PEAK_KB"][0]) / 1024,
        "baseline_mib": float("nan"),
        "coef": [float(v) for v in out["COEF"]],
        "se": [float(v) for v in out["SE"]],
        "version": " ".join(out.get("VERSION", [])),
    }


def main(argv: list[str] | None = None) -> int:
    """Generate the data, run every engine, print the table."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--records", type=int, default=200_000)
    p.add_argument("--predictors", type=int, default=30)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--r-repeats", type=int, default=3)
    p.add_argument("--seed", type=int, default=87)
    p.add_argument("--no-r", action="store_true", help="skip R even when installed")
    p.add_argument(
        "--threads",
        type=int,
        default=1,
        help="BLAS threads for the Python engines (default 1, like R's reference "
        "BLAS; 0 leaves the environment as it is)",
    )
    p.add_argument("--worker", help=argparse.SUPPRESS)
    p.add_argument("--data", help=argparse.SUPPRESS)
    a = p.parse_args(argv)
    if a.worker:
        print(json.dumps(worker(a.worker, Path(a.data), a.repeats)))
        return 0
    with tempfile.TemporaryDirectory(prefix="risk-fit-bench-") as tmp:
        data = Path(tmp)
        t0 = time.perf_counter()
        generate(a.records, a.predictors, a.seed, data)
        print(
            f"data: {a.records:,} records x {a.predictors} predictors, {N_STRATA} strata x "
            f"{PSU_PER_STRATUM} PSUs (generated in {time.perf_counter() - t0:.1f}s); "
            f"{os.cpu_count()} CPUs; numpy {np.__version__}"
        )
        threads = (
            {}
            if a.threads == 0
            else {
                k: str(a.threads)
                for k in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
            }
        )
        print(
            f"BLAS threads for Python: {a.threads or 'as configured'}; load average before: "
            f"{os.getloadavg()[0]:.2f}"
        )
        results = []
        for engine in ("ours", "fit_file", "statsmodels"):
            proc = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--worker",
                    engine,
                    "--data",
                    str(data),
                    "--repeats",
                    str(a.repeats),
                ],
                capture_output=True,
                text=True,
                check=False,
                env=os.environ | {"PYTHONPATH": str(ROOT / "src")} | threads,
            )
            if proc.returncode != 0:
                print(f"{engine} failed: {proc.stderr.strip()[-800:]}", file=sys.stderr)
                continue
            results.append(json.loads(proc.stdout.strip().splitlines()[-1]))
        if not a.no_r:
            r = run_r(data, a.r_repeats)
            if r:
                results.append(r)
    base = next(r for r in results if r["engine"] == "ours")
    ref_coef, ref_se = np.array(base["coef"]), np.array(base["se"])
    label = {
        "ours": "alliance87 SurveyLogit.fit (arrays)",
        "fit_file": "alliance87 fit_file (Parquet via DuckDB)",
        "statsmodels": "statsmodels GLM freq_weights (no design SE)",
        "R": "R survey svyglm (fit only)",
    }
    print(
        f"{'engine':46} {'wall s':>7} {'x ours':>7} {'CPU s':>7} {'x ours':>7} "
        f"{'peak MiB':>9} {'coef diff':>10} {'SE diff':>9}"
    )
    base_wall, base_cpu = statistics.median(base["times"]), statistics.median(base["cpu"])
    for r in results:
        wall, cpu = statistics.median(r["times"]), statistics.median(r["cpu"])
        dc = np.max(np.abs(np.array(r["coef"]) - ref_coef) / np.abs(ref_coef))
        ds = np.max(np.abs(np.array(r["se"]) - ref_se) / ref_se)
        print(
            f"{label[r['engine']]:46} {wall:7.3f} {wall / base_wall:7.1f} {cpu:7.3f} "
            f"{cpu / base_cpu:7.1f} {r['peak_mib']:9.0f} {dc:10.1e} {ds:9.1e}"
        )
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    if any(r["engine"] == "R" for r in results):
        print(next(r["version"] for r in results if r["engine"] == "R"))
    print(
        "coef/SE diff: largest relative difference from SurveyLogit.fit; statsmodels' SEs "
        "are model-based, so they differ by design."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
