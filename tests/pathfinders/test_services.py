"""The services: every step recorded, re-checked against the rules, audited."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from alliance87.core.exceptions import (
    Conflict,
    PermissionDenied,
    TransitionRefused,
    ValidationError,
)
from alliance87.core.models import AuditEntry
from alliance87.pathfinders import rules, services
from alliance87.pathfinders.events import PathfindersEvent
from alliance87.pathfinders.models import Document, DocumentVersion, Pathfinder, PathfinderEvent

from .helpers import gcg_decision, make_active, make_candidate, make_ready

pytestmark = pytest.mark.django_db
D = dt.date


def _written() -> tuple:
    """What a refused step must leave as it was: events, audit rows, every country's version."""
    return (
        PathfinderEvent.objects.count(),
        AuditEntry.objects.count(),
        sorted(Pathfinder.objects.values_list("pk", "version", "status", "stage")),
    )


def test_an_expression_of_interest_makes_the_country_a_candidate_and_is_audited(secretariat):
    p = make_candidate(secretariat, "NPL")
    assert (p.status, p.stage) == ("candidate", "planning")
    assert p.focal_point_name == "A. Focal"
    (entry,) = AuditEntry.objects.filter(event=PathfindersEvent.EXPRESSION_OF_INTEREST)
    assert entry.actor == secretariat and entry.object_id == "NPL"
    assert entry.changes["focal_point_name"] == ["", "A. Focal"]
    assert entry.changes["event"][0] is None
    assert entry.changes["event"][1]["type"] == "expression_of_interest"
    created = AuditEntry.objects.get(event=PathfindersEvent.PATHFINDER_CREATED)
    assert created.actor == secretariat and created.object_id == "NPL"


def test_the_letter_must_name_a_focal_point_and_be_addressed_to_the_director_general_or_the_chair(
    secretariat,
):
    with pytest.raises(ValidationError) as err:
        services.pathfinder_express_interest(
            actor=secretariat,
            country_iso3="NPL",
            on=D(2019, 1, 1),
            addressed_to="prime_minister",
            minister="M",
            focal_point_name="",
        )
    assert set(err.value.message_dict) == {"addressed_to", "focal_point_name"}
    assert not Pathfinder.objects.filter(pk="NPL").exists()


def test_status_is_granted_only_when_the_candidate_meets_the_conditions(secretariat):
    make_candidate(secretariat, "NPL")
    events_before = PathfinderEvent.objects.count()
    audits_before, version = AuditEntry.objects.count(), Pathfinder.objects.get(pk="NPL").version
    with pytest.raises(TransitionRefused) as err:
        services.pathfinder_grant_status(
            actor=secretariat, country="NPL", decision_ref=gcg_decision("NPL")
        )
    assert err.value.code == "pathfinder.conditions_not_met"
    assert "roadmap_submitted" in err.value.params["missing"]
    assert AuditEntry.objects.count() == audits_before
    assert Pathfinder.objects.get(pk="NPL").version == version
    assert "the roadmap (or the national action plan)" in err.value.message
    assert "roadmap_submitted" not in err.value.message
    assert PathfinderEvent.objects.count() == events_before
    assert Pathfinder.objects.get(pk="NPL").status == "candidate"


def test_granting_status_makes_the_candidate_active_at_the_implementation_stage(secretariat):
    p = make_active(secretariat, "NPL")
    assert (p.status, p.stage) == ("active", "implementation")
    assert p.became_active_on == dt.date.today()
    entry = AuditEntry.objects.get(event="pathfinders.pathfinder.status_granted")
    assert entry.actor == secretariat
    assert entry.changes["status"] == ["candidate", "active"]
    assert entry.changes["stage"] == ["planning", "implementation"]
    assert entry.changes["became_active_on"] == [None, dt.date.today().isoformat()]


def test_the_grant_service_joins_the_callers_transaction_so_governance_can_roll_it_back(
    secretariat,
):
    make_ready(secretariat, "NPL")

    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        services.pathfinder_grant_status(
            actor=secretariat, country="NPL", decision_ref=gcg_decision("NPL")
        )
        raise Boom
    assert Pathfinder.objects.get(pk="NPL").status == "candidate"


