"""Reminders 60, 30 and 7 days before 30 April and when overdue; the weekly digest."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.core import mail
from django.utils import translation

from alliance87.core.models import Role
from alliance87.pathfinders import tasks

from .helpers import make_active

D = dt.date


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (D(2025, 3, 1), "60"),
        (D(2025, 3, 31), "30"),
        (D(2025, 4, 23), "7"),
        (D(2025, 4, 24), None),
        (D(2025, 2, 28), None),
    ],
)
def test_reminders_go_out_60_30_and_7_days_before_30_april(as_of, expected):
    assert tasks.reminder_kind(as_of, D(2025, 4, 30), overdue=False) == expected


def test_an_overdue_report_gets_a_reminder():
    assert tasks.reminder_kind(D(2025, 5, 1), D(2026, 4, 30), overdue=True) == "overdue"


@pytest.mark.django_db
def test_the_focal_points_of_the_country_get_the_reminder_and_no_one_else(secretariat, make_user):
    p = make_active(secretariat, "NPL")
    fp = make_user(Role.FOCAL_POINT, scope=p, email="fp@npl.example")
    mail.outbox.clear()
    due = D(dt.date.today().year + 1, 4, 30)
    sent = tasks.send_report_reminders.call((due - dt.timedelta(days=30)).isoformat())
    assert sent == 1
    assert [m.to for m in mail.outbox] == [[fp.email]]
    # The due date in words, in the focal point's language (not 2027-04-30).
    from alliance87.core import words

    assert words.date_in_words(due, fp.preferred_language or "en") in mail.outbox[0].subject
    assert f"{due.day} April {due.year}" in mail.outbox[0].subject or fp.preferred_language
    assert str(due) not in mail.outbox[0].subject


@pytest.mark.django_db
def test_the_secretariat_gets_a_weekly_digest_of_what_changed(secretariat):
    make_active(secretariat, "NPL")
    mail.outbox.clear()
    assert tasks.send_weekly_digest.call() == 1
    (msg,) = mail.outbox
    assert secretariat.email in msg.to
    assert "Nepal: pathfinder status granted (recorded by Sam Secretariat)." in msg.body
    assert "Status: Candidate → Active." in msg.body
    assert "Nepal: step recorded: Strategic planning workshop (by Sam Secretariat)." in msg.body
    assert "Nepal, roadmap: submitted (by Sam Secretariat)." in msg.body
    assert "pathfinders." not in msg.body  # no raw audit event names


@pytest.mark.django_db
def test_each_member_of_the_secretariat_gets_the_digest_in_their_preferred_language(
    secretariat, make_user
):
    colega = make_user(Role.SECRETARIAT, full_name="Carla Colega")
    colega.preferred_language = "es"
    colega.save(update_fields=["preferred_language"])
    make_active(secretariat, "NPL")
    mail.outbox.clear()
    assert tasks.send_weekly_digest.call() == 2
    by_recipient = {m.to[0]: m for m in mail.outbox}
    spanish = by_recipient[colega.email]
    assert spanish.subject == "Alianza 8.7: resumen semanal de los países pioneros"
    assert "Nepal: se concedió el estatus de país pionero (registrado por Sam Secretariat)." in (
        spanish.body
    )
    assert "Estatus: Candidato → Activo." in spanish.body
    assert "Cambios de los últimos siete días:" in spanish.body
    english = by_recipient[secretariat.email]
    assert "Nepal: pathfinder status granted" in english.body
    assert translation.get_language() == "en"  # the override does not leak


@pytest.mark.django_db
def test_the_remind_command_sends_the_reminders_of_the_day(secretariat, make_user):
    import io

    from django.core.management import call_command

    p = make_active(secretariat, "NPL")
    make_user(Role.FOCAL_POINT, scope=p, email="fp2@npl.example")
    mail.outbox.clear()
    due = D(dt.date.today().year + 1, 4, 30)
    out = io.StringIO()
    call_command(
        "pathfinders", "remind", "--as-of", (due - dt.timedelta(days=7)).isoformat(), stdout=out
    )
    assert "reminders enqueued" in out.getvalue()
    assert [m.to for m in mail.outbox] == [["fp2@npl.example"]]


@pytest.mark.django_db
def test_an_overdue_reminder_names_the_items_in_words_in_the_focal_points_language(
    secretariat, make_user
):
    p = make_active(secretariat, "NPL")
    fp = make_user(Role.FOCAL_POINT, scope=p, email="fp3@npl.example")
    fp.preferred_language = "es"
    fp.save(update_fields=["preferred_language"])
    due = D(dt.date.today().year + 1, 4, 30)
    mail.outbox.clear()
    assert tasks.send_report_reminders.call((due + dt.timedelta(days=1)).isoformat()) == 1
    (msg,) = [m for m in mail.outbox if m.to == [fp.email]]
    assert msg.subject == "Alianza 8.7: su informe de progreso anual está atrasado"
    assert f"Marco de indicadores {due.year}" in msg.body
    assert "indicator_framework" not in msg.body
    assert translation.get_language() == "en"


@pytest.mark.django_db
def test_a_change_is_notified_in_words_in_each_recipients_language(secretariat, make_user):
    p = make_active(secretariat, "NPL")
    fp = make_user(Role.FOCAL_POINT, scope=p, email="fp4@npl.example")
    fp.preferred_language = "fr"
    fp.save(update_fields=["preferred_language"])
    mail.outbox.clear()
    tasks.notify_change.call("workshop_held", "NPL")
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {fp.email, secretariat.email}
    assert "Atelier de planification stratégique" in by_recipient[fp.email].body
    assert "Strategic planning workshop" in by_recipient[secretariat.email].body
    assert "workshop_held" not in by_recipient[fp.email].body


def _submitted_report(secretariat, capture, reviewer=None):
    from alliance87.pathfinders import services

    make_active(secretariat, "NPL")
    doc = services.report_create(actor=secretariat, iso3="NPL", year=dt.date.today().year + 1)
    if reviewer is not None:
        services.document_assign_reviewer(
            actor=secretariat, document_id=doc.pk, reviewer_id=reviewer.pk
        )
        doc.refresh_from_db()
    doc = services.document_save_draft(
        actor=secretariat,
        document_id=doc.pk,
        expected_version=doc.version,
        sections={"progress": "p"},
    )
    mail.outbox.clear()
    with capture(execute=True):  # the queued tasks run, as the worker would
        return services.document_submit(
            actor=secretariat, document_id=doc.pk, expected_version=doc.version
        )


@pytest.mark.django_db
def test_the_assigned_reviewer_is_told_of_a_submission_in_their_language_with_a_link(
    secretariat, make_user, django_capture_on_commit_callbacks
):
    reviewer = make_user(Role.REVIEWER, email="wg@example.org")
    reviewer.preferred_language = "pt"
    reviewer.save(update_fields=["preferred_language"])
    doc = _submitted_report(secretariat, django_capture_on_commit_callbacks, reviewer)
    (msg,) = mail.outbox
    assert msg.to == [reviewer.email]
    assert "aguarda sua revisão" in msg.subject
    assert f"{settings.SITE_URL}/pt/pathfinders/documents/{doc.pk}/" in msg.body


@pytest.mark.django_db
def test_with_no_reviewer_assigned_the_secretariat_is_asked_to_assign_one(
    secretariat, django_capture_on_commit_callbacks
):
    doc = _submitted_report(secretariat, django_capture_on_commit_callbacks)
    (msg,) = mail.outbox
    assert msg.to == [secretariat.email]
    assert "assign a reviewer" in msg.subject
    assert f"/en/pathfinders/documents/{doc.pk}/" in msg.body


@pytest.mark.django_db
def test_the_country_is_told_of_the_working_groups_comments_with_a_link(
    secretariat, make_user, django_capture_on_commit_callbacks
):
    from alliance87.pathfinders import services
    from alliance87.pathfinders.models import Pathfinder

    reviewer = make_user(Role.REVIEWER)
    doc = _submitted_report(secretariat, django_capture_on_commit_callbacks, reviewer)
    fp = make_user(Role.FOCAL_POINT, scope=Pathfinder.objects.get(pk="NPL"), email="fp@npl.example")
    fp.preferred_language = "es"
    fp.save(update_fields=["preferred_language"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.report_comment(
            actor=reviewer,
            document_id=doc.pk,
            expected_version=doc.version,
            comments={"progress": "x"},
        )
    (msg,) = mail.outbox
    assert msg.to == [fp.email]
    assert "comentó" in msg.subject or "comentarios" in msg.subject.lower()
    assert f"/es/pathfinders/documents/{doc.pk}/" in msg.body


@pytest.mark.django_db
def test_the_secretariat_gets_one_message_naming_every_overdue_report(secretariat):
    make_active(secretariat, "NPL")
    make_active(secretariat, "PER")
    due = D(dt.date.today().year + 1, 4, 30)
    mail.outbox.clear()
    tasks.send_report_reminders.call((due + dt.timedelta(days=1)).isoformat())
    (msg,) = [m for m in mail.outbox if m.to == [secretariat.email]]
    assert "overdue" in msg.subject
    assert "Nepal" in msg.body and "Peru" in msg.body
    assert (
        "/en/pathfinders/NPL/workspace/" in msg.body
        and "/en/pathfinders/PER/workspace/" in msg.body
    )


@pytest.mark.django_db
def test_a_step_notified_to_the_country_links_to_its_record(secretariat):
    make_active(secretariat, "NPL")
    mail.outbox.clear()
    tasks.notify_change.call("workshop_held", "NPL")
    (msg,) = mail.outbox
    assert f"{settings.SITE_URL}/en/pathfinders/NPL/workspace/" in msg.body
