"""The knowledge hub API: public reads of published resources and the search; the
submit → publish steps through the services."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import ConfigDict, Field

from alliance87.core.api_support import (
    PUBLIC_READ,
    WRITE,
    authenticated,
    errors,
    localised,
    optional_auth,
)
from alliance87.core.exceptions import NotFound
from alliance87.core.permissions import can
from alliance87.partners.models import Partner

from . import search, selectors, services
from .models import Event, Story
from .models import Status as StoryStatus

router = Router(tags=["knowledge"])
PUBLIC = {"auth": optional_auth}


def publisher_slug(obj) -> str | None:
    """A resource's or news item's publishing partner, by its slug (none: the Secretariat)."""
    return obj.publisher.slug if obj.publisher_id else None


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

    resolve_title = localised("titles")
    resolve_summary = localised("summary")
    resolve_publisher = staticmethod(publisher_slug)

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

    resolve_title = localised("titles")


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


# --- Events: the calendar's filters, an event's page ---------------------------------------------


class CalendarItemOut(Schema):
    kind: str = Field(description="gcg_meeting, group_meeting, global_event, side_event, webinar")
    uid: str
    title: str
    date: dt.date
    end_date: dt.date | None
    precision: str = Field(description="day or month: a month is all the source gives")
    starts: dt.datetime | None = Field(
        description="with its offset; without one (floating) when the source states no zone"
    )
    ends: dt.datetime | None
    timezone: str = Field(description="IANA name; empty when the source states no zone")
    place: str
    url: str

    resolve_title = localised("titles")


class EventOut(Schema):
    slug: str
    kind: str
    title: str
    description: str
    topic: str
    start_date: dt.date
    end_date: dt.date | None
    date_precision: str
    starts: dt.time | None
    ends: dt.time | None
    timezone: str
    place: str
    city: str
    hosts: list[str]
    hosts_note: str
    languages: list[str]
    interpretation: list[str]
    duration_minutes: int | None
    capacity_min: int | None
    capacity: int | None
    recording_url: str
    slides_url: str
    source: str

    resolve_title = localised("titles")
    resolve_description = localised("description")
    resolve_topic = localised("topic")
    resolve_city = localised("city")

    @staticmethod
    def resolve_hosts(obj) -> list[str]:
        return [p.slug for p in obj.hosts.all()]


@router.get("/events", response={200: list[CalendarItemOut], **errors(400)}, **PUBLIC)
def events(request, kind: str = "", year: str = ""):
    """The calendar (the page's filters): GCG and group meetings read from their apps, and the
    knowledge hub's own events. An unknown kind or year is ignored, as on the page."""
    from . import calendars

    return calendars.items(calendars.CalendarFilters.from_params({"kind": kind, "year": year}))


@router.get("/events/{slug}", response={200: EventOut, **PUBLIC_READ}, **PUBLIC)
def event(request, slug: str):
    found = Event.objects.prefetch_related("hosts").filter(slug=slug).first()
    if found is None:
        raise NotFound(_("This event does not exist."))
    return found


# --- News -----------------------------------------------------------------------------------------


class StoryOut(Schema):
    slug: str
    title: str
    summary: str
    body: str
    themes: list[str]
    publisher: str | None
    status: str
    published_at: dt.datetime | None

    resolve_title = localised("titles")
    resolve_summary = localised("summary")
    resolve_body = localised("body")
    resolve_publisher = staticmethod(publisher_slug)


@router.get("/news", response=list[StoryOut], **PUBLIC)
def news(request):
    """Published news items, newest first."""
    qs = Story.objects.filter(status=StoryStatus.PUBLISHED).select_related("publisher")
    return list(qs.order_by("-published_at", "-pk")[:100])


@router.get("/news/{slug}", response={200: StoryOut, **PUBLIC_READ}, **PUBLIC)
def story(request, slug: str):
    """A news item: published ones for anyone; a draft only for who may see it (else 404)."""
    found = Story.objects.select_related("publisher").filter(slug=slug).first()
    if found is None or not can(request.user, "knowledge.view_story", found):
        raise NotFound(_("This news item does not exist."))
    return found


# --- Newsletter -----------------------------------------------------------------------------------


class SubscribeIn(Schema):
    model_config = ConfigDict(extra="forbid")
    email: str
    language: Literal["en", "es", "fr", "pt"] = "en"


class SubscribeOut(Schema):
    detail: str


@router.post(
    "/newsletter/subscribe",
    response={202: SubscribeOut, **errors(400, 429)},
    auth=optional_auth,
    summary="Subscribe to the newsletter",
)
def newsletter_subscribe(request, payload: SubscribeIn):
    """Public and rate-limited (the page's limit, shared with it). The answer is the same
    whether or not the address is known; the confirmation link goes by e-mail."""
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email
    from ninja.errors import HttpError

    from alliance87.core import ratelimit

    from . import services_newsletter
    from .views_newsletter import SUBSCRIBE_LIMIT

    ident = request.META.get("REMOTE_ADDR", "")
    if not ratelimit.hit("knowledge.subscribe", ident, limit=SUBSCRIBE_LIMIT, window=3600):
        raise HttpError(429, _("Too many requests from this address. Try again later."))
    try:
        validate_email(payload.email.strip())
    except ValidationError:
        raise ValidationError({"email": _("Enter a valid email address.")}) from None
    services_newsletter.subscribe(email=payload.email, language=payload.language)
    detail = _(
        "If this address can receive the newsletter, a message with a link to confirm the "
        "subscription is on its way."
    )
    return Status(202, {"detail": detail})


class BouncesIn(Schema):
    model_config = ConfigDict(extra="forbid")
    emails: list[str] = Field(..., max_length=10_000)


class BouncesOut(Schema):
    bounced: int


@router.post(
    "/newsletter/bounces",
    response={200: BouncesOut, **WRITE},
    auth=authenticated,
    summary="Record undeliverable addresses (the mail server's bounce reports)",
)
def newsletter_bounces(request, payload: BouncesIn):
    """For the mail provider's bounce webhook or the operator, with a Secretariat token: the
    addresses get no more issues. Returns how many subscribers were marked."""
    from . import services_newsletter

    return {
        "bounced": services_newsletter.bounces_record(actor=request.user, emails=payload.emails)
    }
