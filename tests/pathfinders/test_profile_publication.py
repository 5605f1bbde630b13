"""Seed 003, "Etapa de planificación": the Secretariat publishes the country profile after the
GCG grants status. Until then its reports and indicators are seen only by the Secretariat and
the country's focal points; the seeds' priorities (a published GCG information pack) and the
country's status stay public."""

from __future__ import annotations

import datetime as dt

import pytest

from alliance87.core.exceptions import DomainError, TransitionRefused
from alliance87.core.models import Role
from alliance87.pathfinders import seed, services
from alliance87.pathfinders.models import Document, Pathfinder
from tests.conftest import client_for

from .helpers import framework_values, make_active, make_candidate

pytestmark = pytest.mark.django_db

REPORT_TEXT = "Ten municipalities free of child labour."


def _with_published_report(secretariat) -> Pathfinder:
    p = make_active(secretariat, "NPL")
    Document.objects.create(
        pathfinder=p,
        kind=Document.Kind.REPORT,
        year=dt.date.today().year + 1,
        state=Document.State.FINALISED,
        published=True,
        sections={"progress": REPORT_TEXT},
    )
    framework_values(secretariat, "NPL", [(2024, 7)])
    return p


def _profile(user) -> str:
    return client_for(user).get("/en/pathfinders/NPL/").content.decode()


def test_an_unpublished_profile_hides_reports_and_indicators_from_the_public(secretariat):
    _with_published_report(secretariat)
    html = _profile(None)
    assert REPORT_TEXT not in html and '<svg class="chart"' not in html
    assert "The Secretariat has not yet published this country's profile." in html
    assert 'id="status">Active<' in html  # the status stays public


def test_the_secretariat_and_the_focal_point_see_the_unpublished_profile_with_a_note(
    secretariat, make_user, outsider, reviewer, gcg_member
):
    p = _with_published_report(secretariat)
    focal = make_user(Role.FOCAL_POINT, scope=p)
    other_focal = make_user(Role.FOCAL_POINT, scope=make_candidate(secretariat, "CHL"))
    for user in (secretariat, focal):
        html = _profile(user)
        assert REPORT_TEXT in html and '<svg class="chart"' in html
        assert "This profile is not yet published." in html
    for user in (outsider, other_focal, reviewer, gcg_member):
        assert REPORT_TEXT not in _profile(user)
        assert client_for(user).get("/api/pathfinders/NPL").json()["reports"] is None


def test_once_published_the_profile_shows_reports_and_indicators_to_everyone(secretariat):
    _with_published_report(secretariat)
    services.pathfinder_publish_profile(actor=secretariat, iso3="NPL")
    html = _profile(None)
    assert REPORT_TEXT in html and '<svg class="chart"' in html
    assert 'id="not-published"' not in html


def test_the_public_api_gives_reports_only_once_the_profile_is_published(secretariat, make_user):
    p = _with_published_report(secretariat)
    focal = make_user(Role.FOCAL_POINT, scope=p)
    body = client_for(None).get("/api/pathfinders/NPL").json()
    assert body["profile_published"] is False and body["reports"] is None
    for user in (secretariat, focal):
        reports = client_for(user).get("/api/pathfinders/NPL").json()["reports"]
        assert reports[0]["sections"]["progress"] == REPORT_TEXT
    services.pathfinder_publish_profile(actor=secretariat, iso3="NPL")
    body = client_for(None).get("/api/pathfinders/NPL").json()
    assert body["profile_published"] is True
    assert body["reports"][0]["sections"]["progress"] == REPORT_TEXT


def test_the_profile_of_a_candidate_cannot_be_published(secretariat):
    make_candidate(secretariat, "NPL")
    with pytest.raises(TransitionRefused):
        services.pathfinder_publish_profile(actor=secretariat, iso3="NPL")
    assert not Pathfinder.objects.get(pk="NPL").profile_published


def test_seeded_countries_stay_listed_with_their_status_and_seed_priorities(secretariat):
    seed.load()
    body = client_for(None).get("/api/pathfinders").json()
    assert len(body) == 16
    # Seed 003, Recuadro 1: the six pathfinder countries with achievements are active.
    assert {b["iso3"] for b in body if b["status"] == "active"} == {
        "CHL",
        "FJI",
        "MDG",
        "NLD",
        "NPL",
        "PER",
    }
    html = client_for(None).get("/en/pathfinders/").content.decode()
    assert html.count('data-iso3="') == 16
    profile = client_for(None).get("/en/pathfinders/MDG/").content.decode()
    assert "A national centre on the human trafficking situation." in profile
    assert "Annual progress reports" not in profile


def test_publishing_is_a_dated_step_of_the_history_and_not_a_free_form_step(secretariat):
    make_active(secretariat, "NPL")
    with pytest.raises(DomainError):
        services.pathfinder_record_event(
            actor=secretariat, iso3="NPL", type="profile_published", on=dt.date.today()
        )
    assert not Pathfinder.objects.get(pk="NPL").profile_published
    services.pathfinder_publish_profile(actor=secretariat, iso3="NPL")
    p = Pathfinder.objects.get(pk="NPL")
    assert p.profile_published
    assert p.events.filter(type="profile_published", on=dt.date.today()).count() == 1


def test_the_api_and_the_profile_page_show_the_same_reports_to_each_reader(
    secretariat, make_user, outsider
):
    """One visibility rule (``selectors.profile_reports``) for the page and the API: whoever
    reads, before and after publication, the API's reports are the page's. A report that is
    finalised but not published is in neither."""
    from alliance87.core.permissions import can
    from alliance87.pathfinders import selectors

    p = _with_published_report(secretariat)
    Document.objects.create(
        pathfinder=p,
        kind=Document.Kind.REPORT,
        year=dt.date.today().year,
        state=Document.State.FINALISED,
        published=False,
        sections={"progress": "Not yet published."},
    )
    focal = make_user(Role.FOCAL_POINT, scope=p)
    for publish in (False, True):
        if publish:
            services.pathfinder_publish_profile(actor=secretariat, iso3="NPL")
        for user in (None, outsider, focal, secretariat):
            unpublished = user is not None and can(
                user, "pathfinders.view_unpublished_profile", Pathfinder.objects.get(pk="NPL")
            )
            profile = selectors.pathfinder_profile("NPL", include_unpublished=unpublished)
            expected = [d.pk for d in profile.reports] if profile.full else None
            reports = client_for(user).get("/api/pathfinders/NPL").json().get("reports")
            assert (None if reports is None else [r["id"] for r in reports]) == expected
            assert (expected is not None) == (publish or user in (focal, secretariat))
            assert expected is None or len(expected) == 1
