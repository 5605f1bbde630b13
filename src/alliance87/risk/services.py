"""Every write of the risk app: access grants, uploads, datasets, runs and publication.

The run itself is computed by :mod:`.runner` in the worker; the steps it records (each stage,
the end, a failure, a cancellation) are the ``run_*`` functions below, each its own
transaction, so a run that fails leaves its earlier results and nothing half written.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance87.core import changes, notify
from alliance87.core.exceptions import DomainError, NotFound
from alliance87.core.models import Country, User
from alliance87.core.permissions import require
from alliance87.core.refusals import invalid, refusal_text, refused

from . import rules, tasks
from .events import RiskEvent
from .models import Dataset, Grant, Kind, Run, Status, Upload, dataset_path
from .permissions import forget_grants


def upload_limit() -> int:
    """The largest file accepted, in bytes (``RISK_UPLOAD_MAX_BYTES``)."""
    return int(getattr(settings, "RISK_UPLOAD_MAX_BYTES", 4 * 1024**3))


def incoming_dir() -> Path:
    """Where uploads in progress are kept: private, under MEDIA_ROOT/risk/incoming/."""
    path = Path(settings.MEDIA_ROOT) / "risk" / "incoming"
    path.mkdir(parents=True, exist_ok=True)
    return path


def part_path(upload: Upload) -> Path:
    return incoming_dir() / f"{upload.pk.hex}.part"


# ----------------------------------------------------------------------------- access
def grant_add(*, actor, country_id: str, email: str) -> Grant:
    with changes.write():
        country = changes.lock(Country, pk=country_id)
        require(actor, "risk.manage_access", country.pk)
        user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
        if user is None:
            raise ValidationError({"email": _("No one on the platform has this e-mail address.")})
        if Grant.objects.filter(country=country, user=user).exists():
            raise ValidationError(
                {"email": _("This person already has access to this country's data.")}
            )
        grant = changes.create(
            Grant, actor=actor, event=RiskEvent.GRANT_ADDED, country=country, user=user
        )
    forget_grants(user)
    return grant


def grant_remove(*, actor, grant_id: int) -> None:
    with changes.write():
        grant = changes.lock(Grant.objects.select_related("user"), pk=grant_id)
        require(actor, "risk.manage_access", grant.country_id)
        from alliance87.core import audit

        audit.record(
            actor=actor,
            event=RiskEvent.GRANT_REMOVED,
            obj=grant,
            changes={"user": [str(grant.user_id), None]},
        )
        grant.delete()


# ----------------------------------------------------------------------------- uploads
def upload_create(
    *, actor, country_id: str, kind: str, filename: str, length: int | None
) -> Upload:
    """tus creation: check who, what and how large, and open an empty private file."""
    if not Country.objects.filter(pk=country_id).exists():
        raise ValidationError({"country": _("Choose a country.")})
    require(actor, "risk.use_data", country_id)
    try:
        kind_enum = rules.Kind(kind)
    except ValueError:
        raise ValidationError({"kind": _("Choose the kind of dataset.")}) from None
    filename = os.path.basename((filename or "").replace("\\", "/"))[:255]
    if not filename:
        raise ValidationError({"file": _("The upload must give the file's name.")})
    fmt = rules.format_of(filename)
    if reason := rules.format_refusal(kind_enum, fmt, filename):
        raise refused(reason, field="file", exception=DomainError)
    if reason := rules.size_refusal(length, upload_limit()):
        raise refused(reason, field="file", exception=DomainError)
    with changes.write():
        upload = Upload.objects.create(
            owner=actor,
            country_id=country_id,
            kind=kind,
            filename=filename,
            format=fmt,
            length=int(length or 0),
        )
    part_path(upload).touch()
    return upload


def upload_get(*, actor, upload_id) -> Upload:
    """An upload of ``actor``'s own: anyone else's is as if it did not exist (404)."""
    upload = Upload.objects.filter(pk=upload_id, owner_id=getattr(actor, "pk", None)).first()
    if upload is None:
        raise NotFound()
    return upload


def upload_append(*, actor, upload_id, offset: int | None, stream, content_length: int) -> Upload:
    """tus PATCH: append a chunk at ``offset``, which must be where the file ends (else 409).

    The chunk is written straight to the private file, outside any transaction (a slow line
    must not hold a database lock); then, in one transaction, the offset is re-checked under
    the row's lock and moved on. Bytes received before a broken connection are kept, so the
    client resumes from them. The first chunk is checked against the declared format; the
    completed file becomes a :class:`Dataset`.
    """
    upload = upload_get(actor=actor, upload_id=upload_id)
    if upload.dataset_id and offset == upload.length and content_length == 0:
        return upload  # a client repeating its last, empty PATCH
    if reason := rules.offset_refusal(upload.offset, offset, content_length, upload.length):
        if reason.code == "upload.past_length":
            raise refused(reason, exception=DomainError)
        raise refused(reason)
    path = part_path(upload)
    received = 0
    with open(path, "r+b") as fh:
        fh.seek(upload.offset)
        first = upload.offset == 0
        try:
            while received < content_length:
                block = stream.read(min(1 << 20, content_length - received))
                if not block:
                    break  # the connection broke: keep what came
                if first:
                    if reason := rules.content_refusal(upload.format, block[:512], upload.filename):
                        raise refused(reason, field="file", exception=DomainError)
                    first = False
                fh.write(block)
                received += len(block)
        finally:
            with changes.write():
                locked = changes.lock(Upload, pk=upload.pk)
                if locked.offset == upload.offset:  # else another request moved it on first
                    fh.truncate(upload.offset + received)
                    locked.offset = upload.offset + received
                    locked.save(update_fields=["offset"])
                upload = locked
    if upload.offset == upload.length:
        upload = _complete(actor, upload)
    return upload


def _complete(actor, upload: Upload) -> Upload:
    """The whole file is here: check it with the library's readers, move it to its private
    place and record the dataset."""
    from alliance87.riskmodel.errors import RiskModelError
    from alliance87.riskmodel.io import file_sha256

    path = part_path(upload)
    tmp_named = path.with_name(f"{upload.pk.hex}.{upload.format}")
    os.replace(path, tmp_named)
    try:
        _check_file(tmp_named, upload)
    except RiskModelError as exc:
        # the whole file is not what it says: nothing to resume, the upload is forgotten
        tmp_named.unlink(missing_ok=True)
        with changes.write():
            Upload.objects.filter(pk=upload.pk).delete()
        raise DomainError(str(exc), field="file", code="upload.unreadable") from None
    sha = file_sha256(tmp_named)
    with changes.write():
        locked = changes.lock(Upload, pk=upload.pk)
        dataset = Dataset(country_id=upload.country_id, kind=upload.kind, format=upload.format)
        name = dataset_path(dataset, upload.filename)
        target = Path(settings.MEDIA_ROOT) / name
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(tmp_named, target)
        dataset = changes.create(
            Dataset,
            actor=actor,
            event=RiskEvent.DATASET_UPLOADED,
            country_id=upload.country_id,
            kind=upload.kind,
            name=upload.filename,
            file=name,
            format=upload.format,
            size=upload.length,
            sha256=sha,
            uploaded_by=actor,
        )
        locked.dataset = dataset
        locked.save(update_fields=["dataset"])
        notify.on_commit(tasks.examine_dataset, dataset.pk)
    return locked


def _check_file(path: Path, upload: Upload) -> None:
    from alliance87.riskmodel.filetypes import check_content, kind_of
    from alliance87.riskmodel.scoring.geojson import load_boundaries

    if upload.format == "geojson":
        load_boundaries(path)
        return
    check_content(path, kind_of(str(path)))


def plain_upload_limit() -> int:
    """The largest file the no-JavaScript form takes in one request, in bytes
    (``RISK_PLAIN_UPLOAD_MAX_BYTES``, 1 GiB by default, never above ``upload_limit``)."""
    return min(int(getattr(settings, "RISK_PLAIN_UPLOAD_MAX_BYTES", 1024**3)), upload_limit())


def upload_whole(*, actor, country_id: str, kind: str, file) -> Dataset:
    """The no-JavaScript fallback: a whole file from a plain multipart form, through the same
    checks as a resumable upload (one tus creation and one PATCH of the whole length). A
    refused file leaves no upload behind."""
    size = int(getattr(file, "size", 0) or 0)
    if reason := rules.size_refusal(size, plain_upload_limit()):
        raise refused(reason, field="file", exception=DomainError)
    upload = upload_create(
        actor=actor, country_id=country_id, kind=kind, filename=file.name, length=size
    )
    file.seek(0)
    try:
        upload = upload_append(
            actor=actor, upload_id=upload.pk, offset=0, stream=file, content_length=size
        )
    except Exception:
        if Upload.objects.filter(pk=upload.pk, dataset__isnull=True).exists():
            upload_delete(actor=actor, upload_id=upload.pk)
        raise
    if not upload.dataset_id:  # the request brought fewer bytes than the file's size
        upload_delete(actor=actor, upload_id=upload.pk)
        raise DomainError(_("The file did not arrive whole; send it again."), field="file")
    return Dataset.objects.get(pk=upload.dataset_id)


def upload_delete(*, actor, upload_id) -> None:
    """tus termination: forget an unfinished upload and its bytes."""
    upload = upload_get(actor=actor, upload_id=upload_id)
    if upload.dataset_id:
        raise NotFound()
    with changes.write():
        changes.lock(Upload, pk=upload.pk).delete()
    part_path(upload).unlink(missing_ok=True)


def uploads_forget_stale(*, days: int) -> tuple[int, int]:
    """Forget unfinished uploads created more than ``days`` days ago and their bytes (the
    ``risk_uploads clean`` command, from cron); returns how many and how many bytes."""
    import datetime as dt

    cutoff = timezone.now() - dt.timedelta(days=days)
    count = size = 0
    with changes.write():
        for upload in changes.lock_many(Upload, dataset__isnull=True, created_at__lt=cutoff):
            path = part_path(upload)
            size += path.stat().st_size if path.exists() else 0
            upload.delete()
            transaction.on_commit(lambda path=path: path.unlink(missing_ok=True))
            count += 1
    return count, size


# ----------------------------------------------------------------------------- runs
SPEC_FIELDS = (
    "title",
    "survey",
    "census",
    "boundaries",
    "outcome",
    "determinants",
    "categorical",
    "weight",
    "strata",
    "psu",
    "territory",
    "region",
    "where",
    "method",
    "thresholds",
    "engine",
)


def run_create(*, actor, country_id: str, **spec) -> Run:
    """Queue a run of the model on a country's survey and census (and boundaries)."""
    from alliance87.riskmodel.fit import _software

    require(actor, "risk.use_data", country_id)
    for key, kind in (
        ("survey", Kind.SURVEY),
        ("census", Kind.CENSUS),
        ("boundaries", Kind.BOUNDARIES),
    ):
        ds = spec.get(key)
        if ds is not None and (ds.country_id != country_id or ds.kind != kind):
            raise ValidationError({key: _("Choose a dataset of this kind from this country.")})
    survey, census = spec.get("survey"), spec.get("census")
    if survey is not None and census is not None:
        problems = rules.spec_refusals(spec, survey.column_names, census.column_names)
        if problems:
            raise ValidationError(
                {f: ValidationError(refusal_text(r), code=r.code) for f, r in problems.items()}
            )
    spec["thresholds"] = list(spec.get("thresholds") or [])
    if reason := rules.thresholds_refusal(spec.get("method") or "kmeans", spec["thresholds"]):
        raise invalid(reason, "thresholds")
    inputs = [spec.get("survey"), spec.get("census"), spec.get("boundaries")]
    with changes.write():
        run = changes.create(
            Run,
            actor=actor,
            event=RiskEvent.RUN_CREATED,
            country_id=country_id,
            created_by=actor,
            library_version=_software()["alliance87"],
            checksums={d.kind: d.sha256 for d in inputs if d is not None},
            **{k: v for k, v in spec.items() if k in SPEC_FIELDS},
        )
        notify.on_commit(tasks.run_model, run.pk)
    return run


