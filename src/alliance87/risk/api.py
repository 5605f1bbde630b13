"""The risk app's API: a run's status and progress, and its territories (aggregates only)."""

from __future__ import annotations

from ninja import Router, Schema

from alliance87.core.api_support import PUBLIC_READ, optional_auth

from . import selectors

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


class TerritoryOut(Schema):
    code: str
    name: str
    region: str
    rank: int
    level: str
    risk_index: float
    expected: float
    children: float


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


@router.get(
    "/risk/runs/{run_id}/territories",
    response={200: list[TerritoryOut], **PUBLIC_READ},
    auth=optional_auth,
)
def run_territories(request, run_id: int):
    run = selectors.run_get(request.user, run_id, full=False)
    return list(selectors.territory_list(run))
