"""Results pages: thin views over selectors and services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alliance87.core.exceptions import NotFound
from alliance87.core.forms import step, submit
from alliance87.core.htmx import render_page
from alliance87.core.permissions import can, require

from . import charts, imports, rules, selectors, services, views_pages
from .forms import ImportForm, ValueEditForm, ValueForm, VersionForm
from .models import IndicatorValue

UNIT_WORDS = {
    "countries": lambda: _("countries"),
    "items": lambda: pgettext("unit of count", "number"),
    "resources": lambda: _("resources"),
}


def unit_label(indicator) -> str:
    word = UNIT_WORDS.get(indicator.unit)
    return word() if word else indicator.unit


@require_GET
def framework_list(request):
    return render(request, "results/list.html", {"frameworks": selectors.framework_list()})


@require_GET
def framework_detail(request, code):
    view = selectors.framework_get(code)
    return render(request, "results/framework.html", {"view": view, "framework": view.framework})


def _chart(indicator, totals):
    """The regional total per year, when the indicator's rule gives one number a year."""
    points = [(str(t.year), t.total.count) for t in totals if t.total.count is not None]
    if not points:
        currencies = {c for t in totals for c in t.total.amounts}
        if len(currencies) == 1:
            (currency,) = currencies
            points = [(str(t.year), t.total.amounts[currency]) for t in totals]
            unit = currency
        else:
            return None
    else:
        unit = unit_label(indicator)
    title = _("Indicator %(code)s: regional total by year") % {"code": indicator.code}
    return charts.bar_chart(points, title=title, unit=unit, x_label=_("Year"))


RULE_WORDS = {
    "countries_counted": lambda: _(
        "A count of countries: the regional total is the number of countries whose count is "
        "above zero, not the sum of their counts."
    ),
    "counts_added": lambda: _("The regional total is the sum of the countries' counts."),
    "amounts_per_currency": lambda: _(
        "Amounts are added per currency; currencies are never mixed."
    ),
    "not_additive": lambda: _(
        "This indicator has no regional total: each country's value is listed."
    ),
}


def value_steps(user, values) -> list[tuple[IndicatorValue, frozenset[str]]]:
    """Each value with the steps this person is offered on it: those ``rules.VALUE`` allows
    from its status whose permission (``services.STEP_PERMISSIONS``) they hold."""
    return [
        (
            v,
            frozenset(
                action
                for action in rules.VALUE.actions_from(v.status)
                if can(user, services.STEP_PERMISSIONS[action], v.country_id)
            ),
        )
        for v in values
    ]


@require_GET
def indicator_detail(request, code, indicator):
    ind = selectors.indicator_get(code, indicator)
    values = selectors.indicator_values(ind, request.user)
    totals = selectors.regional_totals(ind, values)
    rule = totals[-1].total.rule if totals else None
    return render(
        request,
        "results/indicator.html",
        {
            "indicator": ind,
            "framework": ind.result.framework,
            "values": values,
            "value_steps": value_steps(request.user, values),
            "totals": totals,
            "chart": _chart(ind, totals),
            "map": views_pages.reporting_map(ind, values),
            "rule_words": RULE_WORDS[rule]() if rule else "",
            "unit": unit_label(ind),
            "reporting": rules.reporting_status(v.status for v in values),
            "can_enter": bool(selectors.entry_countries(request.user))
            if request.user.is_authenticated
            else False,
        },
    )


@require_GET
def country_detail(request, code, iso3):
    framework = selectors.framework_by_code(code)
    country = selectors.country_get(iso3)
    values = selectors.country_values(framework, country, request.user)
    year = request.GET.get("year", "")
    years = sorted({v.year for v in values})
    if year.isdigit():
        values = [v for v in values if v.year == int(year)]
    return render_page(
        request,
        "results/country.html",
        {
            "framework": framework,
            "country": country,
            "values": values,
            "years": years,
            "year": year,
        },
    )


