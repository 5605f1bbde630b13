"""A pathfinder country's indicator framework: the page the country's profile links to,
and the page where its focal point adds an indicator (thin views)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from alliance87.core.forms import submit
from alliance87.core.permissions import can, require

from . import selectors, services_frameworks
from .forms_frameworks import FrameworkCreateForm, IndicatorDefineForm
from .models import Framework


@require_http_methods(["GET", "POST"])
def pathfinder_framework(request, iso3):
    """The country's framework, or (none yet) the form its focal point creates it with."""
    country = selectors.country_get(iso3)
    framework = Framework.objects.filter(
        code=services_frameworks.framework_code(country.iso3)
    ).first()
    if framework is not None:
        return redirect("results:framework", framework.code)
    may = can(request.user, "results.define_indicators", country.iso3)
    form = FrameworkCreateForm(request.POST or None) if may else None
    status = 200
    if request.method == "POST":
        require(request.user, "results.define_indicators", country.iso3)
        if done := submit(
            form,
            lambda c: services_frameworks.pathfinder_framework_create(
                actor=request.user, country_id=country.iso3, **c
            ),
        ):
            messages.success(request, _("The indicator framework is created."))
            return redirect("results:framework", done.value.code)
        status = 400
    return render(
        request,
        "results/pathfinder_framework.html",
        {"country": country, "form": form},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def indicator_define(request, code):
    framework = selectors.framework_by_code(code)
    require(request.user, "results.define_indicators", framework.country_id)
    form = IndicatorDefineForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if done := submit(
            form,
            lambda c: services_frameworks.indicator_add(
                actor=request.user, framework_code=framework.code, **c
            ),
        ):
            messages.success(request, _("The indicator is added."))
            return redirect("results:indicator", framework.code, done.value.code)
        status = 400
    return render(
        request,
        "results/indicator_define.html",
        {"framework": framework, "form": form},
        status=status,
    )
