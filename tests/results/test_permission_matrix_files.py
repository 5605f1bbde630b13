"""Who may do what with results files and the working pages: persona × action → allowed,
and nothing written when refused (the focal point persona is Peru's)."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from alliance87.core.models import AuditEntry
from alliance87.results import selectors, workbooks
from alliance87.results.models import Framework, IndicatorValue
from tests.conftest import client_for

from .conftest import FW
from .test_permission_matrix import OWN_COUNTRY, PERSONAS, SECRETARIAT

pytestmark = pytest.mark.django_db
SIGNED_IN = set(PERSONAS) - {"anonymous"}
EVERYONE = set(PERSONAS)


@pytest.fixture
def persona_scope(framework, peru):
    return {"focal_point": peru}


def filled(country: str) -> bytes:
    fw = Framework.objects.get(code=FW)
    wb = load_workbook(
        io.BytesIO(workbooks.template_xlsx(fw, country, selectors.framework_indicators(fw)))
    )
    wb["1.5"]["B2"] = 1
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# GET pages and files: (path, who may, status when refused for a signed-in persona)
READS = {
    "template_own_country_page": (f"/es/results/{FW}/countries/PER/template.xlsx", OWN_COUNTRY),
    "template_other_country_page": (f"/es/results/{FW}/countries/ARG/template.xlsx", SECRETARIAT),
    "template_own_country_api": (
        f"/api/results/frameworks/{FW}/countries/PER/template.xlsx",
        OWN_COUNTRY,
    ),
    "import_xlsx_page": (f"/es/results/{FW}/import-xlsx/", OWN_COUNTRY),
    "framework_zip_page": (f"/es/results/{FW}/data.zip", EVERYONE),
    "framework_sdmx_api": (f"/api/results/frameworks/{FW}/data.sdmx.csv", EVERYONE),
    "due_own_country_page": (f"/es/results/{FW}/countries/PER/due/", OWN_COUNTRY),
    "due_other_country_page": (f"/es/results/{FW}/countries/ARG/due/", SECRETARIAT),
    "due_own_country_api": (f"/api/results/frameworks/{FW}/countries/PER/due/", OWN_COUNTRY),
    "completeness_page": (f"/es/results/{FW}/completeness/", SECRETARIAT),
    "completeness_api": (f"/api/results/frameworks/{FW}/completeness", SECRETARIAT),
    "result_page": (f"/es/results/{FW}/results/1/", EVERYONE),
    "result_api": (f"/api/results/frameworks/{FW}/results/1", EVERYONE),
    "status_page": (f"/es/results/{FW}/status/", EVERYONE),
    "status_api": (f"/api/results/frameworks/{FW}/status", EVERYONE),
    "indicator_xlsx_page": (f"/es/results/{FW}/indicators/1.5/data.xlsx", EVERYONE),
    "indicator_xlsx_api": (f"/api/results/frameworks/{FW}/indicators/1.5/data.xlsx", EVERYONE),
}


@pytest.mark.parametrize("action", sorted(READS))
@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_read_matrix(request, framework, persona, action):
    name = request.node.callspec.params["persona"]
    path, allowed = READS[action]
    response = client_for(persona).get(path)
    if name in allowed:
        assert response.status_code == 200, response.content[:300]
    elif persona is None:
        assert response.status_code in (302, 401)
    else:
        assert response.status_code == 403


# Writes: (path, country field, workbook country, who may)
WRITES = {
    "import_xlsx_own_country_api": (f"/api/results/frameworks/{FW}/import.xlsx", "PER", "PER"),
    "import_xlsx_other_country_api": (f"/api/results/frameworks/{FW}/import.xlsx", "ARG", "ARG"),
    "import_xlsx_own_country_page": (f"/es/results/{FW}/import-xlsx/", "PER", "PER"),
}
WHO = {
    "import_xlsx_own_country_api": (OWN_COUNTRY, 201),
    "import_xlsx_other_country_api": (SECRETARIAT, 201),
    "import_xlsx_own_country_page": (OWN_COUNTRY, 302),
}


@pytest.mark.parametrize("action", sorted(WRITES))
@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_write_matrix(request, framework, persona, action):
    name = request.node.callspec.params["persona"]
    path, country, workbook_country = WRITES[action]
    allowed, success = WHO[action]
    before = (IndicatorValue.objects.count(), AuditEntry.objects.count())
    upload = SimpleUploadedFile("t.xlsx", filled(workbook_country))
    response = client_for(persona).post(path, {"country": country, "file": upload})
    if name in allowed:
        assert response.status_code == success, response.content[:300]
        assert IndicatorValue.objects.count() == before[0] + 1
    else:
        assert (IndicatorValue.objects.count(), AuditEntry.objects.count()) == before
        if persona is None:
            assert response.status_code in (302, 401)
        elif path.startswith("/es/"):
            # the page offers only the persona's own countries: refused as a form error or 403
            assert response.status_code in (400, 403)
        else:
            assert response.status_code == 403
