"""Services: profile edits (audited, versioned), status changes, and the admission flow with its
e-mails. Each refusal leaves the database as it was."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from alliance87.core.exceptions import (
    Conflict,
    PermissionDenied,
    TransitionRefused,
    ValidationError,
)
from alliance87.core.models import AuditEntry, Role, User
from alliance87.core.permissions import has_role
from alliance87.partners import services
from alliance87.partners.models import Application, Partner, Person

from .conftest import application_data

pytestmark = pytest.mark.django_db


def png_bytes(size=(40, 20)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "navy").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def partner(make_partner):
    return make_partner(
        "anl", names={"es": "Asociación Niñez Libre"}, countries=["PER"], themes=["child_labour"]
    )


@pytest.fixture
def admin_of(make_user):
    def make(partner):
        return make_user(Role.PARTNER_ADMIN, scope=partner)

    return make


# Profile edits -------------------------------------------------------------------------------


def test_a_partner_administrator_edits_the_profile_and_the_edit_is_audited(partner, admin_of):
    admin = admin_of(partner)
    services.partner_update(
        actor=admin,
        partner_id=partner.pk,
        expected_version=1,
        data={
            "names": {"es": "Asociación Niñez Libre", "en": "Free Childhood Association"},
            "themes": ["child_labour", "education"],
            "countries_of_work": ["PER", "BOL"],
        },
    )
    partner.refresh_from_db()
    assert partner.names["en"] == "Free Childhood Association"
    assert partner.version == 2
    assert "|education|" in partner.theme_keys and "free childhood" in partner.search_text
    assert sorted(partner.countries_of_work.values_list("pk", flat=True)) == ["BOL", "PER"]
    entry = AuditEntry.objects.get(event="partners.partner.updated")
    assert entry.actor == admin
    assert entry.changes["themes"] == [["child_labour"], ["child_labour", "education"]]
    assert entry.changes["countries_of_work"] == [["PER"], ["BOL", "PER"]]


def test_an_edit_that_changes_nothing_writes_no_audit_row(partner, admin_of):
    services.partner_update(
        actor=admin_of(partner),
        partner_id=partner.pk,
        expected_version=1,
        data={"themes": ["child_labour"]},
    )
    assert not AuditEntry.objects.filter(event="partners.partner.updated").exists()


def test_an_administrator_of_another_partner_cannot_edit(partner, make_partner, admin_of):
    other = make_partner("other")
    with pytest.raises(PermissionDenied):
        services.partner_update(
            actor=admin_of(other), partner_id=partner.pk, expected_version=1, data={"acronym": "X"}
        )
    partner.refresh_from_db()
    assert partner.acronym == {} and partner.version == 1


def test_a_stale_edit_is_refused_as_a_conflict(partner, admin_of):
    admin = admin_of(partner)
    services.partner_update(
        actor=admin, partner_id=partner.pk, expected_version=1, data={"acronym": "ANL"}
    )
    with pytest.raises(Conflict):
        services.partner_update(
            actor=admin, partner_id=partner.pk, expected_version=1, data={"acronym": "XX"}
        )
    partner.refresh_from_db()
    assert partner.acronym["es"] == partner.acronym["en"] == "ANL" and partner.version == 2
    assert AuditEntry.objects.filter(event="partners.partner.updated").count() == 1


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"names": {"en": " "}}, "names"),
        ({"themes": ["football"]}, "themes"),
        ({"website": "not a url"}, "website"),
        ({"countries_of_work": ["XXX"]}, "countries_of_work"),
        ({"regions_of_work": ["999"]}, "regions_of_work"),
        ({"status": "active"}, "status"),
    ],
)
def test_bad_profile_input_names_the_field_and_writes_nothing(partner, admin_of, data, field):
    with pytest.raises(ValidationError) as exc:
        services.partner_update(
            actor=admin_of(partner), partner_id=partner.pk, expected_version=1, data=data
        )
    assert field in exc.value.message_dict
    partner.refresh_from_db()
    assert partner.version == 1 and partner.names == {"es": "Asociación Niñez Libre"}
    assert not AuditEntry.objects.filter(event="partners.partner.updated").exists()


def test_a_logo_must_be_a_real_image(partner, admin_of, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    fake = SimpleUploadedFile("logo.png", b"<script>alert(1)</script>", content_type="image/png")
    with pytest.raises(ValidationError) as exc:
        services.partner_update(
            actor=admin_of(partner), partner_id=partner.pk, expected_version=1, data={}, logo=fake
        )
    assert "logo" in exc.value.message_dict
    partner.refresh_from_db()
    assert not partner.logo and partner.version == 1
    assert not AuditEntry.objects.filter(event="partners.partner.updated").exists()


def test_a_logo_over_2_mb_is_refused(partner, admin_of, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    big = SimpleUploadedFile(
        "logo.png", png_bytes() + b"\0" * (2 * 1024 * 1024), content_type="image/png"
    )
    with pytest.raises(ValidationError) as exc:
        services.partner_update(
            actor=admin_of(partner), partner_id=partner.pk, expected_version=1, data={}, logo=big
        )
    assert "at most 2.0\xa0MB" in exc.value.message_dict["logo"][0]
    partner.refresh_from_db()
    assert not partner.logo and partner.version == 1
    assert not AuditEntry.objects.filter(event="partners.partner.updated").exists()


def test_a_real_logo_is_stored_and_audited(partner, admin_of, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    services.partner_update(
        actor=admin_of(partner),
        partner_id=partner.pk,
        expected_version=1,
        data={},
        logo=SimpleUploadedFile("logo.png", png_bytes(), content_type="image/png"),
    )
    partner.refresh_from_db()
    assert partner.logo.name.startswith("partners/logos/")
    assert "logo" in AuditEntry.objects.get(event="partners.partner.updated").changes


# Status ------------------------------------------------------------------------------------


def test_the_secretariat_suspends_and_reinstates_a_partner(partner, secretariat):
    services.partner_set_status(actor=secretariat, partner_id=partner.pk, status="suspended")
    services.partner_set_status(actor=secretariat, partner_id=partner.pk, status="active")
    partner.refresh_from_db()
    assert partner.status == "active"
    entries = AuditEntry.objects.filter(event="partners.partner.status_changed").order_by("pk")
    assert [(e.actor, e.changes["status"]) for e in entries] == [
        (secretariat, ["active", "suspended"]),
        (secretariat, ["suspended", "active"]),
    ]


def test_a_withdrawn_partner_cannot_be_reinstated(partner, secretariat):
    services.partner_set_status(actor=secretariat, partner_id=partner.pk, status="withdrawn")
    with pytest.raises(TransitionRefused):
        services.partner_set_status(actor=secretariat, partner_id=partner.pk, status="active")
    partner.refresh_from_db()
    assert partner.status == "withdrawn" and partner.version == 2
    assert AuditEntry.objects.filter(event="partners.partner.status_changed").count() == 1


# Admission ---------------------------------------------------------------------------------


def test_an_application_records_the_commitment_with_its_time_and_acknowledges_by_email(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application = services.application_submit(data=application_data())
    assert application.state == "submitted" and application.commitment and application.committed_at
    assert AuditEntry.objects.get(event="partners.application.submitted").object_id == str(
        application.pk
    )
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["ana@ninezlibre.example"]
    assert "Asociación Niñez Libre" in mailoutbox[0].subject  # in Spanish, the applicant's language


def test_the_secretariat_is_told_of_a_new_application_in_its_language_with_the_link_to_vet_it(
    mailoutbox, django_capture_on_commit_callbacks, make_user
):
    from django.conf import settings

    fr = make_user(Role.SECRETARIAT, email="sec-fr@example.org")
    fr.preferred_language = "fr"
    fr.save(update_fields=["preferred_language"])
    with django_capture_on_commit_callbacks(execute=True):
        application = services.application_submit(data=application_data())
    (msg,) = [m for m in mailoutbox if m.to == [fr.email]]
    assert "Asociación Niñez Libre" in msg.subject and "candidature" in msg.subject
    assert f"{settings.SITE_URL}/fr/partners/applications/{application.pk}/" in msg.body


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"organisation_name": ""}, "organisation_name"),
        ({"contact_email": "not-an-email"}, "contact_email"),
        ({"country": "XYZ"}, "country"),
        ({"category": "spies"}, "category"),
        ({"statement": "We help."}, "statement"),
        ({"commitment": False}, "commitment"),
        ({"category": "country", "government_kind": ""}, "government_kind"),
        ({"themes": ["football"]}, "themes"),
        ({"website": "javascript:alert(1)"}, "website"),
    ],
)
def test_a_bad_application_names_the_field_and_saves_nothing(
    overrides, field, mailoutbox, django_capture_on_commit_callbacks
):
    with pytest.raises(ValidationError) as exc, django_capture_on_commit_callbacks(execute=True):
        services.application_submit(data=application_data(**overrides))
    assert field in exc.value.message_dict
    assert not Application.objects.exists()
    assert mailoutbox == []


def test_vetting_request_information_then_resubmit_then_approve(
    application, secretariat, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.application_request_info(
            actor=secretariat, application_id=application.pk, reason="Send your statutes, please."
        )
    application.refresh_from_db()
    assert application.state == "info_requested"
    assert "Send your statutes" in mailoutbox[-1].body and application.token in mailoutbox[-1].body

    services.application_resubmit(
        token=application.token, reply="Statutes registered in Lima, 2012."
    )
    application.refresh_from_db()
    assert application.state == "resubmitted"

    with django_capture_on_commit_callbacks(execute=True):
        services.application_approve(actor=secretariat, application_id=application.pk)
    application.refresh_from_db()
    assert application.state == "approved" and application.decided_by == secretariat
    partner = application.partner
    assert partner.status == "active" and partner.date_joined is not None
    assert (
        partner.names == {"es": "Asociación Niñez Libre", "_original": "es"}
        and partner.category == "civil_society"
    )
    trail = [
        (e.event, e.actor, e.changes.get("state"))
        for e in AuditEntry.objects.filter(event__startswith="partners.application.").order_by("pk")
    ]
    assert trail == [
        ("partners.application.submitted", None, [None, "submitted"]),
        ("partners.application.info_requested", secretariat, ["submitted", "info_requested"]),
        ("partners.application.resubmitted", None, ["info_requested", "resubmitted"]),
        ("partners.application.approved", secretariat, ["resubmitted", "approved"]),
    ]
    approved = AuditEntry.objects.get(event="partners.application.approved")
    assert approved.changes["partner"] == [None, partner.pk]
    submitted = AuditEntry.objects.get(event="partners.application.submitted")
    assert "token" not in submitted.changes  # the applicant's key stays out of the log
    user = User.objects.get(email="ana@ninezlibre.example")
    assert has_role(user, Role.PARTNER_ADMIN, partner)
    assert not user.has_usable_password()
    person = Person.objects.get(partner=partner)
    assert person.user == user and person.is_partner_admin
    assert "/accounts/set-password/" in mailoutbox[-1].body
    events = list(AuditEntry.objects.values_list("event", flat=True))
    assert {
        "partners.application.info_requested",
        "partners.application.resubmitted",
        "partners.application.approved",
        "partners.partner.created",
        "core.role.assigned",
    } <= set(events)


def test_a_rejection_needs_a_reason_which_the_applicant_receives(
    application, secretariat, mailoutbox, django_capture_on_commit_callbacks
):
    with pytest.raises(ValidationError) as exc:
        services.application_reject(actor=secretariat, application_id=application.pk, reason=" ")
    assert "reason" in exc.value.message_dict
    application.refresh_from_db()
    assert application.state == "submitted" and application.version == 1
    assert not AuditEntry.objects.filter(event="partners.application.rejected").exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_reject(
            actor=secretariat,
            application_id=application.pk,
            reason="No evidence of work on Target 8.7.",
        )
    application.refresh_from_db()
    assert application.state == "rejected" and application.partner is None
    assert "No evidence of work" in mailoutbox[-1].body
    assert not Partner.objects.exists()


def test_an_application_waiting_for_information_cannot_be_approved(application, secretariat):
    services.application_request_info(
        actor=secretariat, application_id=application.pk, reason="Who funds you?"
    )
    with pytest.raises(TransitionRefused) as exc:
        services.application_approve(actor=secretariat, application_id=application.pk)
    assert exc.value.code == "partners.application.awaiting_applicant"
    assert not Partner.objects.exists()
    application.refresh_from_db()
    assert application.state == "info_requested" and application.version == 2


def test_only_the_secretariat_vets(
    application, partner_admin, mailoutbox, django_capture_on_commit_callbacks
):
    with pytest.raises(PermissionDenied), django_capture_on_commit_callbacks(execute=True):
        services.application_approve(actor=partner_admin, application_id=application.pk)
    application.refresh_from_db()
    assert application.state == "submitted" and not Partner.objects.exists()
    assert mailoutbox == []


def test_approving_twice_is_refused(application, secretariat):
    services.application_approve(actor=secretariat, application_id=application.pk)
    with pytest.raises(TransitionRefused) as exc:
        services.application_approve(actor=secretariat, application_id=application.pk)
    assert exc.value.code == "partners.application.already_decided"
    assert Partner.objects.count() == 1
    application.refresh_from_db()
    assert application.version == 2
    assert AuditEntry.objects.filter(event="partners.application.approved").count() == 1


def test_approval_reuses_an_existing_account_with_the_same_email(make_user, secretariat):
    existing = make_user(email="ana@ninezlibre.example")
    application = services.application_submit(data=application_data())
    services.application_approve(actor=secretariat, application_id=application.pk)
    assert User.objects.filter(email="ana@ninezlibre.example").count() == 1
    existing.refresh_from_db()
    assert has_role(existing, Role.PARTNER_ADMIN, Application.objects.get().partner)


def test_a_mail_server_failure_does_not_undo_a_decision(
    application, secretariat, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    from django.core.mail import EmailMessage

    monkeypatch.setattr(EmailMessage, "send", broken)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_reject(
            actor=secretariat, application_id=application.pk, reason="Out of scope."
        )
    application.refresh_from_db()
    assert application.state == "rejected"


def test_an_edit_records_the_forms_language_as_original_only_where_none_is_known(partner, admin_of):
    admin = admin_of(partner)
    services.partner_update(
        actor=admin,
        partner_id=partner.pk,
        expected_version=1,
        data={"names": {"es": "Asociación Niñez Libre"}, "description": {"en": "We work."}},
        language="en",
    )
    partner.refresh_from_db()
    # The Spanish name had no original recorded and the form (English) has no text for it.
    assert partner.names == {"es": "Asociación Niñez Libre"}
    assert partner.description == {"en": "We work.", "_original": "en"}
    services.partner_update(
        actor=admin,
        partner_id=partner.pk,
        expected_version=2,
        data={"description": {"en": "We work.", "es": "Trabajamos."}},
        language="es",
    )
    partner.refresh_from_db()
    assert partner.description == {"en": "We work.", "es": "Trabajamos.", "_original": "en"}
    entry = AuditEntry.objects.filter(event="partners.partner.updated").order_by("pk").last()
    assert entry.actor == admin and entry.changes["description"] == [
        {"en": "We work.", "_original": "en"},
        {"en": "We work.", "es": "Trabajamos.", "_original": "en"},
    ]
