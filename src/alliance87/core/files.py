"""Uploaded files: unguessable names on disk, and downloads that check permission first.

Only public files (partner logos) are served straight from ``MEDIA_URL``; every other upload
(ministers' letters, draft reports, evidence) is stored under an unguessable name and reaches a
browser only through an app view that checks object-level permission and then calls
:func:`download`.
"""

from __future__ import annotations

import mimetypes
import os
import posixpath
import uuid
import zipfile

from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.deconstruct import deconstructible

# Prefixes under MEDIA_ROOT that anyone may fetch directly (see alliance87/urls.py).
PUBLIC_MEDIA_PREFIXES = ("partners/logos/",)


@deconstructible
class UnguessableUploadTo:
    """An ``upload_to``: ``<prefix>/<yyyy>/<mm>/<uuid4>.<ext>``. The original name is not used
    on disk, so paths cannot be guessed and no user-chosen name reaches the filesystem."""

    def __init__(self, prefix: str):
        self.prefix = prefix.strip("/")

    def __call__(self, instance, filename: str) -> str:
        ext = os.path.splitext(filename)[1].lower()[:10]
        return f"{self.prefix}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{ext}"

    def __eq__(self, other) -> bool:
        return isinstance(other, UnguessableUploadTo) and other.prefix == self.prefix

    def __hash__(self) -> int:
        return hash(self.prefix)


def unguessable_upload_to(prefix: str) -> UnguessableUploadTo:
    return UnguessableUploadTo(prefix)


#: The part of an Office Open XML file that says what it is.
OOXML_MARKERS = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
}


def check_document(
    upload,
    *,
    extensions,
    message: str,
    field: str = "file",
    max_bytes: int | None = None,
    too_large: str | None = None,
) -> None:
    """Refuse an upload that is not really one of ``extensions`` (``pdf``, ``docx``, ``xlsx``,
    ``pptx``: its extension *and* its content are checked), or is over ``max_bytes``.
    Raises ``ValidationError({field: ...})``; the file is left at its start."""
    from django.core.exceptions import ValidationError

    size = getattr(upload, "size", None)
    if max_bytes is not None and size is not None and size > max_bytes:
        raise ValidationError({field: too_large or message})
    name = (getattr(upload, "name", "") or "").lower()
    ext = name.rsplit(".", 1)[-1] if "." in name else ""
    if ext not in extensions:
        raise ValidationError({field: message})
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if ext == "pdf":
        if not head.startswith(b"%PDF-"):
            raise ValidationError({field: message})
        return
    if not head.startswith(b"PK\x03\x04"):
        raise ValidationError({field: message})
    try:
        with zipfile.ZipFile(upload) as zf:
            names = set(zf.namelist())
    except zipfile.BadZipFile:
        raise ValidationError({field: message}) from None
    finally:
        upload.seek(0)
    if OOXML_MARKERS.get(ext) not in names:
        raise ValidationError({field: message})


def download(fieldfile, *, filename: str | None = None) -> FileResponse:
    """Send a stored file as an attachment. Call only after checking permission."""
    if not fieldfile:
        raise Http404
    try:
        handle = fieldfile.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    name = filename or os.path.basename(fieldfile.name)
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response


def serve_public_media(request, path: str):
    """Development and ``SERVE_MEDIA``: serve a file under one of :data:`PUBLIC_MEDIA_PREFIXES`
    and nothing else. The path is normalised *before* the prefix is checked, so
    ``partners/logos/%2e%2e/..`` cannot reach private uploads."""
    from django.conf import settings
    from django.views.static import serve

    clean = posixpath.normpath(path.replace("\\", "/")).lstrip("/")
    if "\x00" in clean or clean.startswith("..") or not clean.startswith(PUBLIC_MEDIA_PREFIXES):
        raise Http404
    return serve(request, clean, document_root=settings.MEDIA_ROOT)
