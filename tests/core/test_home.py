"""A home for each signed-in role (issue 15): what is waiting for that person, with links,
at a fixed number of queries whatever the amount of work."""

from __future__ import annotations

import datetime as dt
import secrets

import pytest
from django.utils import timezone

from alliance87.core.models import Role
from alliance87.governance.models import Meeting
from alliance87.groups.models import Group, Objective, Task
from alliance87.partners.models import Application
from alliance87.pathfinders.models import Document, Pathfinder, Stage, Status
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _application(n: int) -> Application:
    return Application.objects.create(
        organisation_name=f"Applicant {n}",
        category="civil_society",
        country_id="PER",
        contact_name="A. Person",
        contact_email=f"a{n}@example.org",
        statement="We work on Target 8.7.",
        commitment=True,
        committed_at=timezone.now(),
        token=secrets.token_hex(16),
    )


@pytest.fixture
def nepal(db):
    return Pathfinder.objects.create(
        country_id="NPL", status=Status.CANDIDATE, stage=Stage.EXPRESSION_OF_INTEREST
    )


def _report(pathfinder, year: int, state: str) -> Document:
    return Document.objects.create(pathfinder=pathfinder, kind="report", year=year, state=state)


def _home(user) -> str:
    response = client_for(user).get("/en/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_secretariat_sees_the_applications_to_vet(secretariat):
    _application(1)
    page = _home(secretariat)
    assert "Applications to vet" in page and "Applicant 1" in page
    assert "/en/partners/applications/" in page


def test_a_focal_point_sees_their_country_and_its_documents_in_progress(make_user, nepal):
    _report(nepal, 2025, "draft")
    page = _home(make_user(Role.FOCAL_POINT, scope=nepal))
    assert "Nepal: documents in progress" in page
    assert "Nepal: annual report 2025" in page
    assert "/en/pathfinders/NPL/workspace/" in page
    assert "Applications to vet" not in page


def test_a_reviewer_sees_the_reports_submitted_to_them(reviewer, nepal):
    """A reviewer's home lists the submitted documents assigned to them, not the others."""
    mine = _report(nepal, 2025, "submitted")
    mine.reviewer = reviewer
    mine.save(update_fields=["reviewer"])
    _report(nepal, 2024, "submitted")
    page = _home(reviewer)
    assert "Reports and roadmaps to review" in page and "Nepal: annual report 2025" in page
    assert "Nepal: annual report 2024" not in page


def test_a_gcg_member_sees_the_meetings_to_prepare(gcg_member):
    start = timezone.now() + dt.timedelta(days=10)
    Meeting.objects.create(
        titles={"en": "Sixth GCG meeting"}, starts_at=start, ends_at=start + dt.timedelta(hours=3)
    )
    page = _home(gcg_member)
    assert "Meetings to prepare" in page and "Sixth GCG meeting" in page


def test_a_group_chair_sees_the_open_tasks_of_their_group(make_user):
    group = Group.objects.create(slug="migration", kind="action_group", names={"en": "Migration"})
    objective = Objective.objects.create(group=group, titles={"en": "Objective"})
    Task.objects.create(objective=objective, titles={"en": "Map recruiters"})
    page = _home(make_user(Role.GROUP_CHAIR, scope=group))
    assert "Open tasks of your groups" in page and "Map recruiters" in page


def test_someone_with_no_role_is_told_whom_to_ask(outsider):
    assert "ask the Secretariat" in _home(outsider)


def test_the_public_home_shows_no_boxes(client):
    page = client.get("/en/").content.decode()
    assert "What is waiting for you" not in page


def test_the_home_page_has_a_fixed_number_of_queries(
    secretariat, nepal, django_assert_num_queries, django_assert_max_num_queries
):
    client = client_for(secretariat)
    _application(0)
    _report(nepal, 2024, "submitted")
    client.get("/en/")
    with django_assert_max_num_queries(20) as small:
        client.get("/en/")
    for n in range(1, 12):
        _application(n)
        _report(nepal, 2000 + n, "submitted")
    with django_assert_num_queries(len(small.captured_queries)):
        client.get("/en/")


def test_what_is_due_comes_first_for_the_focal_point_and_the_secretariat(secretariat, make_user):
    """An active pathfinder's next report is due by 30 April (seed 003); the Secretariat's
    home has the box of countries with something late (none here)."""
    from tests.pathfinders.helpers import make_active

    nepal = make_active(secretariat, "NPL")
    focal = _home(make_user(Role.FOCAL_POINT, scope=nepal))
    box = focal.split("Nepal: documents in progress", 1)[1]
    assert "Next due: 30 April " in box.split("</section>", 1)[0]
    assert "Pathfinder countries with something late" not in focal
    sec = _home(secretariat)
    assert "Pathfinder countries with something late" in sec and "Nothing is late." in sec
