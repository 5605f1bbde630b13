"""Who may do what: every pathfinder page and endpoint, persona by persona.

Personas hold their role globally (a global focal point stands for "the focal point of this
country"); a refused write leaves the database as it was.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from alliance87.core.models import AuditEntry
from alliance87.pathfinders import rules
from alliance87.pathfinders.models import (
    Document,
    DocumentVersion,
    Pathfinder,
    PathfinderEvent,
)
from tests.conftest import PERSONAS, client_for

from .helpers import add_events, gcg_decision

pytestmark = pytest.mark.django_db

ALL = set(PERSONAS)
SEC = {"secretariat"}
SEC_FP = {"secretariat", "focal_point"}
SEC_REV = {"secretariat", "reviewer"}
SEC_FP_REV = {"secretariat", "focal_point", "reviewer"}
SEC_GCG = {"secretariat", "gcg_member"}


def _events(iso3: str, granted: dt.date | None) -> list[rules.Event]:
    start = dt.date(2018, 1, 15)
    events = [
        rules.Event(
            rules.EventType.EXPRESSION_OF_INTEREST,
            start,
            items=("focal_point",),
            addressed_to="alliance_chair",
        ),
        rules.Event(rules.EventType.TIMELINE_SUBMITTED, start),
        rules.Event(rules.EventType.COORDINATION_BODY, start),
        rules.Event(rules.EventType.WORKSHOP_HELD, start),
        rules.Event(
            rules.EventType.ROADMAP_SUBMITTED,
            start,
            kind="roadmap",
            items=tuple(sorted(rules.ROADMAP_REQUIRED)),
        ),
        rules.Event(rules.EventType.PRESENTED_TO_GCG, start),
    ]
    if granted:
        events.append(rules.Event(rules.EventType.STATUS_GRANTED, granted))
    return events


@pytest.fixture
def world(db):
    """NPL active since two years ago with a draft report and a submitted roadmap; CHL ready
    for the GCG's decision. Written directly (the services have their own tests): the matrix
    is about who may act, and runs 200 times."""
    granted = dt.date(dt.date.today().year - 2, 6, 1)
    npl = Pathfinder.objects.create(
        country_id="NPL", status="active", stage="implementation", became_active_on=granted
    )
    chl = Pathfinder.objects.create(country_id="CHL", status="candidate", stage="planning")
    add_events(npl, _events("NPL", granted))
    add_events(chl, _events("CHL", None))
    year = dt.date.today().year + 1
    draft = Document.objects.create(pathfinder=npl, kind="report", year=year)
    roadmap = Document.objects.create(
        pathfinder=npl, kind="roadmap", state="submitted", sections={"measures": "m"}
    )
    DocumentVersion.objects.create(document=roadmap, number=1, sections=roadmap.sections)
    commented = Document.objects.create(
        pathfinder=npl, kind="report", year=year - 2, state="commented", sections={"progress": "p"}
    )
    DocumentVersion.objects.create(document=commented, number=1, sections=commented.sections)
    return {
        "draft": draft.pk,
        "submitted": roadmap.pk,
        "commented": commented.pk,
        "year": year,
        "npl": npl,
        "chl": chl,
        "decision": gcg_decision("CHL"),
    }


@pytest.fixture(autouse=True)
def _the_reviewer_persona_is_assigned(request):
    """The Secretariat assigns reviewers to documents: the reviewer persona reviews the
    submitted and commented documents (never the draft); other reviewers read none."""
    callspec = getattr(request.node, "callspec", None)
    if callspec is None or callspec.params.get("persona") != "reviewer":
        return
    w = request.getfixturevalue("world")
    user = request.getfixturevalue("persona")
    Document.objects.filter(pk__in=[w["submitted"], w["commented"], w["draft"]]).update(
        reviewer=user
    )


@pytest.fixture
def persona_scope(world):
    """The focal point persona is Nepal's: a focal point role means nothing without its country."""
    return {"focal_point": world["npl"]}


def _past_history() -> dict:
    """A past step of Nepal's, not yet on record (the history import)."""
    return {
        "format": 1,
        "country": "NPL",
        "events": [{"type": "stakeholders_mapped", "date": "2018-01-20"}],
    }


def _a_reviewer() -> int:
    """A member of the Working Group the Secretariat may assign."""
    from alliance87.core.models import Role, RoleAssignment, User

    user, _ = User.objects.get_or_create(
        email="wg@example.org", defaults={"username": "wg", "full_name": "WG"}
    )
    RoleAssignment.objects.get_or_create(user=user, role=Role.REVIEWER)
    return user.pk


def _doc_version(pk: int) -> int:
    return Document.objects.get(pk=pk).version


