"""Forms of the results pages. Numbers are taken as typed: the rules (rules.value_refusals)
give the message, naming the field, so the page and the API refuse with the same words."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from alliance87.core.files import UploadField

from .messages import category_code, category_label
from .models import Disaggregation


def parse_items(text: str) -> list[dict[str, str]]:
    """One item a line, "type: label" (a line without a colon has no type)."""
    items = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        kind, sep, label = line.partition(":")
        items.append(
            {"type": kind.strip(), "label": label.strip()}
            if sep
            else {"type": "", "label": line.strip()}
        )
    return items


class ValueForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"))
    year = forms.IntegerField(label=_("Year"))
    count = forms.CharField(label=_("Count"), required=False)
    amount = forms.CharField(label=_("Amount"), required=False)
    currency = forms.CharField(
        label=_("Currency"), required=False, max_length=3, help_text=_("ISO 4217, e.g. USD")
    )
    percentage = forms.CharField(label=_("Percentage"), required=False)
    level = forms.CharField(label=_("Level"), required=False)
    items = forms.CharField(
        label=_("List"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_('One item a line: "type: description".'),
    )
    narrative = forms.CharField(
        label=_("Narrative"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    KIND_FIELDS = {
        "count": ["count"],
        "amount": ["amount", "currency"],
        "percentage": ["percentage"],
        "level": ["level"],
        "list": ["items"],
        "narrative": ["narrative"],
    }

    def __init__(self, *args, indicator, countries, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.fields["country"].choices = [(c.iso3, c.name) for c in countries]
        framework = indicator.result.framework
        self.fields["year"].min_value = framework.start_year
        self.fields["year"].max_value = framework.end_year
        keep = {"country", "year", "version"}
        for kind in indicator.value_kinds:
            keep.update(self.KIND_FIELDS.get(kind, []))
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if "level" in self.fields:
            self.fields["level"].help_text = _("From %(low)s to %(high)s") % {
                "low": indicator.scale_min,
                "high": indicator.scale_max,
            }
        if "items" in self.fields and indicator.categories:
            self.fields["items"].help_text = _(
                'One item a line: "type: description". Types: %(types)s'
            ) % {"types": ", ".join(category_label(c) for c in indicator.categories)}
        labels = dict(Disaggregation.choices)
        for name in indicator.disaggregations:
            self.fields[f"dis_{name}"] = forms.CharField(
                label=labels.get(name, name), required=False, help_text=_("Empty for the total")
            )

    def value_data(self) -> dict:
        """The value fields, as the services take them."""
        d = self.cleaned_data
        data = {
            k: d.get(k) for k in ("count", "amount", "currency", "percentage", "level", "narrative")
        }
        data["currency"] = (data["currency"] or "").upper()
        data["items"] = [
            {**item, "type": category_code(item["type"], self.indicator.categories)}
            if item["type"]
            else item
            for item in parse_items(d.get("items", ""))
        ]
        return data

    def disaggregation(self) -> dict:
        return {
            name: self.cleaned_data[f"dis_{name}"].strip()
            for name in self.indicator.disaggregations
            if self.cleaned_data.get(f"dis_{name}", "").strip()
        }


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ImportForm(forms.Form):
    country = forms.ChoiceField(
        label=_("Country"),
        required=False,
        help_text=_("The country of every row; empty when the file has a Country column."),
    )
    file = UploadField(label=_("CSV file"))

    def __init__(self, *args, countries, user, **kwargs):
        super().__init__(*args, **kwargs)
        from alliance87.core.permissions import is_secretariat

        choices = [(c.iso3, c.name) for c in countries]
        if is_secretariat(user):
            self.fields["country"].choices = [
                ("", _("Several countries (Country column)")),
                *choices,
            ]
        else:
            self.fields["country"].choices = choices
            self.fields["country"].required = True

    def clean_file(self):
        f = self.cleaned_data["file"]  # within UPLOAD_MAX_BYTES (UploadField)
        try:
            self._text = f.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(_("The file is not UTF-8 text.")) from None
        return f

    def text(self) -> str:
        return self._text


class WorkbookForm(ImportForm):
    """A filled-in XLSX template (or an indicator's XLSX export), kept as bytes."""

    file = UploadField(label=_("XLSX file"))

    def __init__(self, *args, countries, user, **kwargs):
        super().__init__(*args, countries=countries, user=user, **kwargs)
        self.fields["country"].help_text = _(
            "The country of every row; empty when the workbook says it or has a Country column."
        )

    def clean_file(self):
        f = self.cleaned_data["file"]  # within UPLOAD_MAX_BYTES (UploadField)
        self._data = f.read()
        return f

    def data_bytes(self) -> bytes:
        return self._data


class ValueEditForm(ValueForm):
    """A draft's fields (its country, year and disaggregation stay), with its version."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, indicator, **kwargs):
        super().__init__(*args, indicator=indicator, countries=[], **kwargs)
        for name in list(self.fields):
            if name in ("country", "year") or name.startswith("dis_"):
                del self.fields[name]

    @classmethod
    def initial_for(cls, value) -> dict:
        categories = value.indicator.categories

        def shown(kind: str) -> str:  # the indicator's types in the reader's language
            return category_label(kind) if kind in categories else kind

        items = "\n".join(f"{shown(i.get('type', ''))}: {i.get('label', '')}" for i in value.items)
        return {
            "version": value.version,
            "count": value.count,
            "amount": value.amount,
            "currency": value.currency,
            "percentage": value.percentage,
            "level": value.level,
            "items": items,
            "narrative": value.narrative,
        }
