"""How the partner directory's filtered search scales: 1,000 partners against 20,000.

Run: .venv/bin/python bench/directory.py [--runs 40]

Uses a throwaway database: SQLite in a temporary file, or, when DATABASE_URL is set, a test
database created next to it on that server (PostgreSQL) and dropped at the end. For each size it
times the full directory page (GET /en/partners/ with a search word and three filters: search,
facet counts, one page of results, template) over several filter combinations, and prints the
median and p95 latency and the 20,000 / 1,000 ratio.
"""

from __future__ import annotations

from page_timing import at_two_sizes, size_arguments

WORDS = [
    "alliance",
    "network",
    "foundation",
    "association",
    "centre",
    "council",
    "union",
    "federation",
    "institute",
    "initiative",
    "coalition",
    "forum",
    "trust",
    "fund",
    "society",
    "league",
    "programme",
    "observatory",
    "committee",
    "children",
    "workers",
    "rights",
    "freedom",
    "dignity",
    "justice",
    "future",
    "hope",
    "action",
    "solidarity",
    "education",
    "labour",
    "migrants",
    "survivors",
    "women",
    "youth",
    "rural",
    "fair",
    "decent",
    "safe",
]
ES_WORDS = [
    "alianza",
    "red",
    "fundación",
    "asociación",
    "centro",
    "consejo",
    "unión",
    "federación",
    "instituto",
    "iniciativa",
    "coalición",
    "foro",
    "fondo",
    "sociedad",
    "liga",
    "programa",
    "observatorio",
    "comité",
    "niñez",
    "trabajadores",
    "derechos",
    "libertad",
    "dignidad",
    "justicia",
    "futuro",
    "esperanza",
    "acción",
    "solidaridad",
    "educación",
    "trabajo",
    "migrantes",
]
QUERIES = [
    {"q": "children", "theme": "child_labour", "region": "002"},
    {"q": "fund", "category": "donor", "region": "419"},
    {"q": "red niñez", "theme": "education"},
    {"q": "forum", "theme": "forced_labour", "category": "civil_society"},
    {"q": "labour rights", "region": "142", "theme": "migration"},
]


def add_partners(start: int, stop: int, rng) -> None:
    from alliance87.core.models import Country
    from alliance87.partners.models import Category, Partner, PartnerSearchTerm, Theme, search_words

    countries = {
        c.pk: [x for x in (c.region_id, c.subregion_id, c.intermediate_region_id) if x]
        for c in Country.objects.all()
    }
    codes = sorted(countries)
    categories = [c for c in Category.values if c != "country"]
    themes = list(Theme.values)
    objects, links = [], []
    for i in range(start, stop):
        name_en = " ".join(rng.sample(WORDS, 3)).title() + f" {i}"
        name_es = " ".join(rng.sample(ES_WORDS, 3)).capitalize() + f" {i}"
        work = rng.sample(codes, rng.randint(1, 3))
        partner = Partner(
            slug=f"bench-{i:06d}",
            names={"en": name_en, "es": name_es},
            acronym="",
            category=rng.choice(categories),
            themes=sorted(rng.sample(themes, rng.randint(1, 3))),
            description={"en": " ".join(rng.sample(WORDS, 12))},
            status="active",
            headquarters_id=work[0],
        )
        for field, value in partner.derived_values().items():
            setattr(partner, field, value)
        regions = sorted({r for c in work for r in countries[c]})
        partner.region_keys = "|" + "|".join(regions) + "|"
        objects.append(partner)
        links.append(work)
    created = Partner.objects.bulk_create(objects, batch_size=2000)
    PartnerSearchTerm.objects.bulk_create(
        (
            PartnerSearchTerm(partner_id=p.pk, term=w)
            for p in created
            for w in search_words(p.search_text)
        ),
        batch_size=5000,
    )
    through = Partner.countries_of_work.through
    through.objects.bulk_create(
        (
            through(partner_id=p.pk, country_id=c)
            for p, work in zip(created, links, strict=True)
            for c in work
        ),
        batch_size=5000,
    )


def main() -> None:
    args = size_arguments(__doc__, runs=40, large=20_000)
    run = at_two_sizes(add_partners, "/en/partners/", QUERIES, args)
    small, large = run.small, run.large
    print(f"partner directory, filtered search, {run.engine}, {args.runs} requests per size")
    print(f"{args.small:>7,} partners: median {small[0]:7.1f} ms   p95 {small[1]:7.1f} ms")
    print(f"{args.large:>7,} partners: median {large[0]:7.1f} ms   p95 {large[1]:7.1f} ms")
    print(run.ratio(args.small, args.large))


if __name__ == "__main__":
    main()
