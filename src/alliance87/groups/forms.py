"""Forms of the groups pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from alliance87.partners.models import Person

from .models import Kind, MemberRole, TaskStatus


class ProposalForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    description = forms.CharField(
        label=_("Purpose and expected results"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class MemberForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("Person"),
        queryset=Person.objects.filter(partner__isnull=False).select_related("partner"),
    )
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices, initial=MemberRole.MEMBER)

    def __init__(self, *args, leaders: bool = True, **kwargs):
        """``leaders=False`` offers only the member role (leaders are appointed by the
        Secretariat)."""
        super().__init__(*args, **kwargs)
        if not leaders:
            self.fields["role"].choices = [(MemberRole.MEMBER, MemberRole.MEMBER.label)]


class ObjectiveForm(forms.Form):
    title = forms.CharField(label=_("Objective"), max_length=300)


class TaskForm(forms.Form):
    objective = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("Task"), max_length=300)
    owner = forms.ModelChoiceField(label=_("Owner"), required=False, queryset=Person.objects.all())
    due_on = forms.DateField(
        label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The group page shows this form under every objective: the people to choose from
        # are read once here, not once per objective the select is drawn for.
        owner = self.fields["owner"]
        owner.widget.choices = list(owner.choices)


class ButtonForm(forms.Form):
    """A button on the group page that sends nothing to correct (a member leaves, a need is
    reported)."""


class CloseForm(ButtonForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class TaskStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=TaskStatus.choices)
    version = forms.IntegerField(widget=forms.HiddenInput)


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Progress note"), widget=forms.Textarea(attrs={"rows": 3}))


class GroupMeetingForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    month_only = forms.BooleanField(label=_("Only the month is known"), required=False)
    title = forms.CharField(label=_("Title"), max_length=300)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)


class ResourceNeedForm(forms.Form):
    description = forms.CharField(label=_("Need"), widget=forms.Textarea(attrs={"rows": 2}))
    amount = forms.DecimalField(label=_("Amount"), required=False, min_value=0)
    currency = forms.CharField(label=_("Currency"), required=False, max_length=3)
    reported_to_gcg_on = forms.DateField(
        label=_("Reported to the GCG on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