PAGES = [
    ("list", lambda w: "/en/pathfinders/", ALL),
    ("profile", lambda w: "/en/pathfinders/NPL/", ALL),
    ("dashboard", lambda w: "/en/pathfinders/dashboard/", SEC),
    ("history_import", lambda w: "/en/pathfinders/history/import/", SEC),
    ("dashboard_csv", lambda w: "/en/pathfinders/dashboard/?export=csv", SEC),
    ("expression_form", lambda w: "/en/pathfinders/new/", SEC),
    ("workspace", lambda w: "/en/pathfinders/NPL/workspace/", SEC_FP),
    ("document", lambda w: f"/en/pathfinders/documents/{w['submitted']}/", SEC_FP_REV),
    ("reviews", lambda w: "/en/pathfinders/reviews/", SEC_REV),
    ("api_list", lambda w: "/api/pathfinders", ALL),
    ("api_detail", lambda w: "/api/pathfinders/NPL", ALL),
    ("api_history", lambda w: "/api/pathfinders/NPL/history", SEC_FP_REV),
    ("api_assessment", lambda w: "/api/pathfinders/NPL/assessment", SEC_FP_REV),
    # the reviewer persona reviews Nepal's documents, none of Chile's
    ("api_history_unreviewed", lambda w: "/api/pathfinders/CHL/history", SEC),
    ("api_assessment_unreviewed", lambda w: "/api/pathfinders/CHL/assessment", SEC),
    ("api_draft", lambda w: f"/api/pathfinders/documents/{w['draft']}", SEC_FP),
    ("api_document", lambda w: f"/api/pathfinders/documents/{w['submitted']}", SEC_FP_REV),
    ("draft_page", lambda w: f"/en/pathfinders/documents/{w['draft']}/", SEC_FP),
]


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
@pytest.mark.parametrize(("name", "url", "allowed"), PAGES, ids=[p[0] for p in PAGES])
def test_reading_pages_and_endpoints(world, persona, request, name, url, allowed):
    persona_name = request.node.callspec.params["persona"]
    response = client_for(persona).get(url(world))
    if persona_name in allowed:
        assert response.status_code == 200, response.content[:300]
    elif persona is None:
        assert response.status_code in (302, 401)
        if url(world).startswith("/en/"):
            assert "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 403


def _count():
    return (
        PathfinderEvent.objects.count(),
        AuditEntry.objects.count(),
        Document.objects.count(),
        tuple(Document.objects.order_by("pk").values_list("version", flat=True)),
    )


WRITES = [
    (
        "express_interest",
        lambda w: (
            "post",
            "/api/pathfinders",
            {
                "country": "PER",
                "date": "2019-01-01",
                "addressed_to": "alliance_chair",
                "minister": "M",
                "focal_point_name": "F",
            },
        ),
        SEC,
    ),
    (
        "country_event",
        lambda w: (
            "post",
            "/api/pathfinders/NPL/events",
            {
                "type": "evidence_of_collaboration",
                "date": dt.date.today().isoformat(),
                "year": w["year"],
            },
        ),
        SEC_FP,
    ),
    (
        "secretariat_event",
        lambda w: (
            "post",
            "/api/pathfinders/NPL/events",
            {"type": "gcg_informed", "date": "2018-02-01"},
        ),
        SEC,
    ),
    (
        "grant",
        lambda w: ("post", "/api/pathfinders/CHL/grant", {"decision_ref": w["decision"]}),
        SEC,
    ),
    (
        "open_report",
        lambda w: ("post", "/api/pathfinders/NPL/reports", {"year": w["year"] - 1}),
        SEC_FP,
    ),
    ("open_roadmap", lambda w: ("post", "/api/pathfinders/NPL/roadmaps", {}), SEC_FP),
    (
        "save_draft",
        lambda w: (
            "put",
            f"/api/pathfinders/documents/{w['draft']}",
            {"version": _doc_version(w["draft"]), "sections": {"progress": "p"}},
        ),
        SEC_FP,
    ),
    (
        "comment",
        lambda w: (
            "post",
            f"/api/pathfinders/documents/{w['submitted']}/comments",
            {"version": _doc_version(w["submitted"]), "comments": {"measures": "more"}},
        ),
        SEC_REV,
    ),
    (
        "finalise",
        lambda w: (
            "post",
            f"/api/pathfinders/documents/{w['commented']}/finalise",
            {"version": _doc_version(w["commented"])},
        ),
        SEC_FP,
    ),
    (
        "import_history",
        lambda w: ("post", "/api/pathfinders/history", _past_history()),
        SEC,
    ),
    (
        "assign_reviewer",
        lambda w: (
            "post",
            f"/api/pathfinders/documents/{w['draft']}/reviewer",
            {"reviewer_id": _a_reviewer()},
        ),
        SEC,
    ),
]


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
@pytest.mark.parametrize(("name", "spec", "allowed"), WRITES, ids=[w[0] for w in WRITES])
def test_writing_through_the_api(world, persona, request, name, spec, allowed):
    persona_name = request.node.callspec.params["persona"]
    method, url, data = spec(world)
    before = _count()
    client = client_for(persona)
    response = getattr(client, method)(url, json.dumps(data), content_type="application/json")
    if persona_name in allowed:
        assert response.status_code in (200, 201), response.content[:300]
        assert _count() != before
    else:
        assert response.status_code == (401 if persona is None else 403), response.content[:300]
        assert _count() == before


