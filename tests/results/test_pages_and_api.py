"""Public pages and the API: framework with reporting status, indicator with chart and table,
country values; fixed query counts at two data sizes."""

from __future__ import annotations

import json

import pytest

from alliance87.core.models import Country
from alliance87.results import services
from alliance87.results.models import IndicatorValue
from tests.conftest import client_for

from .conftest import FW, indicator

pytestmark = pytest.mark.django_db

COUNTRIES = ["PER", "ARG", "BRA", "MEX", "COL", "CHL", "ECU", "BOL"]


def publish(actor, code, country, year, **data):
    v = services.value_enter(
        actor=actor, indicator_id=indicator(code).pk, country_id=country, year=year, **data
    )
    services.value_submit(actor=actor, value_id=v.pk, expected_version=1)
    services.value_publish(actor=actor, value_id=v.pk, expected_version=2)
    return v


def fill(secretariat, n_countries):
    for country in COUNTRIES[:n_countries]:
        for year in (2018, 2019):
            publish(secretariat, "1.5", country, year, count=3)
            publish(secretariat, "1.1", country, year, count=2, items=[{"type": "t", "label": "x"}])


def test_the_framework_page_shows_every_result_and_indicator_with_its_reporting_status(
    framework, secretariat
):
    publish(secretariat, "1.5", "PER", 2019, count=1)
    services.value_enter(
        actor=secretariat, indicator_id=indicator("1.6").pk, country_id="PER", year=2019, count=1
    )
    html = client_for(None).get(f"/es/results/{FW}/").content.decode()
    assert html.count('data-indicator="') == 50
    assert 'data-indicator="1.5"><td><a' in html
    row = html[html.index('data-indicator="1.5"') :]
    assert "reporting-reported" in row[: row.index("</tr>")]
    row = html[html.index('data-indicator="1.6"') :]
    assert "reporting-in_progress" in row[: row.index("</tr>")]
    row = html[html.index('data-indicator="1.7"') :]
    assert "reporting-no_data" in row[: row.index("</tr>")]


def test_each_language_reads_the_indicator_and_a_missing_one_shows_the_marked_original(
    framework,
):
    html = client_for(None).get(f"/en/results/{FW}/indicators/1.1/").content.decode()
    assert 'lang="en"' in html and "Number and type of actions" in html
    html = client_for(None).get(f"/fr/results/{FW}/indicators/1.1/").content.decode()
    assert "Nombre et type d&#x27;actions" in html or "Nombre et type d'actions" in html
    ind = indicator("1.1")
    ind.texts = {k: v for k, v in ind.texts.items() if k != "en"}
    ind.save()
    html = client_for(None).get(f"/en/results/{FW}/indicators/1.1/").content.decode()
    assert 'lang="es"' in html and "Número y tipo de acciones" in html


def test_the_indicator_page_draws_a_titled_chart_with_a_table_beside_it(framework, secretariat):
    fill(secretariat, 3)
    html = client_for(None).get(f"/en/results/{FW}/indicators/1.5/").content.decode()
    assert "<svg" in html and "<title" in html and "regional total by year" in html
    assert "<script" not in html[html.index("<svg") : html.index("</svg>")]
    assert 'data-table="totals"' in html
    # 1.5 counts countries: three countries reporting 3 each make 3, not 9.
    totals = html[html.index('data-table="totals"') :]
    assert "<td>2019</td><td>3</td><td>3</td>" in totals


def test_the_public_sees_only_published_values(framework, peru_focal_point):
    services.value_enter(
        actor=peru_focal_point,
        indicator_id=indicator("1.5").pk,
        country_id="PER",
        year=2019,
        count=1,
    )
    assert (
        'data-value="'
        not in client_for(None).get(f"/es/results/{FW}/indicators/1.5/").content.decode()
    )
    own = client_for(peru_focal_point).get(f"/es/results/{FW}/indicators/1.5/").content.decode()
    assert 'data-status="draft"' in own


