"""Persona journeys in a real browser (issue 15), on the database ``make run`` seeds (the
``seeded`` fixture runs ``alliance87 bootstrap``): each starts where the person does, with the
demo Secretariat inviting them on the People and roles page with a role on a seeded object,
and goes from the invitation e-mail (its language, its link) to the persona's main task,
reading the e-mails that task sends and following their links.

- a focal point of Nepal (Spanish) writes and submits the annual report; the Secretariat is
  told to assign a reviewer, does, and the reviewer is e-mailed;
- a reviewer of the seeded Working Group (French) comments on the report assigned to them;
  the country is told;
- a GCG member (Spanish), on the member of a seeded seat that names no person, opens the
  meeting from the meeting's invitation;
- a chair of the seeded communications group (Portuguese) edits the group's work plan;
- a seeded partner's administrator (French) edits the organisation's profile;
- a partner applicant (Spanish, public) applies; the Secretariat is e-mailed and vets it;
- the Secretariat (English) records Nepal's dated history and home shows the late report.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.core import mail

from alliance87.core.models import AuditEntry, Role, User
from alliance87.pathfinders.models import Document, Pathfinder
from tests.e2e.conftest import DEMO_PASSWORD

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

PASSWORD = "un-mot-de-passe-assez-long-87"
#: The day the GCG granted Nepal pathfinder status, as the Secretariat records it: the seeds
#: give no date (docs/pathfinders.md), so until it is recorded no report can be opened.
GRANTED = dt.date(2023, 7, 20)


def _path(link: str) -> str:
    """The link's path on the test server (messages carry SITE_URL's host)."""
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


def _link(message, pattern: str) -> str:
    found = re.search(r"https?://\S+" + pattern + r"\S*", message.body)
    assert found, message.body
    return found.group(0)


def _mail_to(email: str, *, containing: str = ""):
    """The latest message to ``email`` whose body contains ``containing``."""
    found = [m for m in mail.outbox if m.to == [email] and containing in m.body]
    assert found, [(m.to, m.subject) for m in mail.outbox]
    return found[-1]


def _new_page(browser, locale: str):
    context = browser.new_context(locale=locale)
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.console_errors = errors  # type: ignore[attr-defined]
    return context, page


def _invite(page, *, email: str, name: str, language: str, role: str, on: str, named: str):
    """The Secretariat invites someone from the People and roles page, choosing the seeded
    object by its name (``on``, in English) in the list of ``role``'s objects; returns the
    invitation e-mail, which names the object in the invitee's language (``named``)."""
    page.click("header >> text=People and roles")
    page.fill("#id_email", email)
    page.fill("#id_full_name", name)
    page.select_option("#id_preferred_language", language)
    option = page.locator(f"#id_role optgroup[label^='{role}'] option", has_text=on)
    assert option.count() == 1, on
    page.select_option("#id_role", value=option.get_attribute("value"))
    page.click("main button:has-text('Send the invitation')")
    assert "is invited" in page.locator(".messages").inner_text()
    assert name in page.locator("main table").inner_text()
    # The queued task has run (the suite's task backend runs it when the change commits).
    message = _mail_to(email, containing="/set-password/")
    assert named in message.body
    return message


def _accept(browser, live_server, login, message, email: str, locale: str, lang: str):
    """The invitee opens the e-mail's link, sets a password and signs in (home, in ``lang``)."""
    context, invitee = _new_page(browser, locale)
    invitee.goto(live_server.url + _path(_link(message, f"/{lang}/accounts/set-password/")))
    assert invitee.locator("html").get_attribute("lang") == lang
    invitee.fill("#id_new_password1", PASSWORD)
    invitee.fill("#id_new_password2", PASSWORD)
    invitee.click("main button[type=submit]")
    invitee.wait_for_load_state("networkidle")
    assert "/accounts/login/" in invitee.url
    login(invitee, User.objects.get(email=email), password=PASSWORD, lang=lang)
    assert invitee.url.rstrip("/").endswith(f"/{lang}")
    return context, invitee


def _nepal_history(decision_ref: str) -> dict:
    """Nepal's path to pathfinder status with its dates, in the history format."""
    return {
        "format": 1,
        "country": "NPL",
        "events": [
            {
                "type": "expression_of_interest",
                "date": "2022-03-01",
                "addressed_to": "ilo_director_general",
                "items": ["focal_point"],
            },
            {"type": "timeline_submitted", "date": "2022-04-01"},
            {"type": "coordination_body", "date": "2022-04-02"},
            {"type": "workshop_held", "date": "2022-10-15"},
            {
                "type": "roadmap_submitted",
                "date": "2023-02-01",
                "kind": "roadmap",
                "items": [
                    "measures",
                    "next_steps",
                    "priority_areas",
                    "technical_support",
                    "timeline",
                ],
            },
            {"type": "presented_to_gcg", "date": GRANTED.isoformat()},
            {"type": "status_granted", "date": GRANTED.isoformat(), "ref": decision_ref},
        ],
    }