def test_a_single_gcg_member_cannot_grant_status_nor_can_a_focal_point(
    secretariat, gcg_member, focal_point
):
    make_ready(secretariat, "NPL")
    ref = gcg_decision("NPL")
    for actor in (gcg_member, focal_point):
        with pytest.raises(PermissionDenied):
            services.pathfinder_grant_status(actor=actor, country="NPL", decision_ref=ref)
    assert Pathfinder.objects.get(pk="NPL").status == "candidate"


@pytest.mark.parametrize(
    ("decision", "code"),
    [
        (lambda: None, "pathfinder.decision_needed"),
        (lambda: "GCG99/9", "pathfinder.decision_not_on_record"),
        (lambda: gcg_decision("NPL", adopted=False), "pathfinder.decision_not_adopted"),
        (lambda: gcg_decision("NPL", present=12), "pathfinder.decision_without_quorum"),
        (lambda: gcg_decision("PER"), "pathfinder.decision_about_something_else"),
        (
            lambda: gcg_decision("NPL", kind="general"),
            "pathfinder.decision_about_something_else",
        ),
    ],
)
def test_status_is_granted_only_by_an_adopted_gcg_decision_taken_with_quorum(
    secretariat, decision, code
):
    make_ready(secretariat, "NPL")
    written = _written()
    with pytest.raises(TransitionRefused) as err:
        services.pathfinder_grant_status(actor=secretariat, country="NPL", decision_ref=decision())
    assert err.value.code == code
    assert "granted only by a decision of the GCG" in err.value.message
    assert Pathfinder.objects.get(pk="NPL").status == "candidate"
    assert _written() == written


def test_the_grant_is_dated_by_the_decisions_meeting_and_names_the_decision(secretariat):
    make_ready(secretariat, "NPL")
    ref = gcg_decision("NPL")
    services.pathfinder_grant_status(actor=secretariat, country="NPL", decision_ref=ref)
    p = Pathfinder.objects.get(pk="NPL")
    assert (p.status, p.became_active_on) == ("active", dt.date.today())
    assert p.events.get(type="status_granted").ref == ref


def test_a_report_is_finalised_by_the_country_after_the_comments_never_straight_after_submission(
    secretariat, reviewer, focal_point
):
    from alliance87.core.exceptions import PermissionDenied as Denied

    doc = _report(secretariat)
    services.document_assign_reviewer(
        actor=secretariat, document_id=doc.pk, reviewer_id=reviewer.pk
    )
    doc = Document.objects.get(pk=doc.pk)
    doc = services.document_save_draft(
        actor=secretariat,
        document_id=doc.pk,
        expected_version=doc.version,
        sections={"progress": "v1"},
    )
    doc = services.document_submit(
        actor=secretariat, document_id=doc.pk, expected_version=doc.version
    )
    with pytest.raises(TransitionRefused):
        services.report_finalise(
            actor=secretariat, document_id=doc.pk, expected_version=doc.version
        )
    with pytest.raises((PermissionDenied, Denied)):
        services.report_finalise(actor=reviewer, document_id=doc.pk, expected_version=doc.version)
    doc = services.report_comment(
        actor=reviewer,
        document_id=doc.pk,
        expected_version=doc.version,
        comments={"progress": "More"},
    )
    with pytest.raises((PermissionDenied, Denied)):
        services.report_finalise(actor=reviewer, document_id=doc.pk, expected_version=doc.version)
    doc = services.report_finalise(
        actor=secretariat, document_id=doc.pk, expected_version=doc.version
    )
    assert (doc.state, doc.published) == ("finalised", True)


