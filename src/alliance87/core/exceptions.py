"""Domain errors raised by services; pages and the API turn them into one error shape.

- ``django.core.exceptions.ValidationError`` for bad input (field errors via ``error_dict``);
- ``PermissionDenied`` (Django's) when the actor may not act;
- ``Conflict`` when someone else changed the object first (optimistic locking);
- ``TransitionRefused`` when a workflow step is not allowed from the current state;
- ``NotFound`` when the object asked for does not exist (404 on pages and in the API).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

__all__ = [
    "Conflict",
    "DomainError",
    "NotFound",
    "PermissionDenied",
    "TransitionRefused",
    "ValidationError",
]


class DomainError(Exception):
    """A refusal with a message for the user. ``field`` names the input at fault, if any."""

    status_code = 400

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        code: str | None = None,
        params: dict | None = None,
    ):
        super().__init__(message)
        self.message = str(message)
        self.field = field
        self.code = code
        self.params = params or {}


class Conflict(DomainError):
    """The object changed since the user loaded it; nothing was written."""

    status_code = 409


class TransitionRefused(DomainError):
    """The requested step is not allowed from the object's current state."""

    status_code = 409


class NotFound(DomainError, Http404):
    """The object does not exist (or the actor may not know it does): 404 on pages and API."""

    status_code = 404

    def __init__(self, message: str | None = None, **kwargs):
        from django.utils.translation import gettext

        super().__init__(message or gettext("This record does not exist."), **kwargs)
