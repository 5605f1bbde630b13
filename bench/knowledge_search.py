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

from page_timing import at_two_sizes, size_arguments

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


def add_resources(start: int, stop: int, rng) -> None:
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


def main() -> None:
    args = size_arguments(__doc__, runs=30, large=100_000)
    run = at_two_sizes(add_resources, "/en/search/", QUERIES, args)
    small, large = run.small, run.large
    print(
        f"platform search, {run.engine}, {args.runs} requests per size "
        f"(indexing the rest: {run.load_s:.0f} s)"
    )
    print(f"{args.small:>8,} resources: median {small[0]:8.1f} ms   p95 {small[1]:8.1f} ms")
    print(f"{args.large:>8,} resources: median {large[0]:8.1f} ms   p95 {large[1]:8.1f} ms")
    print(run.ratio(args.small, args.large))


if __name__ == "__main__":
    main()
