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

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from alliance87.core import content
from alliance87.core.api_support import (
    PUBLIC_READ,
    WRITE,
    authenticated,
    errors,
    localised,
    optional_auth,
)
from alliance87.core.exceptions import NotFound
from alliance87.core.permissions import require

from . import selectors, services
from .models import PERSON_LANGUAGES, Category, Partner, Theme

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
    """A partner as the directory lists it (built from the model by the resolvers below: the
    one place a partner becomes JSON)."""

    slug: str
    name: str = Field(description="The name in the request's language, else its original")
    names: dict[str, str] = Field(description="The name in each language it is given in")
    original_language: str | None = Field(
        None, description="The language the name and description were written in, when known"
    )
    acronym: str = Field(description="The acronym in the request's language")
    acronyms: dict[str, str] = Field(
        description='The acronym in each language it is given in ("OIT" in es, "ILO" in en)'
    )
    category: str
    government_kind: str
    headquarters: str | None = Field(None, description="ISO3 code of the headquarters country")
    themes: list[str]
    website: str
    description: str

    @staticmethod
    def resolve_acronym(obj: Partner) -> str:
        value = obj.acronym  # a str when the schema is validated again from itself
        return value if isinstance(value, str) else content.text(value)

    @staticmethod
    def resolve_acronyms(obj: Partner) -> dict[str, str]:
        value = getattr(obj, "acronyms", None)  # set when validated again from itself
        return value if isinstance(value, dict) else content.texts(obj.acronym)

    @staticmethod
    def resolve_names(obj: Partner) -> dict[str, str]:
        return content.texts(obj.names)

    @staticmethod
    def resolve_original_language(obj: Partner) -> str | None:
        return content.original_language(obj.names)

    @staticmethod
    def resolve_headquarters(obj: Partner) -> str | None:
        return obj.headquarters_id

    resolve_description = localised("description")


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

    @staticmethod
    def resolve_descriptions(obj: Partner) -> dict[str, str]:
        return content.texts(obj.description)

    @staticmethod
    def resolve_country(obj: Partner) -> str | None:
        return obj.country_id

    @staticmethod
    def resolve_countries_of_work(obj: Partner) -> list[str]:
        return sorted(c.pk for c in obj.countries_of_work.all())

    @staticmethod
    def resolve_regions_of_work(obj: Partner) -> list[str]:
        return sorted(r.pk for r in obj.regions_of_work.all())

    @staticmethod
    def resolve_logo(obj: Partner, context) -> str | None:
        return context["request"].build_absolute_uri(obj.logo.url) if obj.logo else None

    @staticmethod
    def resolve_focal_points(obj: Partner) -> list[dict[str, str]]:
        return [
            {"name": person.full_name, "position": person.position}
            for person in obj.people.all()
            if person.is_focal_point
        ]


@router.get(
    "/partners",
    response={200: PartnerPageOut, **PUBLIC_READ},
    auth=optional_auth,
    summary="Search the partner directory",
)
def partner_list(request, filters: Query[PartnerListQuery]):
    """Active partners matching every filter given, 20 per page, ordered by name."""
    parsed = selectors.DirectoryFilters.from_params(filters.model_dump(exclude={"page"}))
    page = selectors.partner_page(parsed, filters.page)
    # The partners themselves: the response schema resolves each once (building
    # PartnerSummaryOut here and validating it again ran the resolvers on their own output,
    # a 500 for every partner with a description).
    return {
        "count": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "results": list(page),
    }


@router.get(
    "/partners/{slug}",
    response={200: PartnerDetailOut, **PUBLIC_READ},
    auth=optional_auth,
    summary="A partner's profile",
)
def partner_detail(request, slug: str):
    """404 for a partner that does not exist or is not public (suspended, withdrawn), except
    to the Secretariat and the partner's own administrators."""
    return selectors.partner_get(slug, user=request.user)


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


@router.post(
    "/partner-applications",
    response={201: PartnerApplicationOut, **errors(400, 429)},
    auth=optional_auth,
    summary="Apply to become a partner",
)
def partner_application_create(request, payload: PartnerApplicationIn):
    """Public. The Secretariat vets the application; the contact person is e-mailed at each step."""
    from ninja.errors import HttpError

    from .views import application_rate_ok

    if not application_rate_ok(request):
        raise HttpError(
            429, _("Too many applications were sent from your network. Try again later.")
        )
    actor = request.user if request.user.is_authenticated else None
    application = services.application_submit(actor=actor, data=payload.model_dump())
    return Status(201, application)


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


def _partner(slug: str) -> Partner:
    partner = Partner.objects.filter(slug=slug).first()
    if partner is None:
        raise NotFound(_("This partner does not exist."))
    return partner


PEOPLE_ERRORS = WRITE


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
    return selectors.partner_people(partner)


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
    return Status(201, person)


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
    person = services.person_update(
        actor=request.user,
        person_id=person_id,
        partner_id=partner.pk,
        data=data,
        expected_version=version,
    )
    return person


@router.delete(
    "/partners/{slug}/people/{person_id}",
    response={204: None, **PEOPLE_ERRORS},
    auth=authenticated,
    summary="Remove a person (and their access)",
)
def person_delete(request, slug: str, person_id: int, query: Query[VersionQuery]):
    partner = _partner(slug)
    services.person_remove(
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
    person = services.person_grant_access(
        actor=request.user,
        person_id=person_id,
        partner_id=partner.pk,
        role=payload.role,
        expected_version=payload.version,
    )
    return person


@router.delete(
    "/partners/{slug}/people/{person_id}/access",
    response={200: PersonOut, **PEOPLE_ERRORS},
    auth=authenticated,
    summary="Remove a person's access",
)
def person_access_remove(request, slug: str, person_id: int, query: Query[VersionQuery]):
    partner = _partner(slug)
    person = services.person_remove_access(
        actor=request.user,
        person_id=person_id,
        partner_id=partner.pk,
        expected_version=query.version,
    )
    return person
