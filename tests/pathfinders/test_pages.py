"""The pages: public list and profile, dashboard with export, workspace, document, reviews."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from openpyxl import load_workbook

from alliance87.core import collation
from alliance87.pathfinders import rules, seed, services
from alliance87.pathfinders.models import Pathfinder
from tests.conftest import client_for

from .helpers import add_events, framework_values, make_active, make_candidate

pytestmark = pytest.mark.django_db
D = dt.date


def test_the_public_list_shows_the_seeded_countries_by_region_with_a_map():
    seed.load()
    response = client_for(None).get("/en/pathfinders/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Madagascar" in html and "Viet Nam" in html
    assert '<svg class="world-map"' in html
    assert html.count('data-iso3="') == 16


def test_the_public_list_orders_its_regions_as_the_readers_language_sorts():
    """In Spanish "África" and "América" come before "Asia" and "Europa" (the accent does not
    send them to the end)."""
    import re

    seed.load()
    for lang in ("es", "pt", "fr", "en"):
        html = client_for(None).get(f"/{lang}/pathfinders/").content.decode()
        headings = re.findall(r'<section class="region">\s*<h2>([^<]+)</h2>', html)
        assert len(headings) > 2
        assert headings == collation.sort(headings, str, lang), (lang, headings)
    html = client_for(None).get("/es/pathfinders/").content.decode()
    assert html.index("<h2>África</h2>") < html.index("<h2>Asia</h2>")


def test_the_status_filter_answers_htmx_with_the_results_fragment_only():
    seed.load()
    c = client_for(None)
    # Seed 003, Recuadro 1: six of the sixteen seeded countries are active pathfinders.
    page = c.get("/en/pathfinders/?status=candidate").content.decode()
    assert "<html" in page and 'hx-target="#results"' in page
    r = c.get("/en/pathfinders/?status=candidate", HTTP_HX_REQUEST="true")
    fragment = r.content.decode()
    assert r.status_code == 200 and "<html" not in fragment
    assert fragment.lstrip().startswith('<div id="results">')
    candidates = Pathfinder.objects.filter(status="candidate").count()
    assert fragment.count('data-iso3="') == candidates == 10
    assert "HX-Request" in r["Vary"]


def test_each_workspace_action_is_its_own_post_view_and_the_page_takes_no_post(secretariat):
    from alliance87.core.models import AuditEntry

    make_candidate(secretariat, "NPL")
    c = client_for(secretariat)
    entries = AuditEntry.objects.count()
    # The old dispatch on a hidden "form" field is gone: the page only answers GET.
    assert c.post("/en/pathfinders/NPL/workspace/", {"form": "grant"}).status_code == 405
    # Each action only answers POST.
    for action in ("event", "report", "roadmap", "grant", "publish"):
        assert c.get(f"/en/pathfinders/NPL/workspace/{action}/").status_code == 405
    r = c.post("/en/pathfinders/NPL/workspace/publish/", follow=True)
    assert "once the GCG has granted pathfinder status" in r.content.decode()
    p = Pathfinder.objects.get(pk="NPL")
    assert (p.status, p.profile_published) == ("candidate", False)
    assert AuditEntry.objects.count() == entries


def test_seeded_content_records_spanish_as_its_original_and_pages_mark_a_fallback():
    seed.load()
    mdg = Pathfinder.objects.get(pk="MDG")
    priority = mdg.priorities.filter(kind="priority").exclude(theme="").first()
    assert priority.text["_original"] == "es" and priority.theme_label["_original"] == "es"
    html_es = client_for(None).get("/es/pathfinders/MDG/").content.decode()
    assert f'<span lang="es">{priority.text["es"]}</span>' in html_es
    assert "fallback-note" not in html_es
    # French reads its own translation.
    html_fr = client_for(None).get("/fr/pathfinders/MDG/").content.decode()
    assert f'<span lang="fr">{priority.text["fr"]}</span>' in html_fr
    # A text not yet translated into French shows the Spanish original, marked as such.
    priority.text = {k: v for k, v in priority.text.items() if k != "fr"}
    priority.save()
    html_fr = client_for(None).get("/fr/pathfinders/MDG/").content.decode()
    assert f'<span lang="es">{priority.text["es"]}</span>' in html_fr
    assert 'class="fallback-note"' in html_fr


def test_the_seed_loader_is_idempotent():
    seed.load()
    seed.load()
    assert Pathfinder.objects.count() == 16
    npl = Pathfinder.objects.get(pk="NPL")
    assert npl.priorities.filter(kind="priority").count() == 9
    assert npl.priorities.filter(kind="achievement").count() == 1
    assert (npl.status, npl.stage, npl.workshop_month) == ("active", "implementation", "2018-10")
    assert npl.events.count() == 3  # expression of interest, workshop, status granted


def test_the_public_profile_shows_priorities_in_spanish_when_browsing_in_spanish():
    seed.load()
    html = client_for(None).get("/es/pathfinders/MDG/").content.decode()
    assert "Centro nacional sobre la situación de la trata de personas." in html
    html_en = client_for(None).get("/en/pathfinders/MDG/").content.decode()
    assert "A national centre on the human trafficking situation." in html_en


def test_an_unknown_country_profile_is_404():
    assert client_for(None).get("/en/pathfinders/ZZZ/").status_code == 404


def _flagged(secretariat):
    p = make_active(secretariat, "NPL")
    # Two missing reports: move the grant back in time to have two past deadlines.
    today = dt.date.today()
    p.events.filter(on__gt=D(2018, 12, 31)).update(on=D(today.year - 3, 6, 1))
    return p


def test_a_country_missing_two_reports_is_flagged_on_the_dashboard(secretariat):
    _flagged(secretariat)
    make_candidate(secretariat, "CHL")
    html = client_for(secretariat).get("/en/pathfinders/dashboard/").content.decode()
    row = html.split('data-iso3="NPL"')[1].split("</tr>")[0]
    assert "At risk of inactivity" in row
    assert "No progress report" in row
    other = html.split('data-iso3="CHL"')[1].split("</tr>")[0]
    assert "At risk of inactivity" not in other
    only = client_for(secretariat).get("/en/pathfinders/dashboard/?flag=at_risk").content.decode()
    assert 'data-iso3="NPL"' in only and 'data-iso3="CHL"' not in only
    # The filters ask htmx for the results fragment of the same view, export links included.
    fragment = (
        client_for(secretariat)
        .get("/en/pathfinders/dashboard/?flag=at_risk", HTTP_HX_REQUEST="true")
        .content.decode()
    )
    assert "<html" not in fragment and fragment.lstrip().startswith('<div id="results">')
    assert 'data-iso3="NPL"' in fragment and 'data-iso3="CHL"' not in fragment
    assert "flag=at_risk&amp;export=csv" in fragment


def test_the_dashboard_exports_csv_and_xlsx_with_the_same_rows(secretariat):
    _flagged(secretariat)
    c = client_for(secretariat)
    csv_text = c.get("/en/pathfinders/dashboard/?export=csv").content.decode()
    assert csv_text.splitlines()[1].startswith("Nepal,NPL,")
    assert "yes" in csv_text.splitlines()[1]
    xlsx = c.get("/en/pathfinders/dashboard/?export=xlsx")
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    assert ws.cell(2, 2).value == "NPL"


def test_the_focal_point_submits_a_report_through_the_pages_and_sees_the_comments(
    secretariat, reviewer, make_user
):
    from alliance87.core.models import Role

    p = make_active(secretariat, "NPL")
    fp = make_user(Role.FOCAL_POINT, scope=p)
    c = client_for(fp)
    year = dt.date.today().year + 1
    r = c.post("/en/pathfinders/NPL/workspace/report/", {"year": year})
    assert r.status_code == 302
    doc_url = r["Location"]
    doc = p.documents.get(kind="report")
    r = c.post(f"{doc_url}submit/", {"version": doc.version, "section_progress": "We did X"})
    assert r.status_code == 302
    doc.refresh_from_db()
    assert doc.state == "submitted"
    rc = client_for(reviewer)
    assert 'data-iso3="NPL"' not in rc.get("/en/pathfinders/reviews/").content.decode()
    assert rc.get(doc_url).status_code == 403  # not assigned to them yet
    r = client_for(secretariat).post(f"{doc_url}reviewer/", {"reviewer": reviewer.pk})
    assert r.status_code == 302
    assert 'data-iso3="NPL"' in rc.get("/en/pathfinders/reviews/").content.decode()
    page = rc.get(doc_url).content.decode()
    assert 'id="finalise"' not in page  # the reviewer comments; the country finalises
    doc.refresh_from_db()
    r = rc.post(f"{doc_url}comment/", {"version": doc.version, "comment_progress": "Add data"})
    assert r.status_code == 302
    doc.refresh_from_db()
    assert doc.state == "commented"
    html = c.get(doc_url).content.decode()
    assert "Add data" in html and 'id="finalise"' in html
    r = c.post(f"{doc_url}finalise/", {"version": doc.version})
    doc.refresh_from_db()
    assert (doc.state, doc.published) == ("finalised", True)


def test_a_seeded_active_country_without_a_dated_history_reports_through_the_whole_review(
    secretariat, reviewer, make_user
):
    """The seeds load Nepal active but with no dated history (docs/pathfinders.md): its focal
    point still starts, submits and finalises this year's report after the Working Group's
    comments (the steps stay outside the event log); a candidate country still cannot."""
    from alliance87.core.models import Role

    seed.load()
    nepal = Pathfinder.objects.get(pk="NPL")
    assert nepal.status == "active" and nepal.became_active_on is None
    c = client_for(make_user(Role.FOCAL_POINT, scope=nepal))
    r = c.post("/es/pathfinders/NPL/workspace/report/", {"year": dt.date.today().year + 2})
    assert "Este ciclo de informes aún no ha comenzado." in r.content.decode()
    r = c.post("/es/pathfinders/NPL/workspace/report/", {"year": dt.date.today().year})
    assert r.status_code == 302
    doc_url = r["Location"]
    doc = nepal.documents.get(kind="report", year=dt.date.today().year)
    r = c.post(f"{doc_url}submit/", {"version": doc.version, "section_progress": "Ley aprobada"})
    assert r.status_code == 302
    doc.refresh_from_db()
    assert doc.state == "submitted"
    page = client_for(secretariat).get(doc_url).content.decode()
    assert '<option value="" selected>—</option>' in page  # no Django "---------"
    client_for(secretariat).post(f"{doc_url}reviewer/", {"reviewer": reviewer.pk})
    doc.refresh_from_db()
    r = client_for(reviewer).post(
        f"{doc_url}comment/", {"version": doc.version, "comment_progress": "Añadan datos"}
    )
    assert r.status_code == 302
    doc.refresh_from_db()
    c.post(f"{doc_url}finalise/", {"version": doc.version})
    doc.refresh_from_db()
    assert (doc.state, doc.published) == ("finalised", True)
    # French sets a space before the colon in the title ("Népal : Rapport ...").
    assert "<h1>Népal : " in c.get(doc_url.replace("/es/", "/fr/")).content.decode()
    nepal.refresh_from_db()
    assert nepal.status == "active"
    candidate = Pathfinder.objects.exclude(status="active").first()
    c = client_for(make_user(Role.FOCAL_POINT, scope=candidate))
    c.post(f"/es/pathfinders/{candidate.pk}/workspace/report/", {"year": 2026})
    assert not candidate.documents.exists()


def test_a_stale_form_is_refused_with_a_message_not_overwritten(secretariat):
    p = make_active(secretariat, "NPL")
    doc = services.report_create(actor=secretariat, iso3="NPL", year=dt.date.today().year + 1)
    c = client_for(secretariat)
    url = f"/en/pathfinders/documents/{doc.pk}/"
    c.post(f"{url}save/", {"version": doc.version, "section_progress": "first"})
    saved = doc.version + 1
    r = c.post(f"{url}save/", {"version": doc.version, "section_progress": "second"})
    assert "Someone else changed this record" in r.content.decode()
    doc.refresh_from_db()
    assert doc.sections == {"progress": "first"}
    assert doc.version == saved  # the stale form wrote nothing
    assert p.pk == "NPL"


def test_the_profile_charts_indicator_values_over_the_years(secretariat):
    make_active(secretariat, "NPL")
    framework_values(secretariat, "NPL", [(2020, 10), (2021, 12), (2022, 15)])
    services.pathfinder_publish_profile(actor=secretariat, iso3="NPL")
    html = client_for(None).get("/en/pathfinders/NPL/").content.decode()
    assert '<svg class="chart"' in html and "2021: 12" in html


def test_history_events_written_directly_show_in_the_workspace(secretariat):
    p = make_active(secretariat, "NPL")
    add_events(
        p, [rules.Event(rules.EventType.EVIDENCE_OF_COLLABORATION, D(2020, 1, 1), year=2020)]
    )
    html = client_for(secretariat).get("/en/pathfinders/NPL/workspace/").content.decode()
    assert "Evidence of collaboration" in html


def test_the_dashboard_and_workspace_speak_spanish(secretariat):
    _flagged(secretariat)
    c = client_for(secretariat)
    html = c.get("/es/pathfinders/dashboard/").content.decode()
    assert "En riesgo de inactividad" in html
    assert "No presentó el informe de progreso" in html
    ws = c.get("/es/pathfinders/NPL/workspace/").content.decode()
    assert "Presentar el informe de progreso anual de" in ws


def test_a_chart_has_its_title_a_year_axis_and_a_value_axis_that_names_its_unit(secretariat):
    make_active(secretariat, "NPL")
    framework_values(secretariat, "NPL", [(2020, 10), (2022, 15)], unit="children")
    services.pathfinder_publish_profile(actor=secretariat, iso3="NPL")
    html = client_for(None).get("/en/pathfinders/NPL/").content.decode()
    assert "<figcaption>CL-1: Children in work</figcaption>" in html
    assert 'aria-label="CL-1: Children in work"' in html
    assert ">year</text>" in html and ">children</text>" in html
    assert ">15</text>" in html and ">0</text>" in html  # the value axis' highest and lowest


def test_a_report_is_shown_with_its_section_headings_and_its_file_as_a_link(
    secretariat, make_user, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from alliance87.core.models import Role
    from alliance87.pathfinders.models import Document, DocumentVersion

    settings.MEDIA_ROOT = tmp_path
    p = make_active(secretariat, "NPL")
    sections = {"progress": "Ten municipalities.", "obstacles": "Funding."}
    reviewer = make_user(Role.REVIEWER)
    doc = Document.objects.create(
        pathfinder=p,
        kind="report",
        year=2023,
        state="submitted",
        sections=sections,
        reviewer=reviewer,
        file=SimpleUploadedFile("informe.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    DocumentVersion.objects.create(
        document=doc, number=1, sections=sections, file_name="informe.pdf"
    )
    page = client_for(reviewer).get(f"/en/pathfinders/documents/{doc.pk}/").content.decode()
    assert "<h3>Progress made against the roadmap</h3>" in page
    assert "<h3>Obstacles encountered</h3>" in page
    link = f'href="/en/pathfinders/documents/{doc.pk}/file/"'
    assert link in page and ">informe.pdf</a>" in page
    Document.objects.filter(pk=doc.pk).update(state="finalised", published=True)
    services.pathfinder_publish_profile(actor=secretariat, iso3="NPL")
    public = client_for(None).get("/en/pathfinders/NPL/").content.decode()
    assert "<h4>Progress made against the roadmap</h4>" in public
    assert link in public
    assert "Download the 2023 report's file" in public


def test_the_secretariat_back_dates_submission_comments_and_finalisation_on_the_page(
    secretariat,
):
    """Seed 003 history recorded after the fact: each step with its real date; a date in the
    future, or before the document's previous step, is refused on the date field."""
    from alliance87.pathfinders.models import PathfinderEvent

    p = make_active(secretariat, "NPL")
    granted = dt.date.today() - dt.timedelta(days=20)
    steps = PathfinderEvent.objects.filter(pathfinder=p, on=dt.date.today())
    steps.exclude(type="status_granted").update(on=granted - dt.timedelta(days=1))
    steps.filter(type="status_granted").update(on=granted)  # all of it three weeks ago
    Pathfinder.objects.filter(pk="NPL").update(became_active_on=granted)
    doc = services.report_create(actor=secretariat, iso3="NPL", year=dt.date.today().year + 1)
    c = client_for(secretariat)
    url = f"/en/pathfinders/documents/{doc.pk}/"
    assert 'name="date"' in c.get(url).content.decode()
    today = dt.date.today()
    future = c.post(
        f"{url}submit/",
        {"version": doc.version, "section_progress": "p", "date": str(today + dt.timedelta(1))},
    )
    assert "The date cannot be in the future." in future.content.decode()
    doc.refresh_from_db()
    assert doc.state == "draft"
    submitted_on = today - dt.timedelta(days=3)
    r = c.post(
        f"{url}submit/", {"version": doc.version, "section_progress": "p", "date": submitted_on}
    )
    assert r.status_code == 302
    doc.refresh_from_db()
    assert doc.state == "submitted"
    assert doc.versions.get().submitted_at.date() == submitted_on
    early = c.post(
        f"{url}comment/",
        {
            "version": doc.version,
            "comment_progress": "more",
            "date": str(submitted_on - dt.timedelta(days=1)),
        },
    ).content.decode()
    assert "before this document&#x27;s previous step" in early and str(submitted_on) in early
    doc.refresh_from_db()
    assert doc.state == "submitted"
    commented_on = today - dt.timedelta(days=2)
    r = c.post(
        f"{url}comment/", {"version": doc.version, "comment_progress": "more", "date": commented_on}
    )
    assert r.status_code == 302
    doc.refresh_from_db()
    bad = c.post(
        f"{url}finalise/", {"version": doc.version, "date": str(submitted_on)}
    ).content.decode()
    assert "before this document&#x27;s previous step" in bad and str(commented_on) in bad
    r = c.post(f"{url}finalise/", {"version": doc.version, "date": str(commented_on)})
    assert r.status_code == 302
    doc.refresh_from_db()
    assert doc.state == "finalised"
    days = dict(p.events.filter(year=doc.year).values_list("type", "on"))
    assert days["report_submitted"] == submitted_on
    assert days["report_commented"] == commented_on
    assert days["report_finalised"] == commented_on


