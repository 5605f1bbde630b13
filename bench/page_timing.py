"""What the page benchmarks share (``directory.py``, ``knowledge_search.py``,
``results_import.py``): a throwaway database, a page timed over a list of queries, its median
and p95, and the run at a small and a large size.

The scripts run as ``.venv/bin/python bench/<name>.py``, so this module is found beside them.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def setup_django() -> bool:
    """Django on a throwaway database: SQLite in a temporary file, or, when DATABASE_URL is
    set, a test database created next to it on that server (PostgreSQL; drop it with
    :func:`drop_database`). True when it is PostgreSQL."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance87.settings")
    # Development settings only so that they load without a secret key or allowed hosts (and
    # without the HTTPS redirect, which would answer the test client 301); DEBUG is turned
    # off below, before anything is timed.
    os.environ.setdefault("DEBUG", "true")
    using_pg = bool(os.environ.get("DATABASE_URL"))
    if not using_pg:
        tmp = tempfile.mkdtemp(prefix="a87-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    import django
    from django.conf import settings

    django.setup()
    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False  # no query log: time what production runs
    from django.db import connection

    if using_pg:
        connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    else:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command("createcachetable", verbosity=0)  # as create_test_db does on PostgreSQL
    return using_pg


def analyse(using_pg: bool) -> None:
    """Fresh planner statistics after a bulk load (PostgreSQL)."""
    if using_pg:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def drop_database(using_pg: bool) -> None:
    if using_pg:
        from django.db import connection

        connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)


def engine_name(using_pg: bool) -> str:
    return "PostgreSQL" if using_pg else "SQLite"


def measure(client, path: str, queries: list[dict], runs: int) -> list[float]:
    """``runs`` GETs of ``path``, cycling through ``queries``: each one's seconds."""
    timings = []
    for i in range(runs):
        t0 = time.perf_counter()
        response = client.get(path, queries[i % len(queries)])
        timings.append(time.perf_counter() - t0)
        assert response.status_code == 200, response.status_code
    return timings


def summary(timings: list[float]) -> tuple[float, float]:
    """The median and the p95, in milliseconds."""
    ordered = sorted(timings)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return statistics.median(ordered) * 1000, p95 * 1000


def size_arguments(doc: str, *, runs: int, large: int, small: int = 1_000) -> argparse.Namespace:
    """The options of a two-size page benchmark: --runs, --small, --large."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--runs", type=int, default=runs)
    parser.add_argument("--small", type=int, default=small)
    parser.add_argument("--large", type=int, default=large)
    return parser.parse_args()


@dataclass(frozen=True)
class Sizes:
    engine: str
    small: tuple[float, float]  # median and p95 (ms) at the small size
    large: tuple[float, float]
    load_s: float  # seconds to add the rows from the small size to the large one

    def ratio(self, small_n: int, large_n: int) -> str:
        return (
            f"ratio {large_n:,}/{small_n:,}: median x{self.large[0] / self.small[0]:.2f}   "
            f"p95 x{self.large[1] / self.small[1]:.2f}"
        )


def at_two_sizes(
    add: Callable[[int, int, object], None],
    path: str,
    queries: list[dict],
    args: argparse.Namespace,
    seed: int = 87,
) -> Sizes:
    """On a throwaway database with the reference data: ``add(start, stop, rng)`` the rows up
    to ``args.small``, time ``path`` (after one warm-up round), add the rest up to
    ``args.large``, time it again; the database is dropped at the end."""
    import random

    using_pg = setup_django()
    from django.test import Client

    from alliance87.core.seeding import load_reference_data

    try:
        load_reference_data()
        rng = random.Random(seed)
        client = Client(HTTP_HOST="localhost")
        add(0, args.small, rng)
        measure(client, path, queries, len(queries))  # warm-up
        small = summary(measure(client, path, queries, args.runs))
        t0 = time.perf_counter()
        add(args.small, args.large, rng)
        load_s = time.perf_counter() - t0
        analyse(using_pg)
        measure(client, path, queries, len(queries))
        large = summary(measure(client, path, queries, args.runs))
    finally:
        drop_database(using_pg)
    return Sizes(engine_name(using_pg), small, large, load_s)
