"""Publication (issue 14): the country decides who sees a run — its workers' and employers'
organisations (partners of those categories headquartered in the country), or the public —
and can withdraw it. A workers' organisation sees a run only once shared with it."""

from __future__ import annotations

import pytest

from alliance87.core.models import Role
from alliance87.partners.models import Partner
from alliance87.risk import services
from alliance87.risk.models import Run
from tests.conftest import client_for

from .conftest import upload_bytes
from .test_permission_matrix import CSV

pytestmark = pytest.mark.django_db


def partner_person(make_user, slug: str, category: str, country: str, role=Role.PARTNER_MEMBER):
    partner = Partner.objects.create(
        slug=slug,
        names={"en": slug},
        category=category,
        status="active",
        headquarters_id=country,
    )
    return make_user(role, scope=partner)


@pytest.fixture
def finished(peru_analyst):
    census = upload_bytes(peru_analyst, CSV, filename="census.csv", kind="census")
    survey = upload_bytes(peru_analyst, CSV, filename="survey.csv", kind="survey")
    run = services.run_create(
        actor=peru_analyst,
        country_id="PER",
        title="Peru 2026",
        survey=survey,
        census=census,
        outcome="child_labour",
        determinants=["age"],
        territory="territory",
    )
    Run.objects.filter(pk=run.pk).update(status="done")  # as if the worker had run it
    return Run.objects.get(pk=run.pk)


def sees(user, run) -> bool:
    response = client_for(user).get(f"/en/risk/runs/{run.pk}/")
    listed = f'data-run="{run.pk}"' in client_for(user).get("/en/risk/").content.decode()
    assert (response.status_code == 200) == listed
    return response.status_code == 200


def test_a_workers_organisation_sees_a_run_only_once_shared_with_it(
    peru_analyst, finished, make_user
):
    union = partner_person(make_user, "cgtp", "workers", "PER")
    employers = partner_person(make_user, "confiep", "employers", "PER", role=Role.PARTNER_ADMIN)
    chilean_union = partner_person(make_user, "cut", "workers", "CHL")
    ngo = partner_person(make_user, "ngo", "civil_society", "PER")
    assert not sees(union, finished)
    services.run_publish(actor=peru_analyst, run_id=finished.pk, publish=True, audience="workers")
    assert sees(union, finished)
    assert not sees(employers, finished) and not sees(chilean_union, finished)
    assert not sees(ngo, finished) and not sees(None, finished)
    services.run_publish(actor=peru_analyst, run_id=finished.pk, publish=False)
    union.refresh_from_db()
    assert not sees(union, finished)


def test_shared_with_the_social_partners_both_see_it_and_the_public_does_not(
    peru_analyst, finished, make_user
):
    union = partner_person(make_user, "cgtp", "workers", "PER")
    employers = partner_person(make_user, "confiep", "employers", "PER")
    services.run_publish(
        actor=peru_analyst, run_id=finished.pk, publish=True, audience="social_partners"
    )
    assert sees(union, finished) and sees(employers, finished) and not sees(None, finished)


def test_shared_with_everyone_the_public_sees_the_aggregates_but_never_the_files(
    peru_analyst, finished
):
    services.run_publish(actor=peru_analyst, run_id=finished.pk, publish=True, audience="public")
    assert sees(None, finished)
    assert client_for(None).get(f"/en/risk/datasets/{finished.census_id}/").status_code == 302
    body = client_for(None).get(f"/en/risk/runs/{finished.pk}/").content.decode()
    assert f"/datasets/{finished.census_id}/" not in body


def test_an_unknown_audience_is_refused_and_nothing_is_shared(peru_analyst, finished):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.run_publish(
            actor=peru_analyst, run_id=finished.pk, publish=True, audience="friends"
        )
    assert not Run.objects.get(pk=finished.pk).published


def test_the_run_page_offers_the_audiences_to_the_country(peru_analyst, finished):
    body = client_for(peru_analyst).get(f"/en/risk/runs/{finished.pk}/").content.decode()
    assert 'name="audience"' in body and "workers&#x27; organisations" in body
    response = client_for(peru_analyst).post(
        f"/en/risk/runs/{finished.pk}/publish/",
        {"audience": "employers", "version": finished.version},
    )
    assert response.status_code == 302
    assert Run.objects.get(pk=finished.pk).audience == "employers"


def test_shared_with_the_regional_initiatives_focal_points_other_countries_see_it(
    peru_analyst, finished, make_user
):
    from alliance87.core.models import Country
    from alliance87.pathfinders.models import Pathfinder

    chile = Pathfinder.objects.get_or_create(
        country=Country.objects.get(iso3="CHL"),
        defaults={"status": "candidate", "stage": "expression_of_interest"},
    )[0]
    chile_focal_point = make_user(Role.FOCAL_POINT, scope=chile)
    union = partner_person(make_user, "cgtp", "workers", "PER")
    assert not sees(chile_focal_point, finished)
    services.run_publish(actor=peru_analyst, run_id=finished.pk, publish=True, audience="regional")
    assert sees(chile_focal_point, finished)
    assert not sees(union, finished) and not sees(None, finished)
    # results only: Chile's focal point never reaches Peru's files
    assert (
        client_for(chile_focal_point).get(f"/en/risk/datasets/{finished.survey_id}/").status_code
        == 404
    )


def test_a_focal_point_of_the_regional_initiatives_network_sees_a_run_shared_with_them(
    peru_analyst, finished, make_user
):
    from alliance87.results.models_network import NetworkPerson

    employers_fp = make_user(None, email="fp.employers@example.org")
    assert not sees(employers_fp, finished)
    services.run_publish(actor=peru_analyst, run_id=finished.pk, publish=True, audience="regional")
    employers_fp = type(employers_fp).objects.get(pk=employers_fp.pk)
    assert not sees(employers_fp, finished)  # no network record with this address yet
    NetworkPerson.objects.create(
        key="per-employers",
        name="A focal point",
        constituency="employers",
        email="FP.Employers@example.org",
        quote={"es": "Punto focal de empleadores"},
        seed_line=1,
    )
    employers_fp = type(employers_fp).objects.get(pk=employers_fp.pk)
    assert sees(employers_fp, finished)


def test_the_run_page_names_the_organisations_a_share_reaches_or_says_there_are_none(
    peru_analyst, finished, make_user
):
    services.run_publish(actor=peru_analyst, run_id=finished.pk, publish=True, audience="workers")
    page = client_for(peru_analyst).get(f"/es/risk/runs/{finished.pk}/").content.decode()
    assert "Todavía no hay en la plataforma ninguna organización de ese tipo" in page
    partner_person(make_user, "cgtp", "workers", "PER")
    partner_person(make_user, "cut-chile", "workers", "CHL")  # another country's: not named
    page = client_for(peru_analyst).get(f"/es/risk/runs/{finished.pk}/").content.decode()
    assert "En la plataforma, son: cgtp." in page and "cut-chile" not in page
    services.run_publish(actor=peru_analyst, run_id=finished.pk, publish=False)
    services.run_publish(actor=peru_analyst, run_id=finished.pk, publish=True, audience="public")
    page = client_for(peru_analyst).get(f"/es/risk/runs/{finished.pk}/").content.decode()
    assert "data-audience-partners" not in page
