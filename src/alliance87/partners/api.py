"""Partner API: the public directory, applications to become a partner, and a partner's people.

``GET /api/partners`` (q, category, country ISO3, region M49, theme, page),
``GET /api/partners/{slug}``, ``POST /api/partner-applications``;
``GET|POST /api/partners/{slug}/people``, ``PATCH|DELETE /api/partners/{slug}/people/{id}``,
``POST|DELETE /api/partners/{slug}/people/{id}/access`` (signed in: the partner's own people
read, its administrators and the Secretariat write; e-mail and phone appear only here).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import Http404
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from alliance87.core.api_support import authenticated, optional_auth
from alliance87.core.models import pick_language
from alliance87.core.permissions import require

from . import selectors, services
from .models import PERSON_LANGUAGES, Category, Partner, Person, Theme

router = Router(tags=["partners"])

CategoryName = Literal[tuple(Category.values)]  # type: ignore[valid-type]
ThemeName = Literal[tuple(Theme.values)]  # type: ignore[valid-type]


class PartnerListQuery(Schema):
    q: str = Field(
        "",
        max_length=200,
        description=(
            "Words to search in names (all languages), acronyms and descriptions; each word matches "
            "the start of a word, without regard to case or accents"
        ),
    )
    category: CategoryName | None = Field(
        None, description="One of the ten partner categories (seed 000)"
    )
    country: str | None = Field(
        None,
        min_length=3,
        max_length=3,
        description=(
            "ISO 3166-1 alpha-3 code: government partners of that country and partners working there"
        ),
    )
    region: str | None = Field(
        None,
        pattern=r"^\d{3}$",
        description=(
            "UN M49 region code: partners working in that region, a country of it or a region inside it"
        ),
    )
    theme: ThemeName | None = Field(
        None, description="A Target 8.7 area or an accelerator area (seed 004)"
    )
    page: int = Field(1, ge=1, description="Page number, 20 partners a page")


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


class FocalPointOut(Schema):
    name: str
    position: str


class PartnerDetailOut(PartnerSummaryOut):
    descriptions: dict[str, str]
    country: str | None = Field(None, description="ISO3 code, for government partners")
    countries_of_work: list[str]
    regions_of_work: list[str]
    date_joined: dt.date | None
    status: str
    logo: str | None = None
    focal_points: list[FocalPointOut] = Field(
        default_factory=list,
        description="Names and positions of the partner's focal points (never contacts)",
    )


def _summary(p: Partner) -> dict:
    return {
        "slug": p.slug,
        "name": p.name,
        "names": p.names,
        "acronym": p.acronym,
        "category": p.category,
        "government_kind": p.government_kind,
        "headquarters": p.headquarters_id,
        "themes": p.themes,
        "website": p.website,
        "description": pick_language(p.description),
    }


@router.get(
    "/partners", response=PartnerPageOut, auth=optional_auth, summary="Search the partner directory"
)
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


@router.get(
    "/partners/{slug}", response=PartnerDetailOut, auth=optional_auth, summary="A partner's profile"
)
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
        "focal_points": [
            {"name": person.full_name, "position": person.position}
            for person in p.people.all()
            if person.is_focal_point
        ],
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
    commitment: bool = Field(
        ...,
        description="Commitment to promote international human rights and labour standards; must be true",
    )
    language: Literal["en", "es", "fr", "pt"] = "en"


class PartnerApplicationOut(Schema):
    id: int
    state: str
    committed_at: dt.datetime


class ErrorOut(Schema):
    detail: str
    errors: list[dict[str, str]]


@router.post(
    "/partner-applications",
    response={201: PartnerApplicationOut, 400: ErrorOut, 429: ErrorOut},
    auth=optional_auth,
    summary="Apply to become a partner",
)
def partner_application_create(request, payload: PartnerApplicationIn):
    """Public. The Secretariat vets the application; the contact person is e-mailed at each step."""
    from django.utils.translation import gettext as _
    from ninja.errors import HttpError

    from .views import application_rate_ok

    if not application_rate_ok(request):
        raise HttpError(
            429, _("Too many applications were sent from your network. Try again later.")
        )
    actor = request.user if request.user.is_authenticated else None
    application = services.application_submit(actor=actor, data=payload.model_dump())
    return Status(
        201,
        {
            "id": application.pk,
            "state": application.state,
            "committed_at": application.committed_at,
        },
    )


# --- People of a partner -------------------------------------------------------------------------

LanguageCode = Literal[tuple(PERSON_LANGUAGES)]  # type: ignore[valid-type]
AccessRole = Literal["partner_member", "partner_admin"]


class PersonOut(Schema):
    id: int
    full_name: str
    position: str
    email: str
    phone: str
    languages: list[str]
    is_focal_point: bool
    access: str = Field(description='"partner_admin", "partner_member" or "" (cannot sign in)')
    version: int


class PersonIn(Schema):
    """A person to add. Unknown fields are refused."""

    model_config = ConfigDict(extra="forbid")

    full_name: str = Field(..., min_length=1, max_length=200)
    position: str = Field("", max_length=200)
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=50)
    languages: list[LanguageCode] = Field(default_factory=list, description="First is preferred")
    is_focal_point: bool = False


class PersonPatchIn(Schema):
    """Fields to change, with the ``version`` read (optimistic locking: 409 if it moved on)."""

    model_config = ConfigDict(extra="forbid")

    version: int = Field(..., ge=1)
    full_name: str | None = Field(None, min_length=1, max_length=200)
    position: str | None = Field(None, max_length=200)
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=50)
    languages: list[LanguageCode] | None = None
    is_focal_point: bool | None = None


class AccessIn(Schema):
    model_config = ConfigDict(extra="forbid")

    role: AccessRole = Field(
        ..., description="Sign in as a member or as an administrator of the partner"
    )
    version: int = Field(..., ge=1)


class VersionQuery(Schema):
    version: int = Field(
        ..., ge=1, description="The version of the person read (optimistic locking)"
    )


def _person_out(person: Person) -> dict:
    return {
        "id": person.pk,
        "full_name": person.full_name,
        "position": person.position,
        "email": person.email,
        "phone": person.phone,
        "languages": person.languages,
        "is_focal_point": person.is_focal_point,
        "access": person.access,
        "version": person.version,
    }


def _partner(slug: str) -> Partner:
    partner = Partner.objects.filter(slug=slug).first()
    if partner is None:
        raise Http404
    return partner


def _person_call(fn, **kwargs):
    try:
        return fn(**kwargs)
    except Person.DoesNotExist as exc:
        raise Http404 from exc


PEOPLE_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


@router.get(
    "/partners/{slug}/people",
    response={200: list[PersonOut], **PEOPLE_ERRORS},
    auth=authenticated,
    summary="A partner's people, with contact details",
)
def person_list(request, slug: str):
    """For the partner's own members and administrators, and the Secretariat."""
    partner = _partner(slug)
    require(request.user, "partners.view_contacts", partner)
    return [_person_out(p) for p in selectors.partner_people(partner)]