def test_only_the_secretariat_gets_the_step_date_field(secretariat, make_user):
    from alliance87.core.models import Role

    p = make_active(secretariat, "NPL")
    doc = services.report_create(actor=secretariat, iso3="NPL", year=dt.date.today().year + 1)
    fp = make_user(Role.FOCAL_POINT, scope=p)
    assert (
        'name="date"'
        not in client_for(fp).get(f"/en/pathfinders/documents/{doc.pk}/").content.decode()
    )


def test_the_notes_beside_a_seed_citation_read_in_the_page_language_and_the_citation_stays():
    seed.load()
    fr = client_for(None).get("/fr/pathfinders/NPL/").content.decode()
    # The citation is quoted as the data file writes it; the note beside it is translated.
    assert "001_0e9391f81d9d8fd4.txt:203–233 («NEPAL»)</small>" in fr
    assert "résultats de la consultation technique" in fr
    # Each step's name and date are set apart as French writes it ("… d'intérêt :").
    assert re.search(r"intérêt :\s*<span class=\"date\">", fr)
    assert "outcomes of the technical consultation" not in fr
    es = client_for(None).get("/es/pathfinders/NPL/").content.decode()
    assert "no se indica la fecha de la decisión del GCM" in es
    assert "no date of the GCG" not in es


