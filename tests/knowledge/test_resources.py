"""Partners submit resources; the Secretariat publishes them (services, e-mails, audit)."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from alliance87.core.exceptions import Conflict, TransitionRefused
from alliance87.core.models import AuditEntry
from alliance87.knowledge import rules, search, services
from alliance87.knowledge.models import Resource, ResourceVersion

pytestmark = pytest.mark.django_db

TITLES = {
    "en": "Guide to fair recruitment",
    "fr": "Guide du recrutement équitable",
    "_original": "en",
}


def draft(actor, partner, **extra):
    return services.resource_create(
        actor=actor,
        titles=TITLES,
        kind="guidance",
        publisher=partner,
        themes=["forced_labour"],
        languages=["en"],
        **extra,
    )


def pdf(size: int = 100, name: str = "guide.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.7\n" + b"0" * size, content_type="application/pdf")


def test_a_partner_drafts_submits_and_the_secretariat_publishes(
    partner, partner_admin_user, secretariat_user, django_capture_on_commit_callbacks
):
    r = draft(partner_admin_user, partner)
    assert r.status == "draft" and r.slug == "guide-to-fair-recruitment"
    services.resource_add_version(
        actor=partner_admin_user, resource_id=r.pk, language="fr", url="https://example.org/g"
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.resource_submit(actor=partner_admin_user, resource_id=r.pk)
    assert [m.to for m in mail.outbox] == [[secretariat_user.email]]
    assert "submitted" in mail.outbox[0].subject
    assert search.refs(search.Filters(q="recrutement équitable")) == []  # not public yet

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.resource_publish(actor=secretariat_user, resource_id=r.pk)
    r.refresh_from_db()
    assert r.status == "published" and r.languages == ["en", "fr"]
    assert [m.to for m in mail.outbox] == [[partner_admin_user.email]]
    # Published: the search finds it, in French too.
    assert ("resource", r.slug) in search.refs(search.Filters(q="recrutement équitable"))
    assert ("resource", r.slug) in search.refs(search.Filters(q="travail forcé"))
    events = list(
        AuditEntry.objects.filter(object_id=str(r.pk), event__startswith="knowledge.")
        .order_by("pk")
        .values_list("event", flat=True)
    )
    assert events == [
        "knowledge.resource.created",
        "knowledge.resource.version_added",
        "knowledge.resource.submitted",
        "knowledge.resource.published",
    ]


def test_the_mail_to_the_partner_is_in_their_language(
    partner, make_user, secretariat_user, django_capture_on_commit_callbacks
):
    from alliance87.core.models import Role

    user = make_user(Role.PARTNER_MEMBER, scope=partner)
    user.preferred_language = "es"
    user.save()
    r = draft(user, partner)
    services.resource_submit(actor=user, resource_id=r.pk)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.resource_return(actor=secretariat_user, resource_id=r.pk, reason="Falta el PDF")
    assert mail.outbox[0].to == [user.email]
    assert "devuelto" in mail.outbox[0].subject.lower()
    assert "Falta el PDF" in mail.outbox[0].body
    r.refresh_from_db()
    assert r.status == "draft" and r.return_reason == "Falta el PDF"


def test_a_partner_cannot_publish_and_nothing_is_written(partner, partner_admin_user):
    r = draft(partner_admin_user, partner)
    before = AuditEntry.objects.count()
    with pytest.raises(PermissionDenied):
        services.resource_publish(actor=partner_admin_user, resource_id=r.pk)
    r.refresh_from_db()
    assert r.status == "draft" and AuditEntry.objects.count() == before


def test_a_published_resource_cannot_be_submitted_again(partner, secretariat_user):
    r = draft(secretariat_user, partner)
    services.resource_publish(actor=secretariat_user, resource_id=r.pk)
    with pytest.raises(TransitionRefused) as exc:
        services.resource_submit(actor=secretariat_user, resource_id=r.pk)
    assert exc.value.code == "resource.not_allowed_from"


def test_returning_needs_a_reason(partner, partner_admin_user, secretariat_user):
    r = draft(partner_admin_user, partner)
    services.resource_submit(actor=partner_admin_user, resource_id=r.pk)
    with pytest.raises(ValidationError) as exc:
        services.resource_return(actor=secretariat_user, resource_id=r.pk, reason=" ")
    assert "reason" in exc.value.message_dict


def test_a_stale_edit_is_refused(partner, partner_admin_user):
    r = draft(partner_admin_user, partner)
    services.resource_update(
        actor=partner_admin_user, resource_id=r.pk, expected_version=1, data={"kind": "tool"}
    )
    with pytest.raises(Conflict):
        services.resource_update(
            actor=partner_admin_user, resource_id=r.pk, expected_version=1, data={"kind": "study"}
        )
    r.refresh_from_db()
    assert r.kind == "tool"


def test_a_file_over_the_size_limit_is_refused_and_nothing_is_stored(
    partner, partner_admin_user, monkeypatch
):
    monkeypatch.setattr(rules, "MAX_FILE_BYTES", 1000)
    monkeypatch.setattr(
        rules.file_size_refusal, "__defaults__", (1000,)
    )  # the limit the service applies
    r = draft(partner_admin_user, partner)
    with pytest.raises(ValidationError) as exc:
        services.resource_add_version(
            actor=partner_admin_user, resource_id=r.pk, language="en", file=pdf(5000)
        )
    assert "MB" in exc.value.message_dict["file"][0]
    assert not ResourceVersion.objects.exists()


def test_a_file_that_is_not_what_its_name_says_is_refused(partner, partner_admin_user):
    r = draft(partner_admin_user, partner)
    fake = SimpleUploadedFile("guide.pdf", b"<html>not a pdf</html>")
    with pytest.raises(ValidationError) as exc:
        services.resource_add_version(
            actor=partner_admin_user, resource_id=r.pk, language="en", file=fake
        )
    assert "PDF, DOCX, XLSX or PPTX" in exc.value.message_dict["file"][0]
    exe = SimpleUploadedFile("tool.exe", b"MZ....")
    with pytest.raises(ValidationError):
        services.resource_add_version(
            actor=partner_admin_user, resource_id=r.pk, language="en", file=exe
        )
    assert not ResourceVersion.objects.exists()


def test_a_real_pptx_is_accepted_under_an_unguessable_name(partner, partner_admin_user):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("ppt/presentation.xml", "<p/>")
    upload = SimpleUploadedFile("../../slides.pptx", buf.getvalue())
    r = draft(partner_admin_user, partner)
    v = services.resource_add_version(
        actor=partner_admin_user, resource_id=r.pk, language="en", file=upload
    )
    assert v.file.name.startswith("knowledge/resources/") and "slides" not in v.file.name
    assert v.file.name.endswith(".pptx")


def test_a_version_is_a_file_or_a_link(partner, partner_admin_user):
    r = draft(partner_admin_user, partner)
    with pytest.raises(ValidationError):
        services.resource_add_version(actor=partner_admin_user, resource_id=r.pk, language="en")
    with pytest.raises(ValidationError):
        services.resource_add_version(
            actor=partner_admin_user,
            resource_id=r.pk,
            language="en",
            file=pdf(),
            url="https://example.org",
        )


def test_unknown_themes_are_refused_with_the_field_named(partner, partner_admin_user):
    with pytest.raises(ValidationError) as exc:
        services.resource_create(
            actor=partner_admin_user,
            titles=TITLES,
            kind="guidance",
            publisher=partner,
            themes=["astrology"],
        )
    assert "themes" in exc.value.message_dict
    assert not Resource.objects.exists()


def test_the_edit_page_saves_and_refuses_a_stale_version(client, partner, partner_admin_user):
    from tests.conftest import client_for

    r = draft(partner_admin_user, partner)
    c = client_for(partner_admin_user)
    page = c.get(f"/en/resources/{r.slug}/edit/")
    assert page.status_code == 200 and "Guide to fair recruitment" in page.content.decode()
    data = {
        "titles_en": "Guide to ethical recruitment",
        "titles__original": "en",
        "kind": "tool",
        "themes": ["forced_labour"],
        "languages": ["en"],
        "version": "1",
    }
    assert c.post(f"/en/resources/{r.slug}/edit/", data).status_code == 302
    r.refresh_from_db()
    assert r.titles["en"] == "Guide to ethical recruitment" and r.kind == "tool" and r.version == 2
    stale = c.post(f"/en/resources/{r.slug}/edit/", {**data, "kind": "study"})
    assert stale.status_code == 400 and "Someone else changed" in stale.content.decode()
    r.refresh_from_db()
    assert r.kind == "tool"


def test_an_upload_whose_change_is_refused_leaves_no_file_behind(
    partner, partner_admin_user, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    r = draft(partner_admin_user, partner)
    with pytest.raises(ValidationError):  # "xx" is no language: refused after the file is written
        services.resource_add_version(
            actor=partner_admin_user, resource_id=r.pk, language="xx", file=pdf()
        )
    assert not ResourceVersion.objects.exists()
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
    services.resource_add_version(
        actor=partner_admin_user, resource_id=r.pk, language="en", file=pdf()
    )
    assert len([p for p in tmp_path.rglob("*") if p.is_file()]) == 1