@require_http_methods(["GET", "POST"])
def value_enter(request, code, indicator):
    ind = selectors.indicator_get(code, indicator)
    countries = selectors.entry_countries(request.user)
    if not countries:  # neither the Secretariat nor a focal point: nothing to enter
        raise PermissionDenied
    # ?country=&year= (the pathfinder workspace's links) fill the form in; nothing is saved.
    initial = {k: request.GET[k] for k in ("country", "year") if request.GET.get(k)}
    form = ValueForm(request.POST or None, indicator=ind, countries=countries, initial=initial)
    status = 200
    if request.method == "POST":
        if submit(
            form,
            lambda c: services.value_enter(
                actor=request.user,
                indicator_id=ind.pk,
                country_id=c["country"],
                year=c["year"],
                disaggregation=form.disaggregation(),
                **form.value_data(),
            ),
        ):
            messages.success(request, _("The value is saved as a draft."))
            return redirect("results:indicator", code, ind.code)
        status = 400
    return render(
        request,
        "results/enter.html",
        {"indicator": ind, "framework": ind.result.framework, "form": form},
        status=status,
    )


def _step(request, pk, service, done):
    """One step of a value (submit, publish, return, reopen) and back to its indicator."""
    form = VersionForm(request.POST)
    value = (
        IndicatorValue.objects.select_related("indicator__result__framework").filter(pk=pk).first()
    )
    if value is None:
        raise NotFound(_("This record does not exist."))
    ind = value.indicator
    step(
        request,
        lambda c: service(actor=request.user, value_id=pk, expected_version=c["version"]),
        done,
        form=form,
    )
    return redirect("results:indicator", ind.result.framework.code, ind.code)


@require_POST
def value_submit(request, pk):
    return _step(
        request, pk, services.value_submit, gettext_lazy("The value is submitted for review.")
    )


@require_POST
def value_publish(request, pk):
    return _step(request, pk, services.value_publish, gettext_lazy("The value is published."))


@require_POST
def value_return(request, pk):
    return _step(
        request, pk, services.value_return, gettext_lazy("The value is returned as a draft.")
    )


@require_POST
def value_reopen(request, pk):
    return _step(
        request, pk, services.value_reopen, gettext_lazy("The value is reopened for a correction.")
    )


@require_GET
def indicator_csv(request, code, indicator):
    """The indicator's values the reader may see, as an Open SDG-style CSV."""
    ind = selectors.indicator_get(code, indicator)
    body = imports.values_csv(ind, selectors.indicator_values(ind, request.user))
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{code}-{ind.code}.csv"'
    return response


@require_http_methods(["GET", "POST"])
def indicator_import(request, code, indicator):
    """Upload an Open SDG-style CSV: every row checked first, all or nothing."""
    ind = selectors.indicator_get(code, indicator)
    countries = selectors.entry_countries(request.user)
    if not countries:
        raise PermissionDenied
    form = ImportForm(
        request.POST or None, request.FILES or None, countries=countries, user=request.user
    )
    status = 200
    if request.method == "POST":
        if done := submit(
            form,
            lambda c: imports.values_import(
                actor=request.user,
                indicator_id=ind.pk,
                text=form.text(),
                country_id=c["country"] or None,
            ),
        ):
            messages.success(request, _("%(n)s values imported as drafts.") % {"n": done.value})
            return redirect("results:indicator", code, ind.code)
        status = 400
    return render(
        request,
        "results/import.html",
        {
            "indicator": ind,
            "framework": ind.result.framework,
            "form": form,
            "columns": rules.csv_columns(ind.spec()),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def value_edit(request, pk):
    """Change a draft's fields (the country's focal point or the Secretariat)."""
    value = (
        IndicatorValue.objects.select_related("indicator__result__framework", "country")
        .filter(pk=pk)
        .first()
    )
    if value is None:
        raise NotFound(_("This record does not exist."))
    require(request.user, "results.enter_value", value.country_id)
    ind = value.indicator
    form = ValueEditForm(
        request.POST or None, indicator=ind, initial=ValueEditForm.initial_for(value)
    )
    status = 200
    if request.method == "POST":
        if submit(
            form,
            lambda c: services.value_edit(
                actor=request.user,
                value_id=value.pk,
                expected_version=c["version"],
                **form.value_data(),
            ),
        ):
            messages.success(request, _("The value is saved as a draft."))
            return redirect("results:indicator", ind.result.framework.code, ind.code)
        status = 400
    return render(
        request,
        "results/edit.html",
        {"indicator": ind, "framework": ind.result.framework, "form": form, "value": value},
        status=status,
    )
