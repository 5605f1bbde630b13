"""What every app's API shares: authentication and the one error shape.

Errors are ``{"detail": "...", "errors": [{"field": "...", "message": "..."}]}``.
"""

from __future__ import annotations

import hashlib
import json
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaValidationError
from ninja.security import HttpBearer, SessionAuth
from pydantic import ConfigDict

from .exceptions import DomainError


class FieldErrorOut(Schema):
    field: str
    message: str
    code: str | None = None


class ErrorOut(Schema):
    """The one error shape of the API (400, 401, 403, 404, 409)."""

    detail: str
    errors: list[FieldErrorOut] = []
    code: str | None = None
    params: dict | None = None


def errors(*statuses: int) -> dict[int, type[ErrorOut]]:
    """Error responses for an endpoint's ``response=``, so OpenAPI documents them:
    ``response={200: PartnerOut, **errors(400, 403, 404, 409)}``."""
    return dict.fromkeys(statuses, ErrorOut)


class VersionIn(Schema):
    """The body of a step that changes nothing but the state: the version the user saw."""

    model_config = ConfigDict(extra="forbid")
    version: int


def localised(field: str) -> staticmethod:
    """A schema's resolver for content in several languages (``core.content``): the text of
    ``obj.<field>`` in the request's language, else its fallback (``content.text``)::

        class StoryOut(Schema):
            title: str
            resolve_title = localised("titles")
    """
    from .content import current_language, text

    return staticmethod(lambda obj: text(getattr(obj, field), current_language()))


#: What a read open to the public can answer besides 200.
PUBLIC_READ = errors(400, 404)
#: What a write by a signed-in user can answer besides success.
WRITE = errors(400, 401, 403, 404, 409)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def new_token() -> str:
    return "a87_" + secrets.token_urlsafe(32)


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>`` for machines; tokens are stored hashed."""

    def authenticate(self, request, token):
        from .models_tokens import ApiToken

        found = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=hash_token(token), revoked_at=None)
            .first()
        )
        if found is None or not found.user.is_active:
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        return found.user


session_auth = SessionAuth(csrf=True)
# Endpoints that need a signed-in actor accept either.
authenticated = [TokenAuth(), session_auth]


class OptionalAuth(TokenAuth):
    """Public endpoints: a token, when sent, identifies the caller; otherwise the session user
    (possibly anonymous) is the caller."""

    def __call__(self, request):
        if request.headers.get("Authorization"):
            return super().__call__(request)
        return request.user if request.user.is_authenticated else _Anonymous(request.user)


_ERROR_RESPONSE = {
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
}


class PlatformAPI(NinjaAPI):
    """The project's API: its OpenAPI says that a public endpoint needs no token (an empty
    security requirement beside the optional bearer token) instead of claiming one, and that
    every operation taking input may answer 400 (a path or query parameter that does not
    parse) and every one needing a token 401."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                if not isinstance(operation, dict):
                    continue
                security = operation.get("security")
                if security and any("OptionalAuth" in s for s in security):
                    operation["security"] = [{}, {"TokenAuth": []}]
                elif security:
                    operation["responses"].setdefault(
                        "401", {"description": "Unauthorized", **_ERROR_RESPONSE}
                    )
                if operation.get("parameters") or operation.get("requestBody"):
                    operation["responses"].setdefault(
                        "400", {"description": "Bad Request", **_ERROR_RESPONSE}
                    )
        schemes = schema.get("components", {}).get("securitySchemes", {})
        if "OptionalAuth" in schemes:
            schemes.setdefault("TokenAuth", schemes.pop("OptionalAuth"))
        return schema


class _Anonymous:
    """A truthy wrapper so ninja treats anonymous public access as authenticated."""

    def __init__(self, user):
        self.user = user

    def __bool__(self) -> bool:
        return True


optional_auth = OptionalAuth()


def actor(request):
    """The user acting on this API request (may be anonymous)."""
    return request.user


def _error(api: NinjaAPI, request, status: int, detail: str, errors=None):
    return api.create_response(request, {"detail": detail, "errors": errors or []}, status=status)


def _field(loc) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "form", "payload")]
    # ninja nests the body under the parameter name; drop it when it is the schema's name.
    return ".".join(
        parts[1:] if len(parts) > 1 and parts[0] in ("data", "payload", "body_data") else parts
    )


def _messages_and_codes(error: ValidationError):
    """(message, code) for each message of one field's error (a stable code where given)."""
    for e in error.error_list if hasattr(error, "error_list") else [error]:
        message = e.message % e.params if e.params else e.message
        yield str(message), e.code


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(SchemaValidationError)
    def schema_error(request, exc):
        errors = [
            {"field": _field(e.get("loc", ())), "message": e.get("msg", "")} for e in exc.errors
        ]
        return _error(api, request, 400, _("The request is not valid."), errors)

    @api.exception_handler(ValidationError)
    def validation_error(request, exc):
        if hasattr(exc, "error_dict"):
            errors = [
                {"field": "" if field == "__all__" else field, "message": m, "code": code}
                for field, field_errors in exc.error_dict.items()
                for e in field_errors
                for m, code in _messages_and_codes(e)
            ]
        else:
            errors = [{"field": "", "message": str(m)} for m in exc.messages]
        return _error(api, request, 400, _("The request is not valid."), errors)

    @api.exception_handler(DomainError)
    def domain_error(request, exc):
        errors = [{"field": exc.field or "", "message": exc.message}]
        response = _error(api, request, exc.status_code, exc.message, errors)
        if exc.code:  # a stable code (and its parameters) beside the translated text
            body = json.loads(response.content)
            body["code"] = exc.code
            if exc.params:
                body["params"] = {
                    k: list(v) if isinstance(v, tuple) else v for k, v in exc.params.items()
                }
            response = api.create_response(request, body, status=exc.status_code)
        return response

    @api.exception_handler(PermissionDenied)
    def permission_denied(request, exc):
        return _error(api, request, 403, str(exc) or _("You do not have permission to do this."))

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return _error(api, request, 401, _("Authentication required."))

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return _error(api, request, 404, _("Not found."))

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        return _error(api, request, exc.status_code, str(exc))
