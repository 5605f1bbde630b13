"""Spreadsheet exports (CSV and XLSX) of a table, for every app.

Every text cell is neutralised against formula injection: text a spreadsheet would read as a
formula (starting with ``=``, ``+``, ``-`` or ``@``, or a tab or carriage return before one) gets
a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from django.utils import timezone

from .cells import neutralise_row

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_response(
    fmt: str,
    *,
    stem: str,
    sheet_title: str,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
) -> HttpResponse:
    """``fmt`` is ``"csv"`` (UTF-8 with a byte-order mark, so spreadsheets read accents) or
    ``"xlsx"``; the file is named ``<stem>-<today>.<fmt>``."""
    name = f"{stem}-{timezone.localdate():%Y-%m-%d}.{fmt}"
    safe = (neutralise_row(row) for row in rows)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        writer.writerows(safe)
        response = HttpResponse(
            "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
    elif fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(str(sheet_title)[:31])
        sheet.append(list(header))
        for row in safe:
            sheet.append(list(row))
        out = io.BytesIO()
        workbook.save(out)
        response = HttpResponse(out.getvalue(), content_type=XLSX_TYPE)
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