def _record_nepals_history(secretariat) -> None:
    """What the Secretariat records before Nepal's first report (see the Secretariat's journey,
    which does it in the browser): the GCG's decision on record, then Nepal's dated history."""
    from alliance87.pathfinders import services
    from tests.pathfinders.helpers import gcg_decision

    document = _nepal_history(gcg_decision("NPL", on=GRANTED))
    services.pathfinder_import_history(actor=secretariat, document=document)
    assert Pathfinder.objects.get(pk="NPL").became_active_on == GRANTED


def test_a_focal_point_of_nepal_is_invited_writes_and_submits_the_report_and_it_reaches_a_reviewer(
    seeded, page, login, browser, live_server, make_user
):
    from alliance87.groups.models import Group

    _record_nepals_history(seeded)
    wg = Group.objects.get(slug="sdg87-monitoring")
    reviewer = make_user(Role.REVIEWER, scope=wg, email="claire@wg.example", full_name="Claire")
    User.objects.filter(pk=reviewer.pk).update(preferred_language="fr")
    year = dt.date.today().year - 1  # due on 30 April: late by now

    login(page, seeded, DEMO_PASSWORD)
    invitation = _invite(
        page,
        email="maya.gurung@labour.gov.example",
        name="Maya Gurung",
        language="es",
        role="Pathfinder focal point",
        on="Nepal",
        named="Nepal",
    )
    assert invitation.subject == "Está invitado a la Plataforma de la Alianza 8.7"
    context, fp = _accept(
        browser, live_server, login, invitation, "maya.gurung@labour.gov.example", "es-ES", "es"
    )
    home = fp.locator("main").inner_text()
    assert "Maya Gurung" in home and "Nepal: documentos en curso" in home
    # What is late comes first: the reports due since the GCG's grant was recorded.
    assert f"Informe de progreso anual {year} (vencía el 30 de abril de {year})" in home
    fp.click("main a[href$='/pathfinders/NPL/workspace/']")
    assert fp.url.endswith("/es/pathfinders/NPL/workspace/")
    fp.fill("#id_year", str(year))
    fp.click("#new-report")
    fp.wait_for_url("**/pathfinders/documents/*/")
    fp.fill("#id_section_progress", "Diez municipios libres de trabajo infantil.")
    fp.click("#submit-doc")
    fp.wait_for_load_state("networkidle")
    assert fp.locator("#doc-state").inner_text() == "Presentado"
    assert fp.console_errors == []
    context.close()
    report = Document.objects.get(pathfinder_id="NPL", kind="report", year=year)
    maya = User.objects.get(email="maya.gurung@labour.gov.example")
    assert AuditEntry.objects.filter(event="core.user.invited", object_id=str(maya.pk)).exists()

    # No reviewer is assigned yet: the Secretariat is asked, in English, to assign one.
    told = _mail_to(seeded.email, containing=f"/pathfinders/documents/{report.pk}/")
    assert told.subject == (
        f"Alliance 8.7: Nepal, annual progress report {year} was submitted; assign a reviewer"
    )
    page.goto(live_server.url + _path(_link(told, f"/en/pathfinders/documents/{report.pk}/")))
    assert "Diez municipios" in page.locator("main").inner_text()
    page.select_option("#id_reviewer", value=str(reviewer.pk))
    page.click("#assign")
    assert "Reviewer assigned" in page.locator(".messages").inner_text()
    # The reviewer is told, in French, with the link to the report.
    to_reviewer = _mail_to("claire@wg.example", containing=f"/documents/{report.pk}/")
    assert "Népal" in to_reviewer.subject
    assert _path(_link(to_reviewer, "/fr/pathfinders/documents/")).startswith("/fr/")
    assert page.console_errors == []


