"""The country names the territories each roadmap priority targets (issue 14, "Beside the
roadmap"): one form per priority, the territories of its latest finished run as choices."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from alliance87.core.exceptions import NotFound
from alliance87.core.forms import submit
from alliance87.core.models import Country
from alliance87.core.permissions import can

from . import roadmap, selectors


class TargetsForm(forms.Form):
    priority = forms.IntegerField(widget=forms.HiddenInput)
    codes = forms.MultipleChoiceField(
        label=gettext_lazy("Territories it targets"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, territories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["codes"].choices = [
            (t.code, f"{t.name or t.code} ({t.get_level_display()})") for t in territories
        ]


@require_http_methods(["GET", "POST"])
@login_required
def roadmap_targets(request, iso3: str):
    country = Country.objects.filter(pk=iso3.upper()).first()
    if country is None or not can(request.user, "risk.manage_access", country.pk):
        raise NotFound()
    run = (
        selectors.run_list(request.user)
        .filter(country_id=country.pk, status="done")
        .order_by("-finished_at", "-pk")
        .first()
    )
    territories = list(run.territories.order_by("rank")) if run else []
    names = {t.code: t.name for t in territories}
    priorities = roadmap.priorities_of(country.pk)
    bad = None
    if request.method == "POST":
        form = TargetsForm(request.POST, territories=territories)
        if submit(
            form,
            lambda c: roadmap.priority_territories_set(
                actor=request.user, priority_id=c["priority"], codes=c["codes"], names=names
            ),
        ):
            messages.success(request, _("The territories are saved."))
            return redirect("risk:roadmap", iso3=country.pk)
        bad = form
    forms_ = []
    for p in priorities:
        if bad is not None and str(p.pk) == str(bad.data.get("priority")):
            forms_.append((p, bad))
            continue
        initial = {"priority": p.pk, "codes": [t.code for t in p.risk_territories.all()]}
        forms_.append((p, TargetsForm(initial=initial, territories=territories)))
    return render(
        request,
        "risk/roadmap.html",
        {"country": country, "run": run, "forms": forms_},
        status=400 if bad is not None else 200,
    )
