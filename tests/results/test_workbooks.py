"""The XLSX template a focal point fills in offline: one sheet per indicator, checked whole
by the CSV import's own rules, all or nothing, each error naming its sheet, row and column;
the per-indicator XLSX export imports back to the same values."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from alliance87.core.models import AuditEntry
from alliance87.results import selectors, services, workbooks
from alliance87.results.events import ResultsEvent
from alliance87.results.models import Framework, IndicatorValue, ValueRevision
from tests.conftest import client_for

from .conftest import FW, indicator

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def template(country="PER") -> bytes:
    fw = Framework.objects.get(code=FW)
    return workbooks.template_xlsx(fw, country, selectors.framework_indicators(fw))


def fill(data: bytes, cells: dict[str, dict[str, object]]) -> bytes:
    """Write ``{"sheet": {"B3": value}}`` into a workbook, as a focal point does offline."""
    wb = load_workbook(io.BytesIO(data))
    for sheet, values in cells.items():
        for ref, value in values.items():
            wb[sheet][ref] = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def run(actor, data, country="PER"):
    return workbooks.workbook_import(actor=actor, framework_code=FW, data=data, country_id=country)


def errors_of(exc) -> dict[str, list[str]]:
    return {k: [e.code for e in v] for k, v in exc.value.error_dict.items()}


def test_the_template_has_a_sheet_per_indicator_with_a_number_and_a_row_per_year(framework):
    wb = load_workbook(io.BytesIO(template()))
    assert wb.sheetnames[0] == "About"
    assert [wb["About"]["B1"].value, wb["About"]["B2"].value] == [FW, "PER"]
    assert "1.1" in wb.sheetnames and "1.5" in wb.sheetnames
    assert "1.8" not in wb.sheetnames  # a narrative without a number: entered on its page
    sheet = wb["1.1"]
    assert [c.value for c in sheet[1]] == ["Year", "area", "Value"]
    assert [r[0].value for r in sheet.iter_rows(min_row=2)] == [2018, 2019, 2020, 2021]
    assert [c.value for c in wb["1.2"][1]] == ["Year", "Value", "Currency", "Narrative"]


def test_a_filled_template_is_imported_as_drafts_leaving_rows_without_a_value(
    framework, peru_focal_point
):
    data = fill(
        template(),
        {"1.5": {"B2": 1, "B3": 1.0}, "1.2": {"B2": 1500.5, "C2": "PEN"}, "1.1": {"A6": 2019}},
    )
    assert run(peru_focal_point, data) == 3
    assert sorted(
        (v.indicator.code, v.year, v.count, v.amount) for v in IndicatorValue.objects.all()
    ) == [("1.2", 2018, None, 1500.5), ("1.5", 2018, 1, None), ("1.5", 2019, 1, None)]
    assert set(IndicatorValue.objects.values_list("status", flat=True)) == {"draft"}
    assert ValueRevision.objects.count() == 3
    assert AuditEntry.objects.filter(event=ResultsEvent.VALUES_IMPORTED).count() == 2


def test_one_bad_row_and_nothing_is_imported_each_error_naming_sheet_row_and_column(
    framework, peru_focal_point
):
    data = fill(
        template(),
        {"1.5": {"B2": 1, "B3": 1.5}, "1.2": {"B2": 100}, "1.6": {"B4": -2}},
    )
    with pytest.raises(ValidationError) as exc:
        run(peru_focal_point, data)
    assert errors_of(exc) == {
        "xlsx.1.5.3.Value": ["results.count_not_whole"],
        "xlsx.1.2.2.Currency": ["results.amount_without_currency"],
        "xlsx.1.6.4.Value": ["results.count_negative"],
    }
    message = exc.value.error_dict["xlsx.1.5.3.Value"][0].messages[0]
    assert message == "Sheet 1.5, row 3, column B (Value): A count is a whole number."
    assert not IndicatorValue.objects.exists()
    assert not AuditEntry.objects.filter(event__startswith="results.").exists()


def test_a_template_is_for_its_country_and_its_framework_only(
    framework, peru_focal_point, secretariat
):
    data = fill(template(), {"1.5": {"B2": 1}})
    with pytest.raises(PermissionDenied):
        run(peru_focal_point, fill(template("ARG"), {"1.5": {"B2": 1}}), country=None)
    with pytest.raises(ValidationError) as exc:
        run(peru_focal_point, data, country="ARG")
    assert errors_of(exc) == {"file": ["results.xlsx_invalid"]}
    with pytest.raises(ValidationError):
        run(secretariat, b"not a workbook")
    # the Secretariat may import Peru's template: the workbook names its country
    assert run(secretariat, data, country=None) == 1
    assert IndicatorValue.objects.get().country_id == "PER"


def test_an_unknown_sheet_and_a_cell_that_already_has_a_value_are_refused(
    framework, peru_focal_point
):
    services.value_enter(
        actor=peru_focal_point,
        indicator_id=indicator("1.5").pk,
        country_id="PER",
        year=2018,
        count=1,
    )
    wb = load_workbook(io.BytesIO(fill(template(), {"1.5": {"B2": 2}})))
    wb.create_sheet("9.9")
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(ValidationError) as exc:
        run(peru_focal_point, out.getvalue())
    assert errors_of(exc) == {
        "xlsx.1.5.2.Year": ["results.csv_value_exists"],
        "xlsx.9.9.1.A": ["results.xlsx_unknown_sheet"],
    }
    assert IndicatorValue.objects.count() == 1


def test_an_empty_template_imports_nothing_and_says_so(framework, peru_focal_point):
    with pytest.raises(ValidationError) as exc:
        run(peru_focal_point, template())
    assert errors_of(exc) == {"file": ["results.xlsx_invalid"]}


def test_an_indicator_xlsx_export_imports_back_to_the_same_values(framework, secretariat):
    from alliance87.results import imports

    imports.values_import(
        actor=secretariat,
        indicator_id=indicator("1.1").pk,
        text="Year,Country,area,Value\n2018,PER,,3\n2018,PER,subnacional,1\n2019,ARG,,2\n",
    )
    ind = indicator("1.1")

    def cells():
        return sorted(
            (v.year, v.country_id, v.disaggregation_key, v.count)
            for v in IndicatorValue.objects.filter(indicator=ind)
        )

    before = cells()
    exported = workbooks.indicator_xlsx(ind, list(IndicatorValue.objects.filter(indicator=ind)))
    IndicatorValue.objects.all().delete()
    assert run(secretariat, exported, country=None) == 3
    assert cells() == before


def test_the_pages_download_the_template_and_import_it_showing_the_errors(
    framework, peru_focal_point
):
    client = client_for(peru_focal_point)
    r = client.get(f"/en/results/{FW}/countries/PER/template.xlsx")
    assert r.status_code == 200 and r["Content-Type"] == XLSX
    assert client.get(f"/en/results/{FW}/countries/ARG/template.xlsx").status_code == 403
    url = f"/en/results/{FW}/import-xlsx/"
    assert client.get(url).status_code == 200
    bad = fill(r.content, {"1.5": {"B3": -1}})
    r2 = client.post(url, {"country": "PER", "file": SimpleUploadedFile("t.xlsx", bad)})
    assert r2.status_code == 400
    assert "Sheet 1.5, row 3, column B (Value): A count cannot be negative." in r2.content.decode()
    assert not IndicatorValue.objects.exists()
    good = fill(r.content, {"1.5": {"B3": 4}})
    r3 = client.post(url, {"country": "PER", "file": SimpleUploadedFile("t.xlsx", good)})
    assert r3.status_code == 302
    assert IndicatorValue.objects.get().count == 4


def test_the_api_twins_download_and_import_the_template(framework, peru_focal_point):
    client = client_for(peru_focal_point)
    r = client.get(f"/api/results/frameworks/{FW}/countries/PER/template.xlsx")
    assert r.status_code == 200 and r["Content-Type"] == XLSX
    url = f"/api/results/frameworks/{FW}/import.xlsx"
    bad = fill(r.content, {"1.5": {"B2": "x"}})
    r2 = client.post(url, {"country": "PER", "file": SimpleUploadedFile("t.xlsx", bad)})
    assert r2.status_code == 400
    assert r2.json()["errors"][0]["field"] == "xlsx.1.5.2.Value"
    good = fill(r.content, {"1.5": {"B2": 2}})
    r3 = client.post(url, {"country": "PER", "file": SimpleUploadedFile("t.xlsx", good)})
    assert r3.status_code == 201 and r3.json() == {"imported": 1}
    x = client.get(f"/api/results/frameworks/{FW}/indicators/1.5/data.xlsx")
    assert x.status_code == 200
    assert load_workbook(io.BytesIO(x.content))["1.5"]["C2"].value == 2