def test_a_reviewer_is_invited_comments_on_the_report_assigned_to_them_and_the_country_is_told(
    seeded, page, login, browser, live_server, make_user
):
    nepal, peru = Pathfinder.objects.get(pk="NPL"), Pathfinder.objects.get(pk="PER")
    assert nepal.status == peru.status == "active"  # as seeded
    # Both countries' reports were submitted (the focal point's journey does it in the browser).
    report = Document.objects.create(
        pathfinder=nepal,
        kind="report",
        year=2025,
        state="submitted",
        sections={"progress": "Dix municipalités sans travail des enfants."},
    )
    report.versions.create(number=1, sections=report.sections)
    other = Document.objects.create(
        pathfinder=peru, kind="report", year=2025, state="submitted", sections={"progress": "x"}
    )
    focal = make_user(Role.FOCAL_POINT, scope=nepal, email="fp@labour.gov.example")
    User.objects.filter(pk=focal.pk).update(preferred_language="en")

    login(page, seeded, DEMO_PASSWORD)
    invitation = _invite(
        page,
        email="claire@wg.example",
        name="Claire Martin",
        language="fr",
        role="Working Group reviewer",
        on="Working Group on SDG Target 8.7 Monitoring",
        named="Groupe de travail sur le suivi de la cible 8.7 des ODD",
    )
    assert invitation.subject == "Vous êtes invité sur la Plateforme de l’Alliance 8.7"
    reviewer = User.objects.get(email="claire@wg.example")
    # The Secretariat assigns Nepal's report to her (Peru's stays with nobody).
    page.goto(f"{live_server.url}/en/pathfinders/documents/{report.pk}/")
    page.select_option("#id_reviewer", value=str(reviewer.pk))
    page.click("#assign")
    assert "Reviewer assigned" in page.locator(".messages").inner_text()
    told = _mail_to("claire@wg.example", containing=f"/pathfinders/documents/{report.pk}/")
    review_link = _link(told, f"/fr/pathfinders/documents/{report.pk}/")

    context, rev = _accept(
        browser, live_server, login, invitation, "claire@wg.example", "fr-FR", "fr"
    )
    rev.goto(live_server.url + "/fr/pathfinders/reviews/")
    listed = rev.locator("main").inner_text()
    assert "Népal" in listed and "Pérou" not in listed
    rev.goto(live_server.url + _path(review_link))
    assert rev.locator("h1").inner_text().startswith("Népal")
    assert "Dix municipalités" in rev.locator("main").inner_text()
    refused = rev.goto(f"{live_server.url}/fr/pathfinders/documents/{other.pk}/")
    assert refused.status == 403  # Peru's report is not hers
    rev.goto(live_server.url + _path(review_link))
    rev.fill("#id_comment_progress", "Ajoutez les données de 2024.")
    rev.click("#comment-form button[type=submit]")
    rev.wait_for_load_state("networkidle")
    assert "pays" in rev.locator(".messages").inner_text()
    context.close()

    to_country = _mail_to("fp@labour.gov.example", containing=f"/documents/{report.pk}/")
    assert "commented" in to_country.subject
    fp_context, fp = _new_page(browser, "en-GB")
    login(fp, focal)
    fp.goto(live_server.url + _path(_link(to_country, f"/en/pathfinders/documents/{report.pk}/")))
    assert "Ajoutez les données de 2024." in fp.locator("#comments").inner_text()
    fp_context.close()
    report.refresh_from_db()
    assert report.state == "commented"
    assert page.console_errors == []


def test_a_gcg_member_is_invited_and_the_meeting_invitations_link_opens_the_meeting(
    seeded, page, login, browser, live_server
):
    from alliance87.governance import services
    from alliance87.governance.models import Seat
    from tests.governance.helpers import make_meeting

    # The seeded chair's and vice-chair's terms ended in 2022: the Secretariat gives Nepal a
    # seeded pathfinder seat, naming no person (as the seeds name none), then invites Nepal's
    # delegate on People and roles: the role makes her the member's representative.
    services.seat_assign(
        actor=seeded,
        seat_id=Seat.objects.get(constituency="pathfinder", number=1).pk,
        country_iso3="NPL",
        term_start=dt.date.today() - dt.timedelta(days=30),
    )

    login(page, seeded, DEMO_PASSWORD)
    invitation = _invite(
        page,
        email="delegada@gov.example",
        name="Ana Delegada",
        language="es",
        role="GCG member",
        on="Nepal",
        named="Nepal",
    )
    context, delegate = _accept(
        browser, live_server, login, invitation, "delegada@gov.example", "es-ES", "es"
    )
    # A meeting held in English: her invitation is in her Spanish all the same.
    meeting = make_meeting(seeded, title="7th GCG meeting", language="en")
    to_her = _mail_to("delegada@gov.example", containing=f"/gcg/meetings/{meeting.pk}/")
    assert to_her.subject == "Convocatoria: 7th GCG meeting"
    assert "se le invita a la siguiente reunión: 7th GCG meeting" in to_her.body
    delegate.goto(live_server.url + _path(_link(to_her, f"/es/gcg/meetings/{meeting.pk}/")))
    assert delegate.url.endswith(f"/es/gcg/meetings/{meeting.pk}/")
    assert "7th GCG meeting" in delegate.locator("h1").inner_text()
    assert delegate.locator("html").get_attribute("lang") == "es"
    assert delegate.console_errors == []
    context.close()
    assert page.console_errors == []


