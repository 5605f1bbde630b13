"""Forms of a pathfinder country's own indicator framework."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Direction, Disaggregation, ValueKind


class FrameworkCreateForm(forms.Form):
    start_year = forms.IntegerField(label=_("First year"), min_value=2000, max_value=2100)
    end_year = forms.IntegerField(label=_("Last year"), min_value=2000, max_value=2100)


class IndicatorDefineForm(forms.Form):
    result = forms.CharField(
        label=_("Result or objective"),
        max_length=500,
        help_text=_("What this indicator measures; the text of an existing result puts it there."),
    )
    code = forms.CharField(label=_("Code"), max_length=12)
    text = forms.CharField(label=_("Indicator"), widget=forms.Textarea(attrs={"rows": 2}))
    value_kinds = forms.MultipleChoiceField(
        label=_("Kinds of value"), choices=ValueKind.choices, widget=forms.CheckboxSelectMultiple
    )
    unit = forms.CharField(label=_("Unit"), required=False, max_length=40)
    currency = forms.CharField(
        label=_("Currency"), required=False, max_length=3, help_text=_("ISO 4217, e.g. USD")
    )
    scale_min = forms.IntegerField(label=_("Lowest level"), required=False)
    scale_max = forms.IntegerField(label=_("Highest level"), required=False)
    categories = forms.CharField(
        label=_("Types of a list"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One a line."),
    )
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    disaggregations = forms.MultipleChoiceField(
        label=_("Disaggregations"),
        required=False,
        choices=Disaggregation.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    baseline_year = forms.IntegerField(label=_("Baseline year"), required=False)
    baseline = forms.DecimalField(
        label=_("Baseline"), required=False, max_digits=16, decimal_places=3
    )
    target_year = forms.IntegerField(label=_("Target year"), required=False)
    target = forms.DecimalField(label=_("Target"), required=False, max_digits=16, decimal_places=3)
    source = forms.CharField(
        label=_("Source"),
        required=False,
        max_length=300,
        help_text=_("Where the baseline and the target come from."),
    )

    def clean_categories(self):
        return [c.strip() for c in self.cleaned_data["categories"].splitlines() if c.strip()]
