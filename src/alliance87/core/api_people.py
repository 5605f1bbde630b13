"""The people and roles pages' API twins: invite, list people with their roles, give, change
and take away a role (Secretariat; each change audited by ``core.services``)."""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from . import roles, selectors, services
from .api_support import WRITE, authenticated, errors
from .models import Role, RoleAssignment, User
from .permissions import require

router = Router(tags=["people and roles"])

RoleName = StrEnum("RoleName", {r.name: r.value for r in Role})  # type: ignore[misc]
LanguageCode = StrEnum("LanguageCode", {"en": "en", "es": "es", "fr": "fr", "pt": "pt"})  # type: ignore[misc]


class RoleAssignmentOut(Schema):
    id: int
    user_id: int
    role: str
    role_label: str
    scope_id: str = Field("", description="the object the role is held on; empty: global")
    scope: str = Field("", description="that object's name")


class AccountOut(Schema):
    id: int
    email: str
    full_name: str
    is_active: bool
    roles: list[RoleAssignmentOut]


class AccountsQuery(Schema):
    q: str = Field("", max_length=100, description="words of a name or an address")
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=10**6)


class RoleAssignmentIn(Schema):
    model_config = ConfigDict(extra="forbid")
    role: RoleName  # type: ignore[valid-type]
    scope_id: str = Field(
        "",
        max_length=64,
        description="the object's id from the role's list (a country's ISO3 for a focal point)",
    )


class AccountInvitationIn(RoleAssignmentIn):
    email: str = Field(..., min_length=3, max_length=254, description="an e-mail address")
    full_name: str = Field(..., min_length=1, max_length=200)
    preferred_language: LanguageCode = LanguageCode("en")  # type: ignore[valid-type]


def _check_scope(role: str, scope_id: str):
    """The object the role is to be held on. ``core.roles`` names the page's single
    role-and-object choice ``role``; here the schema checks the role, so what is refused is
    the object: the error names ``scope_id``."""
    try:
        return roles.resolve(role, scope_id)
    except ValidationError as exc:
        raise ValidationError({"scope_id": exc.message_dict.get("role", exc.messages)}) from None


def _valid_id(pk: int) -> int:
    """A path id the database can hold (a larger one is simply not found)."""
    if not 0 < pk < 2**31:
        raise Http404
    return pk


def _role_out(assignment: RoleAssignment) -> dict:
    names = roles.scope_names([assignment])
    return {
        "id": assignment.pk,
        "user_id": assignment.user_id,
        "role": assignment.role,
        "role_label": str(roles.role_label(assignment.role)),
        "scope_id": assignment.scope_id or "",
        "scope": names.get(assignment.pk, ""),
    }


@router.get(
    "/accounts/people",
    response={200: list[AccountOut], **errors(400, 401, 403)},
    auth=authenticated,
    summary="People with their roles (the people and roles page)",
)
def people_list(request, filters: Query[AccountsQuery]):
    require(request.user, "core.view_people")
    search = filters.q.replace("\x00", "").strip()
    start = filters.offset
    users = list(selectors.people(search=search)[start : start + filters.limit])
    by_user = selectors.role_rows(users)
    return [
        {
            "id": u.pk,
            "email": u.email,
            "full_name": u.full_name,
            "is_active": u.is_active,
            "roles": [
                {
                    "id": a.pk,
                    "user_id": u.pk,
                    "role": a.role,
                    "role_label": str(label),
                    "scope_id": a.scope_id or "",
                    "scope": scope,
                }
                for a, label, scope in by_user.get(u.pk, [])
            ],
        }
        for u in users
    ]


@router.post(
    "/accounts/invitations",
    response={201: RoleAssignmentOut, **WRITE},
    auth=authenticated,
    summary="Invite a person by e-mail with a role (they set a password from the e-mail)",
)
def invitation_create(request, payload: AccountInvitationIn):
    require(request.user, "core.invite")
    try:
        validate_email(payload.email.strip())
    except ValidationError as exc:
        raise ValidationError({"email": exc.messages}) from None
    _check_scope(str(payload.role), payload.scope_id)
    assignment = services.user_invite(
        actor=request.user,
        email=payload.email,
        full_name=payload.full_name,
        preferred_language=str(payload.preferred_language),
        role=str(payload.role),
        scope_id=payload.scope_id,
    )
    return Status(201, _role_out(assignment))


@router.post(
    "/accounts/people/{user_id}/roles",
    response={201: RoleAssignmentOut, **WRITE},
    auth=authenticated,
    summary="Give a person another role",
)
def role_give(request, user_id: int, payload: RoleAssignmentIn):
    require(request.user, "core.assign_role")
    target = get_object_or_404(User, pk=_valid_id(user_id))
    scope = _check_scope(str(payload.role), payload.scope_id)
    assignment = services.role_assign(
        actor=request.user, user=target, role=str(payload.role), scope=scope
    )
    return Status(201, _role_out(assignment))


@router.put(
    "/accounts/roles/{assignment_id}",
    response={200: RoleAssignmentOut, **WRITE},
    auth=authenticated,
    summary="Change a held role (or the object it is held on)",
)
def role_update(request, assignment_id: int, payload: RoleAssignmentIn):
    require(request.user, "core.assign_role")
    _check_scope(str(payload.role), payload.scope_id)
    assignment = services.role_change(
        actor=request.user,
        assignment_id=_valid_id(assignment_id),
        role=str(payload.role),
        scope_id=payload.scope_id,
    )
    return _role_out(assignment)


@router.delete(
    "/accounts/roles/{assignment_id}",
    response={204: None, **WRITE},
    auth=authenticated,
    summary="Take away a held role",
)
def role_delete(request, assignment_id: int):
    require(request.user, "core.assign_role")
    services.role_revoke_assignment(actor=request.user, assignment_id=_valid_id(assignment_id))
    return Status(204, None)
