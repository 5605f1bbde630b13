"""Forms of the GCG pages: they parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from alliance87.core.forms import CountryField
from alliance87.groups.models import Group
from alliance87.partners.models import Partner, Person

from . import timezones
from .models import ActionPoint, Decision, Meeting, NominatingBody, Presence


class AttendanceForm(forms.Form):
    member_id = forms.IntegerField(widget=forms.HiddenInput)
    presence = forms.ChoiceField(label=_("Attendance"), choices=Presence.choices)


class DecisionForm(forms.Form):
    text = forms.CharField(label=_("Proposal"), widget=forms.Textarea(attrs={"rows": 3}))
    kind = forms.ChoiceField(label=_("Kind"), choices=Decision.Kind.choices)
    country = CountryField(label=_("Country, for a pathfinder grant"), required=False)
    group = forms.ModelChoiceField(
        label=_("Proposed group to create"),
        required=False,
        queryset=Group.objects.filter(status="proposed"),
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
    version = forms.IntegerField(widget=forms.HiddenInput)


class MinutesForm(forms.Form):
    conclusions = forms.CharField(
        label=_("Main conclusions"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    prepared_by = forms.CharField(
        label=_("Prepared by (chair or vice-chair)"), required=False, max_length=200
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class SeatAssignForm(forms.Form):
    seat = forms.TypedChoiceField(label=_("Seat"), coerce=int, choices=())
    country = CountryField(label=_("Country, for government seats"), required=False)
    partner = forms.ModelChoiceField(
        label=_("Organisation"), required=False, queryset=Partner.objects.all()
    )
    person = forms.ModelChoiceField(
        label=_("Representative"), required=False, queryset=Person.objects.all()
    )
    nominated_by = forms.ChoiceField(
        label=_("Nominated by"), required=False, choices=[("", "—"), *NominatingBody.choices]
    )
    term_start = forms.DateField(
        label=_("Term start"), widget=forms.DateInput(attrs={"type": "date"})
    )
    term_end = forms.DateField(
        label=_("Term end"),
        required=False,
        help_text=_("Government terms end after three years unless you give an earlier date."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, vacant=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seat"].choices = [(s.pk, str(s)) for s in vacant]


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = forms.DateTimeField(
        label=_("Starts at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label=_("Ends at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    mode = forms.ChoiceField(label=_("Mode"), choices=Meeting.Mode.choices)
    place = forms.CharField(label=_("Place"), required=False, max_length=300)
    city = forms.CharField(label=_("City"), required=False, max_length=100)
    language = forms.ChoiceField(label=_("Language of the minutes"), choices=settings.LANGUAGES)
    time_zone = forms.ChoiceField(
        label=_("Time zone of the times above"),
        initial="UTC",
        required=False,
        choices=timezones.choices,  # the usual ones, not all six hundred
        help_text=_("The zones meetings are usually held in; the API takes any IANA name."),
    )


class ObserverForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    organisation = forms.CharField(label=_("Organisation"), required=False, max_length=200)
    informed_secretariat_on = forms.DateField(
        label=_("Secretariat informed on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    informed_group_on = forms.DateField(
        label=_("Group informed on"), widget=forms.DateInput(attrs={"type": "date"})
    )


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Agenda item"), max_length=300)
    starts = forms.TimeField(
        label=_("From"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    ends = forms.TimeField(
        label=_("To"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    presenter = forms.CharField(label=_("Presenter"), required=False, max_length=200)
    is_break = forms.BooleanField(label=_("Break"), required=False)
    documents = forms.CharField(
        label=_("Documents"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One a line: the title, then optionally | and its web address."),
    )

    def clean_documents(self) -> list[dict]:
        docs = []
        for line in self.cleaned_data["documents"].splitlines():
            if line.strip():
                title, _sep, url = line.partition("|")
                docs.append({"title": title.strip(), "url": url.strip()})
        return docs
