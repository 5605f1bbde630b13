"""Content in several languages: one field type for every app (docs/decisions/0004).

A :class:`MultilingualField` stores one text per language in a JSON object, and says which
one is the original (the others are translations)::

    {"es": "Trabajo infantil", "en": "Child labour", "fr": "Travail des enfants",
     "_original": "es"}

Read it with :func:`localise` (the text, its language, and whether it is a fallback) or
``{% localised obj.title %}`` in templates, which marks a fallback visibly ("Spanish
original") and sets ``lang`` on the text. Search one language with :func:`search_q`
(``field__es__icontains``: the same on SQLite and PostgreSQL). The field's form field edits
every language side by side, and its validation refuses unknown languages.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

#: The key naming the language the text was written in.
ORIGINAL = "_original"


def current_language() -> str:
    """The two-letter code of the active language (the site's default when none is active)."""
    return (get_language() or settings.LANGUAGE_CODE or "en")[:2]


def site_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def texts(values: Mapping[str, Any] | None) -> dict[str, str]:
    """The non-empty texts by language (without the original marker)."""
    if not values:
        return {}
    return {k: v for k, v in values.items() if not k.startswith("_") and isinstance(v, str) and v}


def original_language(values: Mapping[str, Any] | None) -> str | None:
    """The language the content was written in, when recorded."""
    return (values or {}).get(ORIGINAL) or None


def missing_languages(values: Mapping[str, Any] | None) -> list[str]:
    """The site's languages that have no text yet."""
    present = texts(values)
    return [lang for lang in site_languages() if lang not in present]


@dataclass(frozen=True)
class Localised:
    """The text to show for a language: ``fallback`` when it is in another language."""

    text: str
    language: str
    fallback: bool
    original: bool

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)


def localise(values: Mapping[str, Any] | None, language: str | None = None) -> Localised:
    """The text in ``language`` (the active one by default); else the original, then
    English, then any language present, marked as a fallback."""
    lang = (language or current_language())[:2]
    present = texts(values)
    original = original_language(values)
    if lang in present:
        return Localised(present[lang], lang, False, lang == original)
    for candidate in (original, "en", *present):
        if candidate and candidate in present:
            return Localised(present[candidate], candidate, True, candidate == original)
    return Localised("", lang, False, False)


def text(values: Mapping[str, Any] | None, language: str | None = None) -> str:
    """The text only (see :func:`localise`)."""
    return localise(values, language).text


def make(original: str, **by_language: str) -> dict[str, str]:
    """A stored value: ``make("es", es="...", en="...")``."""
    value = {k: v for k, v in by_language.items() if v}
    value[ORIGINAL] = original
    return value


def with_original(values: Mapping[str, Any] | None, original: str) -> dict[str, str]:
    """A stored value from loaded texts, marked as written in ``original`` when it has a text
    in that language (the seed loaders: ``with_original(row["title"], "es")``). Only the
    site's languages are kept, so a seed row's other keys (``theme``, ``source``) are not."""
    languages = site_languages()
    value = {k: v for k, v in texts(values).items() if k in languages}
    if original in value:
        value[ORIGINAL] = original
    return value


def search_q(field: str, term: str, language: str | None = None) -> Q:
    """Rows whose ``field`` contains ``term`` in ``language`` (every language when ``None``)."""
    languages = [language[:2]] if language else site_languages()
    q = Q()
    for lang in languages:
        q |= Q(**{f"{field}__{lang}__icontains": term})
    return q


def validate_multilingual(value: Any) -> None:
    if value in (None, ""):
        return
    if not isinstance(value, dict):
        raise ValidationError(_("Give the text as one entry per language."), code="invalid")
    allowed = set(site_languages())
    for key, item in value.items():
        if key == ORIGINAL:
            if item not in allowed:
                raise ValidationError(
                    _("The original language must be one of %(languages)s."),
                    code="invalid_original",
                    params={"languages": ", ".join(sorted(allowed))},
                )
        elif key not in allowed:
            raise ValidationError(
                _("“%(language)s” is not a language of the platform."),
                code="unknown_language",
                params={"language": key},
            )
        elif not isinstance(item, str):
            raise ValidationError(_("Each language's text must be text."), code="invalid")


class MultilingualWidget(forms.MultiWidget):
    """One input per language, and a choice of the original language."""

    template_name = "core/widgets/multilingual.html"

    def __init__(self, attrs=None, textarea: bool = False, max_length: int | None = None):
        self.languages = site_languages()
        base = forms.Textarea(attrs={"rows": 3}) if textarea else forms.TextInput()
        if max_length is not None:
            base.attrs["maxlength"] = str(max_length)
        # Each input says its language (spell-checkers, screen readers, the page-language test).
        widgets = {
            lang: base.__class__(attrs={**base.attrs, "lang": lang}) for lang in self.languages
        }
        widgets[ORIGINAL] = forms.Select(
            choices=[("", "—"), *[(c, n) for c, n in settings.LANGUAGES]]
        )
        super().__init__(widgets, attrs)

    def decompress(self, value):
        value = value or {}
        return [value.get(lang, "") for lang in self.languages] + [value.get(ORIGINAL, "")]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        names = [*dict(settings.LANGUAGES).values(), _("Original language")]
        for sub, label in zip(context["widget"]["subwidgets"], names, strict=True):
            sub["label"] = label
        return context


class MultilingualFormField(forms.MultiValueField):
    """One text per language and the original's language. ``max_length`` limits each
    language's text (and sets ``maxlength`` on its input)."""

    def __init__(self, *, textarea: bool = False, max_length: int | None = None, **kwargs):
        kwargs.pop("encoder", None)
        kwargs.pop("decoder", None)
        languages = site_languages()
        fields = [forms.CharField(required=False, max_length=max_length) for _lang in languages]
        fields.append(forms.ChoiceField(required=False, choices=[("", "—"), *settings.LANGUAGES]))
        self.languages = languages
        kwargs.setdefault("widget", MultilingualWidget(textarea=textarea, max_length=max_length))
        super().__init__(fields=fields, require_all_fields=False, **kwargs)

    def compress(self, data_list):
        if not data_list:
            return {}
        value = {lang: t.strip() for lang, t in zip(self.languages, data_list, strict=False) if t}
        if len(data_list) > len(self.languages) and data_list[-1]:
            value[ORIGINAL] = data_list[-1]
        return value

    def validate(self, value):
        if self.required and not texts(value):
            raise ValidationError(self.error_messages["required"], code="required")


class MultilingualField(models.JSONField):
    """A text with a version per language (see the module docstring)."""

    description = _("Text in several languages")

    def __init__(self, *args, textarea: bool = False, **kwargs):
        kwargs.setdefault("default", dict)
        self.textarea = textarea
        super().__init__(*args, **kwargs)
        self.validators.append(validate_multilingual)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.textarea:
            kwargs["textarea"] = True
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        return MultilingualFormField(
            textarea=self.textarea,
            required=not self.blank,
            label=kwargs.get("label", self.verbose_name),
            help_text=self.help_text,
        )
