"""Open SDG-style CSV: every row checked first, all or nothing, errors naming row and column;
an export imports back to the same values."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from alliance87.core.models import AuditEntry
from alliance87.results import imports, rules, services
from alliance87.results.events import ResultsEvent
from alliance87.results.models import IndicatorValue, ValueRevision
from tests.conftest import client_for

from .conftest import FW, indicator

pytestmark = pytest.mark.django_db


def run(actor, code, text, country=None):
    return imports.values_import(
        actor=actor, indicator_id=indicator(code).pk, text=text, country_id=country
    )


def errors_of(exc) -> dict[str, list[str]]:
    return {k: [e.code for e in v] for k, v in exc.value.error_dict.items()}


def test_a_valid_file_is_imported_as_drafts_with_one_audit_row(framework, secretariat):
    text = "Year,Country,area,Value\n2018,PER,,3\n2018,PER,subnacional,1\n2019,ARG,,2\n"
    assert run(secretariat, "1.1", text) == 3
    assert IndicatorValue.objects.filter(status="draft").count() == 3
    assert ValueRevision.objects.count() == 3
    sub = IndicatorValue.objects.get(disaggregation__area="subnacional")
    assert (sub.country_id, sub.year, sub.count) == ("PER", 2018, 1)
    row = AuditEntry.objects.get(event=ResultsEvent.VALUES_IMPORTED)
    assert row.actor == secretariat and row.changes == {"values": [0, 3]}


def test_one_bad_row_and_nothing_is_imported_each_error_naming_row_and_column(
    framework, secretariat
):
    text = "Year,Country,Value\n2018,PER,3\n2019,ARG,1.5\n2030,BRA,1\n2019,XXX,1\n2018,PER,4\n"
    with pytest.raises(ValidationError) as exc:
        run(secretariat, "1.5", text)
    assert errors_of(exc) == {
        "csv.3.Value": ["results.count_not_whole"],
        "csv.4.Year": ["results.year_out_of_period"],
        "csv.5.Country": ["results.csv_country_unknown"],
        "csv.6.Year": ["results.csv_duplicate_row"],
    }
    assert "Row 3, column Value" in exc.value.error_dict["csv.3.Value"][0].messages[0]
    assert not IndicatorValue.objects.exists()
    assert not AuditEntry.objects.filter(event__startswith="results.").exists()


def test_an_unknown_or_missing_column_is_refused(framework, secretariat):
    with pytest.raises(ValidationError) as exc:
        run(secretariat, "1.5", "Year,Country,sex,Valor\n2018,PER,f,1\n")
    assert errors_of(exc) == {
        "csv.1.sex": ["results.csv_unknown_column"],
        "csv.1.Valor": ["results.csv_unknown_column"],
        "csv.1.Value": ["results.csv_missing_column"],
    }


def test_an_amount_without_currency_names_the_currency_column(framework, secretariat):
    with pytest.raises(ValidationError) as exc:
        run(secretariat, "1.2", "Year,Country,Value,Currency\n2018,PER,100,\n")
    assert errors_of(exc) == {"csv.2.Currency": ["results.amount_without_currency"]}


def test_an_indicator_without_a_number_cannot_be_imported_from_csv(framework, secretariat):
    with pytest.raises(ValidationError) as exc:
        run(secretariat, "1.8", "Year,Country,Value\n2018,PER,1\n")
    assert errors_of(exc) == {"csv.1.Value": ["results.csv_no_number"]}


def test_a_row_that_already_has_a_value_is_refused(framework, secretariat):
    services.value_enter(
        actor=secretariat, indicator_id=indicator("1.5").pk, country_id="PER", year=2018, count=1
    )
    with pytest.raises(ValidationError) as exc:
        run(secretariat, "1.5", "Year,Country,Value\n2018,PER,1\n2019,PER,1\n")
    assert errors_of(exc) == {"csv.2.Year": ["results.csv_value_exists"]}
    assert IndicatorValue.objects.count() == 1


def test_a_focal_point_imports_their_own_country_only(framework, peru_focal_point):
    assert run(peru_focal_point, "1.5", "Year,Value\n2018,1\n2019,1\n", country="PER") == 2
    with pytest.raises(ValidationError) as exc:
        run(peru_focal_point, "1.1", "Year,Country,Value\n2018,ARG,1\n", country="PER")
    assert errors_of(exc) == {"csv.2.Country": ["results.csv_other_country"]}
    with pytest.raises(PermissionDenied):
        run(peru_focal_point, "1.1", "Year,Value\n2018,1\n", country="ARG")
    with pytest.raises(PermissionDenied):
        run(peru_focal_point, "1.1", "Year,Country,Value\n2018,PER,1\n")
    assert IndicatorValue.objects.count() == 2


def test_an_export_imports_back_to_the_same_values(framework, secretariat):
    text = (
        "Year,Country,Value,Currency,Narrative\n"
        "2018,PER,1500.50,PEN,Dos técnicas del MTPE\n2019,ARG,200.00,USD,\n"
    )
    run(secretariat, "1.2", text)
    ind = indicator("1.2")
    values = list(IndicatorValue.objects.filter(indicator=ind).order_by("year"))
    exported = imports.values_csv(ind, values)
    assert exported == text
    before = [(v.year, v.country_id, v.amount, v.currency, v.narrative) for v in values]
    IndicatorValue.objects.all().delete()
    run(secretariat, "1.2", exported)
    after = [
        (v.year, v.country_id, v.amount, v.currency, v.narrative)
        for v in IndicatorValue.objects.filter(indicator=ind).order_by("year")
    ]
    assert after == before


def test_the_csv_columns_follow_the_indicator(framework):
    assert rules.csv_columns(indicator("1.1").spec()) == ["Year", "Country", "area", "Value"]
    assert rules.csv_columns(indicator("1.2").spec()) == [
        "Year",
        "Country",
        "Value",
        "Currency",
        "Narrative",
    ]


def test_the_page_imports_a_file_and_shows_the_errors(framework, peru_focal_point):
    client = client_for(peru_focal_point)
    url = f"/en/results/{FW}/indicators/1.5/import/"
    assert client.get(url).status_code == 200
    bad = SimpleUploadedFile("v.csv", b"Year,Value\n2018,-1\n", content_type="text/csv")
    r = client.post(url, {"country": "PER", "file": bad})
    assert r.status_code == 400
    assert "Row 2, column Value: A count cannot be negative." in r.content.decode()
    assert not IndicatorValue.objects.exists()
    good = SimpleUploadedFile(
        "v.csv", "\ufeffYear,Value\n2018,1\n".encode(), content_type="text/csv"
    )
    assert client.post(url, {"country": "PER", "file": good}).status_code == 302
    assert IndicatorValue.objects.get().country_id == "PER"


def test_the_api_imports_and_its_errors_name_row_and_column(framework, peru_focal_point):
    client = client_for(peru_focal_point)
    url = f"/api/results/frameworks/{FW}/indicators/1.5/import"
    r = client.post(
        url,
        json.dumps({"csv": "Year,Value\n2018,x\n", "country": "PER"}),
        content_type="application/json",
    )
    assert r.status_code == 400
    assert r.json()["errors"][0]["field"] == "csv.2.Value"
    assert not IndicatorValue.objects.exists()
    r = client.post(
        url,
        json.dumps({"csv": "Year,Value\n2018,2\n", "country": "PER"}),
        content_type="application/json",
    )
    assert r.status_code == 201 and r.json() == {"imported": 1}


def test_the_public_csv_holds_published_values_only(framework, secretariat):
    run(secretariat, "1.5", "Year,Country,Value\n2018,PER,1\n2018,ARG,1\n")
    v = IndicatorValue.objects.get(country_id="PER")
    services.value_submit(actor=secretariat, value_id=v.pk, expected_version=1)
    services.value_publish(actor=secretariat, value_id=v.pk, expected_version=2)
    for url in (
        f"/es/results/{FW}/indicators/1.5/data.csv",
        f"/api/results/frameworks/{FW}/indicators/1.5/data.csv",
    ):
        r = client_for(None).get(url)
        assert r.status_code == 200 and r["Content-Type"].startswith("text/csv")
        assert r.content.decode() == "Year,Country,Value\n2018,PER,1\n"
