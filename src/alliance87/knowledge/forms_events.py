"""The Secretariat's form for the calendar's own events (global events, side events,
webinars). It parses input; ``services_events`` validates (``full_clean``) and writes."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from alliance87.core.content import MultilingualFormField
from alliance87.partners.models import Partner

from .models import Event

FIELDS = [
    "kind",
    "slug",
    "titles",
    "description",
    "start_date",
    "end_date",
    "date_precision",
    "starts",
    "ends",
    "timezone",
    "place",
    "city",
    "hosts",
    "hosts_note",
    "topic",
    "languages",
    "interpretation",
    "duration_minutes",
    "capacity_min",
    "capacity",
    "recording_url",
    "slides_url",
    "group",
    "source",
]


class EventForm(forms.ModelForm):
    # In each language ("Nueva York" only on Spanish pages), beside the original's language.
    city = MultilingualFormField(label=_("City"), max_length=100, required=False)
    languages = forms.MultipleChoiceField(
        label=_("Languages of the session"),
        choices=settings.LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    interpretation = forms.MultipleChoiceField(
        label=_("Interpretation into"),
        choices=settings.LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Event
        fields = FIELDS
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
            "starts": forms.TimeInput(attrs={"type": "time"}),
            "ends": forms.TimeInput(attrs={"type": "time"}),
        }

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hosts"].queryset = Partner.objects.filter(status="active").order_by("slug")
        self.fields["hosts"].required = False
        if editing:
            self.fields["slug"].disabled = True

    def clean_timezone(self) -> str:
        import zoneinfo

        from django.core.exceptions import ValidationError

        name = (self.cleaned_data.get("timezone") or "").strip()
        if name:
            try:
                zoneinfo.ZoneInfo(name)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                raise ValidationError(
                    _("Unknown time zone: %(name)s. Use an IANA name such as Europe/Zurich."),
                    params={"name": name},
                ) from None
        return name

    def _post_clean(self) -> None:
        """The service validates the event (``full_clean``) and puts its errors on the form."""

    def data_for_service(self) -> dict:
        c = self.cleaned_data
        data = {name: c.get(name) for name in FIELDS if name in c}
        data["hosts"] = list(c.get("hosts") or [])
        for name, field in self.fields.items():  # empty text is "", never None
            if name in data and data[name] is None and isinstance(field, forms.CharField):
                data[name] = ""
        return data
