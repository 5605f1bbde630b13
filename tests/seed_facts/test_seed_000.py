"""Facts of seed 000 (000_2527b5af5294b5f6.txt, «Alianza 8.7 – Mandato») against the loaded data.

Each fact quotes the seed line it comes from; a loader that drifts from the seed fails here.
"""

from __future__ import annotations

from collections import Counter

from alliance87.governance import rules as gcg_rules
from alliance87.governance.models import Seat
from alliance87.groups.models import Group
from alliance87.partners.models import Category, Partner

SEED = "000_2527b5af5294b5f6.txt"


def test_the_gcg_has_the_32_seats_of_the_mandate_shared_as_it_shares_them(loaded):
    counts = Counter(Seat.objects.values_list("constituency", flat=True))
    # line 55: «El Grupo tiene 32 puestos compartidos entre los siguientes grupos:»
    assert Seat.objects.count() == 32
    # line 57: «Un Presidente gubernamental y un Vicepresidente gubernamental»
    assert (counts["chair"], counts["vice_chair"]) == (1, 1)
    # line 58: «15 representantes gubernamentales: cinco puestos para los representantes de los
    # países pioneros [...], cinco puestos para los países socios para el desarrollo, cinco
    # puestos para los gobiernos»
    assert (counts["pathfinder"], counts["development_partner"], counts["regional"]) == (5, 5, 5)
    # line 59: «Seis representantes de los organismos de las Naciones Unidas y las
    # organizaciones intergubernamentales»
    assert counts["un_igo"] == 6
    # line 60: «Tres representantes de las organizaciones de empleadores y tres trabajadores»
    assert (counts["employers"], counts["workers"]) == (3, 3)
    # line 61: «Tres representantes de las organizaciones no gubernamentales»
    assert counts["ngo"] == 3


def test_the_regional_seats_are_one_per_un_regional_group_that_appoints_them(loaded):
    # line 58: «cinco puestos para los gobiernos (uno de cada región geográfica reconocida por
    # las Naciones Unidas, nombrados por los grupos regionales [...])»
    groups = set(
        Seat.objects.filter(constituency="regional").values_list("regional_group", flat=True)
    )
    assert groups == {
        "african",
        "asia_pacific",
        "eastern_european",
        "latin_american_caribbean",
        "western_european_others",
    }
    # ... not the M49 continents
    assert not Seat.objects.filter(constituency="regional", region__isnull=False).exists()


def test_quorum_and_meetings_are_the_mandates(loaded):
    # line 75: «El cuórum consiste en al menos 16 representantes del Grupo, y debe estar presente
    # al menos un miembro de cada grupo de partes interesadas.»
    assert gcg_rules.QUORUM_MINIMUM == 16
    # line 77: «El Grupo se reúne al menos dos veces al año»
    assert gcg_rules.MINIMUM_MEETINGS_PER_YEAR == 2
    # line 64: «no participa en tres reuniones consecutivas del Grupo sin previo aviso»
    assert gcg_rules.FORFEIT_AFTER_ABSENCES == 3
    # line 53: «Los miembros gubernamentales deberían rotar cada tres años.»
    assert gcg_rules.TERM_YEARS == 3


def test_the_ten_kinds_of_partner_and_the_partners_the_mandate_names(loaded):
    # line 31: «Los socios de la Alianza 8.7 comprenden países, organismos y entidades de las
    # Naciones Unidas, organismos intergubernamentales, organizaciones e iniciativas regionales,
    # interlocutores sociales (organizaciones de empleadores y de trabajadores), redes
    # empresariales, organizaciones de la sociedad civil (incluidas organizaciones de víctimas y
    # de supervivientes), instituciones académicas y de investigación, y donantes públicos y
    # privados.»
    assert len(Category.values) == 10
    # line 61: «nombrados por el Foro de ONG de la Alianza 8.7»
    forum = Partner.objects.get(slug="alliance-87-ngo-forum")
    assert forum.category == "civil_society" and forum.sources == [f"{SEED}:61"]
    # line 60: «nombrados por la OIE y la CSI, respectivamente»
    assert f"{SEED}:60" in Partner.objects.get(slug="ioe").sources
    assert f"{SEED}:60" in Partner.objects.get(slug="ituc").sources
    # line 91: «La OIT es la Secretaría de la Alianza 8.7.»
    assert f"{SEED}:91" in Partner.objects.get(slug="ilo").sources


def test_the_working_group_on_sdg_87_monitoring(loaded):
    # line 50: «Supervisa y apoya la puesta en marcha de las hojas de ruta de los países
    # pioneros, en particular a través de su Grupo de Trabajo sobre el Seguimiento de la Meta
    # 8.7 de los ODS.»
    wg = Group.objects.get(slug="sdg87-monitoring")
    assert (wg.kind, wg.status) == ("working_group", "active")
