"""Results pages for files: the XLSX template of a country, its import, and the exports of an
indicator (XLSX) and a framework (ZIP, SDMX-CSV). Thin views over selectors and services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from alliance87.core.forms import submit
from alliance87.core.permissions import require

from . import exports, selectors, workbooks
from .forms import WorkbookForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def attachment(body: bytes | str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def country_template(request, code, iso3):
    """The XLSX template of a framework for a country (its focal point or the Secretariat)."""
    framework = selectors.framework_by_code(code)
    country = selectors.country_get(iso3)
    require(request.user, "results.enter_value", country.iso3)
    body = workbooks.template_xlsx(
        framework, country.iso3, selectors.framework_indicators(framework)
    )
    return attachment(body, XLSX, f"{framework.code}-{country.iso3}.xlsx")


@require_http_methods(["GET", "POST"])
def workbook_import(request, code):
    """Upload a filled-in template: every sheet checked first, all or nothing."""
    framework = selectors.framework_by_code(code)
    countries = selectors.entry_countries(request.user)
    if not countries:
        raise PermissionDenied
    form = WorkbookForm(
        request.POST or None, request.FILES or None, countries=countries, user=request.user
    )
    status = 200
    if request.method == "POST":
        if done := submit(
            form,
            lambda c: workbooks.workbook_import(
                actor=request.user,
                framework_code=framework.code,
                data=form.data_bytes(),
                country_id=c["country"] or None,
            ),
        ):
            messages.success(request, _("%(n)s values imported as drafts.") % {"n": done.value})
            if form.cleaned_data["country"]:
                return redirect("results:country", code, form.cleaned_data["country"])
            return redirect("results:framework", code)
        status = 400
    return render(
        request,
        "results/import_xlsx.html",
        {"framework": framework, "form": form, "countries": countries},
        status=status,
    )


@require_GET
def indicator_xlsx(request, code, indicator):
    """The indicator's values the reader may see, as XLSX (the CSV's columns; importable)."""
    ind = selectors.indicator_get(code, indicator)
    body = workbooks.indicator_xlsx(ind, selectors.indicator_values(ind, request.user))
    return attachment(body, XLSX, f"{code}-{ind.code}.xlsx")


@require_GET
def framework_zip(request, code):
    """Every indicator's CSV the reader may see, plus metadata.json, in one ZIP."""
    framework = selectors.framework_by_code(code)
    body = exports.framework_zip(
        framework,
        selectors.framework_indicators(framework),
        selectors.framework_values(framework, request.user),
    )
    return attachment(body, "application/zip", f"{framework.code}.zip")


@require_GET
def framework_sdmx(request, code):
    """The values with a number as SDMX-CSV (``?version=2.0`` for SDMX-CSV 2.0)."""
    framework = selectors.framework_by_code(code)
    version = request.GET.get("version", "1.0")
    if version not in exports.SDMX_VERSIONS:
        version = "1.0"
    body = exports.sdmx_csv(
        framework,
        selectors.framework_indicators(framework),
        selectors.framework_values(framework, request.user),
        version,
    )
    return attachment(body, "text/csv; charset=utf-8", f"{framework.code}.sdmx.csv")
