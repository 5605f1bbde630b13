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
