"""Logos on disk (issue 15): stored under generated names, and a replaced or removed logo is
deleted from storage once the change commits (not before, and not when it is refused)."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from alliance87.core.models import Role
from alliance87.partners import services

pytestmark = pytest.mark.django_db


def _png(name="Our Logo (final).png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "navy").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def partner(make_partner):
    return make_partner("anl", names={"en": "Free Childhood Association"})


@pytest.fixture
def admin(make_user, partner):
    return make_user(Role.PARTNER_ADMIN, scope=partner)


def _upload(admin, partner, **kwargs):
    partner.refresh_from_db()
    services.partner_update(
        actor=admin, partner_id=partner.pk, expected_version=partner.version, data={}, **kwargs
    )
    partner.refresh_from_db()
    return partner


def test_a_logo_is_stored_under_a_generated_name(
    admin, partner, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        _upload(admin, partner, logo=_png())
    assert re.fullmatch(r"partners/logos/\d{4}/\d{2}/[0-9a-f]{32}\.png", partner.logo.name)
    assert "final" not in partner.logo.name


def test_a_replaced_logo_is_deleted_from_storage(
    admin, partner, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        first = _upload(admin, partner, logo=_png()).logo.name
    assert (tmp_path / first).exists()
    with django_capture_on_commit_callbacks(execute=True):
        second = _upload(admin, partner, logo=_png("second.png")).logo.name
    assert (tmp_path / second).exists()
    assert not (tmp_path / first).exists()


def test_a_removed_logo_is_deleted_from_storage(
    admin, partner, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        name = _upload(admin, partner, logo=_png()).logo.name
    with django_capture_on_commit_callbacks(execute=True):
        assert not _upload(admin, partner, remove_logo=True).logo
    assert not (tmp_path / name).exists()


def test_a_refused_change_keeps_the_old_logo(
    admin, partner, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        name = _upload(admin, partner, logo=_png()).logo.name
    bad = SimpleUploadedFile("x.png", b"not an image", content_type="image/png")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Exception):  # noqa: B017
        _upload(admin, partner, logo=bad)
    assert (tmp_path / name).exists()
