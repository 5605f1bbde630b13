"""Framework exports: a ZIP of the per-indicator CSV files plus metadata.json, and SDMX-CSV
1.0 and 2.0; each round trip gives back the same values."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest

from alliance87.results import exports, imports, selectors, services
from alliance87.results.models import Framework, IndicatorValue
from tests.conftest import client_for

from .conftest import FW, indicator

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(framework, secretariat):
    imports.values_import(
        actor=secretariat,
        indicator_id=indicator("1.1").pk,
        text="Year,Country,area,Value\n2018,PER,,3\n2018,PER,subnacional,1\n2019,ARG,,2\n",
    )
    imports.values_import(
        actor=secretariat,
        indicator_id=indicator("1.2").pk,
        text="Year,Country,Value,Currency,Narrative\n2018,PER,1500.50,PEN,Dos técnicas\n",
    )
    imports.values_import(
        actor=secretariat, indicator_id=indicator("1.5").pk, text="Year,Country,Value\n2019,BRA,1\n"
    )
    v = IndicatorValue.objects.get(indicator__code="1.5")
    services.value_submit(actor=secretariat, value_id=v.pk, expected_version=1)
    services.value_publish(actor=secretariat, value_id=v.pk, expected_version=2)
    return framework


def cells():
    return sorted(
        (
            v.indicator.code,
            v.year,
            v.country_id,
            v.disaggregation_key,
            v.count,
            v.amount,
            v.currency,
            v.narrative,
        )
        for v in IndicatorValue.objects.select_related("indicator")
    )


def test_the_framework_zip_has_every_indicator_file_and_metadata_and_imports_back(
    data, secretariat
):
    fw = Framework.objects.get(code=FW)
    body = exports.framework_zip(
        fw, selectors.framework_indicators(fw), selectors.framework_values(fw, secretariat)
    )
    z = zipfile.ZipFile(io.BytesIO(body))
    meta = json.loads(z.read("metadata.json"))
    assert meta["framework"]["code"] == FW and len(meta["indicators"]) == 50
    by_code = {i["code"]: i for i in meta["indicators"]}
    assert by_code["1.1"]["data_file"] == "1.1.csv" and by_code["1.8"]["data_file"] is None
    assert by_code["1.2"]["categories"] == ["humanos", "técnicos", "económicos"]
    assert sorted(n for n in z.namelist() if n.endswith(".csv")) == sorted(
        i["data_file"] for i in meta["indicators"] if i["data_file"]
    )
    before = cells()
    IndicatorValue.objects.all().delete()
    for name in z.namelist():
        if name.endswith(".csv") and z.read(name).count(b"\n") > 1:
            imports.values_import(
                actor=secretariat,
                indicator_id=indicator(name.removesuffix(".csv")).pk,
                text=z.read(name).decode(),
            )
    assert cells() == before


def parse_sdmx(text: str) -> list[tuple]:
    rows = list(csv.DictReader(io.StringIO(text)))
    return sorted(
        (r["INDICATOR"], int(r["TIME_PERIOD"]), r["REF_AREA"], r["AREA"], r["OBS_VALUE"])
        for r in rows
    )


def test_sdmx_csv_has_the_standard_columns_and_gives_back_the_values(data, secretariat):
    fw = Framework.objects.get(code=FW)
    args = (fw, selectors.framework_indicators(fw), selectors.framework_values(fw, secretariat))
    v1 = exports.sdmx_csv(*args, "1.0")
    head = v1.splitlines()[0].split(",")
    assert head[0] == "DATAFLOW" and head[1:4] == ["INDICATOR", "REF_AREA", "TIME_PERIOD"]
    assert head[-3:] == ["OBS_VALUE", "UNIT_MEASURE", "OBS_STATUS"]
    assert v1.splitlines()[1].startswith("ALLIANCE87:RESULTS_RI_2018_2021(1.0),1.1,PER,2018,_T")
    v2 = exports.sdmx_csv(*args, "2.0")
    assert v2.splitlines()[0].startswith("STRUCTURE,STRUCTURE_ID,ACTION,INDICATOR")
    assert v2.splitlines()[1].startswith("dataflow,ALLIANCE87:RESULTS_RI_2018_2021(1.0),I,")
    expected = sorted(
        (
            v.indicator.code,
            v.year,
            v.country_id,
            v.disaggregation.get("area", "_T"),
            str(v.count if v.count is not None else v.amount),
        )
        for v in IndicatorValue.objects.select_related("indicator")
    )
    assert parse_sdmx(v1) == expected == parse_sdmx(v2)
    pen = [r for r in csv.DictReader(io.StringIO(v1)) if r["INDICATOR"] == "1.2"][0]
    assert (pen["OBS_VALUE"], pen["UNIT_MEASURE"]) == ("1500.50", "PEN")


def test_the_public_exports_hold_published_values_only(data):
    client = client_for(None)
    text = client.get(f"/en/results/{FW}/data.sdmx.csv").content.decode()
    assert [r[:3] for r in parse_sdmx(text)] == [("1.5", 2019, "BRA")]
    api = client.get(f"/api/results/frameworks/{FW}/data.sdmx.csv?version=2.0")
    assert api.status_code == 200 and api.content.decode().startswith("STRUCTURE,")
    z = zipfile.ZipFile(io.BytesIO(client.get(f"/api/results/frameworks/{FW}/data.zip").content))
    assert z.read("1.5.csv").decode() == "Year,Country,Value\n2019,BRA,1\n"
    assert z.read("1.1.csv").decode() == "Year,Country,area,Value\n"
    page = client.get(f"/en/results/{FW}/data.zip")
    assert page.status_code == 200 and page["Content-Type"] == "application/zip"
