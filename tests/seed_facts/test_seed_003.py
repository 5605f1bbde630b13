"""Facts of seed 003 (003_95cb487b440c1cec.txt, accountability framework for pathfinder
countries) against the loaded data and the pages that show it.

Each fact quotes the seed line it comes from; a loader that drifts from the seed fails here.
"""

from __future__ import annotations

from alliance87.partners.models import Partner
from alliance87.pathfinders import rules, seed
from alliance87.pathfinders.models import Pathfinder, PathfinderEvent, Priority, Stage, Status
from tests.conftest import client_for

SEED = "003_95cb487b440c1cec.txt"

# lines 179-185: «A continuación figuran algunos ejemplos de los logros de los países pioneros
# hasta la fecha: - **Fiji**. [...] - **Madagascar**. [...] - **Países Bajos**. [...] -
# **Nepal**. [...] - **Chile y Perú**. Ratificación del Protocolo de 2014», listed under
# Recuadro 1, item 2 (line 171): «País pionero activos»
ACTIVE = {"CHL", "FJI", "MDG", "NLD", "NPL", "PER"}


def test_the_three_statuses_and_five_stages(loaded):
    # line 167: «Los países pioneros pueden tener uno de los siguientes tres estatus»
    assert [s.value for s in rules.Status] == ["candidate", "active", "inactive"]
    # line 36: «comienza con la etapa de planificación, seguida por las etapas de aplicación,
    # seguimiento y presentación de informes y, por último, la etapa de revisión»
    assert [s.value for s in rules.Stage] == [
        "expression_of_interest",
        "planning",
        "implementation",
        "monitoring_reporting",
        "review",
    ]


def test_the_six_pathfinder_countries_with_achievements_are_active(loaded):
    active = set(
        Pathfinder.objects.filter(status=Status.ACTIVE).values_list("country_id", flat=True)
    )
    assert active == ACTIVE
    # line 92: «la etapa de aplicación comienza oficialmente después de que el GCM concede al
    # país candidato el estatus de país pionero» -- the seeds state no later stage
    assert set(
        Pathfinder.objects.filter(country_id__in=ACTIVE).values_list("stage", flat=True)
    ) == {Stage.IMPLEMENTATION}
    # Every other seeded country is a candidate (line 169: «País pionero candidato, es aquel
    # país que se encuentra en la etapa de expresión de interés»).
    assert Pathfinder.objects.exclude(country_id__in=ACTIVE).count() == 10
    assert not Pathfinder.objects.exclude(country_id__in=ACTIVE).exclude(status=Status.CANDIDATE)


def test_the_grant_of_status_is_a_step_whose_date_the_sources_do_not_state(loaded):
    grants = PathfinderEvent.objects.filter(type="status_granted").exclude(seed_key="")
    assert set(grants.values_list("pathfinder_id", flat=True)) == ACTIVE
    # No date of the GCG's decision is in any seed: none is invented.
    assert set(grants.values_list("on", "date_precision")) == {(None, "not_stated")}
    assert not Pathfinder.objects.filter(became_active_on__isnull=False).exists()
    html = client_for(None).get("/en/pathfinders/FJI/").content.decode()
    assert "decision is not stated in the sources" in html
    assert "Pathfinder status granted" in html and "date not stated in the sources" in html
    html_es = client_for(None).get("/es/pathfinders/FJI/").content.decode()
    assert "fecha no indicada en las fuentes" in html_es


def test_the_achievements_of_recuadro_1(loaded):
    achievements = {
        p.country_id: [a.text["es"] for a in p.priorities.filter(kind=Priority.Kind.ACHIEVEMENT)]
        for p in Pathfinder.objects.all()
    }
    assert {k for k, v in achievements.items() if v} == ACTIVE
    # line 181: «Desarrollo de una aplicación informática de Inspección de Trabajo sin papel»
    assert "Inspección de Trabajo sin papel" in achievements["FJI"][0]
    # line 182: «El Sistema Nacional de Bases de Datos sobre la Trata de Personas está en
    # funcionamiento y presenta informes cada seis meses a la SADC»
    assert "SADC" in achievements["MDG"][0]
    # line 183: «Establecimiento de un grupo de trabajo interdepartamental sobre la eliminación
    # del trabajo infantil»
    assert "interdepartamental" in achievements["NLD"][0]
    # line 184: «Creación de una secretaría propia de la Alianza 8.7 en el Ministerio de
    # Trabajo, Empleo y Seguridad Social»
    assert "secretaría propia" in achievements["NPL"][0]
    # line 185: «Chile y Perú. Ratificación del Protocolo de 2014 relativo al Convenio sobre el
    # trabajo forzoso, 1930»
    assert (
        achievements["CHL"] == achievements["PER"] and "Protocolo de 2014" in achievements["CHL"][0]
    )


def test_an_active_country_without_dated_history_shows_nothing_overdue(loaded):
    # The seeds give no date of grant, so no reporting deadline (footnote 1, line 117: «Si un
    # país se convierte en país pionero entre enero y mayo, deberá presentar el correspondiente
    # informe a partir de abril del año siguiente») can be computed: nothing is invented late.
    from alliance87.pathfinders import selectors

    rows = {r.pathfinder.country_id: r for r in selectors.pathfinder_rows()}
    assert {iso for iso, r in rows.items() if r.status == "active"} == ACTIVE
    assert not any(r.assessment.overdue for r in rows.values())


def test_the_partners_seed_003_names(loaded):
    # line 42: «sobre la base de la propuesta presentada por uno de los miembros del grupo, a
    # saber, *Free the Slaves*»
    assert Partner.objects.get(slug="free-the-slaves").sources == [f"{SEED}:42"]
    # line 182: «presenta informes cada seis meses a la SADC (Southern African Development
    # Community)»
    assert Partner.objects.get(slug="sadc").sources == [f"{SEED}:182"]
    # line 184: «en el Ministerio de Trabajo, Empleo y Seguridad Social» (Nepal)
    ministry = Partner.objects.get(slug="nepal-ministry-of-labour-employment-and-social-security")
    assert ministry.sources == [f"{SEED}:184"]


def test_a_second_bootstrap_adds_nothing(loaded):
    from alliance87.governance import seed as governance
    from alliance87.groups import seed as groups
    from alliance87.partners import seed as partners
    from alliance87.results import seed as results

    def snapshot():
        return (
            list(
                Pathfinder.objects.values_list("country_id", "status", "stage", "became_active_on")
            ),
            list(
                PathfinderEvent.objects.order_by("pk").values_list(
                    "pk", "pathfinder_id", "type", "on", "date_precision", "seed_key", "source"
                )
            ),
            Priority.objects.count(),
            Partner.objects.count(),
        )

    before = snapshot()
    assert "0 created" in seed.load()
    assert "(0 created, 0 updated)" in partners.load()
    groups.load(), governance.load(), results.load()
    assert snapshot() == before