@router.post(
    "/partners/{slug}/people",
    response={201: PersonOut, **PEOPLE_ERRORS},
    auth=authenticated,
    summary="Add a person to a partner",
)
def person_create(request, slug: str, payload: PersonIn):
    partner = _partner(slug)
    person = services.person_add(
        actor=request.user, partner_id=partner.pk, data=payload.model_dump()
    )
    return Status(201, _person_out(person))


@router.patch(
    "/partners/{slug}/people/{person_id}",
    response={200: PersonOut, **PEOPLE_ERRORS},
    auth=authenticated,
    summary="Change a person's details",
)
def person_patch(request, slug: str, person_id: int, payload: PersonPatchIn):
    partner = _partner(slug)
    data = payload.model_dump(exclude_unset=True)
    version = data.pop("version")
    person = _person_call(
        services.person_update,
        actor=request.user,
        person_id=person_id,
        partner_id=partner.pk,
        data=data,
        expected_version=version,
    )
    return _person_out(person)


@router.delete(
    "/partners/{slug}/people/{person_id}",
    response={204: None, **PEOPLE_ERRORS},
    auth=authenticated,
    summary="Remove a person (and their access)",
)
def person_delete(request, slug: str, person_id: int, query: Query[VersionQuery]):
    partner = _partner(slug)
    _person_call(
        services.person_remove,
        actor=request.user,
        person_id=person_id,
        partner_id=partner.pk,
        expected_version=query.version,
    )
    return Status(204, None)


@router.post(
    "/partners/{slug}/people/{person_id}/access",
    response={200: PersonOut, **PEOPLE_ERRORS},
    auth=authenticated,
    summary="Invite a person to sign in as a member or administrator",
)
def person_access_grant(request, slug: str, person_id: int, payload: AccessIn):
    """Creates the account if needed and e-mails the person a link to set a password."""
    partner = _partner(slug)
    person = _person_call(
        services.person_grant_access,
        actor=request.user,
        person_id=person_id,
        partner_id=partner.pk,
        role=payload.role,
        expected_version=payload.version,
    )
    return _person_out(person)


@router.delete(
    "/partners/{slug}/people/{person_id}/access",
    response={200: PersonOut, **PEOPLE_ERRORS},
    auth=authenticated,
    summary="Remove a person's access",
)
def person_access_remove(request, slug: str, person_id: int, query: Query[VersionQuery]):
    partner = _partner(slug)
    person = _person_call(
        services.person_remove_access,
        actor=request.user,
        person_id=person_id,
        partner_id=partner.pk,
        expected_version=query.version,
    )
    return _person_out(person)
