"""Forms of the resource pages. They parse input; the services validate and write."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from alliance87.core.content import MultilingualFormField
from alliance87.core.models import Country, Role
from alliance87.core.permissions import is_secretariat, scoped_ids
from alliance87.partners.models import Partner, Theme

from .models import Kind


def publisher_choices(user) -> list[tuple[str, str]]:
    """The partners ``user`` may submit for (every active partner for the Secretariat)."""
    qs = Partner.objects.filter(status="active")
    if not is_secretariat(user):
        ids = scoped_ids(user, Role.PARTNER_ADMIN, Partner) | scoped_ids(
            user, Role.PARTNER_MEMBER, Partner
        )
        qs = qs.filter(pk__in=[int(i) for i in ids])
    return [(str(p.pk), p.name) for p in sorted(qs, key=lambda p: p.name)]


class ResourceForm(forms.Form):
    titles = MultilingualFormField(label=_("Title"))
    summary = MultilingualFormField(label=_("Summary"), textarea=True, required=False)
    kind = forms.ChoiceField(label=_("Type"), choices=Kind.choices)
    publisher = forms.ChoiceField(label=_("Publisher"), choices=[], required=False)
    themes = forms.MultipleChoiceField(
        label=_("Themes"),
        choices=Theme.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages available"),
        choices=settings.LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    countries = forms.MultipleChoiceField(label=_("Countries"), choices=[], required=False)
    published_on = forms.DateField(label=_("Date"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = publisher_choices(user)
        self.fields["publisher"].choices = (
            [("", _("Alliance 8.7 Secretariat")), *choices] if is_secretariat(user) else choices
        )
        self.fields["countries"].choices = [
            (c.pk, c.name) for c in sorted(Country.objects.all(), key=lambda c: c.name)
        ]

    def clean_publisher(self):
        value = self.cleaned_data.get("publisher")
        return Partner.objects.filter(pk=value).first() if value else None

    def clean_countries(self):
        return list(Country.objects.filter(pk__in=self.cleaned_data.get("countries") or []))


class ResourceEditForm(ResourceForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["publisher"].disabled = True


class VersionForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    file = forms.FileField(label=_("File (PDF, DOCX, XLSX or PPTX)"), required=False)
    url = forms.URLField(label=_("or a link"), required=False, assume_scheme="https")


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("What the partner should change"), widget=forms.Textarea(attrs={"rows": 3})
    )


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("Your e-mail"))
    language = forms.ChoiceField(
        label=_("Language for the confirmation"), choices=settings.LANGUAGES
    )


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=_("Your e-mail"))
    language = forms.ChoiceField(label=_("Language of the newsletter"), choices=settings.LANGUAGES)


class IssueForm(forms.Form):
    subject = MultilingualFormField(label=_("Subject"))
    body = MultilingualFormField(label=_("Text"), textarea=True)


class StoryForm(forms.Form):
    titles = MultilingualFormField(label=_("Title"))
    summary = MultilingualFormField(label=_("Summary"), textarea=True, required=False)
    body = MultilingualFormField(label=_("Text"), textarea=True)
    publisher = forms.ChoiceField(label=_("Publisher"), choices=[], required=False)
    themes = forms.MultipleChoiceField(
        label=_("Themes"),
        choices=Theme.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = publisher_choices(user)
        self.fields["publisher"].choices = (
            [("", _("Alliance 8.7 Secretariat")), *choices] if is_secretariat(user) else choices
        )

    def clean_publisher(self):
        value = self.cleaned_data.get("publisher")
        return Partner.objects.filter(pk=value).first() if value else None


class FigureValueForm(forms.Form):
    """A new estimate of one figure (the Secretariat's page ``figures/``)."""

    key = forms.ChoiceField(label=_("Figure"))
    value = forms.DecimalField(label=_("Value"), max_digits=20, decimal_places=2, min_value=0)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2100)
    source = forms.CharField(label=_("Source"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, figures=(), **kwargs):
        super().__init__(*args, **kwargs)
        from alliance87.core import content

        self.fields["key"].choices = [(f.key, content.text(f.labels)) for f in figures]
