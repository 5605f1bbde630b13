import re

import pytest
from django.core.files.base import ContentFile

from alliance87.core.files import download, unguessable_upload_to


def test_uploads_get_unguessable_names_that_keep_only_the_extension():
    upload_to = unguessable_upload_to("pathfinders/letters")
    path = upload_to(None, "Carta del Ministro ../../etc/passwd.PDF")
    assert re.fullmatch(r"pathfinders/letters/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", path)
    assert upload_to(None, "same.pdf") != upload_to(None, "same.pdf")


def test_a_download_is_an_attachment_that_browsers_will_not_run(tmp_path, settings):
    from django.core.files.storage import FileSystemStorage

    storage = FileSystemStorage(location=tmp_path)
    name = storage.save("x/evil.html", ContentFile(b"<script>alert(1)</script>"))

    class Field:
        def __init__(self):
            self.name = name

        def __bool__(self):
            return True

        def open(self, mode):
            return storage.open(self.name, mode)

    response = download(Field(), filename="report.html")
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_a_missing_file_is_a_404():
    from django.http import Http404

    class Missing:
        name = "nope"

        def __bool__(self):
            return True

        def open(self, mode):
            raise FileNotFoundError

    with pytest.raises(Http404):
        download(Missing())


def test_an_upload_over_the_limit_is_refused_with_the_limit_named(settings):
    """Every upload field is a core.files.UploadField: UPLOAD_MAX_MB (logos LOGO_MAX_MB)."""
    from django import forms
    from django.core.files.uploadedfile import SimpleUploadedFile

    from alliance87.core.files import UploadField

    settings.UPLOAD_MAX_BYTES = 1024

    class Form(forms.Form):
        file = UploadField()

    form = Form(files={"file": SimpleUploadedFile("r.pdf", b"%PDF-" + b"0" * 2000)})
    assert not form.is_valid()
    assert form.errors["file"] == ["This file is 2.0\xa0KB; files here may be at most 1.0\xa0KB."]
    assert "At most 1.0\xa0KB." in str(Form().fields["file"].help_text)
    assert Form(files={"file": SimpleUploadedFile("r.pdf", b"%PDF-1")}).is_valid()


def test_every_form_file_field_of_the_platform_has_the_limit():
    """No plain forms.FileField left in the apps' forms (the hole: unlimited uploads)."""
    import importlib
    import inspect

    from django import forms

    from alliance87.core.files import UploadField

    for app in ("partners", "pathfinders", "results", "governance", "groups", "core"):
        try:
            module = importlib.import_module(f"alliance87.{app}.forms")
        except ImportError:
            continue
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                for field_name, field in cls.base_fields.items():
                    if isinstance(field, forms.FileField):
                        assert isinstance(field, UploadField), f"{cls.__name__}.{field_name}"


@pytest.mark.django_db
def test_the_services_refuse_an_oversized_file_too(settings):
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from alliance87.pathfinders.services.common import check_upload

    settings.UPLOAD_MAX_BYTES = 10
    with pytest.raises(ValidationError) as error:
        check_upload(SimpleUploadedFile("letter.pdf", b"%PDF-1.7 and more"))
    assert "at most 10\xa0bytes" in error.value.message_dict["file"][0]


@pytest.mark.django_db
def test_a_replaced_file_that_another_row_still_names_is_kept(
    tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    """A submitted document version keeps its file when the draft's file is replaced."""
    from django.core.files.storage import FileSystemStorage

    from alliance87.core import files

    storage = FileSystemStorage(location=tmp_path)
    kept = storage.save("pathfinders/documents/kept.pdf", ContentFile(b"%PDF-1"))
    gone = storage.save("pathfinders/documents/gone.pdf", ContentFile(b"%PDF-1"))
    monkeypatch.setattr(files, "_KEEPERS", [lambda name: name == kept])
    with django_capture_on_commit_callbacks(execute=True):
        files.discard_on_commit(kept, storage)
        files.discard_on_commit(gone, storage)
    assert storage.exists(kept) and not storage.exists(gone)
