"""The Secretariat's page for the challenge in figures: every figure with its values (the
current one first, the previous ones kept with the day they were recorded), and a form that
records a new estimate through ``services_figures.figure_update``."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from alliance87.core.forms import submit
from alliance87.core.permissions import require

from . import services_figures
from .forms import FigureValueForm
from .models import Figure


@require_http_methods(["GET", "POST"])
def figures(request: HttpRequest) -> HttpResponse:
    """Two queries whatever the number of figures and values (figures, their values)."""
    require(request.user, "knowledge.update_figures")
    rows = list(Figure.objects.prefetch_related("values"))
    form = FigureValueForm(request.POST or None, figures=rows)
    if request.method == "POST":
        if submit(
            form,
            lambda c: services_figures.figure_update(
                actor=request.user,
                key=c["key"],
                value=c["value"],
                year=c.get("year"),
                source=c["source"],
            ),
        ):
            messages.success(request, _("New figure recorded; the previous one is kept."))
            return redirect("knowledge:figures")
        return render(
            request, "knowledge/figures.html", {"form": form, "figures": rows}, status=400
        )
    return render(request, "knowledge/figures.html", {"form": form, "figures": rows})
