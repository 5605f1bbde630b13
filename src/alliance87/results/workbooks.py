"""XLSX workbooks of a framework: the template a focal point fills in offline, its import
(checked whole first, all or nothing) and the per-indicator XLSX export.

A workbook has an ``About`` sheet (the framework's code and, for a country's template, the
country's ISO3 code in column B, then the instructions and the list of indicators) and one
sheet per indicator, named by its code, whose first row is the indicator's CSV header
(``rules.csv_columns``; a country's template leaves out ``Country``). Each sheet is read as
the rows of a CSV file and checked by the CSV import's own check (``imports.checked_rows``):
the same value rules, no second validation path. A row whose value cells (``Value``,
``Currency``, ``Narrative``) are all empty is a row not filled in and is left out; the
template comes with one such row per year of the framework's period.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from alliance87.core import changes, content, refusals
from alliance87.core.transitions import Refusal, refusal

from . import rules
from .imports import MAX_ERRORS, checked_rows, require_import, write_rows
from .models import Framework, Indicator, IndicatorValue
from .selectors import framework_by_code

ABOUT = "About"
#: The cells of a row that hold the value; a row with none of them filled is not filled in.
VALUE_COLUMNS = ("Value", "Currency", "Narrative")
MAX_ROWS = 200_000


def importable(indicator: Indicator) -> bool:
    """An indicator is in a workbook when it has a number for the ``Value`` column (as in CSV)."""
    return rules.csv_value_kind(indicator.value_kinds) is not None


def _about(wb: Workbook, framework: Framework, country_id: str, indicators) -> None:
    ws = wb.active
    ws.title = ABOUT
    ws.append([_("Framework"), framework.code])
    ws.append([_("Country"), country_id])
    ws.append([_("Period"), f"{framework.start_year}-{framework.end_year}"])
    ws.append([])
    for line in (
        _("One sheet per indicator, named by its code. Fill in the Value column of each year."),
        _("Add a row for each disaggregation (the disaggregation columns empty for the total)."),
        _("Leave a row's Value empty when there is nothing to report for that year."),
        _("Every row is checked before anything is saved: one error and nothing is imported."),
    ):
        ws.append([line])
    ws.append([])
    ws.append([_("Indicator"), _("Text"), _("Kinds of value"), _("Unit"), _("Types"), _("Sheet")])
    ws.cell(ws.max_row, 1).font = Font(bold=True)
    for ind in indicators:
        ws.append(
            [
                ind.code,
                content.text(ind.texts, None),
                ", ".join(ind.value_kinds),
                ind.unit,
                ", ".join(ind.categories),
                ind.code if importable(ind) else _("none: enter it on the indicator's page"),
            ]
        )
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 80


def _sheet(wb: Workbook, indicator: Indicator, columns: list[str], rows: list[list[Any]]) -> None:
    ws = wb.create_sheet(indicator.code)
    ws.append(columns)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(row)
    for i, name in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = 40 if name == "Narrative" else 14


def _bytes(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def template_xlsx(framework: Framework, country_id: str, indicators: list[Indicator]) -> bytes:
    """A country's template: a sheet per indicator with a number, a row per year to fill in."""
    wb = Workbook()
    _about(wb, framework, country_id, indicators)
    years = range(framework.start_year, framework.end_year + 1)
    for ind in indicators:
        if importable(ind):
            columns = [c for c in rules.csv_columns(ind.spec()) if c != "Country"]
            _sheet(wb, ind, columns, [[y] for y in years])
    return _bytes(wb)


def _row(indicator: Indicator, columns: list[str], v: IndicatorValue) -> list[Any]:
    kind = rules.csv_value_kind(indicator.value_kinds)
    number = getattr(v, kind) if kind else None
    cells = {"Year": v.year, "Country": v.country_id, **v.disaggregation}
    cells["Value"] = number
    cells["Currency"] = v.currency
    cells["Narrative"] = v.narrative
    return [cells.get(c, "") for c in columns]


def indicator_xlsx(indicator: Indicator, values: list[IndicatorValue]) -> bytes:
    """The values in the indicator's CSV columns, one sheet named by its code (importable)."""
    framework = indicator.result.framework
    wb = Workbook()
    _about(wb, framework, "", [indicator])
    columns = rules.csv_columns(indicator.spec())
    _sheet(wb, indicator, columns, [_row(indicator, columns, v) for v in values])
    return _bytes(wb)


