"""The server side of the tus resumable upload protocol, version 1.0.0, with the creation and
termination extensions (https://tus.io/protocols/resumable-upload), for the risk model's
datasets (decision 0003).

* ``OPTIONS uploads/``: what the server supports (``Tus-Version``, ``Tus-Extension``,
  ``Tus-Max-Size``).
* ``POST uploads/``: create an upload; ``Upload-Length`` and ``Upload-Metadata``
  (``filename``, ``country`` = ISO3 code, ``kind`` = survey/census/boundaries, base64) are
  required; 201 with its ``Location``.
* ``HEAD uploads/<id>/``: how many bytes the server has (``Upload-Offset``).
* ``PATCH uploads/<id>/``: append a chunk (``Content-Type: application/offset+octet-stream``)
  at ``Upload-Offset``, which must be the server's offset (409 otherwise).
* ``DELETE uploads/<id>/``: forget an unfinished upload.

An upload is its creator's alone: anyone else gets 404. The browser sends Django's CSRF
token in the ``X-CSRFToken`` header (``static/risk/upload.js``), so CSRF protection stays on.
"""

from __future__ import annotations

import base64
import binascii

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from alliance87.core.exceptions import DomainError, NotFound

from . import services

VERSION = "1.0.0"
EXTENSIONS = "creation,termination"


def _response(status: int, body: str = "", **headers: str) -> HttpResponse:
    response = HttpResponse(body, status=status, content_type="text/plain; charset=utf-8")
    response["Tus-Resumable"] = VERSION
    response["Cache-Control"] = "no-store"
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def _metadata(header: str) -> dict[str, str]:
    """``Upload-Metadata``: comma-separated ``key base64value`` pairs."""
    out = {}
    for pair in filter(None, (p.strip() for p in header.split(","))):
        key, _sep, value = pair.partition(" ")
        try:
            out[key] = base64.b64decode(value, validate=True).decode("utf-8") if value else ""
        except (binascii.Error, UnicodeDecodeError):
            raise ValidationError({"file": _("Upload-Metadata is not valid base64.")}) from None
    return out


def _int_header(request, name: str) -> int | None:
    value = request.headers.get(name)
    if value is None or not value.isdigit():
        return None
    return int(value)


def _error(exc: Exception) -> HttpResponse:
    if isinstance(exc, NotFound):
        return _response(404, exc.message)
    if isinstance(exc, PermissionDenied):
        return _response(403, str(exc))
    if isinstance(exc, ValidationError):
        return _response(400, " ".join(exc.messages))
    assert isinstance(exc, DomainError)
    return _response(exc.status_code, exc.message)


def _version_ok(request) -> bool:
    return request.headers.get("Tus-Resumable") == VERSION


@require_http_methods(["OPTIONS", "POST"])
def uploads(request):
    if request.method == "OPTIONS":
        return _response(
            204,
            Tus_Version=VERSION,
            Tus_Extension=EXTENSIONS,
            Tus_Max_Size=str(services.upload_limit()),
        )
    if not _version_ok(request):
        return _response(412, Tus_Version=VERSION)
    if not request.user.is_authenticated:
        return _response(403)
    try:
        meta = _metadata(request.headers.get("Upload-Metadata", ""))
        upload = services.upload_create(
            actor=request.user,
            country_id=meta.get("country", ""),
            kind=meta.get("kind", ""),
            filename=meta.get("filename", ""),
            length=_int_header(request, "Upload-Length"),
        )
    except (ValidationError, DomainError, PermissionDenied) as exc:
        return _error(exc)
    location = request.build_absolute_uri(reverse("risk:upload", args=[upload.pk]))
    return _response(201, Location=location, Upload_Offset="0")


@require_http_methods(["HEAD", "PATCH", "DELETE", "OPTIONS"])
def upload(request, upload_id):
    if request.method == "OPTIONS":
        return _response(204, Tus_Version=VERSION, Tus_Extension=EXTENSIONS)
    if not _version_ok(request):
        return _response(412, Tus_Version=VERSION)
    try:
        if request.method == "HEAD":
            up = services.upload_get(actor=request.user, upload_id=upload_id)
            return _response(200, Upload_Offset=str(up.offset), Upload_Length=str(up.length))
        if request.method == "DELETE":
            services.upload_delete(actor=request.user, upload_id=upload_id)
            return _response(204)
        if request.content_type != "application/offset+octet-stream":
            return _response(415, _("Content-Type must be application/offset+octet-stream."))
        up = services.upload_append(
            actor=request.user,
            upload_id=upload_id,
            offset=_int_header(request, "Upload-Offset"),
            stream=request,
            content_length=_int_header(request, "Content-Length") or 0,
        )
    except (ValidationError, DomainError, PermissionDenied) as exc:
        return _error(exc)
    headers = {"Upload_Offset": str(up.offset)}
    if up.dataset_id:
        headers["X_Dataset_Url"] = reverse("risk:dataset", args=[up.dataset_id])
    return _response(204, **headers)
