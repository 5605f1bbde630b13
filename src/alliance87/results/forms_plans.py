"""Forms of the operational plan pages. Amounts are taken as typed: the rules
(``rules.resource_refusals``) give the message, naming the field."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from alliance87.core import content

from .models_plans import PlanResource, PlanStatus

DATE = forms.DateInput(attrs={"type": "date"})


class ProductForm(forms.Form):
    result = forms.TypedChoiceField(label=_("Result"), coerce=int)
    text = forms.CharField(label=_("Product"), widget=forms.Textarea(attrs={"rows": 2}))
    responsible = forms.CharField(label=_("Responsible parties"), required=False, max_length=300)

    def __init__(self, *args, results=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["result"].choices = [
            (r.pk, f"{r.number}. {content.text(r.texts)[:80]}") for r in results
        ]


class ActivityFields(forms.Form):
    text = forms.CharField(label=_("Activity"), widget=forms.Textarea(attrs={"rows": 2}))
    responsible = forms.CharField(label=_("Responsible parties"), required=False, max_length=300)
    start_date = forms.DateField(label=_("Start"), required=False, widget=DATE)
    end_date = forms.DateField(label=_("End"), required=False, widget=DATE)
    status = forms.ChoiceField(label=_("Status"), choices=PlanStatus.choices)


class ActivityForm(ActivityFields):
    product = forms.TypedChoiceField(label=_("Product"), coerce=int)
    field_order = ["product"]

    def __init__(self, *args, products=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].choices = [(p.pk, p.text[:80]) for p in products]


class ActivityEditForm(ActivityFields):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ResourceFields(forms.Form):
    availability = forms.ChoiceField(
        label=_("Available or missing"), choices=PlanResource.Availability.choices
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=PlanResource.Kind.choices)
    description = forms.CharField(label=_("Description"), required=False, max_length=300)
    amount = forms.CharField(label=_("Amount"), required=False)
    currency = forms.CharField(
        label=_("Currency"), required=False, max_length=3, help_text=_("ISO 4217, e.g. USD")
    )

    def clean_amount(self):
        return self.cleaned_data["amount"].strip() or None


class ResourceForm(ResourceFields):
    activity = forms.TypedChoiceField(label=_("Activity"), coerce=int)
    field_order = ["activity"]

    def __init__(self, *args, activities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].choices = [(a.pk, a.text[:80]) for a in activities]


class ResourceEditForm(ResourceFields):
    version = forms.IntegerField(widget=forms.HiddenInput)
