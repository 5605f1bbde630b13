"""The risk app's API: a run's status and progress, and its territories (aggregates only)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field

from alliance87.core.api_support import PUBLIC_READ, WRITE, authenticated, optional_auth
from alliance87.core.permissions import can

from . import selectors, services
from .models import Dataset

router = Router(tags=["risk"])


class RunOut(Schema):
    id: int
    title: str
    country: str
    status: str
    progress: int
    step: str
    published: bool
    library_version: str
    checksums: dict


class RunIn(Schema):
    """A run's specification: the datasets by id (of one country) and the columns by name,
    as on the form (docs/risk.md, section 2)."""

    title: str = Field(min_length=1, max_length=200)
    survey: int
    census: int
    boundaries: int | None = None
    outcome: str
    determinants: list[str]
    categorical: list[str] = []
    weight: str = ""
    strata: str = ""
    psu: str = ""
    territory: str
    region: str = ""
    where: str = Field("", max_length=500)
    method: str = "kmeans"
    thresholds: list[float] = []
    engine: str = "duckdb"


def _dataset(user, field: str, dataset_id: int | None, kind: str) -> Dataset | None:
    """A dataset the caller may use, of this kind; else a 400 naming the field."""
    if dataset_id is None:
        return None
    ds = Dataset.objects.select_related("country").filter(pk=dataset_id).first()
    if ds is None or not can(user, "risk.use_data", ds.country_id):
        raise ValidationError(
            {field: _("No dataset %(id)s that you may use.") % {"id": dataset_id}}
        )
    if ds.kind != kind:
        raise ValidationError({field: _("Choose a dataset of this kind from this country.")})
    return ds


class TerritoryOut(Schema):
    code: str
    name: str
    region: str
    rank: int
    level: str
    risk_index: float
    expected: float
    children: float
    risk_index_se: float | None
    risk_index_ci_low: float | None
    risk_index_ci_high: float | None
    expected_se: float | None
    expected_ci_low: float | None
    expected_ci_high: float | None
    level_probability: float | None


@router.get("/risk/runs/{run_id}", response={200: RunOut, **PUBLIC_READ}, auth=optional_auth)
def run_get(request, run_id: int):
    run = selectors.run_get(request.user, run_id, full=False)
    return RunOut(
        id=run.pk,
        title=run.title,
        country=run.country_id,
        status=run.status,
        progress=run.progress,
        step=run.step,
        published=run.published,
        library_version=run.library_version,
        checksums=run.checksums,
    )


@router.post("/risk/runs", response={201: RunOut, **WRITE}, auth=authenticated)
def run_create(request, payload: RunIn):
    """Queue a run from a country's datasets; the same checks as the form, each error naming
    its field. The engine is ``duckdb``, or ``spark`` where the operator configured it."""
    from django.conf import settings

    data = payload.dict()
    survey = _dataset(request.user, "survey", data.pop("survey"), "survey")
    census = _dataset(request.user, "census", data.pop("census"), "census")
    boundaries = _dataset(request.user, "boundaries", data.pop("boundaries"), "boundaries")
    engines = {"duckdb", "spark"} if getattr(settings, "RISK_SPARK_MASTER", "") else {"duckdb"}
    if data["engine"] not in engines:
        raise ValidationError({"engine": _("Choose one of: %s.") % ", ".join(sorted(engines))})
    run = services.run_create(
        actor=request.user,
        country_id=survey.country_id,
        survey=survey,
        census=census,
        boundaries=boundaries,
        **data,
    )
    return Status(201, run_get(request, run.pk))


@router.get(
    "/risk/runs/{run_id}/territories",
    response={200: list[TerritoryOut], **PUBLIC_READ},
    auth=optional_auth,
)
def run_territories(request, run_id: int):
    run = selectors.run_get(request.user, run_id, full=False)
    return list(selectors.territory_list(run))
