"""Pages of a country's requests for technical support (:mod:`.support`): the list and the
form with the minister's letter, a request's page with its steps, and its letter."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alliance87.core.exceptions import NotFound
from alliance87.core.files import UploadField
from alliance87.core.forms import SERVICE_ERRORS, show_message, submit
from alliance87.core.models import Country
from alliance87.core.permissions import can, is_secretariat

from . import rules, selectors, support
from .models import SupportRequest


class SupportForm(forms.Form):
    country = forms.ModelChoiceField(
        queryset=Country.objects.none(), label=gettext_lazy("Country"), to_field_name="iso3"
    )
    message = forms.CharField(
        label=gettext_lazy("What support the country asks for"), widget=forms.Textarea
    )
    letter = UploadField(label=gettext_lazy("The minister's letter"))

    def __init__(self, *args, countries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = countries
        self.fields["letter"].help_text = _(
            "The formal letter from the minister asking for the support: %(formats)s, up to "
            "%(limit)s. Only the country, the Secretariat and the assigned staff see it."
        ) % {
            "formats": ", ".join(rules.LETTER_FORMATS),
            "limit": filesizeformat(support.letter_limit()),
        }


def _visible(user):
    qs = SupportRequest.objects.select_related("country").order_by("-created_at", "-pk")
    if is_secretariat(user):
        return qs
    countries = selectors.countries_of(user) or set()
    return qs.filter(Q(country_id__in=countries) | Q(staff=user)).distinct()


def _get(user, support_id: int) -> SupportRequest:
    obj = (
        SupportRequest.objects.select_related("country", "requested_by")
        .prefetch_related("staff", "steps__actor")
        .filter(pk=support_id)
        .first()
    )
    if obj is None or not can(user, "risk.view_support", obj):
        raise NotFound()
    return obj


@require_http_methods(["GET", "POST"])
@login_required
def support_list(request):
    ids = selectors.countries_of(request.user)
    countries = Country.objects.all() if ids is None else Country.objects.filter(pk__in=ids)
    countries = [c for c in countries if can(request.user, "risk.request_support", c.pk)]
    form = None
    if countries:
        qs = Country.objects.filter(pk__in=[c.pk for c in countries])
        form = SupportForm(request.POST or None, request.FILES or None, countries=qs)
        if request.method == "POST":
            done = submit(
                form,
                lambda c: support.support_request(
                    actor=request.user,
                    country_id=c["country"].pk,
                    message=c["message"],
                    letter=c["letter"],
                ),
            )
            if done:
                messages.success(request, _("The request is sent to the Secretariat."))
                return redirect("risk:support", support_id=done.value.pk)
    elif request.method == "POST":
        raise NotFound()
    return render(
        request,
        "risk/support_list.html",
        {"requests": list(_visible(request.user)[:200]), "form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_GET
@login_required
def support_detail(request, support_id: int):
    obj = _get(request.user, support_id)
    status = rules.SupportStatus(obj.status)
    steps = [
        a
        for a in rules.SUPPORT.actions_from(status)
        if can(
            request.user,
            support.STEP_PERMISSION[a],
            obj.country_id if a == "withdraw" else obj,
        )
    ]
    return render(
        request, "risk/support.html", {"support": obj, "actions": steps, "staff": obj.staff.all()}
    )


@require_POST
@login_required
def support_step(request, support_id: int):
    obj = _get(request.user, support_id)
    try:
        support.support_step(
            actor=request.user,
            support_id=obj.pk,
            action=request.POST.get("action", ""),
            note=request.POST.get("note", ""),
            email=request.POST.get("email", ""),
            expected_version=request.POST.get("version") or None,
        )
        messages.success(request, _("The step is recorded."))
    except SERVICE_ERRORS as exc:
        show_message(request, exc)
    return redirect("risk:support", support_id=obj.pk)


@require_GET
@login_required
def support_letter(request, support_id: int):
    from alliance87.core.files import download

    obj = _get(request.user, support_id)
    return download(obj.letter, filename=obj.letter_name)
