"""Reads for the directory pages, the exports and the API. Each runs a fixed number of queries
whatever the number of partners (tests pin them at 10 and 500 partners).

Search: the query is folded (lower case, no accents) into words; a partner matches when every
word starts a word of its names (all languages), acronym or descriptions. On PostgreSQL this
runs as a full-text search (``to_tsvector('simple', …) @@ 'word:*' & …``, GIN-indexed); on
SQLite as index range scans on ``PartnerSearchTerm``, the same folded words one per row, so
users get the same results on both.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, F, Q, QuerySet, TextField
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from alliance87.core import collation
from alliance87.core.content import current_language, texts
from alliance87.core.exceptions import NotFound
from alliance87.core.models import Country, Region

from . import rules
from .models import Application, Category, Partner, PartnerSearchTerm, Theme

PAGE_SIZE = 20
CountriesOfWork = Partner.countries_of_work.through


@dataclass(frozen=True)
class DirectoryFilters:
    """The directory's filters, parsed from a query string; invalid values are dropped."""

    q: str = ""
    category: str = ""
    country: str = ""
    region: str = ""
    theme: str = ""

    @classmethod
    def from_params(cls, params: Any) -> DirectoryFilters:
        """Read filters from a ``QueryDict`` or a plain dict, keeping only well-formed values."""

        def get(name: str) -> str:
            value = params.get(name) if params is not None else None
            return str(value).strip() if value is not None else ""

        category = get("category")
        country = get("country").upper()
        region = get("region")
        theme = get("theme")
        return cls(
            q=get("q")[:200],
            category=category if category in Category.values else "",
            country=country if len(country) == 3 and country.isalpha() else "",
            region=region if len(region) == 3 and region.isdigit() else "",
            theme=theme if theme in Theme.values else "",
        )

    def without(self, name: str) -> DirectoryFilters:
        return replace(self, **{name: ""})

    def as_params(self) -> dict[str, str]:
        return {k: v for k, v in self.__dict__.items() if v}


def public_partners() -> QuerySet[Partner]:
    """Partners shown to the public: active ones (rules.partner_is_public)."""
    return Partner.objects.filter(status=rules.ACTIVE)


def _search(qs: QuerySet[Partner], query: str) -> QuerySet[Partner]:
    terms = rules.search_terms(query)
    if not terms:
        return qs
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        tsquery = " & ".join(f"{term}:*" for term in terms)
        return qs.annotate(_search=SearchVector("search_text", config="simple")).filter(
            _search=SearchQuery(tsquery, search_type="raw", config="simple")
        )
    for term in terms:
        # A range on the indexed term column: every word that starts with ``term``.
        qs = qs.filter(
            pk__in=PartnerSearchTerm.objects.filter(
                term__gte=term, term__lt=term + "\U0010ffff"
            ).values("partner_id")
        )
    return qs


def partner_search(
    filters: DirectoryFilters, *, base: QuerySet[Partner] | None = None
) -> QuerySet[Partner]:
    """Public partners matching ``filters`` (unordered)."""
    qs = public_partners() if base is None else base
    if filters.category:
        qs = qs.filter(category=filters.category)
    if filters.theme:
        qs = qs.filter(theme_keys__contains=f"|{filters.theme}|")
    if filters.region:
        qs = qs.filter(region_keys__contains=f"|{filters.region}|")
    if filters.country:
        qs = qs.filter(
            Q(country_id=filters.country)
            | Q(
                pk__in=CountriesOfWork.objects.filter(country_id=filters.country).values(
                    "partner_id"
                )
            )
        )
    return _search(qs, filters.q)


def ordered(qs: QuerySet[Partner], language: str | None = None) -> QuerySet[Partner]:
    """By name in the current language (English where a partner has none), as that language
    sorts ("México" before "Ministerio": ``core.collation``), then slug."""
    lang = (language or get_language() or "en")[:2]
    return qs.annotate(
        _sort=collation.collated(
            Coalesce(KT(f"names__{lang}"), KT("names__en"), F("slug"), output_field=TextField()),
            lang,
        )
    ).order_by("_sort", "slug")


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class Facets:
    categories: list[Option] = field(default_factory=list)
    themes: list[Option] = field(default_factory=list)
    regions: list[Option] = field(default_factory=list)
    countries: list[Option] = field(default_factory=list)


def _conditional_counts(qs: QuerySet[Partner], conditions: dict[str, Q]) -> dict[str, int]:
    if not conditions:
        return {}
    keys = list(conditions)
    result = qs.aggregate(
        **{f"n{i}": Count("pk", filter=conditions[k]) for i, k in enumerate(keys)}
    )
    return {k: result[f"n{i}"] or 0 for i, k in enumerate(keys)}


