"""Reads for the resource pages and the API, each with a fixed number of queries."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from alliance87.core.content import site_languages
from alliance87.core.exceptions import NotFound
from alliance87.core.permissions import can

from .models import Kind, Resource, SearchDocument, Status

PAGE_SIZE = 20
Countries = Resource.countries.through


@dataclass(frozen=True)
class ResourceFilters:
    q: str = ""
    kind: str = ""
    theme: str = ""
    language: str = ""
    country: str = ""

    @classmethod
    def from_params(cls, params: Any) -> ResourceFilters:
        from alliance87.partners.models import Theme

        def get(name: str) -> str:
            value = params.get(name) if params is not None else None
            return str(value).strip() if value is not None else ""

        country = get("country").upper()
        return cls(
            q=get("q")[:200],
            kind=get("kind") if get("kind") in Kind.values else "",
            theme=get("theme") if get("theme") in Theme.values else "",
            language=get("language") if get("language") in site_languages() else "",
            country=country if len(country) == 3 and country.isalpha() else "",
        )

    def without(self, name: str) -> ResourceFilters:
        return replace(self, **{name: ""})


def public_resources() -> QuerySet[Resource]:
    return Resource.objects.filter(status=Status.PUBLISHED)


def _theme_q(theme: str) -> Q:
    return Q(theme_keys__contains=f"|{theme}|")


def _language_q(language: str) -> Q:
    return Q(language_keys__contains=f"|{language}|")


def resource_search(filters: ResourceFilters) -> QuerySet[Resource]:
    qs = public_resources()
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.theme:
        qs = qs.filter(_theme_q(filters.theme))
    if filters.language:
        qs = qs.filter(_language_q(filters.language))
    if filters.country:
        qs = qs.filter(
            pk__in=Countries.objects.filter(country_id=filters.country).values("resource_id")
        )
    if filters.q:
        from .search import Filters, matching

        docs = matching(Filters(q=filters.q, kind="resource"))
        qs = qs.filter(slug__in=docs.values("ref"))
    return qs


def resource_page(filters: ResourceFilters, page_number: Any = 1) -> Page:
    """Two queries (count, rows) plus one for the page's publishers and countries."""
    qs = resource_search(filters).select_related("publisher").order_by("-published_on", "slug")
    return Paginator(qs, PAGE_SIZE).get_page(page_number)


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class Facets:
    kinds: list[Option] = field(default_factory=list)
    themes: list[Option] = field(default_factory=list)
    languages: list[Option] = field(default_factory=list)
    countries: list[Option] = field(default_factory=list)


def resource_facets(filters: ResourceFilters) -> Facets:
    """Counts per option, each with the other filters applied: one aggregate for types,
    themes and languages, one grouped query for countries (and their names)."""
    from django.conf import settings

    from alliance87.core.content import current_language
    from alliance87.partners.models import Theme

    kind_q = Q(kind=filters.kind) if filters.kind else Q()
    theme_q = _theme_q(filters.theme) if filters.theme else Q()
    lang_q = _language_q(filters.language) if filters.language else Q()
    conditions: dict[str, Q] = {}
    for k in Kind.values:
        conditions[f"k:{k}"] = Q(kind=k) & theme_q & lang_q
    for t in Theme.values:
        conditions[f"t:{t}"] = _theme_q(t) & kind_q & lang_q
    for code, _name in settings.LANGUAGES:
        conditions[f"l:{code}"] = _language_q(code) & kind_q & theme_q
    base = resource_search(ResourceFilters(q=filters.q, country=filters.country))
    keys = list(conditions)
    agg = base.aggregate(**{f"n{i}": Count("pk", filter=conditions[k]) for i, k in enumerate(keys)})
    counts = {k: agg[f"n{i}"] or 0 for i, k in enumerate(keys)}
    lang = current_language()
    rows = (
        Countries.objects.filter(
            resource_id__in=resource_search(filters.without("country")).values("pk")
        )
        .values("country_id", "country__name_en", f"country__name_{lang}")
        .annotate(n=Count("resource_id"))
    )
    return Facets(
        kinds=[
            Option(k.value, str(k.label), counts[f"k:{k.value}"], k.value == filters.kind)
            for k in Kind
        ],
        themes=[
            Option(t.value, str(t.label), counts[f"t:{t.value}"], t.value == filters.theme)
            for t in Theme
        ],
        languages=[
            Option(c, str(n), counts[f"l:{c}"], c == filters.language)
            for c, n in settings.LANGUAGES
        ],
        countries=sorted(
            (
                Option(
                    r["country_id"],
                    r[f"country__name_{lang}"] or r["country__name_en"],
                    r["n"],
                    r["country_id"] == filters.country,
                )
                for r in rows
            ),
            key=lambda o: o.label,
        ),
    )


def resource_get(slug: str, *, user=None) -> Resource:
    """A resource with its versions, countries and linked objects (``NotFound`` when it is
    not there or not visible to ``user``)."""
    resource = (
        Resource.objects.select_related(
            "publisher",
            "pathfinder__country",
            "group",
            "indicator__result__framework",
            "gcg_meeting",
        )
        .prefetch_related("versions", "countries")
        .filter(slug=slug)
        .first()
    )
    if resource is None or not can(user, "knowledge.view_resource", resource):
        raise NotFound(_("This resource does not exist."))
    return resource


def review_queue() -> QuerySet[Resource]:
    """Resources waiting for the Secretariat, oldest first."""
    return (
        Resource.objects.filter(status=Status.SUBMITTED)
        .select_related("publisher")
        .order_by("updated_at", "pk")
    )


def search_documents() -> QuerySet[SearchDocument]:
    return SearchDocument.objects.all()


def event_get(slug: str):
    """An event with its agenda and hosts, and how many have registered (three queries)."""
    from .models import Event

    event = (
        Event.objects.prefetch_related("agenda", "hosts")
        .annotate(registered=Count("registrations"))
        .filter(slug=slug)
        .first()
    )
    if event is None:
        raise NotFound(_("This event does not exist."))
    return event


@functools.cache
def expected_results() -> list[dict]:
    """Seed 002's expected results, as it states them (``data/expected_results.json``):
    three areas, each with its results, every text in four languages (Spanish the original)."""
    path = Path(__file__).parent / "data" / "expected_results.json"
    return json.loads(path.read_text(encoding="utf-8"))["areas"]


def home_blocks(*, today=None) -> dict:
    """What the home page shows of the knowledge hub: the figures with their current value,
    the next events, the latest news and the pathfinder countries' count (five queries)."""
    from django.db.models import OuterRef, Subquery
    from django.utils import timezone

    from alliance87.pathfinders.models import Pathfinder

    from .models import Event, Figure, FigureValue, Story

    today = today or timezone.localdate()
    latest = FigureValue.objects.filter(figure=OuterRef("pk")).order_by("-recorded_on", "-pk")
    figures = list(
        Figure.objects.annotate(
            current=Subquery(latest.values("value")[:1]),
            current_year=Subquery(latest.values("year")[:1]),
            current_source=Subquery(latest.values("source")[:1]),
        )
    )
    return {
        "figures": figures,
        "expected_results": expected_results(),
        "next_events": list(Event.objects.filter(start_date__gte=today).order_by("start_date")[:3]),
        "latest_news": list(
            Story.objects.filter(status=Status.PUBLISHED).order_by("-published_at")[:3]
        ),
        "pathfinders": Pathfinder.objects.filter(status="active").count(),
    }
