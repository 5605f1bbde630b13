"""The issue's "Done means": both benchmarks print side-by-side ratios in one run.

They run here on tiny inputs (the figures themselves are in docs/benchmarks.md); the point is
that one command prints every comparison, its ratio and the targets.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _run(*args: str) -> str:
    proc = subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, timeout=300, check=False
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.mark.slow
def test_the_scoring_benchmark_prints_ratios_to_a_hand_written_query_the_scan_and_pandas(tmp_path):
    out = _run(
        str(BENCH / "risk_score.py"), "--rows", "20000", "--repeat", "1", "--out-dir", str(tmp_path)
    )
    lines = out.splitlines()
    assert any("x scan" in line and "peak MB" in line for line in lines)
    for method in ("riskmodel", "duckdb-query", "duckdb-scan", "pandas"):
        assert any(line.startswith(method) for line in lines), method
    assert "riskmodel and pandas expected totals agree: True" in out
    assert "riskmodel / hand-written DuckDB query: wall" in out
    assert "expected totals agree: True" in out.split("hand-written DuckDB query")[1]
    assert "targets: within 2x of the bare scan:" in out and "under 2 GB peak:" in out


@pytest.mark.slow
def test_the_fit_benchmark_prints_ratios_to_statsmodels_in_one_run():
    out = _run(
        str(BENCH / "risk_fit.py"),
        "--records",
        "3000",
        "--predictors",
        "6",
        "--repeats",
        "1",
        "--no-r",
    )
    assert "x ours" in out and "peak MiB" in out
    assert "SurveyLogit.fit" in out and "statsmodels GLM" in out


@pytest.mark.slow
def test_the_process_benchmark_times_the_fit_command_against_r_and_the_old_code_in_one_run(
    tmp_path,
):
    out = _run(
        str(BENCH / "risk_process.py"),
        *("--records", "3000", "--predictors", "4", "--runs", "1"),
        *("--out-dir", str(tmp_path)),
    )
    assert "old / new: wall" in out and "CPU" in out
    assert "same coefficients as the old code (1e-9): True" in out
    assert "load average" in out
    if "R (whole Rscript)" in out:  # where R and survey are installed
        assert "R / new: wall" in out
        assert "against R: coefficients to" in out