def test_the_country_page_lists_its_values_and_answers_htmx_with_the_fragment(
    framework, secretariat
):
    fill(secretariat, 2)
    client = client_for(None)
    html = client.get(f"/es/results/{FW}/countries/PER/").content.decode()
    assert html.count('data-value="') == 4
    fragment = client.get(f"/es/results/{FW}/countries/PER/?year=2019", HTTP_HX_REQUEST="true")
    body = fragment.content.decode()
    assert "<html" not in body and body.count('data-value="') == 2


def test_an_unknown_framework_indicator_or_country_is_a_404(framework):
    client = client_for(None)
    assert client.get("/es/results/nope/").status_code == 404
    assert client.get(f"/es/results/{FW}/indicators/9.9/").status_code == 404
    assert client.get(f"/es/results/{FW}/countries/XXX/").status_code == 404
    assert client.get("/api/results/frameworks/nope").status_code == 404


def test_the_api_gives_the_framework_with_reporting_status(framework, secretariat):
    publish(secretariat, "2.4", "PER", 2019, count=1)
    body = client_for(None).get(f"/api/results/frameworks/{FW}").json()
    assert [r["number"] for r in body["results"]] == ["1", "2", "3", "4", "5"]
    inds = {i["code"]: i for r in body["results"] for i in r["indicators"]}
    assert len(inds) == 50
    assert inds["2.4"]["reporting_status"] == "reported"
    assert inds["1.1"]["text_language"] == "en"  # the request's language: a translation


def test_the_api_gives_an_indicators_values_and_regional_totals(framework, secretariat):
    fill(secretariat, 2)
    body = client_for(None).get(f"/api/results/frameworks/{FW}/indicators/1.1").json()
    assert len(body["values"]) == 4
    assert body["regional_totals"][0] == {
        "year": 2018,
        "rule": "counts_added",
        "count": 4,
        "amounts": {},
        "countries": 2,
    }


@pytest.mark.parametrize("n", [1, 6])
def test_the_framework_page_takes_a_fixed_number_of_queries(
    framework, secretariat, django_assert_num_queries, n
):
    fill(secretariat, n)
    client = client_for(None)
    with django_assert_num_queries(3):
        assert client.get(f"/es/results/{FW}/").status_code == 200


@pytest.mark.parametrize("n", [1, 6])
def test_the_indicator_page_takes_a_fixed_number_of_queries(
    framework, secretariat, django_assert_num_queries, n
):
    fill(secretariat, n)
    client = client_for(None)
    with django_assert_num_queries(2):
        assert client.get(f"/es/results/{FW}/indicators/1.1/").status_code == 200


@pytest.mark.parametrize("n", [1, 6])
def test_the_country_page_takes_a_fixed_number_of_queries(
    framework, secretariat, django_assert_num_queries, n
):
    fill(secretariat, n)
    client = client_for(None)
    with django_assert_num_queries(3):
        assert client.get(f"/es/results/{FW}/countries/PER/").status_code == 200


@pytest.mark.parametrize("n", [1, 6])
def test_the_indicator_api_takes_a_fixed_number_of_queries(
    framework, secretariat, django_assert_num_queries, n
):
    fill(secretariat, n)
    client = client_for(None)
    with django_assert_num_queries(2):
        assert client.get(f"/api/results/frameworks/{FW}/indicators/1.1").status_code == 200


def test_a_refused_value_in_the_api_names_the_field(framework, secretariat):
    r = client_for(secretariat).post(
        "/api/results/values",
        json.dumps(
            {"framework": FW, "indicator": "1.5", "country": "PER", "year": 2019, "count": 1.5}
        ),
        content_type="application/json",
    )
    assert r.status_code == 400
    assert r.json()["errors"][0]["field"] == "count"
    assert not IndicatorValue.objects.exists()


