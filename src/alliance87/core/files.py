"""Uploaded files: size limits, unguessable names on disk, old files removed, and downloads
that check permission first.

- Every upload field is a :class:`UploadField` (or :class:`ImageUploadField`) with a size
  limit from the settings (``UPLOAD_MAX_BYTES``; logos ``LOGO_MAX_BYTES``) and a message that
  names it; services that take files call :func:`check_size` too.
- A file replaced or removed through ``core.changes.update`` is deleted from storage once the
  transaction commits, unless another row still names it (:func:`keep_files_named_by`).

Only public files (partner logos) are served straight from ``MEDIA_URL``; every other upload
(ministers' letters, draft reports, evidence) is stored under an unguessable name and reaches a
browser only through an app view that checks object-level permission and then calls
:func:`download`.
"""

from __future__ import annotations

import logging
import mimetypes
import os
import posixpath
import uuid
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.functional import lazy
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)

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


def upload_limit(kind: str = "file") -> int:
    """The largest upload accepted, in bytes: ``LOGO_MAX_BYTES`` for logos, else
    ``UPLOAD_MAX_BYTES`` (settings, from ``LOGO_MAX_MB`` and ``UPLOAD_MAX_MB``)."""
    return settings.LOGO_MAX_BYTES if kind == "logo" else settings.UPLOAD_MAX_BYTES


def check_size(upload, *, kind: str = "file", field: str | None = None) -> None:
    """Refuse a file over its limit, naming the limit and the file's size."""
    limit = upload_limit(kind)
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        message = _("This file is %(size)s; files here may be at most %(limit)s.") % {
            "size": filesizeformat(size),
            "limit": filesizeformat(limit),
        }
        raise ValidationError({field: message} if field else message, code="file_too_large")


def _limit_hint(kind: str, help_text) -> str:
    """The field's help text and its limit, in the language of the page showing it."""
    hint = _("At most %(limit)s.") % {"limit": filesizeformat(upload_limit(kind))}
    return f"{help_text} {hint}" if help_text else hint


class UploadField(forms.FileField):
    """A form's file field with the platform's size limit (``kind``: ``"file"`` or ``"logo"``);
    its help text says the limit."""

    def __init__(self, *args, kind: str = "file", **kwargs):
        self.kind = kind
        super().__init__(*args, **kwargs)
        self.help_text = lazy(_limit_hint, str)(kind, self.help_text)

    def validate(self, value):
        super().validate(value)
        if value:
            check_size(value, kind=self.kind)


class ImageUploadField(UploadField, forms.ImageField):
    """An image (Pillow checks it) with the logo size limit by default."""

    def __init__(self, *args, kind: str = "logo", **kwargs):
        super().__init__(*args, kind=kind, **kwargs)


# Other rows that may name a stored file after its field moved on (a submitted document
# version keeps its file): each app registers a function ``name -> still needed?``.
_KEEPERS: list[Callable[[str], bool]] = []


def keep_files_named_by(still_needed: Callable[[str], bool]) -> None:
    _KEEPERS.append(still_needed)


def _still_named(name: str) -> bool:
    from django.apps import apps

    for model in apps.get_models():
        for f in model._meta.get_fields():
            if (
                isinstance(f, models.FileField)
                and model._default_manager.filter(**{f.name: name}).exists()
            ):
                return True
    return any(keep(name) for keep in _KEEPERS)


def discard_on_commit(fieldfile_name: str, storage) -> None:
    """Delete a file no row names any more, once the transaction commits (never before:
    a rolled-back change keeps its file)."""
    if not fieldfile_name:
        return

    def discard() -> None:
        if _still_named(fieldfile_name):
            return
        try:
            storage.delete(fieldfile_name)
        except OSError:
            log.exception("could not delete a replaced upload")

    transaction.on_commit(discard)


#: The files written inside each open :func:`removed_on_error` block, innermost last.
_WRITTEN: ContextVar[tuple[list[tuple[str, object]], ...]] = ContextVar("written", default=())


@contextmanager
def removed_on_error() -> Iterator[None]:
    """Delete the files :func:`discard_on_rollback` names inside the block when it raises
    (its transaction rolls back); a block that succeeds hands them to the enclosing one.
    ``core.changes.write`` opens one around every service's transaction."""
    mine: list[tuple[str, object]] = []
    token = _WRITTEN.set((*_WRITTEN.get(), mine))
    try:
        yield
    except BaseException:
        _WRITTEN.reset(token)
        for name, storage in mine:
            try:
                storage.delete(name)  # type: ignore[attr-defined]
            except OSError:
                log.exception("could not delete an upload of a rolled-back change")
        raise
    _WRITTEN.reset(token)
    if enclosing := _WRITTEN.get():
        enclosing[-1].extend(mine)


def discard_on_rollback(fieldfile_name: str, storage) -> None:
    """A file just written to ``storage`` for a row of the current transaction: deleted if
    the service's transaction rolls back, so no orphan stays (no-op outside ``changes.write``)."""
    if fieldfile_name and (open_blocks := _WRITTEN.get()):
        open_blocks[-1].append((fieldfile_name, storage))


def fresh_upload(value) -> bool:
    """Whether saving ``value`` into a FileField writes a new file (not a stored one's name)."""
    from django.core.files.base import File
    from django.db.models.fields.files import FieldFile

    if isinstance(value, FieldFile):
        return not value._committed
    return isinstance(value, File)


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
