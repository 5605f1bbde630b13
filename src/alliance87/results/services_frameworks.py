"""A pathfinder country's own indicator framework (seed 003): the framework, and the
indicators the country defines itself (each with its unit, kinds, baseline and target).

Seed 003 says each pathfinder updates its country's indicator framework with its annual
progress report (due at the end of April) and that the Monitoring Working Group reviews it,
but names no indicator: so none is loaded, and the country's focal point (or the
Secretariat) adds them. Values are entered through ``services.value_enter`` like any other
framework's.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from alliance87.core import changes, content
from alliance87.core.models import Country
from alliance87.core.permissions import require

from .events import ResultsEvent
from .models import Framework, FrameworkKind, Indicator, Result, TargetValue

SOURCE = "003_95cb487b440c1cec.txt"


def framework_code(country_id: str) -> str:
    return f"pathfinder-{country_id.lower()}"


def _titles(country: Country) -> dict[str, str]:
    out = {}
    for lang in content.site_languages():
        with translation.override(lang):
            name = getattr(country, f"name_{lang}", "") or country.name_en
            out[lang] = _("Indicator framework of %(country)s") % {"country": name}
    return content.make("en", **out)


def pathfinder_framework_create(
    *, actor, country_id: str, start_year: int, end_year: int
) -> Framework:
    """The country's indicator framework, over the period its focal point states."""
    with changes.write():
        country = changes.lock(Country, iso3=country_id.upper())
        require(actor, "results.define_indicators", country.iso3)
        if start_year > end_year:
            raise ValidationError({"end_year": _("The last year is on or after the first year.")})
        return changes.create(
            Framework,
            actor=actor,
            event=ResultsEvent.FRAMEWORK_CREATED,
            code=framework_code(country.iso3),
            kind=FrameworkKind.PATHFINDER,
            country=country,
            titles=_titles(country),
            start_year=start_year,
            end_year=end_year,
            source=SOURCE,
        )


def _result(framework: Framework, text: str, language: str) -> Result:
    """The framework's result with this text, or a new one numbered after the others."""
    text = text.strip()
    for r in framework.results.all():
        if text in content.texts(r.texts).values():
            return r
    number = str(framework.results.count() + 1)
    return Result.objects.create(
        framework=framework,
        number=number,
        texts=content.make(language, **{language: text}),
        order=int(number),
    )


def indicator_add(
    *,
    actor,
    framework_code: str,
    result: str,
    code: str,
    text: str,
    value_kinds: list[str],
    unit: str = "",
    currency: str = "",
    scale_min: int | None = None,
    scale_max: int | None = None,
    categories: list[str] | None = None,
    direction: str = "none",
    disaggregations: list[str] | None = None,
    source: str = "",
    baseline_year: int | None = None,
    baseline: Decimal | None = None,
    target_year: int | None = None,
    target: Decimal | None = None,
) -> Indicator:
    """An indicator the country defines in its own framework (its focal point, or the
    Secretariat), under the result it names, with its baseline and target when it gives
    them (a year and a value each)."""
    with changes.write():
        framework = changes.lock(Framework, code=framework_code)
        if framework.country_id is None:
            raise ValidationError(
                {"code": _("Only a country's own framework takes indicators from this page.")}
            )
        require(actor, "results.define_indicators", framework.country_id)
        errors: dict[str, Any] = {}
        for year_field, value_field, year, value in (
            ("baseline_year", "baseline", baseline_year, baseline),
            ("target_year", "target", target_year, target),
        ):
            if (year is None) != (value is None):
                errors[year_field if year is None else value_field] = _(
                    "Give both the year and the value, or neither."
                )
            elif year is not None and not framework.start_year <= year <= framework.end_year:
                errors[year_field] = _("The year is in the period %(start)s-%(end)s.") % {
                    "start": framework.start_year,
                    "end": framework.end_year,
                }
        if (baseline is not None or target is not None) and not source.strip():
            errors["source"] = _("Say where the baseline and the target come from.")
        if not result.strip():
            errors["result"] = _("Name the result or objective this indicator measures.")
        if framework.results.filter(indicators__code=code.strip()).exists():
            errors["code"] = _("This framework already has an indicator with this code.")
        if errors:
            raise ValidationError(errors)
        language = translation.get_language() or "en"
        language = language if language in content.site_languages() else "en"
        res = _result(framework, result, language)
        indicator = changes.create(
            Indicator,
            actor=actor,
            event=ResultsEvent.INDICATOR_ADDED,
            result=res,
            code=code.strip(),
            texts=content.make(language, **{language: text.strip()}),
            order=res.indicators.count() + 1,
            value_kinds=list(value_kinds),
            unit=unit.strip(),
            currency=currency.strip().upper(),
            scale_min=scale_min,
            scale_max=scale_max,
            categories=list(categories or []),
            direction=direction,
            disaggregations=list(disaggregations or []),
            source=source.strip(),
        )
        for is_baseline, year, value in (
            (True, baseline_year, baseline),
            (False, target_year, target),
        ):
            if year is not None and value is not None:
                TargetValue.objects.create(
                    indicator=indicator,
                    year=year,
                    is_baseline=is_baseline,
                    value=value,
                    source=source.strip()[:300],
                )
    return indicator