def test_the_entry_form_shows_the_rules_message_on_the_field(framework, peru_focal_point):
    client = client_for(peru_focal_point)
    url = f"/en/results/{FW}/indicators/1.2/enter/"
    assert client.get(url).status_code == 200
    r = client.post(url, {"country": "PER", "year": 2019, "amount": "1000"})
    assert r.status_code == 400
    assert "An amount needs its currency." in r.content.decode()
    assert not IndicatorValue.objects.exists()
    r = client.post(
        url,
        {
            "country": "PER",
            "year": 2019,
            "amount": "1000",
            "currency": "pen",
            "items": "humanos: dos técnicas",
        },
    )
    assert r.status_code == 302
    v = IndicatorValue.objects.get()
    assert (v.currency, v.items) == ("PEN", [{"type": "humanos", "label": "dos técnicas"}])
    assert Country.objects.get(iso3="PER").iso3 == v.country_id


def test_the_nav_links_to_the_results_frameworks_in_the_pages_language(framework):
    html = client_for(None).get("/es/results/").content.decode()
    assert '<a href="/es/results/">Resultados</a>' in html
    assert f'href="/es/results/{FW}/"' in html


def test_a_focal_point_edits_a_draft_on_the_page_and_a_stale_form_is_refused(
    framework, peru_focal_point, make_user, peru
):
    from alliance87.core.models import Role

    v = services.value_enter(
        actor=peru_focal_point,
        indicator_id=indicator("1.1").pk,
        country_id="PER",
        year=2019,
        count=2,
        items=[{"type": "taller", "label": "Lima"}],
    )
    client = client_for(peru_focal_point)
    page = client.get(f"/en/results/values/{v.pk}/edit/").content.decode()
    assert "taller: Lima" in page
    r = client.post(
        f"/en/results/values/{v.pk}/edit/", {"version": 1, "count": "5", "items": "taller: Lima"}
    )
    assert r.status_code == 302
    v.refresh_from_db()
    assert (v.count, v.version) == (5, 2)
    r = client.post(f"/en/results/values/{v.pk}/edit/", {"version": 1, "count": "7"})
    assert r.status_code == 400 and "Someone else changed this record" in r.content.decode()
    v.refresh_from_db()
    assert v.count == 5
    other = make_user(Role.FOCAL_POINT)
    assert (
        client_for(other)
        .post(f"/en/results/values/{v.pk}/edit/", {"version": 2, "count": "9"})
        .status_code
        == 403
    )
    v.refresh_from_db()
    assert v.count == 5


def test_public_reads_do_not_claim_to_need_a_token_in_openapi():
    from alliance87.api import api

    paths = api.get_openapi_schema()["paths"]
    for path, ops in paths.items():
        private = any(w in path for w in ("revisions", "template.xlsx", "/due/", "completeness"))
        if path.startswith("/api/results/") and "get" in ops and not private:
            assert {} in ops["get"]["security"], path
    assert {} not in paths["/api/results/values"]["post"]["security"]


def test_the_chart_writes_numbers_as_the_pages_language_does():
    from django.utils import translation

    from alliance87.results.charts import bar_chart

    with translation.override("es"):
        svg = bar_chart([("2018", 1234.5)], title="T", unit="U", x_label="Año")
    assert "1\xa0234,50" in svg and "<title" in svg and ">U</text>" in svg and ">Año</text>" in svg


