"""`make run` serves SQLite to the web server and the task worker at once. A transaction
that reads, then writes (``changes.lock`` then ``save``) while the other process writes
failed at once with "database is locked" (a dataset's examination was lost that way); with
``transaction_mode = IMMEDIATE`` it waits for the other writer instead."""

from __future__ import annotations

import sqlite3
import threading
import time

from django.conf import settings


def _read_then_write(path, begin: str) -> str:
    con = sqlite3.connect(path, timeout=5, isolation_level=None)
    try:
        con.execute(begin)
        con.execute("SELECT count(*) FROM t").fetchone()
        time.sleep(0.3)  # the other process writes meanwhile
        con.execute("UPDATE t SET n = n + 1")
        con.execute("COMMIT")
        return "ok"
    except sqlite3.OperationalError as exc:
        return str(exc)
    finally:
        con.close()


def _race(path, begin: str) -> list[str]:
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("CREATE TABLE IF NOT EXISTS t (n INTEGER)")
    con.execute("INSERT INTO t VALUES (0)")
    con.close()
    results: list[str] = []
    threads = [
        threading.Thread(target=lambda: results.append(_read_then_write(path, begin)))
        for _ in range(2)
    ]
    for t in threads:
        t.start()
        time.sleep(0.05)
    for t in threads:
        t.join()
    return results


def test_the_sqlite_settings_begin_transactions_immediately():
    options = settings.DATABASES["default"].get("OPTIONS", {})
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        assert options["transaction_mode"] == "IMMEDIATE" and options["timeout"] >= 5


def test_immediate_transactions_wait_where_deferred_ones_fail(tmp_path):
    assert "database is locked" in _race(tmp_path / "deferred.sqlite3", "BEGIN")
    assert _race(tmp_path / "immediate.sqlite3", "BEGIN IMMEDIATE") == ["ok", "ok"]