def test_a_reviewer_reads_only_submitted_documents_assigned_to_them_never_drafts(
    secretariat, reviewer, make_user
):
    from alliance87.core.models import Role
    from alliance87.core.permissions import can

    other = make_user(Role.REVIEWER)
    doc = _report(secretariat)
    services.document_assign_reviewer(
        actor=secretariat, document_id=doc.pk, reviewer_id=reviewer.pk
    )
    doc = Document.objects.select_related("pathfinder").get(pk=doc.pk)
    assert not can(reviewer, "pathfinders.read_document", doc)  # a draft
    doc = services.document_save_draft(
        actor=secretariat,
        document_id=doc.pk,
        expected_version=doc.version,
        sections={"progress": "v1"},
    )
    services.document_submit(actor=secretariat, document_id=doc.pk, expected_version=doc.version)
    doc = Document.objects.select_related("pathfinder").get(pk=doc.pk)
    assert can(reviewer, "pathfinders.read_document", doc)
    assert not can(other, "pathfinders.read_document", doc)
    assert not can(other, "pathfinders.review", doc)


def test_only_a_member_of_the_working_group_can_be_assigned(secretariat, focal_point):
    doc = _report(secretariat)
    with pytest.raises(ValidationError) as err:
        services.document_assign_reviewer(
            actor=secretariat, document_id=doc.pk, reviewer_id=focal_point.pk
        )
    assert "reviewer" in err.value.message_dict
    assert Document.objects.get(pk=doc.pk).reviewer_id is None


def test_a_step_dated_before_the_expression_of_interest_is_refused(secretariat):
    make_candidate(secretariat, "NPL", D(2018, 1, 15))
    written = _written()
    with pytest.raises(ValidationError) as err:
        services.pathfinder_record_event(
            actor=secretariat, iso3="NPL", type="workshop_held", on=D(2017, 12, 1)
        )
    assert "before the expression of interest" in str(err.value)
    assert _written() == written


def test_a_step_dated_in_the_future_is_refused(secretariat):
    make_candidate(secretariat, "NPL")
    written = _written()
    with pytest.raises(ValidationError):
        services.pathfinder_record_event(
            actor=secretariat,
            iso3="NPL",
            type="workshop_held",
            on=dt.date.today() + dt.timedelta(days=3),
        )
    assert _written() == written


def test_an_invalid_transition_is_refused_with_the_reason_and_nothing_is_written(secretariat):
    make_candidate(secretariat, "NPL")
    n = PathfinderEvent.objects.count()
    written = _written()
    with pytest.raises(TransitionRefused) as err:
        services.pathfinder_record_event(
            actor=secretariat, iso3="NPL", type="dialogue_opened", on=dt.date.today()
        )
    assert (
        "situation (Candidate (Planning)); it is possible only from: Active." in err.value.message
    )
    assert err.value.code == "pathfinder.not_allowed_from"
    assert err.value.params["state"] == ("candidate", "planning")
    assert PathfinderEvent.objects.count() == n
    assert _written() == written


def test_a_report_for_a_year_before_the_country_was_a_pathfinder_is_refused(secretariat):
    make_active(secretariat, "NPL")
    year = dt.date.today().year
    with pytest.raises(ValidationError) as err:
        services.report_create(actor=secretariat, iso3="NPL", year=year)
    assert "first report is for" in str(err.value)
    assert not Document.objects.filter(kind="report").exists()


def _report(secretariat, iso3="NPL"):
    make_active(secretariat, iso3)
    return services.report_create(actor=secretariat, iso3=iso3, year=dt.date.today().year + 1)


def test_two_people_editing_the_same_report_never_overwrite_each_other_silently(secretariat):
    doc = _report(secretariat)
    loaded = doc.version
    services.document_save_draft(
        actor=secretariat, document_id=doc.pk, expected_version=loaded, sections={"progress": "A"}
    )
    with pytest.raises(Conflict):
        services.document_save_draft(
            actor=secretariat,
            document_id=doc.pk,
            expected_version=loaded,
            sections={"progress": "B"},
        )
    doc.refresh_from_db()
    assert doc.sections == {"progress": "A"}


