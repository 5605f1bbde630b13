import io

import pytest
from openpyxl import load_workbook

from alliance87.core.exports import table_response


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_every_export_neutralises_cells_a_spreadsheet_would_run_as_formulas(fmt):
    response = table_response(
        fmt,
        stem="things",
        sheet_title="Things",
        header=["name", "n"],
        rows=[['=HYPERLINK("http://x")', 3], ["Perú", -1]],
    )
    assert response["Content-Disposition"].startswith('attachment; filename="things-')
    if fmt == "csv":
        text = response.content.decode("utf-8-sig")
        assert "'=HYPERLINK" in text and "Perú" in text
    else:
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert sheet["A2"].value.startswith("'=") and sheet["B3"].value == -1
