"""Open SDG-style CSV of one indicator: import (checked whole first, all or nothing) and export.

The columns are described in ``rules`` (``csv_columns``). Import writes draft values, one
``ValueRevision`` each and ONE audit row for the file (the number of values and the lines);
export writes the values the reader may see, in the same columns, so an export imports back.
"""

from __future__ import annotations

import csv
import io

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance87.core import audit, changes, refusals
from alliance87.core.models import Country
from alliance87.core.permissions import require
from alliance87.core.transitions import Refusal, refusal

from . import rules
from .events import ResultsEvent
from .models import Indicator, IndicatorValue, ValueRevision

MAX_ERRORS = 50


def _error(r: Refusal) -> ValidationError:
    text = _("Row %(row)s, column %(column)s: %(message)s") % {
        "row": r.values["row"],
        "column": r.values["column"],
        "message": refusals.refusal_text(r),
    }
    return ValidationError(text, code=r.code)


def _raise(problems: list[Refusal]) -> None:
    errors: dict[str, list[ValidationError]] = {}
    for r in problems[:MAX_ERRORS]:
        errors.setdefault(f"csv.{r.values['row']}.{r.values['column']}", []).append(_error(r))
    raise ValidationError(errors)


def _read(text: str) -> tuple[list[str], list[list[str]]]:
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = next(reader, [])
    return header, list(reader)


def checked_rows(
    indicator: Indicator, header: list[str], lines: list[list[str]], country_id: str | None
) -> tuple[list[rules.CsvRow], list[Refusal]]:
    """The rows of one indicator's table (a CSV file or an XLSX sheet) and every problem with
    them: the value rules (``rules.csv_rows``), unknown countries, cells that already have a
    value. The one check both the CSV and the XLSX import use."""
    framework = indicator.result.framework
    rows, problems = rules.csv_rows(
        indicator.spec(),
        header,
        lines,
        start=framework.start_year,
        end=framework.end_year,
        country=country_id,
    )
    countries = {r.country for r in rows}
    known = set(Country.objects.filter(iso3__in=countries).values_list("iso3", flat=True))
    existing = set(
        IndicatorValue.objects.filter(indicator=indicator, country_id__in=countries).values_list(
            "year", "country_id", "disaggregation_key"
        )
    )
    for r in rows:
        if r.country not in known:
            problems.append(refusal("results.csv_country_unknown", row=r.line, column="Country"))
        elif framework.country_id and r.country != framework.country_id:  # a country's own
            problems.append(refusal("results.csv_other_country", row=r.line, column="Country"))
        elif (r.year, r.country, rules.disaggregation_key(r.disaggregation)) in existing:
            problems.append(refusal("results.csv_value_exists", row=r.line, column="Year"))
    return rows, sorted(problems, key=lambda p: p.values["row"])


def require_import(actor, country_id: str | None) -> None:
    """A focal point imports their own country's file; a file of several countries is the
    Secretariat's."""
    if country_id:
        require(actor, "results.enter_value", country_id)
    else:
        require(actor, "results.review_value")


def write_rows(actor, indicator: Indicator, rows: list[rules.CsvRow]) -> int:
    """Write checked rows as drafts, a revision each and one audit row (inside a write)."""
    now = timezone.now()
    entered_by = actor if getattr(actor, "is_authenticated", False) else None
    values = [
        IndicatorValue(
            indicator=indicator,
            country_id=r.country,
            year=r.year,
            disaggregation=r.disaggregation,
            disaggregation_key=rules.disaggregation_key(r.disaggregation),
            entered_by=entered_by,
            entered_at=now,
            **_model_fields(r.data),
        )
        for r in rows
    ]
    created = IndicatorValue.objects.bulk_create(values, batch_size=2000)
    ValueRevision.objects.bulk_create(
        [
            ValueRevision(
                value=v,
                version=1,
                status=v.status,
                data={k: audit.plain(x) for k, x in v.fields().items()},
                changed_by=entered_by,
                changed_at=now,
            )
            for v in created
        ],
        batch_size=2000,
    )
    audit.record(
        actor=actor,
        event=ResultsEvent.VALUES_IMPORTED,
        obj=indicator,
        changes={"values": [0, len(created)]},
        label=f"{indicator.result.framework.code} {indicator.code}",
    )
    return len(created)


def values_import(*, actor, indicator_id: int, text: str, country_id: str | None = None) -> int:
    """Import an indicator's CSV as draft values. With ``country_id`` (a focal point's file),
    every row must be that country's. Nothing is written unless every row is valid."""
    with changes.write():
        indicator = changes.lock(
            Indicator.objects.select_related("result__framework"), pk=indicator_id
        )
        require_import(actor, country_id)
        header, lines = _read(text)
        rows, problems = checked_rows(indicator, header, lines, country_id)
        if problems:
            _raise(problems)
        return write_rows(actor, indicator, rows)


def _model_fields(data: dict) -> dict:
    out = {k: v for k, v in data.items() if k in rules.VALUE_FIELDS}
    for k in ("count", "level"):
        if k in out and out[k] not in (None, ""):
            out[k] = int(out[k])
    return out


def values_csv(indicator: Indicator, values: list[IndicatorValue]) -> str:
    """The values in the indicator's CSV columns (totals and disaggregated rows alike)."""
    spec = indicator.spec()
    columns = rules.csv_columns(spec)
    kind = rules.csv_value_kind(spec.kinds)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for v in values:
        row = {"Year": v.year, "Country": v.country_id, **v.disaggregation}
        value = getattr(v, kind) if kind else None
        row["Value"] = "" if value is None else value
        row["Currency"] = v.currency
        row["Narrative"] = v.narrative
        writer.writerow([row.get(c, "") for c in columns])
    return out.getvalue()
