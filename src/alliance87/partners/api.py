"""Partner API: the public directory and applications to become a partner.

``GET /api/partners`` (q, category, country ISO3, region M49, theme, page),
``GET /api/partners/{slug}``, ``POST /api/partner-applications``.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import Http404
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from alliance87.core.api_support import optional_auth
from alliance87.core.models import pick_language

from . import selectors, services
from .models import Category, Partner, Theme

router = Router(tags=["partners"])

CategoryName = Literal[tuple(Category.values)]  # type: ignore[valid-type]
ThemeName = Literal[tuple(Theme.values)]  # type: ignore[valid-type]


class PartnerListQuery(Schema):
    q: str = Field("", max_length=200, description="Words to search in names, acronyms and descriptions")
    category: CategoryName | None = None
    country: str | None = Field(None, min_length=3, max_length=3, description="ISO 3166-1 alpha-3 code")
    region: str | None = Field(None, pattern=r"^\d{3}$", description="UN M49 region code")
    theme: ThemeName | None = None
    page: int = Field(1, ge=1)


class PartnerSummaryOut(Schema):
    slug: str
    name: str
    names: dict[str, str]
    acronym: str
    category: str
    government_kind: str
    headquarters: str | None = Field(None, description="ISO3 code of the headquarters country")
    themes: list[str]
    website: str
    description: str


class PartnerPageOut(Schema):
    count: int
    page: int
    pages: int
    results: list[PartnerSummaryOut]


class PartnerDetailOut(PartnerSummaryOut):
    descriptions: dict[str, str]
    country: str | None = Field(None, description="ISO3 code, for government partners")
    countries_of_work: list[str]
    regions_of_work: list[str]
    date_joined: dt.date | None
    status: str
    logo: str | None = None


def _summary(p: Partner) -> dict:
    return {
        "slug": p.slug, "name": p.name, "names": p.names, "acronym": p.acronym, "category": p.category,
        "government_kind": p.government_kind, "headquarters": p.headquarters_id, "themes": p.themes,
        "website": p.website, "description": pick_language(p.description),
    }


@router.get("/partners", response=PartnerPageOut, auth=optional_auth, summary="Search the partner directory")
def partner_list(request, filters: Query[PartnerListQuery]):
    """Active partners matching every filter given, 20 per page, ordered by name."""
    parsed = selectors.DirectoryFilters.from_params(filters.model_dump(exclude={"page"}))
    page = selectors.partner_page(parsed, filters.page)
    return {
        "count": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "results": [_summary(p) for p in page],
    }


@router.get("/partners/{slug}", response=PartnerDetailOut, auth=optional_auth, summary="A partner's profile")
def partner_detail(request, slug: str):
    try:
        p = selectors.partner_get(slug, user=request.user)
    except Partner.DoesNotExist as exc:
        raise Http404 from exc
    return {
        **_summary(p),
        "descriptions": p.description,
        "country": p.country_id,
        "countries_of_work": sorted(c.pk for c in p.countries_of_work.all()),
        "regions_of_work": sorted(r.pk for r in p.regions_of_work.all()),
        "date_joined": p.date_joined,
        "status": p.status,
        "logo": request.build_absolute_uri(p.logo.url) if p.logo else None,
    }


class PartnerApplicationIn(Schema):
    """An application to become a partner. Unknown fields are refused."""

    model_config = ConfigDict(extra="forbid")

    organisation_name: str = Field(..., min_length=1, max_length=200)
    acronym: str = Field("", max_length=40)
    category: CategoryName
    government_kind: Literal["", "country", "ministry"] = ""
    country: str = Field(..., min_length=3, max_length=3, description="ISO 3166-1 alpha-3 code")
    website: str = Field("", max_length=200)
    themes: list[ThemeName] = []
    contact_name: str = Field(..., min_length=1, max_length=200)
    contact_position: str = Field("", max_length=200)
    contact_email: str = Field(..., max_length=254)
    statement: str = Field(..., description="Your work on Target 8.7 (at least 20 words)")
    commitment: bool = Field(..., description="Commitment to promote international human rights and labour standards; must be true")
    language: Literal["en", "es", "fr", "pt"] = "en"


class PartnerApplicationOut(Schema):
    id: int
    state: str
    committed_at: dt.datetime


class ErrorOut(Schema):
    detail: str
    errors: list[dict[str, str]]


@router.post("/partner-applications", response={201: PartnerApplicationOut, 400: ErrorOut, 429: ErrorOut},
             auth=optional_auth,
             summary="Apply to become a partner")
def partner_application_create(request, payload: PartnerApplicationIn):
    """Public. The Secretariat vets the application; the contact person is e-mailed at each step."""
    from django.utils.translation import gettext as _
    from ninja.errors import HttpError

    from .views import application_rate_ok

    if not application_rate_ok(request):
        raise HttpError(429, _("Too many applications were sent from your network. Try again later."))
    actor = request.user if request.user.is_authenticated else None
    application = services.application_submit(actor=actor, data=payload.model_dump())
    return Status(201, {"id": application.pk, "state": application.state, "committed_at": application.committed_at})
