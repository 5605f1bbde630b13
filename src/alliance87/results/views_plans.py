"""Operational plan pages (public to read; the Secretariat and the focal points fill them
in) and the roadmap page. Thin views over selectors_plans and services_plans."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alliance87.core.exceptions import NotFound
from alliance87.core.forms import submit
from alliance87.core.permissions import can, require

from . import selectors_plans, services_plans
from .forms_plans import (
    ActivityEditForm,
    ActivityForm,
    ProductForm,
    ResourceEditForm,
    ResourceForm,
)
from .models_plans import PlanActivity, PlanResource


def _forms(view, data=None, which=None):
    activities = [a for p in view.products for a in p.activities.all()]
    return {
        "product_form": ProductForm(
            data if which == "product" else None, results=[r.result for r in view.results]
        ),
        "activity_form": ActivityForm(
            data if which == "activity" else None, products=view.products
        ),
        "resource_form": ResourceForm(data if which == "resource" else None, activities=activities),
    }


def _page(request, view, forms, status=200):
    return render(
        request,
        "results/plan.html",
        {
            "view": view,
            "framework": view.framework,
            "can_edit": view.plan is not None and can(request.user, "results.edit_plan", view.plan),
            **forms,
        },
        status=status,
    )


@require_GET
def plan(request, code):
    view = selectors_plans.plan_get(code)
    editor = view.plan is not None and can(request.user, "results.edit_plan", view.plan)
    return _page(request, view, _forms(view) if editor else {})


ADD = {
    "product": lambda user, plan, c: services_plans.product_add(
        actor=user,
        plan_id=plan.pk,
        result_id=c["result"],
        text=c["text"],
        responsible=c["responsible"],
    ),
    "activity": lambda user, plan, c: services_plans.activity_add(actor=user, **c),
    "resource": lambda user, plan, c: services_plans.resource_add(actor=user, **c),
}
ADDED = {
    "product": lambda: _("The product is added."),
    "activity": lambda: _("The activity is added."),
    "resource": lambda: _("The resource is added."),
}


def _rename(which: str, cleaned: dict) -> dict:
    c = dict(cleaned)
    if which == "activity":
        c["product_id"] = c.pop("product")
    if which == "resource":
        c["activity_id"] = c.pop("activity")
    return c


@require_POST
def plan_add(request, code, which):
    if which not in ADD:
        raise NotFound(_("This record does not exist."))
    view = selectors_plans.plan_get(code)
    if view.plan is None:
        raise NotFound(_("This framework has no operational plan."))
    require(request.user, "results.edit_plan", view.plan)
    forms = _forms(view, request.POST, which)
    form = forms[f"{which}_form"]
    if submit(form, lambda c: ADD[which](request.user, view.plan, _rename(which, c))):
        messages.success(request, ADDED[which]())
        return redirect("results:plan", code)
    return _page(request, view, forms, status=400)


def _edit(request, obj, plan, form_class, service, initial, title):
    require(request.user, "results.edit_plan", plan)
    form = form_class(request.POST or None, initial={**initial, "version": obj.version})
    status = 200
    if request.method == "POST":
        if submit(
            form, lambda c: service(actor=request.user, expected_version=c.pop("version"), **c)
        ):
            messages.success(request, _("The change is saved."))
            return redirect("results:plan", plan.framework.code)
        status = 400
    return render(
        request,
        "results/plan_edit.html",
        {"form": form, "framework": plan.framework, "title": title, "object": obj},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def activity_edit(request, pk):
    a = PlanActivity.objects.select_related("product__plan__framework").filter(pk=pk).first()
    if a is None:
        raise NotFound(_("This record does not exist."))
    fields = ("text", "responsible", "start_date", "end_date", "status")
    return _edit(
        request,
        a,
        a.product.plan,
        ActivityEditForm,
        lambda **kw: services_plans.activity_edit(activity_id=a.pk, **kw),
        {f: getattr(a, f) for f in fields},
        _("Edit an activity"),
    )


@require_http_methods(["GET", "POST"])
def resource_edit(request, pk):
    r = (
        PlanResource.objects.select_related("activity__product__plan__framework")
        .filter(pk=pk)
        .first()
    )
    if r is None:
        raise NotFound(_("This record does not exist."))
    fields = ("availability", "kind", "description", "amount", "currency")
    return _edit(
        request,
        r,
        r.activity.product.plan,
        ResourceEditForm,
        lambda **kw: services_plans.resource_edit(resource_id=r.pk, **kw),
        {f: getattr(r, f) for f in fields},
        _("Edit a resource"),
    )


@require_GET
def roadmap(request):
    return render(request, "results/roadmap.html", {"levels": selectors_plans.roadmap_get()})