def test_every_submitted_version_stays_readable(secretariat, reviewer):
    doc = _report(secretariat)
    doc = services.document_assign_reviewer(
        actor=secretariat, document_id=doc.pk, reviewer_id=reviewer.pk
    )
    doc = services.document_save_draft(
        actor=secretariat,
        document_id=doc.pk,
        expected_version=doc.version,
        sections={"progress": "v1"},
    )
    doc = services.document_submit(
        actor=secretariat, document_id=doc.pk, expected_version=doc.version
    )
    doc = services.report_comment(
        actor=reviewer,
        document_id=doc.pk,
        expected_version=doc.version,
        comments={"progress": "More data"},
    )
    doc = services.document_save_draft(
        actor=secretariat,
        document_id=doc.pk,
        expected_version=doc.version,
        sections={"progress": "v2"},
    )
    doc = services.document_submit(
        actor=secretariat, document_id=doc.pk, expected_version=doc.version
    )
    doc = services.report_finalise(
        actor=secretariat, document_id=doc.pk, expected_version=doc.version
    )
    versions = list(DocumentVersion.objects.filter(document=doc).order_by("number"))
    assert [v.sections["progress"] for v in versions] == ["v1", "v2"]
    assert (doc.state, doc.published) == ("finalised", True)
    types = list(
        PathfinderEvent.objects.filter(pathfinder_id="NPL", year=doc.year).values_list(
            "type", flat=True
        )
    )
    assert types == ["report_submitted", "report_commented", "report_revised", "report_finalised"]


def test_a_reviewer_assigned_to_another_report_cannot_comment_on_it(
    secretariat, reviewer, make_user
):
    from alliance87.core.models import Role

    other = make_user(Role.REVIEWER)
    doc = _report(secretariat)
    doc = services.document_save_draft(
        actor=secretariat,
        document_id=doc.pk,
        expected_version=doc.version,
        sections={"progress": "x"},
    )
    doc = services.document_submit(
        actor=secretariat, document_id=doc.pk, expected_version=doc.version
    )
    services.document_assign_reviewer(actor=secretariat, document_id=doc.pk, reviewer_id=other.pk)
    doc.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.report_comment(
            actor=reviewer,
            document_id=doc.pk,
            expected_version=doc.version,
            comments={"progress": "no"},
        )


