"""Facts of seed 001 (001_0e9391f81d9d8fd4.txt, information pack for the 5th GCG meeting,
New York, 17 July 2019) against the loaded data and the pages that show it.

Each fact quotes the seed line it comes from; a loader that drifts from the seed fails here.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from alliance87.governance.models import Meeting
from alliance87.groups.models import Group
from alliance87.partners.models import Partner
from alliance87.pathfinders.models import LessonLearned, Pathfinder, PathfinderEvent, Priority
from tests.conftest import client_for

SEED = "001_0e9391f81d9d8fd4.txt"
NY = zoneinfo.ZoneInfo("America/New_York")

# lines 115-147: «1. Albania 2. Chile 3. Fiji 4. Madagascar 5. Malawi 6. Mauritania 7. México
# 8. Marruecos 9. Nepal 10. Nigeria 11. Perú 12. Sri Lanka 13. Túnez 14. Uganda 15. Vietnam
# [...] Manifestaciones formales de interés»
FIFTEEN = {
    "ALB", "CHL", "FJI", "MDG", "MWI", "MRT", "MEX", "MAR",
    "NPL", "NGA", "PER", "LKA", "TUN", "UGA", "VNM",
}  # fmt: skip


def _steps(iso3: str, type_: str):
    return PathfinderEvent.objects.filter(pathfinder_id=iso3, type=type_).exclude(seed_key="")


def test_the_fifteen_formal_expressions_of_interest_and_not_the_netherlands(loaded):
    expressed = set(
        PathfinderEvent.objects.filter(type="expression_of_interest")
        .exclude(seed_key="")
        .values_list("pathfinder_id", flat=True)
    )
    assert expressed == FIFTEEN
    # The Netherlands is in seed 003 (Recuadro 1), not among the fifteen of line 115-147.
    assert not _steps("NLD", "expression_of_interest").exists()
    html = client_for(None).get("/en/pathfinders/NLD/").content.decode()
    assert "Not among the 15 formal expressions of interest" in html
    # No date for any of them: «Manifestaciones formales de interés» gives none.
    assert not PathfinderEvent.objects.filter(type="expression_of_interest", on__isnull=False)


def test_the_workshops_held_and_scheduled_with_the_months_the_seed_gives(loaded):
    # lines 155-169: «Países que han convocado talleres de planificación estratégica. [...]
    # Albania Chile MadagascarMauritania NepalNigeriaTúnez UgandaVietnam» and «Próximos
    # talleres en 2019 [...] Fiji Malawi Marruecos Perú»
    held = {
        e.pathfinder_id
        for e in PathfinderEvent.objects.filter(type="workshop_held", seed_key="workshop")
    }
    assert held == {"ALB", "CHL", "MDG", "MRT", "NPL", "NGA", "TUN", "UGA", "VNM"}
    scheduled = set(
        Pathfinder.objects.filter(workshop_status="scheduled_2019").values_list(
            "country_id", flat=True
        )
    )
    assert scheduled == {"FJI", "MWI", "MAR", "PER"}
    months = {
        e.pathfinder_id: (e.on, e.date_precision)
        for e in PathfinderEvent.objects.filter(seed_key="workshop", on__isnull=False)
    }
    assert months == {
        # line 175: «Después del taller de estrategia nacional (octubre de 2018), el diálogo
        # continuó» (MADAGASCAR)
        "MDG": (dt.date(2018, 10, 1), "month"),
        # line 203: «Después del taller de estrategia nacional (octubre de 2018), se organizó
        # una consulta técnica» (NEPAL)
        "NPL": (dt.date(2018, 10, 1), "month"),
        # line 241: «El taller de estrategia nacional (marzo de 2019) identificó las
        # siguientes prioridades» (MAURITANIA)
        "MRT": (dt.date(2019, 3, 1), "month"),
        # line 263: «Después del taller de estrategia nacional (marzo de 2019), se adoptó una
        # hoja de ruta» (CHILE)
        "CHL": (dt.date(2019, 3, 1), "month"),
    }
    # The other workshops held have no date in the seed: none is invented.
    assert set(
        PathfinderEvent.objects.filter(seed_key="workshop", on__isnull=True).values_list(
            "pathfinder_id", flat=True
        )
    ) == {"ALB", "NGA", "TUN", "UGA", "VNM"}


def test_tunisias_preparatory_workshop_of_march_2019_is_shown(loaded):
    # line 291: «El taller estratégico fue precedido por un taller preparatorio (marzo de 2019)
    # que seleccionó las siguientes prioridades»
    prep = PathfinderEvent.objects.get(pathfinder_id="TUN", seed_key="preparatory_workshop")
    assert (prep.on, prep.date_precision) == (dt.date(2019, 3, 1), "month")
    assert PathfinderEvent.objects.get(pathfinder_id="TUN", seed_key="workshop").on is None
    html = client_for(None).get("/en/pathfinders/TUN/").content.decode()
    assert "Preparatory workshop" in html and "March 2019" in html
    assert "date not stated in the sources" in html
    html_es = client_for(None).get("/es/pathfinders/TUN/").content.decode()
    assert "marzo de 2019" in html_es


def test_madagascars_priorities_of_february_2019_are_dated_on_its_profile(loaded):
    # line 181: «Iniciativas prioritarias identificadas (febrero de 2019)»
    html = client_for(None).get("/en/pathfinders/MDG/").content.decode()
    assert "Priority initiatives identified in February 2019." in html
    assert "October 2018" in html  # line 175, its workshop
    html_es = client_for(None).get("/es/pathfinders/MDG/").content.decode()
    assert "Iniciativas prioritarias identificadas en febrero de 2019." in html_es


def test_each_countrys_priorities_and_next_steps_as_the_seed_lists_them(loaded):
    counts = {
        p.country_id: (
            p.priorities.filter(kind="priority").count(),
            p.priorities.filter(kind="next_step").count(),
        )
        for p in Pathfinder.objects.all()
    }
    # line 183-195 (MADAGASCAR): two under «Trabajo Infantil», two under «Trata de personas»
    assert counts["MDG"] == (4, 0)
    # lines 207-231 (NEPAL): nine bullets
    assert counts["NPL"] == (9, 0)
    # lines 241-257 (MAURITANIA): five priorities and «PRÓXIMOS PASOS (CORTO PLAZO)», two
    assert counts["MRT"] == (5, 2)
    # lines 265-281 (CHILE): the five points of the roadmap
    assert counts["CHL"] == (5, 0)
    # lines 293-325 (TUNEZ): 4 + 5 priorities and the 4 points of the Comité de Acción; line
    # 327 («Estos grupos de trabajo definieron acciones específicas para alcanzar en 2021.»)
    # says what the working groups did, it is not a next step
    assert counts["TUN"] == (13, 0)
    # lines 335-361 (UGANDA): nine priorities, one «Próximos pasos»
    assert counts["UGA"] == (9, 1)
    # lines 369-389 (ALBANIA): 4 + 4 priorities, «Próximos pasos: finalizar el plan de acción»
    assert counts["ALB"] == (8, 1)
    # lines 395-425 (NIGERIA): eleven priorities, two next steps
    assert counts["NGA"] == (11, 2)
    # lines 433-465 (VIETNAM): eleven priorities, two next steps
    assert counts["VNM"] == (11, 2)
    assert not Priority.objects.filter(text__es__icontains="alcanzar en 2021", kind="next_step")


def test_the_themes_of_nigeria_and_viet_nam_are_not_lost(loaded):
    # line 405: «Cadenas de Suministro Migracion Conflictos y entornos humanitarios.»
    html = client_for(None).get("/en/pathfinders/NGA/").content.decode()
    for theme in ("Supply chains", "Migration", "Conflict and humanitarian settings"):
        assert theme in html
    # lines 433-437: «Trabajo infantil y cadenas de suministro. Trata y migración para la
    # explotación laboral. Trabajo infantil y educación El trabajo infantil en la agricultura.»
    html = client_for(None).get("/es/pathfinders/VNM/").content.decode()
    assert "It does not say which priority" not in html  # the page's own language
    assert "No indica qué prioridad corresponde a cada tema." in html


def test_tunisias_action_committee_is_its_coordination_body_as_ugandas_is(loaded):
    # lines 315-319: «Coordinación, seguimiento, informes y movilización de recursos a través
    # de un Comité de Acción. •El comité de acción se constituirá através de una orden
    # ministerial y tendrá un estatus ad hoc»
    tun = Pathfinder.objects.get(pk="TUN").seed_data["coordination_body"]
    assert tun["constituted"] is False and "Comité de Acción" in tun["es"]
    # line 355: «garantizar el funcionamiento del comité de coordinación nacional, que se ha
    # constituido bajo la dirección del Ministerio de Trabajo» (UGANDA)
    assert _steps("UGA", "coordination_body").count() == 1
    assert not _steps("TUN", "coordination_body").exists()  # not yet constituted
    html = client_for(None).get("/en/pathfinders/TUN/").content.decode()
    assert 'id="coordination-body"' in html and "to be set up" in html


def test_no_gloss_the_seed_lacks(loaded):
    # line 255: «Otorgar al Sr. Alliance 8.7 los medios para garantizar la coordinación
    # efectiva» -- the seed does not say who "Mr Alliance 8.7" is.
    step = Priority.objects.get(pathfinder_id="MRT", kind="next_step", position=0)
    assert "Sr. Alliance 8.7" in step.text["es"]
    assert "focal point" not in step.text["en"]


def test_the_nine_lessons_learned_are_loaded_and_shown(loaded):
    # lines 473-521: «Lecciones aprendidas 1 - 2» (five bullets) and «2 - 2» (four bullets)
    lessons = list(LessonLearned.objects.order_by("position"))
    assert len(lessons) == 9
    assert (
        lessons[0].text["es"]
        == "Hay que conseguir la aprobación al más alto nivel político posible."
    )
    assert lessons[8].text["es"].startswith("La participación de los Países Pioneros en eventos")
    html = client_for(None).get("/es/pathfinders/").content.decode()
    assert 'id="lessons-learned"' in html
    assert "Involucrar a otros ministerios más allá del Ministerio de Trabajo" in html


def test_the_fifth_gcg_meeting_its_agenda_rsvp_and_side_event(loaded):
    m = Meeting.objects.get(number=5)
    # line 31: «Fecha: 17 de Julio, 2019»; line 33: «Hora: 10:30 – 13:00»
    assert m.starts_at == dt.datetime(2019, 7, 17, 10, 30, tzinfo=NY)
    assert m.ends_at == dt.datetime(2019, 7, 17, 13, 0, tzinfo=NY)
    # line 41: «La reunión será presidida por Francia»
    assert m.chair_country.iso2 == "FR"
    # lines 43-61: seven items and «Pausa para el café»
    agenda = list(m.agenda.order_by("position"))
    assert len(agenda) == 8 and [a.is_break for a in agenda].count(True) == 1
    # lines 61-63: «Si aún no lo ha hecho, confirme su asistencia aquí.»
    assert m.rsvp["es"] == "Si aún no lo ha hecho, confirme su asistencia aquí."
    # line 999: «17/07/2019, 17:30-19:30»; line 997: «Anfitriones del evento: ILO, Alianza 8.7
    # y Freedom Fund»; line 1007: «Lugar: Madison Ballroom, Hotel Westin NY Grand Central»
    (side,) = m.side_events
    assert (side["starts"], side["ends"]) == ("17:30", "19:30")
    assert side["hosts"] == ["ILO", "Alianza 8.7", "Freedom Fund"]
    assert side["place"].startswith("Madison Ballroom")
    # lines 943-955: six speakers, the first the moderator
    assert len(side["speakers"]) == 6 and "(moderador)" in side["speakers"][0]
    # line 1005: «50-75 participantes»
    assert side["participants"] == "50-75"


def test_the_action_groups_as_the_guide_describes_them(loaded):
    status = dict(Group.objects.values_list("slug", "status"))
    # line 589: «Actualmente, dos grupos de acción están activos en el objetivo 8.7, uno en las
    # cadenas de suministro; el otro sobre la migración.»
    assert status["supply-chains"] == status["migration"] == "active"
    # line 591: «Un tercer grupo ha comenzado a trabajar en situaciones humanitarias y
    # conflictos»
    assert status["humanitarian-conflict"] == "active"
    # line 593: «un cuarto comenzará con el estado de derecho y la gobernanza»
    assert status["rule-of-law-governance"] == "proposed"
    # line 771: «Ahora tenemos más de 40 miembros»
    assert Group.objects.get(slug="communications-engagement").members_noted == 40
    # line 531: «Reunión del Grupo de Acción sobre Cadenas de Suministro, Abidjan, mayo de 2019»
    meeting = Group.objects.get(slug="supply-chains").meetings.get()
    assert (meeting.place, meeting.date, meeting.date_precision) == (
        "Abidjan",
        dt.date(2019, 5, 1),
        "month",
    )


def test_the_partners_seed_001_names_and_a_company_that_is_not_one(loaded):
    # line 535: «Presidente (Francia) y vicepresidente (Argentina) de Alianza 8.7»
    assert f"{SEED}:535" in Partner.objects.get(slug="government-of-argentina").sources
    # line 947: «Sra. Heidi Koester Oliveira, Gerente Superior, Global Human Rights, Mars» --
    # a company speaking at the side event; no seed says it is a partner
    assert not Partner.objects.filter(slug="mars").exists()
    # line 737: «El Centro de Investigación de Políticas de la UNU desempeña un papel clave»
    assert Partner.objects.get(slug="unu-cpr").sources == [f"{SEED}:737"]


def test_the_meeting_page_shows_the_rsvp_and_the_side_event_at_1730(loaded, gcg_member):
    m = Meeting.objects.get(number=5)
    html = client_for(gcg_member).get(f"/es/gcg/meetings/{m.pk}/").content.decode()
    # lines 61-63 and 999
    assert "confirme su asistencia aquí" in html
    assert 'id="side-events"' in html and "17:30–19:30" in html
    assert "Más allá de las buenas intenciones" in html
