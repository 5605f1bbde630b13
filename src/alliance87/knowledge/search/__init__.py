"""One search across the platform: partners, resources, events, pathfinder countries, groups
and indicators, in four languages, with facets and counts (docs/knowledge.md).

Plain functions: :func:`search` takes the filters (from a URL, so a result list can be
shared) and returns a page of documents and the facets. The database's part is in
``backends`` (the only module that asks which database this is), the words' part in
``analysis`` (pure Python), the index in ``index``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, QuerySet

from ..models import SearchDocument, SearchFacet, SearchText
from . import analysis, backends

PAGE_SIZE = 20
KINDS = ("partner", "resource", "event", "news", "pathfinder", "group", "indicator")


@dataclass(frozen=True)
class Filters:
    q: str = ""
    kind: str = ""
    theme: str = ""
    country: str = ""

    @classmethod
    def from_params(cls, params: Any) -> Filters:
        def get(name: str) -> str:
            value = params.get(name) if params is not None else None
            return str(value).strip() if value is not None else ""

        from alliance87.partners.models import Theme

        country = get("country").upper()
        return cls(
            q=get("q")[:200],
            kind=get("kind") if get("kind") in KINDS else "",
            theme=get("theme") if get("theme") in Theme.values else "",
            country=country if len(country) == 3 and country.isalpha() else "",
        )

    def without(self, name: str) -> Filters:
        return replace(self, **{name: ""})

    def as_params(self) -> dict[str, str]:
        return {k: v for k, v in self.__dict__.items() if v}


def matching(filters: Filters) -> QuerySet[SearchDocument]:
    """The documents matching ``filters`` (unordered; no query runs until it is read)."""
    qs = SearchDocument.objects.all()
    for name in ("kind", "theme", "country"):
        value = getattr(filters, name)
        if value:
            qs = qs.filter(
                pk__in=SearchFacet.objects.filter(name=name, value=value).values("document_id")
            )
    query = analysis.parse(filters.q)
    if not query:
        return qs
    texts = backends.matching_texts(SearchText.objects.all(), query)
    if texts is None:
        return qs.none()
    return qs.filter(pk__in=texts.values("document_id"))


def ordered(qs: QuerySet[SearchDocument]) -> QuerySet[SearchDocument]:
    """By kind (in the order of :data:`KINDS`), then title: the same on both databases."""
    from django.db.models import Case, IntegerField, Value, When

    rank = Case(
        *[When(kind=k, then=Value(i)) for i, k in enumerate(KINDS)],
        output_field=IntegerField(),
    )
    return qs.annotate(_rank=rank).order_by("_rank", "sort_key", "ref")


@dataclass
class Option:
    value: str
    count: int
    selected: bool = False
    label: str = ""


@dataclass
class Facets:
    kinds: list[Option] = field(default_factory=list)
    themes: list[Option] = field(default_factory=list)
    countries: list[Option] = field(default_factory=list)


FACETS = ("kind", "theme", "country")


def _counts(filters: Filters) -> dict[str, dict[str, int]]:
    """Documents per value of each facet, each with the *other* filters applied. Facets whose
    filter is not set share one grouped query (their "other filters" are all the filters); a
    facet whose filter is set has its own: one to three queries, whatever the data size."""
    out: dict[str, dict[str, int]] = {name: {} for name in FACETS}
    unset = [n for n in FACETS if not getattr(filters, n)]
    groups = ([(unset, filters)] if unset else []) + [
        ([n], filters.without(n)) for n in FACETS if getattr(filters, n)
    ]
    for names, base in groups:
        rows = (
            SearchFacet.objects.filter(name__in=names, document_id__in=matching(base).values("pk"))
            .values("name", "value")
            .annotate(n=Count("document_id"))
        )
        for r in rows:
            out[r["name"]][r["value"]] = r["n"]
    return out


def facets(filters: Filters) -> Facets:
    """Counts for each kind, theme and country (one to three queries, plus one for the
    countries' names)."""
    from alliance87.core.models import Country
    from alliance87.partners.models import Theme

    from .labels import KIND_LABELS

    counts = _counts(filters)
    kinds, themes, countries = counts["kind"], counts["theme"], counts["country"]
    if filters.country:
        countries.setdefault(filters.country, 0)
    names = {c.pk: c.name for c in Country.objects.filter(pk__in=list(countries))}
    return Facets(
        kinds=[Option(k, kinds.get(k, 0), k == filters.kind, str(KIND_LABELS[k])) for k in KINDS],
        themes=[
            Option(t.value, themes.get(t.value, 0), t.value == filters.theme, str(t.label))
            for t in Theme
        ],
        countries=sorted(
            (
                Option(iso, n, iso == filters.country, names.get(iso, iso))
                for iso, n in countries.items()
                if iso in names
            ),
            key=lambda o: analysis.fold(o.label),
        ),
    )


def search(filters: Filters, page_number: Any = 1, *, per_page: int = PAGE_SIZE) -> Page:
    """One page of results: two queries (count, rows)."""
    return Paginator(ordered(matching(filters)), per_page).get_page(page_number)


def refs(filters: Filters) -> list[tuple[str, str]]:
    """Every matching document's ``(kind, ref)``, in order (tests and the API)."""
    return [
        (k, r)
        for k, r in ordered(matching(filters)).annotate(_k=F("kind")).values_list("kind", "ref")
    ]
