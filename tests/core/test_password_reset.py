"""Self-service password reset (issue 15): the same answer whether or not the address has an
account; the e-mail is sent by the task queue in the person's language, with a working link."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from alliance87.core.models import Role

pytestmark = pytest.mark.django_db


def test_a_person_gets_a_link_in_their_language_and_can_choose_a_new_password(
    client, make_user, django_capture_on_commit_callbacks
):
    user = make_user(Role.FOCAL_POINT)
    user.preferred_language = "es"
    user.save(update_fields=["preferred_language"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/fr/accounts/password-reset/", {"email": user.email.upper()})
    assert response.status_code == 200
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email]
    assert message.subject == "Elija una contraseña nueva para la Plataforma de la Alianza 8.7"
    link = re.search(r"http://\S+/accounts/set-password/\S+/", message.body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    form = client.get("/" + path, follow=True)
    assert form.status_code == 200
    done = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else "/" + path,
        {"new_password1": "a-new-long-passphrase-7", "new_password2": "a-new-long-passphrase-7"},
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-new-long-passphrase-7")


def test_an_unknown_address_gets_the_same_answer_and_no_message(
    client, make_user, django_capture_on_commit_callbacks
):
    known = make_user(Role.SECRETARIAT)
    with django_capture_on_commit_callbacks(execute=True):
        answer_known = client.post("/en/accounts/password-reset/", {"email": known.email})
        answer_unknown = client.post(
            "/en/accounts/password-reset/", {"email": "nobody@example.org"}
        )
    assert answer_known.status_code == answer_unknown.status_code == 200

    def text(r):
        # The CSRF tokens differ between any two pages; everything else must be the same.
        return re.sub(r"[A-Za-z0-9]{64}", "", r.content.decode())

    assert text(answer_known) == text(answer_unknown)
    assert [m.to for m in mail.outbox] == [[known.email]]


def test_a_malformed_address_is_refused_on_the_form(client):
    response = client.post("/es/accounts/password-reset/", {"email": "not-an-address"})
    assert response.status_code == 400
    assert "correo" in response.content.decode().lower()
    assert mail.outbox == []


def test_the_sign_in_page_links_to_the_reset(client):
    assert "/en/accounts/password-reset/" in client.get("/en/accounts/login/").content.decode()
