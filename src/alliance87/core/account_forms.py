"""The forms of the people and roles pages: a role and its object are one choice from the
real lists of ``core.roles`` (a country by its name, a group, a partner, ...)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from . import roles


class RoleChoiceField(forms.ChoiceField):
    """One choice carrying the role and its object (``"focal_point:NPL"``), grouped by role."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Role and what it is held on"))
        super().__init__(choices=(), **kwargs)

    def refresh(self) -> None:
        self.choices = [("", "—"), *roles.choices()]

    def clean(self, value):
        role, scope_id = roles.parse_choice(super().clean(value))
        return {"role": role, "scope_id": scope_id}


class _RoleForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].refresh()

    def clean(self):
        cleaned = super().clean()
        chosen = cleaned.pop("role", None)
        if chosen:
            cleaned.update(chosen)
        return cleaned


class InviteForm(_RoleForm):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    preferred_language = forms.ChoiceField(
        label=_("Language of the invitation"), choices=settings.LANGUAGES
    )
    role = RoleChoiceField()


class RoleForm(_RoleForm):
    """Give another role, or change a held one."""

    role = RoleChoiceField()