def test_a_group_chair_is_invited_and_edits_the_groups_work_plan(
    seeded, page, login, browser, live_server
):
    from alliance87.groups.models import Task

    login(page, seeded, DEMO_PASSWORD)
    invitation = _invite(
        page,
        email="joana@gace.example",
        name="Joana Silva",
        language="pt",
        role="Group chair",
        on="Communications and Engagement Action Group",
        named="Grupo de Ação de Comunicação e Engajamento",
    )
    assert invitation.subject == "Você foi convidado para a Plataforma da Aliança 8.7"
    context, chair = _accept(
        browser, live_server, login, invitation, "joana@gace.example", "pt-BR", "pt"
    )
    chair.goto(f"{live_server.url}/pt/groups/communications-engagement/")
    plan = chair.locator("#work-plan")
    assert "Estratégia de comunicação externa" in plan.inner_text()  # the seeded objective
    chair.click("#work-plan summary")
    form = chair.locator("#work-plan form.stacked").first
    form.locator("input[name=title]").fill("Traduzir o kit de ferramentas para o português")
    form.locator("input[name=due_on]").fill("2030-06-30")
    form.locator("button").click()
    chair.wait_for_selector("text=Traduzir o kit de ferramentas para o português")
    seeded_task = Task.objects.get(titles__es="Redactar una estrategia de comunicación externa")
    chair.locator(f'tr[data-task="{seeded_task.pk}"] select').select_option("in_progress")
    chair.wait_for_load_state("networkidle")
    seeded_task.refresh_from_db()
    assert seeded_task.status == "in_progress"
    assert Task.objects.filter(titles__pt="Traduzir o kit de ferramentas para o português").exists()
    assert chair.console_errors == []
    context.close()
    assert page.console_errors == []


def test_a_partner_administrator_is_invited_and_edits_the_organisations_profile(
    seeded, page, login, browser, live_server
):
    from alliance87.partners.models import Partner

    partner = Partner.objects.get(slug="alliance-87-ngo-forum")
    login(page, seeded, DEMO_PASSWORD)
    invitation = _invite(
        page,
        email="aicha@ngo-forum.example",
        name="Aïcha Traoré",
        language="fr",
        role="Partner administrator",
        on="Alliance 8.7 NGO Forum",
        named="Forum des ONG de l'Alliance 8.7",
    )
    context, admin = _accept(
        browser, live_server, login, invitation, "aicha@ngo-forum.example", "fr-FR", "fr"
    )
    admin.goto(f"{live_server.url}/fr/partners/{partner.slug}/")
    admin.click("text=Modifier le profil")
    admin.fill("input[name=acronym_fr]", "FONG")
    admin.check("input[name=themes][value=child_labour]")
    admin.click("main button[type=submit]")
    admin.wait_for_load_state("networkidle")
    assert "FONG" in admin.locator("h1").inner_text()
    assert admin.console_errors == []
    context.close()
    partner.refresh_from_db()
    assert partner.acronym["fr"] == "FONG" and "child_labour" in partner.themes
    assert page.console_errors == []


STATEMENT = (
    "We run community programmes that withdraw children from hazardous work in cocoa farms, "
    "support survivors of forced labour and train labour inspectors in three provinces."
)


