"""How the platform-wide search scales: 1,000 resources against 100,000.

Run: .venv/bin/python bench/knowledge_search.py [--runs 30] [--large 100000]

Uses a throwaway database: SQLite in a temporary file, or, when DATABASE_URL is set, a test
database created next to it on that server (PostgreSQL) and dropped at the end. Resources are
written straight into the search index (the same rows ``knowledge.search.index`` writes: one
document, its facets and a text per language, and on SQLite the FTS5 rows), with titles and
summaries drawn from a vocabulary in English and Spanish. For each size it times the search page
(GET /en/search/ with a query, and half the time a theme or a country filter: matching, facet
counts, one page of results, template) and prints the median and p95 latency and the ratio. The
page's query count is fixed (4, or 5 with a filter; tests/knowledge/test_pages.py).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

EN = [
    "guide",
    "study",
    "report",
    "toolkit",
    "survey",
    "evaluation",
    "policy",
    "brief",
    "training",
    "manual",
    "data",
    "children",
    "workers",
    "migrants",
    "farms",
    "mining",
    "cocoa",
    "garment",
    "fishing",
    "domestic",
    "supply",
    "chains",
    "recruitment",
    "inspection",
    "protection",
    "education",
    "rights",
    "justice",
    "victims",
    "survivors",
    "remedy",
    "prevention",
    "measurement",
    "statistics",
    "estimates",
    "national",
    "regional",
    "local",
    "community",
]
ES = [
    "guía",
    "estudio",
    "informe",
    "herramientas",
    "encuesta",
    "evaluación",
    "política",
    "formación",
    "manual",
    "datos",
    "niños",
    "trabajadores",
    "migrantes",
    "fincas",
    "minería",
    "cacao",
    "textil",
    "pesca",
    "doméstico",
    "cadenas",
    "contratación",
    "inspección",
    "protección",
    "educación",
    "derechos",
    "justicia",
    "víctimas",
    "sobrevivientes",
    "reparación",
    "prevención",
    "medición",
    "estadísticas",
    "estimaciones",
    "nacional",
    "regional",
    "local",
    "comunidad",
]
QUERIES = [
    {"q": "child labour mining"},
    {"q": "trabajo infantil", "theme": "child_labour"},
    {"q": "migrants recruitment", "country": "PER"},
    {"q": "OIT inspección"},
    {"q": "survey estimates"},
    {"q": "travail des enfants cacao", "country": "CIV"},
]
THEMES = ["child_labour", "forced_labour", "human_trafficking", "modern_slavery", "migration"]
COUNTRIES = ["PER", "CIV", "GHA", "BRA", "NPL", "MDG", "MEX", "IND", "COL", "UGA"]


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance87.settings")
    using_pg = bool(os.environ.get("DATABASE_URL"))
    if not using_pg:
        tmp = tempfile.mkdtemp(prefix="a87-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    import django
    from django.conf import settings

    django.setup()
    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False
    from django.db import connection

    if using_pg:
        connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    else:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
    return using_pg


def add_resources(start: int, stop: int, rng: random.Random) -> None:
    from django.db import transaction

    from alliance87.knowledge.models import SearchDocument, SearchFacet, SearchText
    from alliance87.knowledge.search import analysis, backends

    with transaction.atomic():
        docs = SearchDocument.objects.bulk_create(
            (
                SearchDocument(
                    kind="resource",
                    ref=f"bench-{i:06d}",
                    titles={"en": " ".join(rng.sample(EN, 4)).capitalize() + f" {i}"},
                    url_name="knowledge:resource",
                    url_args=[f"bench-{i:06d}"],
                    sort_key=f"bench {i:06d}",
                )
                for i in range(start, stop)
            ),
            batch_size=2000,
        )
        facets, texts = [], []
        for d in docs:
            facets.append(SearchFacet(document=d, name="kind", value="resource"))
            facets += [
                SearchFacet(document=d, name="theme", value=t) for t in rng.sample(THEMES, 2)
            ]
            facets.append(SearchFacet(document=d, name="country", value=rng.choice(COUNTRIES)))
            words_en = d.titles["en"] + " " + " ".join(rng.sample(EN, 12))
            texts.append(SearchText(document=d, lang="en", text=analysis.normalised(words_en)))
            texts.append(
                SearchText(
                    document=d, lang="es", text=analysis.normalised(" ".join(rng.sample(ES, 14)))
                )
            )
        SearchFacet.objects.bulk_create(facets, batch_size=5000)
        stored = SearchText.objects.bulk_create(texts, batch_size=5000)
        backends.store((t.pk, t.lang, t.text) for t in stored)


def measure(client, runs: int) -> list[float]:
    timings = []
    for i in range(runs):
        t0 = time.perf_counter()
        response = client.get("/en/search/", QUERIES[i % len(QUERIES)])
        timings.append(time.perf_counter() - t0)
        assert response.status_code == 200, response.status_code
    return timings


def summary(timings: list[float]) -> tuple[float, float]:
    ordered = sorted(timings)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return statistics.median(ordered) * 1000, p95 * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--large", type=int, default=100_000)
    args = parser.parse_args()
    using_pg = setup_django()
    from django.db import connection
    from django.test import Client

    from alliance87.core.seeding import load_reference_data

    try:
        load_reference_data()
        rng = random.Random(87)
        client = Client(HTTP_HOST="localhost")
        add_resources(0, args.small, rng)
        measure(client, len(QUERIES))
        small = summary(measure(client, args.runs))
        t0 = time.perf_counter()
        add_resources(args.small, args.large, rng)
        load_s = time.perf_counter() - t0
        if using_pg:
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        measure(client, len(QUERIES))
        large = summary(measure(client, args.runs))
    finally:
        if using_pg:
            connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)
    engine = "PostgreSQL" if using_pg else "SQLite"
    print(
        f"platform search, {engine}, {args.runs} requests per size (indexing the rest: {load_s:.0f} s)"
    )
    print(f"{args.small:>8,} resources: median {small[0]:8.1f} ms   p95 {small[1]:8.1f} ms")
    print(f"{args.large:>8,} resources: median {large[0]:8.1f} ms   p95 {large[1]:8.1f} ms")
    print(
        f"ratio {args.large:,}/{args.small:,}: median x{large[0] / small[0]:.2f}   "
        f"p95 x{large[1] / small[1]:.2f}"
    )


if __name__ == "__main__":
    main()