@pytest.mark.parametrize(
    ("status", "stage", "published"),
    [
        ("candidate", "expression_of_interest", False),
        ("candidate", "planning", False),
        ("active", "implementation", False),
        ("active", "implementation", True),
        ("inactive", "review", False),
    ],
)
def test_the_workspace_offers_exactly_the_steps_the_rules_allow(
    secretariat, status, stage, published
):
    """The grant, publish and report buttons come from the rules, not from comparisons in the
    template: a candidate still at its expression of interest is not offered the grant
    (``rules.TRANSITIONS`` grants from the planning stage only)."""
    seed.load()
    Pathfinder.objects.filter(pk="NPL").update(
        status=status, stage=stage, profile_published=published
    )
    html = client_for(secretariat).get("/en/pathfinders/NPL/workspace/").content.decode()
    state = (rules.Status(status), rules.Stage(stage))
    shown = {
        "grant": 'id="grant"' in html,
        "publish": "Publish the country profile" in html,
        "report": 'id="new-report"' in html,
    }
    assert shown == {
        "grant": rules.TRANSITIONS.allowed(rules.Action.GRANT_STATUS, state),
        "publish": not published and rules.publish_profile_refusal(state[0]) is None,
        "report": rules.report_refusal(state[0]) is None,
    }


def test_the_focal_point_is_offered_no_secretariat_step(make_user):
    from alliance87.core.models import Role

    seed.load()
    Pathfinder.objects.filter(pk="NPL").update(status="candidate", stage="planning")
    focal = make_user(Role.FOCAL_POINT, scope=Pathfinder.objects.get(pk="NPL"))
    html = client_for(focal).get("/en/pathfinders/NPL/workspace/").content.decode()
    assert 'id="grant"' not in html and "Publish the country profile" not in html