def run_cancel(*, actor, run_id: int) -> Run:
    """Cancel a run: at once if it waits in the queue, else the worker stops at the end of
    the stage it is in (it checks between stages)."""
    with changes.write():
        run = changes.lock(Run, pk=run_id)
        require(actor, "risk.use_data", run.country_id)
        if reason := rules.RUN.refusal("cancel", rules.Status(run.status)):
            raise refused(reason)
        if run.status == Status.QUEUED:
            changes.update(
                run,
                actor=actor,
                event=RiskEvent.RUN_CANCELLED,
                data={"status": Status.CANCELLED, "finished_at": timezone.now()},
            )
        else:
            changes.update(
                run,
                actor=actor,
                event=RiskEvent.RUN_CANCEL_REQUESTED,
                data={"cancel_requested": True},
            )
    return run


def run_publish(
    *,
    actor,
    run_id: int,
    publish: bool,
    audience: str = rules.Audience.PUBLIC,
    expected_version: int | None = None,
) -> Run:
    """The country shares a finished run's aggregates (with everyone, or with its workers' or
    employers' organisations), or withdraws them."""
    if publish and audience not in set(rules.Audience):
        raise ValidationError({"audience": _("Choose whom to share the results with.")})
    with changes.write():
        run = changes.lock(Run, pk=run_id)
        require(actor, "risk.manage_access", run.country_id)
        if reason := rules.publish_refusal(rules.Status(run.status), run.published, publish):
            raise refused(reason)
        changes.update(
            run,
            actor=actor,
            event=RiskEvent.RUN_PUBLISHED if publish else RiskEvent.RUN_WITHDRAWN,
            data={
                "published_at": timezone.now() if publish else None,
                "audience": str(audience) if publish else "",
            },
            expected_version=expected_version,
        )
    return run
