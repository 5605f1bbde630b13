"""API twins of the results working pages: a result's roll-up, a country's "what is due",
the Secretariat's completeness and a framework's reporting status (``api.router`` adds
this router)."""

from __future__ import annotations

from django.utils.translation import get_language
from ninja import Router, Schema

from alliance87.core import content
from alliance87.core.api_support import PUBLIC_READ, authenticated, errors, optional_auth

from . import selectors, selectors_pages

router = Router(tags=["results"])


class RollupOut(Schema):
    code: str
    reporting_status: str
    progress: float | None


class ResultDetailOut(Schema):
    framework: str
    number: str
    text: str
    children: list[str]
    progress: float | None
    progress_rule: str
    indicators_reported: int
    indicators: list[RollupOut]


@router.get(
    "/results/frameworks/{code}/results/{number}",
    response={200: ResultDetailOut, **PUBLIC_READ},
    auth=optional_auth,
)
def result_detail(request, code: str, number: str):
    """A result with its indicators' reporting status and progress, and its own progress:
    the mean of its indicators' progress from baseline to target (None without any)."""
    d = selectors_pages.result_get(code, number, request.user)
    return ResultDetailOut(
        framework=code,
        number=d.result.number,
        text=content.text(d.result.texts, get_language()),
        children=[c.number for c in d.children],
        progress=d.progress,
        progress_rule="mean_of_indicator_progress_baseline_to_target",
        indicators_reported=d.reported,
        indicators=[
            RollupOut(code=r.indicator.code, reporting_status=r.reporting, progress=r.progress)
            for r in d.indicators
        ],
    )


class DueRowOut(Schema):
    indicator: str
    state: str
    value_ids: list[int]


class DueOut(Schema):
    framework: str
    country: str
    year: int
    indicators: list[DueRowOut]


@router.get(
    "/results/frameworks/{code}/countries/{iso3}/due/",
    response={200: DueOut, **errors(401, 403, 404)},
    auth=authenticated,
)
def due(request, code: str, iso3: str, year: int | None = None):
    """Per indicator, where the country's value for the year stands: ``to_enter``,
    ``to_submit``, ``in_review`` or ``published`` (its focal point and the Secretariat)."""
    framework, country, chosen, rows = selectors_pages.due_for(
        code, iso3, str(year) if year else None, request.user
    )
    return DueOut(
        framework=framework.code,
        country=country.iso3,
        year=chosen,
        indicators=[
            DueRowOut(indicator=r.indicator.code, state=r.state, value_ids=[v.pk for v in r.values])
            for r in rows
        ],
    )


class CompletenessRowOut(Schema):
    country: str
    complete: int
    total: int
    states: dict[str, str]


class CompletenessOut(Schema):
    framework: str
    year: int
    countries: list[CompletenessRowOut]


@router.get(
    "/results/frameworks/{code}/completeness",
    response={200: CompletenessOut, **errors(401, 403, 404)},
    auth=authenticated,
)
def completeness(request, code: str, year: int | None = None):
    """By country × indicator, the state of each value for the year, and how many reports
    arrived (submitted or published) of how many indicators (the Secretariat)."""
    framework, chosen, inds, rows = selectors_pages.completeness_for(
        code, str(year) if year else None, request.user
    )
    return CompletenessOut(
        framework=framework.code,
        year=chosen,
        countries=[
            CompletenessRowOut(
                country=r.country.iso3,
                complete=r.complete,
                total=r.total,
                states={i.code: s for i, s in zip(inds, r.states, strict=True)},
            )
            for r in rows
        ],
    )


class StatusCountOut(Schema):
    result: str | None
    reported: int
    in_progress: int
    no_data: int


@router.get(
    "/results/frameworks/{code}/status",
    response={200: list[StatusCountOut], **PUBLIC_READ},
    auth=optional_auth,
)
def reporting_status(request, code: str):
    """How many indicators are reported, in progress or without data: first all of them
    (``result`` null), then per result."""
    view = selectors.framework_get(code)
    overall, per_result = selectors_pages.reporting_counts(view.results)

    def row(number, c):
        return StatusCountOut(
            result=number,
            reported=c["reported"],
            in_progress=c["in_progress"],
            no_data=c["no_data"],
        )

    return [row(None, overall), *[row(r.result.number, c) for r, c in per_result]]
