"""API twins of a pathfinder country's own indicator framework (``api.router`` adds this
router): create it, add an indicator the country defines."""

from __future__ import annotations

from decimal import Decimal

from ninja import Router, Schema, Status
from pydantic import ConfigDict

from alliance87.core.api_support import WRITE, authenticated

from . import services_frameworks

router = Router(tags=["results"])


class CountryFrameworkIn(Schema):
    model_config = ConfigDict(extra="forbid")
    start_year: int
    end_year: int


class CountryFrameworkOut(Schema):
    code: str
    kind: str
    country: str
    start_year: int
    end_year: int


@router.post(
    "/results/pathfinders/{iso3}/framework",
    response={201: CountryFrameworkOut, **WRITE},
    auth=authenticated,
)
def framework_create(request, iso3: str, payload: CountryFrameworkIn):
    """Create the country's indicator framework (its focal point, or the Secretariat)."""
    f = services_frameworks.pathfinder_framework_create(
        actor=request.user, country_id=iso3, **payload.dict()
    )
    return Status(
        201,
        CountryFrameworkOut(
            code=f.code,
            kind=f.kind,
            country=f.country_id,
            start_year=f.start_year,
            end_year=f.end_year,
        ),
    )


class CountryIndicatorIn(Schema):
    model_config = ConfigDict(extra="forbid")
    result: str
    code: str
    text: str
    value_kinds: list[str]
    unit: str = ""
    currency: str = ""
    scale_min: int | None = None
    scale_max: int | None = None
    categories: list[str] = []
    direction: str = "none"
    disaggregations: list[str] = []
    source: str = ""
    baseline_year: int | None = None
    baseline: Decimal | None = None
    target_year: int | None = None
    target: Decimal | None = None


class CountryIndicatorOut(Schema):
    framework: str
    result: str
    code: str
    value_kinds: list[str]
    unit: str


@router.post(
    "/results/frameworks/{code}/indicators",
    response={201: CountryIndicatorOut, **WRITE},
    auth=authenticated,
)
def indicator_add(request, code: str, payload: CountryIndicatorIn):
    """Add an indicator the country defines to its own framework."""
    ind = services_frameworks.indicator_add(
        actor=request.user, framework_code=code, **payload.dict()
    )
    return Status(
        201,
        CountryIndicatorOut(
            framework=code,
            result=ind.result.number,
            code=ind.code,
            value_kinds=ind.value_kinds,
            unit=ind.unit,
        ),
    )