def test_a_reviewer_sees_only_the_history_of_a_country_whose_submitted_document_is_theirs(
    world, make_user
):
    """The history and its files (letters, evidence) are context for a review: a reviewer
    with nothing assigned, or only a draft, sees no country's history."""
    from alliance87.core.models import Role

    reviewer = make_user(Role.REVIEWER)
    c = client_for(reviewer)
    assert c.get("/api/pathfinders/NPL/history").status_code == 403
    Document.objects.filter(pk=world["draft"]).update(reviewer=reviewer)
    assert c.get("/api/pathfinders/NPL/history").status_code == 403
    Document.objects.filter(pk=world["submitted"]).update(reviewer=reviewer)
    assert c.get("/api/pathfinders/NPL/history").status_code == 200
    assert c.get("/api/pathfinders/NPL/assessment").status_code == 200
    assert c.get("/api/pathfinders/CHL/history").status_code == 403


def test_a_focal_point_of_one_country_cannot_act_for_another(world, make_user):
    from alliance87.core.models import Role

    fp = make_user(Role.FOCAL_POINT, scope=Pathfinder.objects.get(pk="CHL"))
    c = client_for(fp)
    assert c.get("/en/pathfinders/NPL/workspace/").status_code == 403
    assert c.get("/en/pathfinders/CHL/workspace/").status_code == 200
    before = _count()
    r = c.post(
        "/api/pathfinders/NPL/events",
        json.dumps(
            {
                "type": "evidence_of_collaboration",
                "date": dt.date.today().isoformat(),
                "year": world["year"],
            }
        ),
        content_type="application/json",
    )
    assert r.status_code == 403
    assert _count() == before
    assert rules.Status.ACTIVE.value == "active"


PAGE_WRITES = [
    (
        "event",
        lambda w: (
            "/en/pathfinders/NPL/workspace/event/",
            {
                "type": "evidence_of_collaboration",
                "date": dt.date.today().isoformat(),
                "year": w["year"],
            },
        ),
        SEC_FP,
    ),
    (
        "report",
        lambda w: ("/en/pathfinders/NPL/workspace/report/", {"year": w["year"] - 1}),
        SEC_FP,
    ),
    ("roadmap", lambda w: ("/en/pathfinders/NPL/workspace/roadmap/", {}), SEC_FP),
    (
        "grant",
        lambda w: ("/en/pathfinders/CHL/workspace/grant/", {"decision_ref": w["decision"]}),
        SEC,
    ),
    ("publish", lambda w: ("/en/pathfinders/NPL/workspace/publish/", {}), SEC),
    (
        "save",
        lambda w: (
            f"/en/pathfinders/documents/{w['draft']}/save/",
            {"version": _doc_version(w["draft"]), "section_progress": "p"},
        ),
        SEC_FP,
    ),
    (
        "submit",
        lambda w: (
            f"/en/pathfinders/documents/{w['draft']}/submit/",
            {"version": _doc_version(w["draft"]), "section_progress": "p"},
        ),
        SEC_FP,
    ),
    (
        "comment",
        lambda w: (
            f"/en/pathfinders/documents/{w['submitted']}/comment/",
            {"version": _doc_version(w["submitted"]), "comment_measures": "more"},
        ),
        SEC_REV,
    ),
    (
        "finalise",
        lambda w: (
            f"/en/pathfinders/documents/{w['commented']}/finalise/",
            {"version": _doc_version(w["commented"])},
        ),
        SEC_FP,
    ),
    (
        "assign_reviewer",
        lambda w: (
            f"/en/pathfinders/documents/{w['draft']}/reviewer/",
            {"reviewer": _a_reviewer()},
        ),
        SEC,
    ),
    (
        "import_history",
        lambda w: ("/en/pathfinders/history/import/", {"text": json.dumps(_past_history())}),
        SEC,
    ),
]


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
@pytest.mark.parametrize(("name", "spec", "allowed"), PAGE_WRITES, ids=[w[0] for w in PAGE_WRITES])
def test_each_page_action_is_permission_checked(world, persona, request, name, spec, allowed):
    persona_name = request.node.callspec.params["persona"]
    url, data = spec(world)
    before = _count()
    response = client_for(persona).post(url, data)
    if persona_name in allowed:
        assert response.status_code == 302, response.content[:300]
        assert "/accounts/login/" not in response["Location"]
        assert _count() != before
    elif persona is None:
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        assert _count() == before
    else:
        assert response.status_code == 403, response.content[:300]
        assert _count() == before