def _docx() -> SimpleUploadedFile:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile("report.docx", buf.getvalue())


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("report.exe", b"MZ\x90\x00"),
        SimpleUploadedFile("report.pdf", b"<html>not a pdf</html>"),
        SimpleUploadedFile("report.docx", b"PK\x03\x04garbage"),
    ],
    ids=["exe", "html-named-pdf", "broken-docx"],
)
def test_a_file_that_is_not_a_pdf_docx_or_xlsx_is_refused(secretariat, upload, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    doc = _report(secretariat)
    with pytest.raises(ValidationError) as err:
        services.document_save_draft(
            actor=secretariat,
            document_id=doc.pk,
            expected_version=doc.version,
            sections={},
            file=upload,
        )
    assert "PDF, DOCX or XLSX" in str(err.value)
    doc.refresh_from_db()
    assert not doc.file


def test_a_real_docx_is_accepted(secretariat, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    doc = _report(secretariat)
    doc = services.document_save_draft(
        actor=secretariat,
        document_id=doc.pk,
        expected_version=doc.version,
        sections={},
        file=_docx(),
    )
    assert doc.file.name.endswith(".docx")


def test_the_history_export_replays_to_the_stored_state(secretariat):
    from alliance87.pathfinders import selectors

    p = make_active(secretariat, "NPL")
    hist = rules.history_from_dict(rules.history_to_dict(selectors.pathfinder_history("NPL")))
    a = rules.assess(hist, dt.date.today())
    assert (a.status.value, a.stage.value) == (p.status, p.stage)


def test_the_ministers_letter_is_kept_with_the_expression_of_interest(
    secretariat, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    services.pathfinder_express_interest(
        actor=secretariat,
        country_iso3="NPL",
        on=D(2018, 1, 15),
        addressed_to="alliance_chair",
        minister="Minister",
        focal_point_name="F",
        letter=SimpleUploadedFile("letter.pdf", b"%PDF-1.7\n..."),
    )
    event = PathfinderEvent.objects.get(type="expression_of_interest")
    assert event.file.name.endswith(".pdf")


def test_a_letter_that_is_not_a_pdf_docx_or_xlsx_refuses_the_whole_expression(secretariat):
    with pytest.raises(ValidationError):
        services.pathfinder_express_interest(
            actor=secretariat,
            country_iso3="NPL",
            on=D(2018, 1, 15),
            addressed_to="alliance_chair",
            minister="Minister",
            focal_point_name="F",
            letter=SimpleUploadedFile("letter.pdf.exe", b"MZ"),
        )
    assert not Pathfinder.objects.filter(pk="NPL").exists()


def test_a_backdated_step_that_would_invalidate_a_later_record_is_refused(secretariat):
    p = make_active(secretariat, "NPL")
    granted = p.events.get(type="status_granted").on
    n = PathfinderEvent.objects.count()
    written = _written()
    # GCG comments dated before the grant, never answered: the grant would not have been allowed.
    with pytest.raises(TransitionRefused) as err:
        services.pathfinder_record_event(
            actor=secretariat, iso3="NPL", type="gcg_comments", on=granted - dt.timedelta(days=1)
        )
    assert "later record" in err.value.message
    assert "a response to the GCG's comments" in err.value.message
    assert PathfinderEvent.objects.count() == n
    assert _written() == written


def test_the_database_refuses_a_candidate_at_the_implementation_stage_with_a_clear_message():
    from django.db import IntegrityError

    from alliance87.core.models import Country

    bad = Pathfinder(
        country=Country.objects.get(pk="NPL"), status="candidate", stage="implementation"
    )
    with pytest.raises(ValidationError) as err:
        bad.full_clean()
    assert "A candidate is at the expression of interest or planning stage." in str(err.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        bad.save()


def test_the_secretariat_publishes_the_profile_once_and_it_is_audited(secretariat):
    make_active(secretariat, "NPL")
    services.pathfinder_publish_profile(actor=secretariat, iso3="NPL")
    version = Pathfinder.objects.get(pk="NPL").version
    services.pathfinder_publish_profile(actor=secretariat, iso3="NPL")  # a no-op: no second row
    p = Pathfinder.objects.get(pk="NPL")
    assert p.profile_published and p.version == version
    (entry,) = AuditEntry.objects.filter(event="pathfinders.pathfinder.published")
    assert entry.actor == secretariat
    assert entry.changes["profile_published"] == [False, True]


def test_a_document_step_its_state_does_not_allow_is_refused_by_the_document_table(
    secretariat, reviewer
):
    doc = _report(secretariat)
    doc = services.document_save_draft(
        actor=secretariat,
        document_id=doc.pk,
        expected_version=doc.version,
        sections={"progress": "A"},
    )
    # A draft cannot be finalised or commented: nothing written.
    written, version = _written(), doc.version
    with pytest.raises(TransitionRefused) as err:
        services.report_finalise(actor=secretariat, document_id=doc.pk, expected_version=version)
    assert err.value.code == "pathfinder_document.not_allowed_from"
    assert err.value.params == {
        "action": "finalise",
        "state": "draft",
        "allowed": ("commented", "revised"),
    }
    assert "after the Working Group's comments" in err.value.message
    doc.refresh_from_db()
    assert (doc.state, doc.version) == ("draft", version) and _written() == written
    doc = services.document_submit(actor=secretariat, document_id=doc.pk, expected_version=version)
    # A submitted version is with the reviewers: the editor cannot change it.
    written, version = _written(), doc.version
    with pytest.raises(TransitionRefused) as err:
        services.document_save_draft(
            actor=secretariat,
            document_id=doc.pk,
            expected_version=version,
            sections={"progress": "B"},
        )
    assert err.value.code == "pathfinder_document.not_allowed_from"
    doc.refresh_from_db()
    assert (doc.sections, doc.version) == ({"progress": "A"}, version) and _written() == written


def test_a_missing_country_or_document_is_not_found(secretariat):
    from alliance87.core.exceptions import NotFound

    with pytest.raises(NotFound):
        services.pathfinder_record_event(
            actor=secretariat, iso3="ZZZ", type="workshop_held", on=D(2018, 3, 1)
        )
    with pytest.raises(NotFound):
        services.document_submit(actor=secretariat, document_id=999999, expected_version=1)
