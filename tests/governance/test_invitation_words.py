"""Issue 13: the invitation to a numbered meeting names its position as each reader writes it
("You are invited to the 6th meeting", "se le invita a su 6.ª reunión")."""

from __future__ import annotations

from django.core import mail

from .helpers import fill_gcg, make_meeting


def test_the_invitation_to_the_6th_meeting_says_6th_in_english_and_6a_in_spanish(
    secretariat, make_user, django_capture_on_commit_callbacks
):
    members = fill_gcg(secretariat)
    person = next(m.person for m in members if m.person and m.person.email)
    user = make_user(None, email=person.email)
    user.preferred_language = "es"
    user.save(update_fields=["preferred_language"])
    person.user = user
    person.save(update_fields=["user"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        make_meeting(secretariat, title="Sixth GCG meeting", language="en", number=6)
    spanish = next(m for m in mail.outbox if m.to == [person.email])
    english = next(m for m in mail.outbox if m.to != [person.email])
    assert "You are invited to the 6th meeting of the Global Coordinating Group" in english.body
    assert "as one of its members: Sixth GCG meeting" in english.body
    # The title is written in English only: the Spanish reader gets the meeting named by its
    # position in Spanish, once, not «su 6.ª reunión: Sixth GCG meeting».
    assert "a la siguiente reunión: 6.ª reunión del Grupo de Coordinación Mundial" in spanish.body
    assert "Sixth GCG meeting" not in spanish.body
    assert spanish.subject.endswith(
        "6.ª reunión del Grupo de Coordinación Mundial de la Alianza 8.7"
    )


def test_an_unnumbered_meeting_is_named_by_its_title_alone(
    secretariat, django_capture_on_commit_callbacks
):
    fill_gcg(secretariat)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        make_meeting(secretariat, title="Extraordinary meeting", language="en")
    body = mail.outbox[0].body
    assert "to the following meeting: Extraordinary meeting" in body
    assert "th meeting" not in body
