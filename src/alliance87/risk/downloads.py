"""Downloads of a run's territories (aggregates only): CSV and Parquet, with the same columns
as the library's ``territories.csv`` plus the name the boundaries give."""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse
from django.views.decorators.http import require_GET

from . import selectors

COLUMNS = (
    ("territory", "code"),
    ("name", "name"),
    ("region", "region"),
    ("rank", "rank"),
    ("level", "level"),
    ("risk_index", "risk_index"),
    ("risk_index_se", "risk_index_se"),
    ("risk_index_ci_low", "risk_index_ci_low"),
    ("risk_index_ci_high", "risk_index_ci_high"),
    ("expected_child_labour", "expected"),
    ("expected_se", "expected_se"),
    ("expected_ci_low", "expected_ci_low"),
    ("expected_ci_high", "expected_ci_high"),
    ("level_probability", "level_probability"),
    ("children", "children"),
    ("records", "records"),
    ("top_factors", "top_factors"),
)


def _rows(run):
    return [[getattr(t, attr) for _, attr in COLUMNS] for t in selectors.territory_list(run)]


def _attachment(response: HttpResponse, name: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
def run_csv(request, run_id: int):
    run = selectors.run_get(request.user, run_id, full=False)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    writer = csv.writer(response)
    writer.writerow([name for name, _ in COLUMNS])
    writer.writerows(_rows(run))
    return _attachment(response, f"run-{run.pk}-territories.csv")


@require_GET
def run_parquet(request, run_id: int):
    """The same table as Parquet (typed columns: text, integers, floats with nulls)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    run = selectors.run_get(request.user, run_id, full=False)
    rows = _rows(run)
    text = {"territory", "name", "region", "level", "top_factors"}
    ints = {"rank", "records"}
    arrays = {}
    for i, (name, _) in enumerate(COLUMNS):
        kind = pa.string() if name in text else pa.int64() if name in ints else pa.float64()
        arrays[name] = pa.array([r[i] for r in rows], type=kind)
    buf = io.BytesIO()
    pq.write_table(pa.table(arrays), buf)
    response = HttpResponse(buf.getvalue(), content_type="application/vnd.apache.parquet")
    return _attachment(response, f"run-{run.pk}-territories.parquet")
