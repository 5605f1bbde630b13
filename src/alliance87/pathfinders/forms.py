"""Forms of the pathfinder pages (parsing only: services validate and decide)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from alliance87.core.files import UploadField
from alliance87.core.forms import CountryField

from .models import EventType, EvidenceKind, Stage, Status
from .services import COUNTRY_EVENTS, REPORT_SECTIONS, ROADMAP_SECTIONS, SECRETARIAT_EVENTS

SECTION_LABELS = {
    "progress": _("Progress made against the roadmap"),
    "obstacles": _("Obstacles encountered"),
    "stakeholder_engagement": _("Stakeholder engagement and collaboration"),
    "next_steps": _("Next steps"),
    "support_needed": _("Support or peer experience needed"),
    "priority_areas": _("Priority areas"),
    "measures": _("Measures"),
    "technical_support": _("Technical support needed"),
    "timeline": _("Preliminary timeline"),
    "baselines_indicators": _("Baselines and indicators"),
    "budget": _("Budget: confirmed resources and gaps"),
    "general": _("General"),
}

ADDRESSEES = [
    ("ilo_director_general", _("ILO Director-General")),
    ("alliance_chair", _("Alliance 8.7 chair")),
]


class DateInput(forms.DateInput):
    input_type = "date"


class ExpressionForm(forms.Form):
    country = CountryField(label=_("Country"), blank=None)
    date = forms.DateField(label=_("Date of the letter"), widget=DateInput)
    minister = forms.CharField(label=_("Minister who signed"), max_length=200)
    addressed_to = forms.ChoiceField(label=_("Addressed to"), choices=ADDRESSEES)
    focal_point_name = forms.CharField(label=_("National focal point"), max_length=200)
    focal_point_institution = forms.CharField(
        label=_("Focal point's institution"), max_length=200, required=False
    )
    ref = forms.CharField(label=_("Reference of the letter"), max_length=200, required=False)
    letter = UploadField(label=_("The letter (PDF, DOCX or XLSX)"), required=False)


def _event_choices(types) -> list[tuple[str, str]]:
    return [(t.value, t.label) for t in EventType if t in types]


class EventForm(forms.Form):
    type = forms.ChoiceField(label=_("Step"))
    date = forms.DateField(label=_("Date"), widget=DateInput)
    year = forms.IntegerField(label=_("Reporting year"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    addressed_to = forms.ChoiceField(label=_("Addressed to"), required=False)
    items = forms.MultipleChoiceField(
        label=_(
            "Stakeholder groups (stakeholder map, workshop participants) or obligations "
            "evidenced (recovery request)"
        ),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[
            ("government", _("Government bodies")),
            ("employers", _("Employers' organisations")),
            ("workers", _("Workers' organisations")),
            ("un_agencies", _("UN agencies, including the ILO")),
            ("survivors", _("Survivors and survivor networks")),
            ("civil_society", _("Civil society organisations")),
            ("private_sector", _("Private sector")),
            ("academia", _("Academia")),
            ("development_partners", _("Development partners")),
            ("annual_report", _("Annual progress report")),
            ("indicator_framework", _("Indicator framework submitted or updated")),
            ("evidence_of_progress", _("Evidence of progress on the roadmap")),
            ("evidence_of_collaboration", _("Evidence of collaborative efforts")),
        ],
    )
    ref = forms.CharField(label=_("Reference"), max_length=200, required=False)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    file = UploadField(label=_("File (PDF, DOCX or XLSX)"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, secretariat: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        types = set(COUNTRY_EVENTS) | (set(SECRETARIAT_EVENTS) if secretariat else set())
        self.fields["type"].choices = _event_choices(types)
        self.fields["kind"].choices = [
            ("", "—"),
            *[(k.value, k.label) for k in EvidenceKind],
            ("positive", _("Dialogue succeeded")),
            ("negative", _("Dialogue did not succeed")),
        ]
        self.fields["addressed_to"].choices = [("", "—"), *ADDRESSEES]


class ReportYearForm(forms.Form):
    year = forms.IntegerField(label=_("Reporting year (year of the 30 April deadline)"))


def step_date_field() -> forms.DateField:
    """The Secretariat recording a past step gives its real date (empty: today); the service
    refuses a date in the future or before the country's previous step."""
    return forms.DateField(
        label=_("Date of this step"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "Secretariat only, to record a past step with its real date. Leave empty for today."
        ),
    )


class DraftForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    file = UploadField(label=_("File (PDF, DOCX or XLSX)"), required=False)

    def __init__(self, *args, kind: str = "report", backdate: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if backdate:
            self.fields["date"] = step_date_field()
        names = REPORT_SECTIONS if kind == "report" else ROADMAP_SECTIONS
        for name in names:
            self.fields[f"section_{name}"] = forms.CharField(
                label=SECTION_LABELS[name],
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
            )

    def sections(self) -> dict[str, str]:
        return {
            k.removeprefix("section_"): v
            for k, v in self.cleaned_data.items()
            if k.startswith("section_")
        }


class CommentForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, kind: str = "report", backdate: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if backdate:
            self.fields["date"] = step_date_field()
        names = (REPORT_SECTIONS if kind == "report" else ROADMAP_SECTIONS) + ("general",)
        for name in names:
            self.fields[f"comment_{name}"] = forms.CharField(
                label=SECTION_LABELS[name], required=False, widget=forms.Textarea(attrs={"rows": 2})
            )

    def comments(self) -> dict[str, str]:
        return {
            k.removeprefix("comment_"): v
            for k, v in self.cleaned_data.items()
            if k.startswith("comment_") and v
        }


class FinaliseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, backdate: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if backdate:
            self.fields["date"] = step_date_field()


class HistoryImportForm(forms.Form):
    """A history file in the documented format (docs/pathfinder-history-format.md)."""

    file = UploadField(label=_("History file (JSON, format 1)"), required=False)
    text = forms.CharField(
        label=_("Or paste the history (JSON)"), widget=forms.Textarea, required=False
    )

    def document(self):
        """The parsed JSON; a form error (not an exception) when it is not JSON at all."""
        import json

        upload = self.cleaned_data.get("file")
        raw = upload.read().decode("utf-8", "replace") if upload else self.cleaned_data["text"]
        if not raw.strip():
            self.add_error("file", _("Choose a history file or paste its JSON."))
            return None
        try:
            return json.loads(raw)
        except ValueError as err:
            self.add_error(
                "file",
                _("This is not JSON (line %(line)s).") % {"line": getattr(err, "lineno", "?")},
            )
            return None


class ReviewerForm(forms.Form):
    """The Working Group reviewer of a document, chosen among the people with that role."""

    reviewer = forms.ModelChoiceField(
        label=_("Working Group reviewer"), queryset=None, required=False, empty_label="—"
    )

    def __init__(self, *args, **kwargs):
        from django.contrib.auth import get_user_model

        from alliance87.core.models import Role

        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = (
            get_user_model()
            .objects.filter(role_assignments__role=Role.REVIEWER, is_active=True)
            .distinct()
            .order_by("email")
        )


class DashboardFilter(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(label=pgettext_lazy("pathfinder status", "Status"), required=False)
    stage = forms.ChoiceField(label=_("Stage"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    flag = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("", _("All countries")),
            ("overdue", _("With overdue items")),
            ("at_risk", _("At risk of inactivity")),
        ],
    )

    def __init__(self, *args, regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Any status")), *Status.choices]
        self.fields["stage"].choices = [("", _("Any stage")), *Stage.choices]
        self.fields["region"].choices = [("", _("Any region")), *regions]