def _text(cell: Any) -> str:
    """A cell as the CSV import reads text: 3.0 typed in a spreadsheet is 3."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return str(cell)
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() else repr(cell)
    if isinstance(cell, dt.datetime | dt.date):
        return cell.isoformat()
    if isinstance(cell, int | Decimal):
        return str(cell)
    return str(cell).strip()


def _file_error(message: str) -> ValidationError:
    return ValidationError({"file": [ValidationError(message, code="results.xlsx_invalid")]})


def _open(data: bytes):
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise _file_error(_("The file is not an XLSX workbook.")) from None


def _error(sheet: str, header: list[str], r: Refusal) -> tuple[str, ValidationError]:
    column = r.values["column"]
    place = column
    if column in header:
        place = f"{get_column_letter(header.index(column) + 1)} ({column})"
    text = _("Sheet %(sheet)s, row %(row)s, column %(column)s: %(message)s") % {
        "sheet": sheet,
        "row": r.values["row"],
        "column": place,
        "message": refusals.refusal_text(r),
    }
    return f"xlsx.{sheet}.{r.values['row']}.{column}", ValidationError(text, code=r.code)


def _read_sheet(ws) -> tuple[list[str], list[list[str]]]:
    rows = ws.iter_rows(values_only=True)
    header = [_text(c) for c in next(rows, ())]
    while header and not header[-1]:
        header.pop()
    filled = [i for i, h in enumerate(header) if h in VALUE_COLUMNS]
    lines: list[list[str]] = []
    for n, cells in enumerate(rows, start=2):
        if n > MAX_ROWS:
            raise _file_error(_("The workbook has more than %(n)s rows.") % {"n": MAX_ROWS})
        texts = [_text(c) for c in cells[: len(header)]]
        texts += [""] * (len(header) - len(texts))
        lines.append(texts if any(texts[i] for i in filled) else [])
    return header, lines


def workbook_import(*, actor, framework_code: str, data: bytes, country_id: str | None) -> int:
    """Import a framework's workbook (a country's template or an indicator's export) as draft
    values: every sheet checked first, nothing written unless every row of every sheet is
    valid; each error names its sheet, row and column."""
    framework = framework_by_code(framework_code)
    wb = _open(data)
    sheets = [n for n in wb.sheetnames if n != ABOUT]
    if ABOUT in wb.sheetnames:  # column B of its first two rows: the framework and country
        about = [
            _text(r[1]) if len(r) > 1 else ""
            for r in wb[ABOUT].iter_rows(min_row=1, max_row=2, values_only=True)
        ]
        code, iso3 = (about + ["", ""])[:2]
        if code and code != framework.code:
            raise _file_error(_("This workbook is not this framework's."))
        if iso3 and country_id and iso3.upper() != country_id:
            raise _file_error(_("This workbook is the template of another country."))
        country_id = country_id or (iso3.upper() or None)
    problems: dict[str, list[ValidationError]] = {}
    total = 0
    with changes.write():
        require_import(actor, country_id)
        indicators = {
            i.code: i
            for i in changes.lock_many(
                Indicator.objects.select_related("result__framework"),
                result__framework=framework,
                code__in=sheets,
            )
        }
        checked = []
        found: list[tuple[str, ValidationError]] = []
        for name in sheets:
            ind = indicators.get(name)
            if ind is None:
                found.append(
                    _error(name, [], refusal("results.xlsx_unknown_sheet", row=1, column="A"))
                )
                continue
            header, lines = _read_sheet(wb[name])
            rows, refused = checked_rows(ind, header, lines, country_id)
            found.extend(_error(name, header, r) for r in refused)
            checked.append((ind, rows))
        if found:
            for key, error in found[:MAX_ERRORS]:
                problems.setdefault(key, []).append(error)
            raise ValidationError(problems)
        if not any(rows for _ind, rows in checked):
            raise _file_error(_("Nothing to import: no row has a value."))
        for ind, rows in checked:
            if rows:
                total += write_rows(actor, ind, rows)
    return total
