"""Facts of seed 004 (004_1f9d9aa1016827a1.txt, report of the 4th meeting of the focal points
network of the Regional Initiative, Lima, May 2018) against the loaded data.

Each fact quotes the seed line it comes from; a loader that drifts from the seed fails here.
"""

from __future__ import annotations

from alliance87.partners.models import Partner
from alliance87.results.models import Framework, Indicator

SEED = "004_1f9d9aa1016827a1.txt"


def test_the_strategic_plan_2018_2021_has_five_results_and_their_indicators(loaded):
    fw = Framework.objects.get(code="ri-2018-2021")
    assert (fw.start_year, fw.end_year) == (2018, 2021)
    # Session 3, Table 1 («Indicadores por resultado»): indicators 1.1-1.10, 2.1-2.5,
    # 3.1-3.14, 4.1-4.7 and 5.1-5.14
    per_result = {
        r.number: sorted(i.code for i in r.indicators.all()) for r in fw.results.order_by("number")
    }
    assert {k: len(v) for k, v in per_result.items()} == {"1": 10, "2": 5, "3": 14, "4": 7, "5": 14}
    assert Indicator.objects.filter(result__framework=fw).count() == 50
    # «1. Los países fortalecen el abordaje preventivo al trabajo infantil»
    assert (
        fw.results.get(number="1")
        .texts["es"]
        .startswith("Los países fortalecen el abordaje preventivo")
    )


def test_the_imf_has_not_joined(loaded):
    # line 521: «Sería interesante que FMI ingresara a la Alianza, pero no lo han hecho aún.»
    assert not Partner.objects.filter(slug="imf").exists()
    # line 521: «articular este espacio con FMI o Banco Mundial» -- an actor to engage, no more
    assert not Partner.objects.filter(slug="world-bank").exists()


def test_organisations_named_only_in_the_list_of_acronyms_are_not_partners(loaded):
    # line 58: «OMS	Organización Mundial de la Salud»; line 69: «UNESCO	Organización de las
    # Naciones Unidas para la Educación, la Ciencia y la Cultura» -- nowhere else
    assert not Partner.objects.filter(slug__in=["who", "unesco"]).exists()
    # line 70: «UNICEF» is in the list too, but line 506 names it among the Alliance's
    # stakeholders: «las organizaciones internacionales (OIM, OHCHR, UNICEF), regionales (OSCE,
    # ICMPD) y organizaciones de la sociedad civil (Marcha Global)»
    for slug in ("unicef", "iom", "ohchr", "osce", "icmpd", "global-march-against-child-labour"):
        assert f"{SEED}:506" in Partner.objects.get(slug=slug).sources, slug


def test_countries_named_only_as_reporting_to_the_hlpf_are_not_partners(loaded):
    # line 224: «en 2016, 22 países reportaron (incluyendo Bolivia, México y Colombia); en 2017,
    # lo hicieron 43 países (incluyendo Argentina, Belice, Brasil, Chile, Costa Rica, Salvador,
    # Guatemala, Honduras y Perú)»; line 251: «Ecuador está haciendo su informe voluntario»
    named_only_there = ["belize", "bolivia", "costa-rica", "el-salvador", "honduras", "ecuador"]
    assert not Partner.objects.filter(slug__in=[f"government-of-{c}" for c in named_only_there])
    # the others of line 224 are partners for what other lines say of them
    for c in ("mexico", "colombia", "argentina", "brazil", "chile", "guatemala", "peru"):
        assert Partner.objects.filter(slug=f"government-of-{c}").exists(), c


def test_jamaica_and_saint_lucia_are_new_focal_points_of_the_regional_initiative(loaded):
    # line 423: «Jamaica, St. Lucia, son nuevos Puntos Focales, que se enfocaron en gestión del
    # conocimiento»
    for slug, iso3 in (("government-of-jamaica", "JAM"), ("government-of-saint-lucia", "LCA")):
        p = Partner.objects.get(slug=slug)
        assert (p.category, p.country_id, p.sources) == ("country", iso3, [f"{SEED}:423"])
        assert "Nuevo Punto Focal" in p.description["es"]


def test_fundacion_telefonica_is_one_of_the_spanish_ngos(loaded):
    # line 166: «a través de la AECID, junto a ONGs españolas como Fundación Telefónica, y desde
    # 2014 se cuenta, también, con el decidido apoyo de la AACID»
    ft = Partner.objects.get(slug="fundacion-telefonica")
    assert (ft.category, ft.sources) == ("civil_society", [f"{SEED}:166"])
    assert Partner.objects.get(slug="aecid").category == "donor"


def test_the_regional_initiatives_relation_to_the_alliance_is_undecided(loaded):
    # line 533: «se abre el abanico del debate y las decisiones que la IR debe tomar sobre si
    # decide o no vincularse de manera voluntaria a la Alianza 8.7»
    ri = Partner.objects.get(slug="regional-initiative-lac-free-of-child-labour")
    assert "si decide o no vincularse de manera voluntaria a la Alianza 8.7" in ri.description["es"]
    assert "undecided" in ri.description["en"]


def test_every_seeded_partner_cites_a_seed_line(loaded):
    files = {
        "000_2527b5af5294b5f6.txt": 95,
        "001_0e9391f81d9d8fd4.txt": 1007,
        "002_d79b7f4114a8805e.txt": 64,
        "003_95cb487b440c1cec.txt": 187,
        "004_1f9d9aa1016827a1.txt": 749,
    }  # the number of lines of each seed file
    for p in Partner.objects.all():
        assert p.sources, p.slug
        for source in p.sources:
            name, _, line = source.partition(":")
            assert name in files and 1 <= int(line) <= files[name], (p.slug, source)