def directory_facets(filters: DirectoryFilters) -> Facets:
    """Counts per option for each filter, each computed with the *other* filters applied, so
    a user sees how many partners each choice would give. Three queries: the regions, one
    aggregate over the partners matching the search and country (every category, theme and
    region count at once, each with the other two filters as a condition), and the countries."""
    regions = list(Region.objects.all())  # ~30 rows of reference data
    facets = Facets()
    category_q = Q(category=filters.category) if filters.category else Q()
    theme_q = Q(theme_keys__contains=f"|{filters.theme}|") if filters.theme else Q()
    region_q = Q(region_keys__contains=f"|{filters.region}|") if filters.region else Q()
    conditions: dict[str, Q] = {}
    for c in Category.values:
        conditions[f"c:{c}"] = Q(category=c) & theme_q & region_q
    for t in Theme.values:
        conditions[f"t:{t}"] = Q(theme_keys__contains=f"|{t}|") & category_q & region_q
    for r in regions:
        conditions[f"r:{r.code}"] = Q(region_keys__contains=f"|{r.code}|") & category_q & theme_q
    base = partner_search(DirectoryFilters(q=filters.q, country=filters.country))
    counts = _conditional_counts(base, conditions)
    facets.categories = [
        Option(c.value, str(c.label), counts[f"c:{c.value}"], c.value == filters.category)
        for c in Category
    ]
    facets.themes = [
        Option(t.value, str(t.label), counts[f"t:{t.value}"], t.value == filters.theme)
        for t in Theme
    ]
    facets.regions = sorted(
        (
            Option(r.code, r.name, counts[f"r:{r.code}"], r.code == filters.region)
            for r in regions
            if counts[f"r:{r.code}"] or r.code == filters.region
        ),
        key=lambda o: o.label,
    )
    matching = partner_search(filters.without("country"))
    rows = (
        CountriesOfWork.objects.filter(partner_id__in=matching.values("pk"))
        .values(
            "country_id",
            "country__name_en",
            "country__name_es",
            "country__name_fr",
            "country__name_pt",
        )
        .annotate(n=Count("partner_id"))
    )
    lang = current_language()
    options = [
        Option(
            r["country_id"],
            r[f"country__name_{lang}"] or r["country__name_en"],
            r["n"],
            r["country_id"] == filters.country,
        )
        for r in rows
    ]
    if filters.country and not any(o.selected for o in options):
        country = Country.objects.filter(pk=filters.country).first()
        if country is not None:
            options.append(Option(country.pk, country.name, 0, True))
    facets.countries = collation.sort(options, lambda o: o.label)
    return facets


def partner_page(
    filters: DirectoryFilters, page_number: Any = 1, *, per_page: int = PAGE_SIZE
) -> Page:
    """One page of the filtered directory: two queries (count, rows)."""
    qs = ordered(partner_search(filters)).select_related("headquarters")
    return Paginator(qs, per_page).get_page(page_number)


def partner_export_rows(filters: DirectoryFilters) -> list[Partner]:
    """Every partner matching the filters, with countries and regions of work (three queries)."""
    return list(
        ordered(partner_search(filters))
        .select_related("headquarters")
        .prefetch_related("countries_of_work", "regions_of_work")
    )


def partner_get(slug: str, *, user=None) -> Partner:
    """A partner's profile (``NotFound`` when it is not there or not visible to ``user``).
    The public sees active partners; the Secretariat and the partner's
    own administrators also see it while it is suspended or withdrawn."""
    from alliance87.core.permissions import can

    not_found = _("This partner does not exist.")
    partner = (
        Partner.objects.select_related("headquarters", "country")
        .prefetch_related("countries_of_work", "regions_of_work", "people")
        .filter(slug=slug)
        .first()
    )
    if partner is None:
        raise NotFound(not_found)
    if not rules.partner_is_public(partner.status) and not (
        user and can(user, "partners.edit_profile", partner)
    ):
        raise NotFound(not_found)
    return partner


def application_queue(*, state: str = "") -> QuerySet[Application]:
    """Applications for the Secretariat's vetting queue: open ones first, newest first."""
    qs = Application.objects.select_related("country", "partner")
    qs = qs.filter(state=state) if state else qs.filter(state__in=rules.OPEN_STATES)
    return qs.order_by("-updated_at", "-id")


def partner_people(partner: Partner) -> list:
    """A partner's people with their accounts, for its people page (one query)."""
    from .models import Person

    return list(
        Person.objects.filter(partner=partner).select_related("user").order_by("full_name", "pk")
    )


def existing_partners_for(applications) -> dict[int, list[Partner]]:
    """``{application pk: [partners it may duplicate]}``: an application in the name (any
    language), acronym or website of an existing partner is flagged to the Secretariat.
    One query whatever the number of applications."""
    applications = list(applications)
    if not applications:
        return {}
    partners = [
        (p, rules.organisation_keys(texts(p.names).values(), texts(p.acronym).values(), p.website))
        for p in Partner.objects.exclude(status=Partner.Status.WITHDRAWN).only(
            "pk", "slug", "names", "acronym", "website", "status"
        )
    ]
    flagged: dict[int, list[Partner]] = {}
    for a in applications:
        keys = rules.organisation_keys([a.organisation_name], a.acronym, a.website)
        same = [
            p
            for p, pkeys in partners
            if p.pk != a.partner_id and rules.same_organisation(keys, pkeys)
        ]
        if same:
            flagged[a.pk] = same
    return flagged
