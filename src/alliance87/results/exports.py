"""Exports of a whole framework: a ZIP of the per-indicator files plus a metadata file, and
SDMX-CSV for the statistics systems countries already feed.

The ZIP holds ``<code>.csv`` for every indicator with a number (the Open SDG-style CSV of
``imports.values_csv``, which imports back) and ``metadata.json`` (the framework, and every
indicator's result, texts, kinds, unit, currency, scale, types, direction, disaggregations and
source, with the name of its data file or null).

SDMX-CSV: one row per observation. Version 1.0 starts with ``DATAFLOW``; version 2.0 with
``STRUCTURE``, ``STRUCTURE_ID`` and ``ACTION``. Then the dimensions ``INDICATOR``,
``REF_AREA`` (ISO 3166-1 alpha-3), ``TIME_PERIOD`` and one per disaggregation (``SEX``,
``AGE``, ``AREA``, ``SECTOR``, ``CONSTITUENCY``; ``_T`` for the total, as SDMX writes it),
``OBS_VALUE``, and the attributes ``UNIT_MEASURE`` (the currency of an amount, ``PT`` for a
percentage, otherwise the indicator's unit) and ``OBS_STATUS`` (the value's status here).
The dataflow is this platform's own (``ALLIANCE87:RESULTS_<CODE>(1.0)``): no registered data
structure definition exists for these frameworks.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections import defaultdict

from . import rules
from .imports import values_csv
from .models import Framework, Indicator, IndicatorValue

AGENCY = "ALLIANCE87"
TOTAL = "_T"
SDMX_VERSIONS = ("1.0", "2.0")


def dataflow_id(framework: Framework) -> str:
    return "RESULTS_" + framework.code.upper().replace("-", "_")


def metadata(framework: Framework, indicators: list[Indicator]) -> dict:
    return {
        "framework": {
            "code": framework.code,
            "kind": framework.kind,
            "titles": framework.titles,
            "start_year": framework.start_year,
            "end_year": framework.end_year,
            "source": framework.source,
        },
        "indicators": [
            {
                "code": i.code,
                "result": i.result.number,
                "texts": i.texts,
                "value_kinds": i.value_kinds,
                "unit": i.unit,
                "currency": i.currency,
                "scale": [i.scale_min, i.scale_max] if i.scale_max is not None else None,
                "categories": i.categories,
                "direction": i.direction,
                "disaggregations": i.disaggregations,
                "source": i.source,
                "data_file": f"{i.code}.csv" if rules.csv_value_kind(i.value_kinds) else None,
            }
            for i in indicators
        ],
    }


def _by_indicator(values: list[IndicatorValue]) -> dict[int, list[IndicatorValue]]:
    out: dict[int, list[IndicatorValue]] = defaultdict(list)
    for v in values:
        out[v.indicator_id].append(v)
    return out


def framework_zip(
    framework: Framework, indicators: list[Indicator], values: list[IndicatorValue]
) -> bytes:
    by_indicator = _by_indicator(values)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "metadata.json",
            json.dumps(metadata(framework, indicators), ensure_ascii=False, indent=2),
        )
        for ind in indicators:
            if rules.csv_value_kind(ind.value_kinds):
                z.writestr(f"{ind.code}.csv", values_csv(ind, by_indicator.get(ind.pk, [])))
    return out.getvalue()


def _unit(ind: Indicator, kind: str, v: IndicatorValue) -> str:
    if kind == "amount":
        return v.currency
    if kind == "percentage":
        return "PT"
    return ind.unit


def sdmx_csv(
    framework: Framework,
    indicators: list[Indicator],
    values: list[IndicatorValue],
    version: str = "1.0",
) -> str:
    """The values with a number as SDMX-CSV ``version`` 1.0 or 2.0."""
    flow = f"{AGENCY}:{dataflow_id(framework)}(1.0)"
    dims = [d.upper() for d in rules.DISAGGREGATIONS]
    lead = ["DATAFLOW"] if version == "1.0" else ["STRUCTURE", "STRUCTURE_ID", "ACTION"]
    header = [*lead, "INDICATOR", "REF_AREA", "TIME_PERIOD", *dims]
    header += ["OBS_VALUE", "UNIT_MEASURE", "OBS_STATUS"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    by_pk = {i.pk: i for i in indicators}
    for v in values:
        ind = by_pk[v.indicator_id]
        kind = rules.csv_value_kind(ind.value_kinds)
        number = getattr(v, kind) if kind else None
        if number is None:
            continue
        start = [flow] if version == "1.0" else ["dataflow", flow, "I"]
        writer.writerow(
            [
                *start,
                ind.code,
                v.country_id,
                v.year,
                *[v.disaggregation.get(d, TOTAL) for d in rules.DISAGGREGATIONS],
                number,
                _unit(ind, kind, v),
                v.status,
            ]
        )
    return out.getvalue()
