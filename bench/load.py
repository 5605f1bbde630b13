"""Load: 200 concurrent clients over the public pages and API, on PostgreSQL behind gunicorn,
next to the same load on /healthz (the baseline: one query, no template).

Run: .venv/bin/python bench/load.py [--clients 200] [--duration 60] [--workers 5]

Creates a throwaway PostgreSQL database (``--database-url``, default
postgres://postgres@127.0.0.1:5432/a87_load), migrates it and loads the shipped seed data
(``alliance87 bootstrap --no-demo``), starts gunicorn in production mode (DEBUG off, persistent
database connections as the production settings give them), checks that every URL answers 200,
then runs ``--clients`` keep-alive clients (asyncio, no dependency) for ``--duration``
seconds over the URL mix, and again over /healthz. Prints requests per second, p50/p95/p99
latency and errors for each, and the ratios. The database is dropped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent

#: What the public reads most: the pages and the API a visitor or a partner's system uses.
URLS = [
    "/en/",
    "/en/partners/",
    "/en/partners/?q=child",
    "/es/partners/?q=trabajo",
    "/en/pathfinders/",
    "/en/pathfinders/NPL/",
    "/fr/pathfinders/PER/",
    "/en/gcg/",
    "/en/groups/",
    "/api/partners",
    "/api/partners?q=child",
    "/api/pathfinders",
    "/api/pathfinders/NPL",
    "/api/gcg/seats",
]


def _env(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-not-a-secret",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_ROOT": str(Path(tempfile.gettempdir()) / "a87_load_static"),
    }


def _admin_url(database_url: str) -> tuple[str, str]:
    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    return urlunsplit(parts._replace(path="/postgres")), name


def _psql(database_url: str, sql: str) -> None:
    import psycopg

    admin, _name = _admin_url(database_url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql)


async def _get(reader, writer, path: str) -> int:
    writer.write(
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-Proto: https\r\n"
        "Connection: keep-alive\r\n\r\n".encode()
    )
    await writer.drain()
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("closed")
    status = int(status_line.split()[1])
    length, chunked, close = None, False, False
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b"\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        name, value = name.strip().lower(), value.strip().lower()
        if name == "content-length":
            length = int(value)
        elif name == "transfer-encoding" and "chunked" in value:
            chunked = True
        elif name == "connection" and value == "close":
            close = True
    if chunked:
        while True:
            size = int((await reader.readline()).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    elif length is not None:
        await reader.readexactly(length)
    else:
        await reader.read()
        close = True
    if close:
        raise EOFError(status)
    return status


async def _client(
    port: int, urls: list[str], until: float, out: list, errors: list, by_path: dict
) -> None:
    rng = random.Random()
    conn = None
    while time.monotonic() < until:
        path = rng.choice(urls)
        try:
            if conn is None:
                conn = await asyncio.open_connection("127.0.0.1", port)
            start = time.monotonic()
            status = await _get(*conn, path)
            out.append(time.monotonic() - start)
            by_path.setdefault(path, []).append(out[-1])
            if status != 200:
                errors.append((path, status))
        except EOFError as exc:  # answered, then closed: count it, reconnect
            out.append(time.monotonic() - start)
            by_path.setdefault(path, []).append(out[-1])
            if exc.args and exc.args[0] != 200:
                errors.append((path, exc.args[0]))
            conn = None
        except (OSError, ConnectionError, asyncio.IncompleteReadError, ValueError) as exc:
            errors.append((path, type(exc).__name__))
            conn = None
    if conn is not None:
        conn[1].close()


async def _run(port: int, urls: list[str], clients: int, duration: float) -> dict:
    latencies: list[float] = []
    errors: list = []
    by_path: dict[str, list[float]] = {}
    start = time.monotonic()
    until = start + duration
    await asyncio.gather(
        *(_client(port, urls, until, latencies, errors, by_path) for _ in range(clients))
    )
    elapsed = time.monotonic() - start
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50": q[49] * 1000,
        "p95": q[94] * 1000,
        "p99": q[98] * 1000,
        "errors": errors,
        "median_by_path": {p: statistics.median(v) * 1000 for p, v in sorted(by_path.items())},
    }


def _wait_for(port: int, timeout: float = 60) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)  # noqa: S310
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("gunicorn did not answer /healthz")


def _check(port: int, urls: list[str]) -> None:
    import urllib.error
    import urllib.request

    for path in urls:
        request = urllib.request.Request(  # noqa: S310 - the local server
            f"http://127.0.0.1:{port}{path}", headers={"X-Forwarded-Proto": "https"}
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as r:  # noqa: S310
                status = r.status
        except urllib.error.HTTPError as err:
            status = err.code
        if status != 200:
            raise SystemExit(f"{path} answered {status}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    # Threads make gunicorn's gthread worker, which keeps connections alive (the sync worker
    # closes each one) -- as behind the documented reverse proxy.
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--port", type=int, default=8871)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/a87_load"),
    )
    args = parser.parse_args()
    _admin, name = _admin_url(args.database_url)
    env = _env(args.database_url)
    python = sys.executable
    _psql(args.database_url, f'DROP DATABASE IF EXISTS "{name}"')
    _psql(args.database_url, f'CREATE DATABASE "{name}"')
    server = None
    try:
        for command in (
            ["compiletranslations"],
            ["collectstatic", "--noinput"],
            ["bootstrap", "--no-demo"],
        ):
            subprocess.run(
                [python, "-m", "alliance87", *command],
                env=env,
                check=True,
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
            )
        server = subprocess.Popen(
            [
                python, "-m", "gunicorn", "alliance87.wsgi:application",
                "--bind", f"127.0.0.1:{args.port}",
                "--workers", str(args.workers), "--threads", str(args.threads),
                "--backlog", "2048", "--keep-alive", "75", "--log-level", "warning",
            ],
            env=env, cwd=ROOT,
        )  # fmt: skip
        _wait_for(args.port)
        _check(args.port, URLS)
        print(
            f"{args.clients} clients, {args.duration:.0f} s each, gunicorn {args.workers} "
            f"workers x {args.threads} threads, PostgreSQL, {os.cpu_count()} CPUs",
            flush=True,
        )
        results = {}
        for label, urls in (("pages and API", URLS), ("/healthz", ["/healthz"])):
            results[label] = asyncio.run(_run(args.port, urls, args.clients, args.duration))
        print(
            f"{'':15} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} errors"
        )
        for label, r in results.items():
            print(
                f"{label:15} {r['requests']:9d} {r['rps']:8.1f} {r['p50']:8.1f} "
                f"{r['p95']:8.1f} {r['p99']:8.1f} {len(r['errors'])}"
            )
        a, b = results["pages and API"], results["/healthz"]
        print(
            f"ratio pages/healthz: req/s x{a['rps'] / b['rps']:.2f}, "
            f"p50 x{a['p50'] / b['p50']:.1f}, p95 x{a['p95'] / b['p95']:.1f}, "
            f"p99 x{a['p99'] / b['p99']:.1f}"
        )
        print("median latency by URL (ms):")
        for path, ms in results["pages and API"]["median_by_path"].items():
            print(f"  {ms:8.1f}  {path}")
        for r in results.values():
            if r["errors"]:
                print("errors (first 10):", r["errors"][:10])
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        _psql(args.database_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
