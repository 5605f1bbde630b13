"""Forms of the partner pages. They parse input; the services validate and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from alliance87.core.content import MultilingualFormField
from alliance87.core.files import ImageUploadField
from alliance87.core.forms import CountryField, country_choices
from alliance87.core.models import Region

from .models import (
    PERSON_LANGUAGES,
    Category,
    Partner,
    Person,
    Theme,
    language_name,
    validate_logo,
)
from .services.partners import ACRONYM_LENGTH


class ApplicationForm(forms.Form):
    """The public application to become a partner (issue 3, admission)."""

    organisation_name = forms.CharField(label=_("Organisation name"), max_length=200)
    acronym = forms.CharField(label=_("Acronym"), max_length=40, required=False)
    category = forms.ChoiceField(label=_("Category"), choices=[("", "—"), *Category.choices])
    government_kind = forms.ChoiceField(
        label=_("For governments: joining as"),
        required=False,
        choices=[("", "—"), *Partner.GovernmentKind.choices],
    )
    country = CountryField(label=_("Country"))
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    themes = forms.MultipleChoiceField(
        label=_("Thematic focus"),
        choices=Theme.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=200)
    contact_position = forms.CharField(label=_("Position"), max_length=200, required=False)
    contact_email = forms.EmailField(label=_("Contact e-mail"))
    statement = forms.CharField(
        label=_("Your work on Target 8.7"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "What your organisation does against forced labour, modern slavery, human "
            "trafficking or child labour (at least 20 words)."
        ),
    )
    commitment = forms.BooleanField(
        label=_(
            "We commit to promote and realise international human rights standards and "
            "obligations, including the applicable international labour standards."
        ),
        required=True,
    )


class ReplyForm(forms.Form):
    reply = forms.CharField(
        label=_("Additional information"), widget=forms.Textarea(attrs={"rows": 6})
    )


class VettingForm(forms.Form):
    """The Secretariat's decision; each button posts it to the view of its step."""

    reason = forms.CharField(
        label=_("Message to the applicant"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required to request information or to reject; the applicant receives it."),
    )
    notes = forms.CharField(
        label=_("Vetting notes (Secretariat only)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ProfileForm(forms.Form):
    """A partner's public profile, edited by its administrators."""

    # Each in every language, beside the original's language (core.content).
    names = MultilingualFormField(
        label=_("Name"),
        max_length=200,
        error_messages={"required": _("Give the organisation's name in at least one language.")},
    )
    acronym = MultilingualFormField(label=_("Acronym"), max_length=ACRONYM_LENGTH, required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    description = MultilingualFormField(label=_("Description"), textarea=True, required=False)
    themes = forms.MultipleChoiceField(
        label=_("Thematic focus"),
        choices=Theme.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    headquarters = CountryField(label=_("Headquarters country"), required=False)
    countries_of_work = forms.MultipleChoiceField(
        label=_("Countries of work"),
        required=False,
        choices=country_choices,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    regions_of_work = forms.MultipleChoiceField(
        label=_("Regions of work"),
        required=False,
        choices=[],
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    logo = ImageUploadField(
        label=_("Logo"),
        required=False,
        validators=[validate_logo],
        help_text=_("PNG, JPEG, GIF or WebP."),
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regions_of_work"].choices = [(r.code, r.name) for r in Region.objects.all()]

    @classmethod
    def initial_for(cls, partner: Partner) -> dict:
        return {
            "names": partner.names,
            "acronym": partner.acronym,
            "description": partner.description,
            "website": partner.website,
            "themes": partner.themes,
            "headquarters": partner.headquarters_id or "",
            "countries_of_work": [c.pk for c in partner.countries_of_work.all()],
            "regions_of_work": [r.pk for r in partner.regions_of_work.all()],
            "version": partner.version,
        }

    def service_data(self) -> dict:
        d = self.cleaned_data
        return {
            "names": d["names"],
            "acronym": d["acronym"],
            "description": d["description"],
            "website": d["website"],
            "themes": d["themes"],
            "headquarters": d["headquarters"] or None,
            "countries_of_work": d["countries_of_work"],
            "regions_of_work": d["regions_of_work"],
        }


def _language_choices():
    return [(code, language_name(code)) for code in PERSON_LANGUAGES]


class PersonForm(forms.Form):
    """Someone working for a partner. E-mail and phone are seen only by the partner's own
    people and the Secretariat."""

    full_name = forms.CharField(label=_("Name"), max_length=200)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_("Needed to invite this person to sign in. Never public."),
    )
    phone = forms.CharField(
        label=_("Phone"), max_length=50, required=False, help_text=_("Never public.")
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"), required=False, choices=[], widget=forms.CheckboxSelectMultiple
    )
    is_focal_point = forms.BooleanField(
        label=_("Focal point"),
        required=False,
        help_text=_(
            "The partner's focal points appear, by name and position, on its public profile."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["languages"].choices = _language_choices()

    @classmethod
    def initial_for(cls, person: Person) -> dict:
        return {
            "full_name": person.full_name,
            "position": person.position,
            "email": person.email,
            "phone": person.phone,
            "languages": person.languages,
            "is_focal_point": person.is_focal_point,
            "version": person.version,
        }

    def service_data(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in ("full_name", "position", "email", "phone", "languages", "is_focal_point")
        }


class PersonAccessForm(forms.Form):
    """Invite a person to sign in as a member or an administrator of their partner."""

    role = forms.ChoiceField(
        label=_("Access"),
        choices=[
            ("partner_member", _("Partner member")),
            ("partner_admin", _("Partner administrator")),
        ],
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