def test_a_partner_applicant_applies_the_secretariat_is_told_vets_it_and_the_admin_edits(
    seeded, page, login, browser, live_server
):
    from alliance87.partners.models import Application, Partner

    # 1. A civil society organisation applies through the public form, in Spanish.
    context, applicant = _new_page(browser, "es-ES")
    applicant.goto(f"{live_server.url}/es/partners/apply/")
    applicant.fill("#id_organisation_name", "Red Andina contra el Trabajo Infantil")
    applicant.select_option("#id_category", "civil_society")
    applicant.select_option("#id_country", "BOL")
    applicant.fill("#id_contact_name", "Luis Quispe")
    applicant.fill("#id_contact_email", "luis@redandina.example")
    applicant.fill("#id_statement", STATEMENT)
    applicant.click("main button[type=submit]")
    assert applicant.locator(".errorlist").count() > 0  # the commitment box was not ticked
    applicant.check("#id_commitment")
    applicant.click("main button[type=submit]")
    assert "luis@redandina.example" in applicant.locator("main").inner_text()
    application = Application.objects.get()
    assert "Gracias" in _mail_to("luis@redandina.example").body

    # 2. The demo Secretariat is e-mailed, in English, follows the link and vets it: first
    # asks for more information, then approves.
    told = _mail_to(seeded.email, containing=f"/partners/applications/{application.pk}/")
    assert told.subject == (
        "Alliance 8.7: new partner application from Red Andina contra el Trabajo Infantil"
    )
    login(page, seeded, DEMO_PASSWORD)
    assert "Red Andina contra el Trabajo Infantil" in page.locator("main").inner_text()  # home
    page.goto(live_server.url + _path(_link(told, f"/en/partners/applications/{application.pk}/")))
    page.fill("#id_reason", "Please tell us where you are registered.")
    page.click("main button:has-text('Request more information')")
    assert "More information requested" in page.locator(".state").inner_text()

    asked = _mail_to("luis@redandina.example", containing="/apply/")
    applicant.goto(live_server.url + _path(_link(asked, "/es/partners/apply/")))
    applicant.fill("#id_reply", "Registrada en La Paz en 2012.")
    applicant.click("main button[type=submit]")

    page.reload()
    assert "Registrada en La Paz en 2012." in page.locator("main").inner_text()
    page.click("main button:has-text('Approve')")
    assert "Approved" in page.locator(".state").inner_text()
    application.refresh_from_db()
    partner = Partner.objects.get(pk=application.partner_id)

    # 3. The new administrator sets a password through the e-mailed link, signs in and edits.
    access = _mail_to("luis@redandina.example", containing="/set-password/")
    assert (
        access.subject
        == "Alianza 8.7: Red Andina contra el Trabajo Infantil ya forma parte de los socios"
    )
    applicant.goto(live_server.url + _path(_link(access, "/es/accounts/set-password/")))
    applicant.fill("#id_new_password1", PASSWORD)
    applicant.fill("#id_new_password2", PASSWORD)
    applicant.click("main button[type=submit]")
    login(applicant, partner.people.get().user, password=PASSWORD, lang="es")
    applicant.goto(f"{live_server.url}/es/partners/{partner.slug}/")
    applicant.click("text=Editar el perfil")
    # ``names_en`` in main's multilingual profile form, ``name_en`` before it.
    applicant.fill(
        "input[name=name_en], input[name=names_en]", "Andean Network against Child Labour"
    )
    applicant.fill("input[name=acronym_es]", "RACTI")
    applicant.check("input[name=themes][value=child_labour]")
    applicant.click("main button[type=submit]")
    assert "RACTI" in applicant.locator("h1").inner_text()
    assert applicant.console_errors == []
    context.close()
    partner.refresh_from_db()
    assert partner.names["en"] == "Andean Network against Child Labour"
    assert partner.themes == ["child_labour"]
    assert page.console_errors == []


def test_the_secretariat_records_nepals_history_and_home_shows_the_late_report(
    seeded, page, login, live_server
):
    from tests.pathfinders.helpers import gcg_decision

    login(page, seeded, DEMO_PASSWORD)
    assert "Nothing is late." in page.locator("main").inner_text()  # the seeds give no dates
    # The GCG's decision is on record (the governance journey records decisions); the
    # Secretariat pastes Nepal's dated history on the import page.
    ref = gcg_decision("NPL", on=GRANTED)
    page.goto(f"{live_server.url}/en/pathfinders/history/import/")
    page.fill("#id_text", json.dumps(_nepal_history(ref)))
    page.click("#import")
    page.wait_for_load_state("networkidle")
    assert page.locator(".errorlist").count() == 0, page.locator("main").inner_text()
    recorded = _mail_to(seeded.email, containing="/pathfinders/NPL/workspace/")
    assert recorded.subject == "Alliance 8.7: pathfinder update for Nepal"
    assert "Steps of the country's history recorded: 7" in recorded.body

    page.goto(f"{live_server.url}/en/")
    late = page.locator("main").inner_text()
    assert "Pathfinder countries with something late" in late
    assert re.search(r"Nepal: Annual progress report \d{4} \(due 30 April \d{4}\)", late), late
    page.click("main a[href$='/pathfinders/NPL/workspace/']")
    assert page.url.endswith("/en/pathfinders/NPL/workspace/")
    assert "Nepal" in page.locator("h1").inner_text()
    page.goto(live_server.url + _path(_link(recorded, "/en/pathfinders/NPL/workspace/")))
    assert page.url.endswith("/en/pathfinders/NPL/workspace/")
    assert page.console_errors == []
