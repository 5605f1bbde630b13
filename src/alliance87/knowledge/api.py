"""The knowledge hub API: public reads of published resources and the search; the
submit → publish steps through the services."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import ConfigDict, Field

from alliance87.core import content
from alliance87.core.api_support import PUBLIC_READ, WRITE, authenticated, errors, optional_auth
from alliance87.core.content import current_language
from alliance87.core.exceptions import NotFound
from alliance87.partners.models import Partner

from . import search, selectors, services

router = Router(tags=["knowledge"])
PUBLIC = {"auth": optional_auth}


class ResourceOut(Schema):
    slug: str
    title: str
    summary: str
    kind: str
    status: str
    themes: list[str]
    languages: list[str]
    publisher: str | None
    date: dt.date | None
    source: str

    @staticmethod
    def resolve_title(obj) -> str:
        return content.text(obj.titles, current_language())

    @staticmethod
    def resolve_summary(obj) -> str:
        return content.text(obj.summary, current_language())

    @staticmethod
    def resolve_publisher(obj) -> str | None:
        return obj.publisher.slug if obj.publisher_id else None

    @staticmethod
    def resolve_date(obj) -> dt.date | None:
        return obj.published_on


class ResourceIn(Schema):
    model_config = ConfigDict(extra="forbid")
    titles: dict[str, str] = Field(description='One text per language, e.g. {"en": "..."}')
    summary: dict[str, str] = {}
    kind: str
    publisher: str | None = Field(None, description="the publishing partner's slug")
    themes: list[str] = []
    languages: list[str] = []


class ReturnIn(Schema):
    model_config = ConfigDict(extra="forbid")
    reason: str


class SearchHitOut(Schema):
    kind: str
    ref: str
    title: str

    @staticmethod
    def resolve_title(obj) -> str:
        return content.text(obj.titles, current_language())


class SearchOut(Schema):
    count: int
    results: list[SearchHitOut]
    kinds: dict[str, int]


@router.get("/resources", response=list[ResourceOut], **PUBLIC)
def resources(request, kind: str = "", theme: str = "", language: str = "", q: str = ""):
    filters = selectors.ResourceFilters.from_params(
        {"kind": kind, "theme": theme, "language": language, "q": q}
    )
    return list(selectors.resource_search(filters).select_related("publisher").order_by("slug"))


@router.get("/resources/{slug}", response={200: ResourceOut, **PUBLIC_READ}, **PUBLIC)
def resource(request, slug: str):
    return selectors.resource_get(slug, user=request.user)


@router.get("/search", response={200: SearchOut, **errors(400)}, **PUBLIC)
def search_api(request, q: str, kind: str = "", theme: str = "", country: str = "", page: int = 1):
    filters = search.Filters.from_params({"q": q, "kind": kind, "theme": theme, "country": country})
    results = search.search(filters, page)
    kinds = {o.value: o.count for o in search.facets(filters).kinds}
    return {"count": results.paginator.count, "results": list(results), "kinds": kinds}


@router.post("/resources", response={201: ResourceOut, **WRITE}, auth=authenticated)
def resource_create(request, payload: ResourceIn):
    publisher = None
    if payload.publisher:
        publisher = Partner.objects.filter(slug=payload.publisher).first()
        if publisher is None:
            raise NotFound(_("This partner does not exist."))
    r = services.resource_create(
        actor=request.user,
        titles=payload.titles,
        summary=payload.summary,
        kind=payload.kind,
        publisher=publisher,
        themes=payload.themes,
        languages=payload.languages,
    )
    return Status(201, r)


def _pk(request, slug: str) -> int:
    return selectors.resource_get(slug, user=request.user).pk


@router.post("/resources/{slug}/submit", response={200: ResourceOut, **WRITE}, auth=authenticated)
def resource_submit(request, slug: str):
    return services.resource_submit(actor=request.user, resource_id=_pk(request, slug))


@router.post("/resources/{slug}/publish", response={200: ResourceOut, **WRITE}, auth=authenticated)
def resource_publish(request, slug: str):
    return services.resource_publish(actor=request.user, resource_id=_pk(request, slug))


@router.post("/resources/{slug}/return", response={200: ResourceOut, **WRITE}, auth=authenticated)
def resource_return(request, slug: str, payload: ReturnIn):
    return services.resource_return(
        actor=request.user, resource_id=_pk(request, slug), reason=payload.reason
    )


@router.post("/resources/{slug}/withdraw", response={200: ResourceOut, **WRITE}, auth=authenticated)
def resource_withdraw(request, slug: str):
    return services.resource_withdraw(actor=request.user, resource_id=_pk(request, slug))