def test_a_disaggregation_is_named_in_the_readers_language_not_by_its_code(framework, secretariat):
    from alliance87.results.models import Indicator

    Indicator.objects.filter(pk=indicator("1.5").pk).update(disaggregations=["sex"])
    v = services.value_enter(
        actor=secretariat,
        indicator_id=indicator("1.5").pk,
        country_id="PER",
        year=2019,
        count=2,
        disaggregation={"sex": "mujeres"},
    )
    client = client_for(secretariat)
    pages = [
        f"/es/results/{FW}/indicators/1.5/",
        f"/es/results/{FW}/countries/PER/",
        f"/es/results/values/{v.pk}/edit/",
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert "Sexo: mujeres" in html, url
        assert "sex:" not in html, url
    html = client.get(pages[0]).content.decode()
    assert "<dd>Sexo</dd>" in html


def test_the_charts_labels_are_rounded_not_cut_off():
    from django.utils import translation

    from alliance87.results.charts import bar_chart

    with translation.override("pt"):
        svg = bar_chart([("2019", 2.006)], title="T", unit="U", x_label="Ano")
    assert "2,01" in svg and "2,00<" not in svg


def test_a_count_is_charted_on_whole_ticks():
    import re

    from django.utils import translation

    from alliance87.results.charts import bar_chart

    with translation.override("pt"):
        svg = bar_chart([("2018", 3), ("2019", 5)], title="T", unit="número", x_label="Ano")
    ticks = re.findall(r'text-anchor="end" font-size="11">([^<]+)<', svg)
    assert ticks == ["0", "1", "2", "3", "4", "5"]
    with translation.override("pt"):
        svg = bar_chart([("2018", 1), ("2019", 2)], title="T", unit="número", x_label="Ano")
    assert re.findall(r'text-anchor="end" font-size="11">([^<]+)<', svg) == ["0", "1", "2"]


def _steps_shown(html: str, value_id: int) -> set[str]:
    import re

    row = re.search(rf'<tr data-value="{value_id}".*?</tr>', html, re.S)
    assert row, value_id
    return set(re.findall(r'data-step="(\w+)"', row.group(0)))


@pytest.mark.parametrize("status", ["draft", "submitted", "published"])
def test_the_indicator_page_offers_each_person_exactly_the_steps_the_rules_allow(
    framework, secretariat, peru_focal_point, status
):
    """The buttons on a value come from ``rules.VALUE`` and the step's permission, not from
    comparisons in the template: the focal point edits and submits a draft; the Secretariat
    also publishes or returns a submitted value and reopens a published one."""
    from alliance87.results import rules

    v = services.value_enter(
        actor=peru_focal_point,
        indicator_id=indicator("1.5").pk,
        country_id="PER",
        year=2019,
        count=1,
    )
    IndicatorValue.objects.filter(pk=v.pk).update(status=status)
    allowed = set(rules.VALUE.actions_from(status))
    url = f"/en/results/{FW}/indicators/1.5/"
    for user, may in (
        (secretariat, {"edit", "submit", "publish", "return", "reopen"}),
        (peru_focal_point, {"edit", "submit"}),
    ):
        html = client_for(user).get(url).content.decode()
        assert _steps_shown(html, v.pk) == allowed & may, (user, status)


def test_a_patch_changes_only_the_fields_it_sends(framework, peru_focal_point):
    """PATCH is a partial update: a field left out keeps its value (it used to become empty,
    losing the amount when only the narrative was corrected)."""
    from decimal import Decimal

    v = services.value_enter(
        actor=peru_focal_point,
        indicator_id=indicator("1.2").pk,
        country_id="PER",
        year=2019,
        amount=Decimal("1000"),
        currency="USD",
        narrative="Two funds.",
    )
    client = client_for(peru_focal_point)

    def patch(body):
        return client.patch(
            f"/api/results/values/{v.pk}", json.dumps(body), content_type="application/json"
        )

    r = patch({"version": 1, "narrative": "Two national funds."})
    assert r.status_code == 200, r.content
    v.refresh_from_db()
    assert (v.amount, v.currency, v.narrative, v.version) == (
        Decimal("1000"),
        "USD",
        "Two national funds.",
        2,
    )
    r = patch({"version": 2, "amount": "2500"})
    assert r.status_code == 200, r.content
    v.refresh_from_db()
    assert (v.amount, v.currency, v.narrative) == (Decimal("2500"), "USD", "Two national funds.")
    r = patch({"version": 3, "narrative": ""})  # a field sent empty is emptied
    assert r.status_code == 200, r.content
    v.refresh_from_db()
    assert (v.amount, v.narrative, v.version) == (Decimal("2500"), "", 4)
    r = patch({"amount": "9"})  # the version read is still required
    assert r.status_code == 400
    v.refresh_from_db()
    assert (v.amount, v.version) == (Decimal("2500"), 4)
