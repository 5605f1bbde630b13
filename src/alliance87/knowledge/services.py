"""Every change to resources: drafting, files and links, and the submit → publish steps.

Partners (their administrators and members) draft and submit; the Secretariat publishes,
returns or withdraws. Each step locks the row, re-checks the state against
``rules.RESOURCE``, saves through ``core.changes`` (version and audit row) and enqueues its
e-mails and the search index refresh when the transaction commits.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext as _

from alliance87.core import changes, content, files, notify
from alliance87.core.files import check_document
from alliance87.core.permissions import is_secretariat, require
from alliance87.core.refusals import invalid, refused

from . import rules, tasks
from .events import TRANSITION_EVENTS, KnowledgeEvent
from .models import Resource, ResourceVersion

EDITABLE = (
    "titles",
    "summary",
    "kind",
    "themes",
    "languages",
    "published_on",
    "date_note",
    "pathfinder",
    "group",
    "indicator",
    "gcg_meeting",
)


def _missing() -> str:
    return _("This resource does not exist.")


def _unique_slug(titles: dict) -> str:
    base = slugify(content.text(titles, "en") or content.text(titles))[:100] or "resource"
    slug, n = base, 1
    while Resource.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def resource_create(
    *,
    actor,
    titles: dict,
    kind: str,
    publisher=None,
    countries: list | None = None,
    **fields: Any,
) -> Resource:
    """A draft resource for ``publisher`` (a partner of the actor's; the Secretariat may
    leave it empty for its own documents)."""
    require(actor, "knowledge.submit_resource", publisher)
    if publisher is None and not is_secretariat(actor):
        raise ValidationError({"publisher": _("Say which partner publishes this.")})
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: _("This field cannot be set here.")})
    with changes.write():
        resource = changes.create(
            Resource,
            actor=actor,
            event=KnowledgeEvent.RESOURCE_CREATED,
            slug=_unique_slug(titles),
            titles=titles,
            kind=kind,
            publisher=publisher,
            submitted_by=actor,
            countries=countries or [],
            **fields,
        )
    return resource


def resource_update(
    *, actor, resource_id: int, expected_version: int | None, data: dict[str, Any]
) -> Resource:
    unknown = set(data) - {*EDITABLE, "countries"}
    if unknown:
        raise ValidationError({sorted(unknown)[0]: _("This field cannot be set here.")})
    with changes.write():
        resource = changes.lock(Resource, not_found=_missing(), pk=resource_id)
        require(actor, "knowledge.edit_resource", resource)
        if reason := rules.RESOURCE.refusal("edit", rules.Status(resource.status)):
            raise refused(reason)
        changes.update(
            resource,
            actor=actor,
            event=KnowledgeEvent.RESOURCE_UPDATED,
            data=data,
            expected_version=expected_version,
        )
    return resource


def resource_add_version(
    *, actor, resource_id: int, language: str, file=None, url: str = ""
) -> ResourceVersion:
    """Add a language version: an uploaded file (PDF, DOCX, XLSX or PPTX, checked by its
    content, at most ``rules.MAX_FILE_BYTES``) or a link."""
    if reason := rules.version_refusal(bool(file), bool(url)):
        raise invalid(reason, "file")
    if file:
        if too_large := rules.file_size_refusal(getattr(file, "size", None)):
            raise invalid(too_large, "file")
        check_document(
            file,
            extensions=rules.FILE_EXTENSIONS,
            message=_("The file must be a PDF, DOCX, XLSX or PPTX document."),
        )
    with changes.write():
        resource = changes.lock(Resource, not_found=_missing(), pk=resource_id)
        require(actor, "knowledge.edit_resource", resource)
        if ResourceVersion.objects.filter(resource=resource, language=language).exists():
            raise ValidationError(
                {"language": _("This resource already has a version in this language.")}
            )
        version = ResourceVersion(
            resource=resource,
            language=language,
            url=url,
            filename=(getattr(file, "name", "") or "")[-200:] if file else "",
        )
        if file:
            version.file.save(file.name, file, save=False)
            files.discard_on_rollback(version.file.name, version.file.storage)
        version.full_clean()
        version.save()
        langs = list(resource.languages or [])
        changes.update(
            resource,
            actor=actor,
            event=KnowledgeEvent.RESOURCE_VERSION_ADDED,
            data={"languages": sorted({*langs, language})},
            extra_changes={"version": [None, {"language": language, "url": url}]},
            allow_empty=True,
        )
    return version


def _step(*, actor, resource_id: int, action: str, permission: str, data=None, check=None):
    with changes.write():
        resource = changes.lock(
            Resource.objects.select_related("publisher"), not_found=_missing(), pk=resource_id
        )
        require(actor, permission, resource)
        state = rules.Status(resource.status)
        if reason := rules.RESOURCE.refusal(action, state):
            raise refused(reason)
        if check is not None and (reason := check(resource)):
            raise refused(reason)
        target = rules.RESOURCE.target(action, state)
        changes.update(
            resource,
            actor=actor,
            event=TRANSITION_EVENTS[action],
            data={"status": str(target), **(data or {})},
        )
        notify.on_commit(tasks.notify_step, resource.pk, action)
    return resource


def resource_submit(*, actor, resource_id: int) -> Resource:
    """A partner sends its draft to the Secretariat for publication."""
    return _step(
        actor=actor,
        resource_id=resource_id,
        action="submit",
        permission="knowledge.edit_resource",
        check=lambda r: rules.submit_refusal(
            bool(content.texts(r.titles)), r.publisher_id is not None
        ),
    )


def resource_publish(*, actor, resource_id: int) -> Resource:
    """The Secretariat publishes a resource: it appears in the list and in search."""
    return _step(
        actor=actor,
        resource_id=resource_id,
        action="publish",
        permission="knowledge.publish_resource",
    )


def resource_return(*, actor, resource_id: int, reason: str) -> Resource:
    """The Secretariat returns a submitted resource to its publisher, saying why."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say what the partner should change.")})
    return _step(
        actor=actor,
        resource_id=resource_id,
        action="return",
        permission="knowledge.publish_resource",
        data={"return_reason": reason.strip()},
    )


def resource_withdraw(*, actor, resource_id: int) -> Resource:
    return _step(
        actor=actor,
        resource_id=resource_id,
        action="withdraw",
        permission="knowledge.publish_resource",
    )
