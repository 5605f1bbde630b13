"""Importing 100,000 indicator values, and the framework page at that size.

Run: .venv/bin/python bench/results_import.py [--runs 20]

Uses a throwaway database: SQLite in a temporary file, or, when DATABASE_URL is set, a test
database created next to it on that server (PostgreSQL) and dropped at the end.

The data: a framework of 50 count indicators disaggregated by sex and area, 35 countries,
10 years (2012-2021), and per indicator, country and year the total plus four or five
disaggregated rows (sex, area, then sex × area), 100,000 values in all.

1. The import (``imports.values_import``, as the Secretariat uploads one multi-country CSV per
   indicator: parsing, every value rule, unknown countries and existing cells checked, the
   values, a revision each, one audit row per file) against a bare ``bulk_create`` of the
   same 100,000 rows (no check, no revision, no audit), in the same run.
2. The framework page (GET /en/results/<fw>/, anonymous) at 100 values against 100,000, with
   its query count (the same at both sizes; the tests assert it).
"""

from __future__ import annotations

import argparse
import statistics
import time

from page_timing import analyse, drop_database, engine_name, setup_django

INDICATORS, COUNTRIES, YEARS = 50, 35, range(2012, 2022)
TOTAL_VALUES = 100_000
COMBOS = [
    {},
    {"sex": "female"},
    {"sex": "male"},
    {"area": "urbana"},
    {"area": "rural"},
    {"sex": "female", "area": "urbana"},
]


def make_framework():
    from alliance87.core import content
    from alliance87.results.models import Framework, Indicator, Result

    fw = Framework.objects.create(
        code="bench",
        kind="country",
        titles=content.make("en", en="Bench framework"),
        start_year=YEARS[0],
        end_year=YEARS[-1],
    )
    results = [
        Result.objects.create(framework=fw, number=str(n), texts={"en": f"R{n}"}, order=n)
        for n in range(1, 6)
    ]
    inds = [
        Indicator.objects.create(
            result=results[i // 10],
            code=f"{i // 10 + 1}.{i % 10 + 1}",
            texts={"en": f"Indicator {i}"},
            order=i,
            value_kinds=["count"],
            direction="higher",
            disaggregations=["sex", "area"],
        )
        for i in range(INDICATORS)
    ]
    return fw, inds


def rows(countries: list[str]) -> dict[int, list[tuple[str, int, dict, int]]]:
    """Per indicator position, its (country, year, disaggregation, count) rows: 100,000."""
    cells = [(i, c, y) for i in range(INDICATORS) for c in countries for y in YEARS]
    extra = TOTAL_VALUES - 5 * len(cells)  # cells with a sixth row
    out: dict[int, list] = {i: [] for i in range(INDICATORS)}
    for n, (i, c, y) in enumerate(cells):
        for combo in COMBOS[: 6 if n < extra else 5]:
            out[i].append((c, y, combo, (n * 7 + len(combo)) % 50))
    assert sum(len(v) for v in out.values()) == TOTAL_VALUES
    return out


def csv_text(items) -> str:
    lines = ["Year,Country,sex,area,Value"]
    lines += [f"{y},{c},{d.get('sex', '')},{d.get('area', '')},{v}" for c, y, d, v in items]
    return "\n".join(lines) + "\n"


def bare_insert(inds, data) -> float:
    from django.utils import timezone

    from alliance87.results import rules
    from alliance87.results.models import IndicatorValue

    t0 = time.perf_counter()
    now = timezone.now()
    IndicatorValue.objects.bulk_create(
        (
            IndicatorValue(
                indicator=inds[i],
                country_id=c,
                year=y,
                disaggregation=d,
                disaggregation_key=rules.disaggregation_key(d),
                count=v,
                entered_at=now,
            )
            for i, items in data.items()
            for c, y, d, v in items
        ),
        batch_size=2000,
    )
    return time.perf_counter() - t0


def clear() -> None:
    from alliance87.core.models import AuditEntry
    from alliance87.results.models import IndicatorValue, ValueRevision

    ValueRevision.objects.all().delete()
    IndicatorValue.objects.all().delete()
    AuditEntry.objects.filter(event__startswith="results.").delete()


def page_timings(client, runs: int) -> tuple[float, int]:
    from django.db import connection

    client.get("/en/results/bench/")  # warm-up
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        assert client.get("/en/results/bench/").status_code == 200
    timings = []
    for _ in range(runs):
        t0 = time.perf_counter()
        assert client.get("/en/results/bench/").status_code == 200
        timings.append(time.perf_counter() - t0)
    return statistics.median(timings) * 1000, len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    using_pg = setup_django()
    from django.test import Client

    from alliance87.core.models import Country, Role, User
    from alliance87.core.seeding import load_reference_data
    from alliance87.core.services import role_assign
    from alliance87.results import imports
    from alliance87.results.models import IndicatorValue

    try:
        load_reference_data()
        fw, inds = make_framework()
        sec = User.objects.create_user(username="sec@x.org", email="sec@x.org", password="x")
        role_assign(actor=None, user=sec, role=Role.SECRETARIAT, check=False)
        countries = list(Country.objects.order_by("iso3").values_list("iso3", flat=True)[:35])
        data = rows(countries)
        client = Client(HTTP_HOST="localhost")

        small = {i: items[:2] for i, items in data.items()}  # 100 values
        bare_insert(inds, small)
        assert IndicatorValue.objects.count() == 100
        page_small, queries_small = page_timings(client, args.runs)
        clear()

        bare = bare_insert(inds, data)
        assert IndicatorValue.objects.count() == TOTAL_VALUES
        clear()

        texts = {i: csv_text(items) for i, items in data.items()}
        t0 = time.perf_counter()
        for i, text in texts.items():
            imports.values_import(actor=sec, indicator_id=inds[i].pk, text=text)
        imported = time.perf_counter() - t0
        assert IndicatorValue.objects.count() == TOTAL_VALUES
        analyse(using_pg)
        page_large, queries_large = page_timings(client, args.runs)
    finally:
        drop_database(using_pg)
    engine = engine_name(using_pg)
    print(f"results import, {engine}: {TOTAL_VALUES:,} values, {INDICATORS} files")
    print(f"  bare bulk insert: {bare:7.2f} s")
    print(f"  import (checked): {imported:7.2f} s   ratio x{imported / bare:.2f}")
    print(f"framework page, {args.runs} requests per size (median)")
    print(f"  {100:>7,} values: {page_small:7.1f} ms   {queries_small} queries")
    print(f"  {TOTAL_VALUES:>7,} values: {page_large:7.1f} ms   {queries_large} queries")
    print(f"  ratio {TOTAL_VALUES:,}/100: x{page_large / page_small:.2f}")


if __name__ == "__main__":
    main()
