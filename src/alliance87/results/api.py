"""The results API: public reads of frameworks, indicators and values; value writes through
the same services as the pages (entering, editing, submitting, publishing)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from django.http import HttpResponse
from django.utils.translation import get_language
from ninja import File, Form, Router, Schema, Status, UploadedFile
from pydantic import ConfigDict, Field

from alliance87.core import content
from alliance87.core.api_support import (
    PUBLIC_READ,
    WRITE,
    VersionIn,
    authenticated,
    errors,
    optional_auth,
)
from alliance87.core.permissions import require

from . import (
    api_frameworks,
    api_network,
    api_pages,
    api_plans,
    exports,
    imports,
    rules,
    selectors,
    services,
    workbooks,
)
from .models import Framework, IndicatorValue

router = Router(tags=["results"])

#: OpenAPI for a public read: a token is optional (the empty requirement). Core's
#: ``optional_auth`` documents itself as required; this is the minimal workaround until it
#: says so itself (reported to the lead).


class FrameworkOut(Schema):
    code: str
    kind: str
    title: str
    start_year: int
    end_year: int
    source: str


def _framework(f: Framework) -> FrameworkOut:
    return FrameworkOut(
        code=f.code,
        kind=f.kind,
        title=content.text(f.titles, get_language()),
        start_year=f.start_year,
        end_year=f.end_year,
        source=f.source,
    )


class IndicatorOut(Schema):
    code: str
    text: str
    text_language: str | None
    value_kinds: list[str]
    unit: str
    currency: str
    scale_min: int | None
    scale_max: int | None
    categories: list[str]
    direction: str
    disaggregations: list[str]
    source: str
    reporting_status: str | None = None


def _indicator(ind, reporting: str | None = None) -> IndicatorOut:
    shown = content.localise(ind.texts, get_language())
    return IndicatorOut(
        code=ind.code,
        text=shown.text,
        text_language=shown.language,
        value_kinds=ind.value_kinds,
        unit=ind.unit,
        currency=ind.currency,
        scale_min=ind.scale_min,
        scale_max=ind.scale_max,
        categories=ind.categories,
        direction=ind.direction,
        disaggregations=ind.disaggregations,
        source=ind.source,
        reporting_status=reporting,
    )


class ResultOut(Schema):
    number: str
    text: str
    indicators_reported: int
    indicators: list[IndicatorOut]


class FrameworkDetailOut(FrameworkOut):
    results: list[ResultOut]


@router.get(
    "/results/frameworks",
    response={200: list[FrameworkOut]},
    auth=optional_auth,
)
def frameworks(request):
    return [_framework(f) for f in selectors.framework_list()]


@router.get(
    "/results/frameworks/{code}",
    response={200: FrameworkDetailOut, **PUBLIC_READ},
    auth=optional_auth,
)
def framework(request, code: str):
    view = selectors.framework_get(code)
    lang = get_language()
    return FrameworkDetailOut(
        **_framework(view.framework).dict(),
        results=[
            ResultOut(
                number=r.result.number,
                text=content.text(r.result.texts, lang),
                indicators_reported=r.reported,
                indicators=[_indicator(i, i.reporting) for i in r.indicators],
            )
            for r in view.results
        ],
    )


class ItemIn(Schema):
    model_config = ConfigDict(extra="forbid")
    type: str
    label: str


class ValueOut(Schema):
    id: int
    indicator: str
    country: str
    year: int
    disaggregation: dict[str, str]
    count: int | None
    amount: Decimal | None
    currency: str
    percentage: Decimal | None
    level: int | None
    items: list[ItemIn]
    narrative: str
    status: str
    entered_at: dt.datetime
    published_at: dt.datetime | None
    version: int


def _value(v: IndicatorValue, indicator_code: str) -> ValueOut:
    return ValueOut(
        id=v.pk,
        indicator=indicator_code,
        country=v.country_id,
        year=v.year,
        disaggregation=v.disaggregation,
        status=v.status,
        entered_at=v.entered_at,
        published_at=v.published_at,
        version=v.version,
        **v.fields(),
    )


class TotalOut(Schema):
    year: int
    rule: str
    count: int | None
    amounts: dict[str, Decimal]
    countries: int


class IndicatorDetailOut(IndicatorOut):
    framework: str
    result: str
    values: list[ValueOut]
    regional_totals: list[TotalOut]


@router.get(
    "/results/frameworks/{code}/indicators/{indicator}",
    response={200: IndicatorDetailOut, **PUBLIC_READ},
    auth=optional_auth,
)
def indicator(request, code: str, indicator: str):
    """Metadata, the values the caller may see (the public sees published values), and the
    regional total per year of the published totals, with the rule that made it."""
    ind = selectors.indicator_get(code, indicator)
    values = selectors.indicator_values(ind, request.user)
    totals = selectors.regional_totals(ind, values)
    return IndicatorDetailOut(
        **_indicator(ind, rules.reporting_status(v.status for v in values)).dict(),
        framework=code,
        result=ind.result.number,
        values=[_value(v, ind.code) for v in values],
        regional_totals=[
            TotalOut(
                year=t.year,
                rule=t.total.rule,
                count=t.total.count,
                amounts=t.total.amounts,
                countries=t.total.countries,
            )
            for t in totals
        ],
    )


class ValueFieldsIn(Schema):
    model_config = ConfigDict(extra="forbid")
    count: Decimal | None = Field(None, description="A whole number; the rules refuse fractions.")
    amount: Decimal | None = None
    currency: str = Field("", description="ISO 4217, required with an amount.")
    percentage: Decimal | None = None
    level: Decimal | None = None
    items: list[ItemIn] = []
    narrative: str = ""

    def data(self) -> dict:
        d = self.dict()
        d["items"] = [i.dict() for i in self.items]
        return d


class ValueIn(ValueFieldsIn):
    framework: str
    indicator: str
    country: str = Field(..., description="ISO 3166-1 alpha-3")
    year: int
    disaggregation: dict[str, str] = {}


class ValueEditIn(ValueFieldsIn):
    version: int


def _code_of(v: IndicatorValue) -> str:
    return v.indicator.code


@router.post("/results/values", response={201: ValueOut, **WRITE}, auth=authenticated)
def value_enter(request, payload: ValueIn):
    """Enter a draft value for a country (that country's focal point, or the Secretariat)."""
    ind = selectors.indicator_get(payload.framework, payload.indicator)
    data = payload.data()
    for name in ("framework", "indicator", "country", "year", "disaggregation"):
        data.pop(name)
    v = services.value_enter(
        actor=request.user,
        indicator_id=ind.pk,
        country_id=payload.country.upper(),
        year=payload.year,
        disaggregation=payload.disaggregation,
        **data,
    )
    return Status(201, _value(v, ind.code))


@router.patch("/results/values/{value_id}", response={200: ValueOut, **WRITE}, auth=authenticated)
def value_edit(request, value_id: int, payload: ValueEditIn):
    """Change the fields sent of a draft value (those left out keep their value); 409 when
    ``version`` is stale or the value is no longer a draft."""
    data = payload.dict(exclude_unset=True)
    if "items" in data:
        data["items"] = [i.dict() for i in payload.items]
    version = data.pop("version")
    v = services.value_edit(actor=request.user, value_id=value_id, expected_version=version, **data)
    return _value(v, _code_of(v))


def _step(service, request, value_id: int, payload: VersionIn) -> ValueOut:
    v = service(actor=request.user, value_id=value_id, expected_version=payload.version)
    return _value(v, _code_of(v))


@router.post(
    "/results/values/{value_id}/submit", response={200: ValueOut, **WRITE}, auth=authenticated
)
def value_submit(request, value_id: int, payload: VersionIn):
    return _step(services.value_submit, request, value_id, payload)


@router.post(
    "/results/values/{value_id}/publish", response={200: ValueOut, **WRITE}, auth=authenticated
)
def value_publish(request, value_id: int, payload: VersionIn):
    return _step(services.value_publish, request, value_id, payload)


@router.post(
    "/results/values/{value_id}/return", response={200: ValueOut, **WRITE}, auth=authenticated
)
def value_return(request, value_id: int, payload: VersionIn):
    return _step(services.value_return, request, value_id, payload)


@router.post(
    "/results/values/{value_id}/reopen", response={200: ValueOut, **WRITE}, auth=authenticated
)
def value_reopen(request, value_id: int, payload: VersionIn):
    return _step(services.value_reopen, request, value_id, payload)


class ImportIn(Schema):
    model_config = ConfigDict(extra="forbid")
    csv: str = Field(..., description="The file's text: Year, Country, disaggregations, Value...")
    country: str | None = Field(None, description="The country of every row (a focal point's file)")


class ImportOut(Schema):
    imported: int


@router.post(
    "/results/frameworks/{code}/indicators/{indicator}/import",
    response={201: ImportOut, **WRITE},
    auth=authenticated,
)
def indicator_import(request, code: str, indicator: str, payload: ImportIn):
    """Import an Open SDG-style CSV as draft values: all rows or none; each error names its
    row and column (``field`` = ``csv.<row>.<column>``)."""
    ind = selectors.indicator_get(code, indicator)
    n = imports.values_import(
        actor=request.user,
        indicator_id=ind.pk,
        text=payload.csv,
        country_id=payload.country.upper() if payload.country else None,
    )
    return Status(201, ImportOut(imported=n))


@router.get(
    "/results/frameworks/{code}/indicators/{indicator}/data.csv",
    response={200: str, **PUBLIC_READ},
    auth=optional_auth,
    openapi_extra={"responses": {200: {"content": {"text/csv": {}}}}},
)
def indicator_csv(request, code: str, indicator: str):
    """The values the caller may see, as an Open SDG-style CSV (the import's columns)."""
    ind = selectors.indicator_get(code, indicator)
    body = imports.values_csv(ind, selectors.indicator_values(ind, request.user))
    return HttpResponse(body, content_type="text/csv; charset=utf-8")


class RevisionOut(Schema):
    version: int
    status: str
    data: dict
    changed_by: str | None
    changed_at: dt.datetime


@router.get(
    "/results/values/{value_id}/revisions",
    response={200: list[RevisionOut], **errors(401, 403, 404)},
    auth=authenticated,
)
def value_revisions(request, value_id: int):
    """What the value was at each version (the Secretariat and the country's focal points)."""
    return [
        RevisionOut(
            version=r.version,
            status=r.status,
            data=r.data,
            changed_by=r.changed_by.email if r.changed_by else None,
            changed_at=r.changed_at,
        )
        for r in selectors.value_revisions(request.user, value_id)
    ]


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get(
    "/results/frameworks/{code}/countries/{iso3}/template.xlsx",
    response={200: str, **errors(401, 403, 404)},
    auth=authenticated,
    openapi_extra={"responses": {200: {"content": {XLSX: {}}}}},
)
def country_template(request, code: str, iso3: str):
    """The XLSX template of the framework for a country (its focal point or the Secretariat):
    an ``About`` sheet, a sheet per indicator with a number, a row per year to fill in."""
    framework = selectors.framework_by_code(code)
    country = selectors.country_get(iso3)
    require(request.user, "results.enter_value", country.iso3)
    body = workbooks.template_xlsx(
        framework, country.iso3, selectors.framework_indicators(framework)
    )
    return HttpResponse(body, content_type=XLSX)


@router.post(
    "/results/frameworks/{code}/import.xlsx",
    response={201: ImportOut, **WRITE},
    auth=authenticated,
)
def workbook_import(request, code: str, file: File[UploadedFile], country: Form[str] = ""):
    """Import a filled-in template (multipart: ``file``, and ``country`` unless the workbook
    says it): all rows of all sheets or none; each error's ``field`` is
    ``xlsx.<sheet>.<row>.<column>``."""
    n = workbooks.workbook_import(
        actor=request.user,
        framework_code=code,
        data=file.read(),
        country_id=country.upper() or None,
    )
    return Status(201, ImportOut(imported=n))


@router.get(
    "/results/frameworks/{code}/indicators/{indicator}/data.xlsx",
    response={200: str, **PUBLIC_READ},
    auth=optional_auth,
    openapi_extra={"responses": {200: {"content": {XLSX: {}}}}},
)
def indicator_xlsx(request, code: str, indicator: str):
    """The values the caller may see, as XLSX (the CSV's columns; imports back)."""
    ind = selectors.indicator_get(code, indicator)
    body = workbooks.indicator_xlsx(ind, selectors.indicator_values(ind, request.user))
    return HttpResponse(body, content_type=XLSX)


@router.get(
    "/results/frameworks/{code}/data.zip",
    response={200: str, **PUBLIC_READ},
    auth=optional_auth,
    openapi_extra={"responses": {200: {"content": {"application/zip": {}}}}},
)
def framework_zip(request, code: str):
    """Every indicator's CSV the caller may see, plus ``metadata.json``."""
    framework = selectors.framework_by_code(code)
    body = exports.framework_zip(
        framework,
        selectors.framework_indicators(framework),
        selectors.framework_values(framework, request.user),
    )
    return HttpResponse(body, content_type="application/zip")


@router.get(
    "/results/frameworks/{code}/data.sdmx.csv",
    response={200: str, **PUBLIC_READ},
    auth=optional_auth,
    openapi_extra={"responses": {200: {"content": {"text/csv": {}}}}},
)
def framework_sdmx(request, code: str, version: Literal["1.0", "2.0"] = "1.0"):
    """The values with a number as SDMX-CSV 1.0 (``DATAFLOW`` first) or 2.0 (``STRUCTURE``,
    ``STRUCTURE_ID``, ``ACTION`` first); dimensions, ``OBS_VALUE``, attributes."""
    framework = selectors.framework_by_code(code)
    body = exports.sdmx_csv(
        framework,
        selectors.framework_indicators(framework),
        selectors.framework_values(framework, request.user),
        version,
    )
    return HttpResponse(body, content_type="text/csv; charset=utf-8")


router.add_router("", api_pages.router)
router.add_router("", api_network.router)
router.add_router("", api_plans.router)
router.add_router("", api_frameworks.router)
