"""Forms of the GCG pages: they parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ActionPoint, Decision, Presence


class AttendanceForm(forms.Form):
    member_id = forms.IntegerField(widget=forms.HiddenInput)
    presence = forms.ChoiceField(label=_("Attendance"), choices=Presence.choices)


class DecisionForm(forms.Form):
    text = forms.CharField(label=_("Proposal"), widget=forms.Textarea(attrs={"rows": 3}))
    kind = forms.ChoiceField(label=_("Kind"), choices=Decision.Kind.choices)
    country = forms.CharField(
        label=_("Country (ISO alpha-3), for a pathfinder grant"), required=False, max_length=3
    )
    group_name = forms.CharField(
        label=_("Name of the group to create"), required=False, max_length=200
    )
    objector_ids = forms.TypedMultipleChoiceField(
        label=_("Members who object"), required=False, coerce=int, choices=()
    )

    def __init__(self, *args, present=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objector_ids"].choices = [(m.pk, m.holder_label) for m in present]


class ActionPointForm(forms.Form):
    text = forms.CharField(label=_("Action point"), widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.CharField(label=_("Owner"), max_length=200)
    due_on = forms.DateField(
        label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ActionPointStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionPoint.Status.choices)


class MinutesForm(forms.Form):
    conclusions = forms.CharField(
        label=_("Main conclusions"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    prepared_by = forms.CharField(
        label=_("Prepared by (chair or vice-chair)"), required=False, max_length=200
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
