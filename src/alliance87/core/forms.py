"""Service errors shown on forms: one mapping for every page.

A view calls the service and, when it refuses, puts the reason where the user looks::

    try:
        partner_update(actor=request.user, ...)
    except SERVICE_ERRORS as exc:
        show_error(form, exc)
    else:
        return redirect(...)

``ValidationError`` with a field dict lands on each named field (or at the top of the form
when the form has no such field); ``DomainError`` (``Conflict``, ``TransitionRefused``,
``NotFound``) on its ``field`` or at the top. ``PermissionDenied`` is not caught: it is a 403.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError

from .exceptions import DomainError

#: What a page catches around a service call and shows on its form.
SERVICE_ERRORS = (ValidationError, DomainError)


def show_error(form: forms.BaseForm, exc: Exception) -> None:
    """Add ``exc`` (one of :data:`SERVICE_ERRORS`) to ``form``'s errors."""
    if isinstance(exc, DomainError):
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return
    if not isinstance(exc, ValidationError):
        raise TypeError(f"not a service error: {exc!r}")
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            target = field if field in form.fields else None
            for message in errors:
                form.add_error(target, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def show_message(request, exc: Exception) -> None:
    """A refusal of a button with no fields (leave, close, report): shown as a message on the
    page the user comes back to. ``NotFound`` is not a message: let it through as a 404."""
    from .exceptions import NotFound

    if isinstance(exc, NotFound):
        raise exc
    form = forms.Form(data={})
    form.is_valid()
    show_error(form, exc)
    errors_as_messages(request, form)


def errors_as_messages(request, form: forms.BaseForm) -> None:
    """A button's form has nowhere to show its errors: they become messages at the top of
    the page the user goes back to."""
    from django.contrib import messages

    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)


@dataclass(frozen=True)
class Accepted:
    """What :func:`submit` returns when the service accepted the form: its result."""

    value: object


def submit(form: forms.BaseForm, call) -> Accepted | None:
    """The page side of a service call: validate ``form``, call ``call(form.cleaned_data)``,
    and put a refusal on the form. Returns :class:`Accepted` (truthy, with the service's
    result) or ``None`` (the form now carries its errors; render it again with a 400)::

        if done := submit(form, lambda c: services.agenda_item_add(actor=request.user, **c)):
            messages.success(request, _("Agenda item added."))
            return redirect(...)
        return render(request, "governance/meeting.html", {..., "agenda_form": form}, status=400)
    """
    if not form.is_valid():
        return None
    try:
        return Accepted(call(form.cleaned_data))
    except SERVICE_ERRORS as exc:
        show_error(form, exc)
        return None


def step(request, call, done=None, *, form: forms.BaseForm | None = None) -> Accepted | None:
    """A button with no fields to correct (submit, publish, leave, close, a status change):
    take the step and say how it went on the page the user goes back to. ``call()`` runs the
    service; ``done`` (the words, or a function of the service's result giving them; ``None``
    for no message) becomes a success message, a refusal an error message
    (:func:`show_message`: a ``NotFound`` is the 404 page). With ``form`` (a button's hidden
    ``version``, a status select) ``call(cleaned_data)`` runs only when it is valid, and its
    errors are messages too. Returns :class:`Accepted` or ``None``, like :func:`submit`::

        step(request, lambda: services.run_cancel(actor=request.user, run_id=run_id),
             _("The run will stop at the end of its current step."))
        return redirect("risk:run", run_id=run_id)
    """
    from django.contrib import messages

    if form is not None:
        if not form.is_valid():
            errors_as_messages(request, form)
            return None
        given = call
        call = lambda: given(form.cleaned_data)  # noqa: E731
    try:
        accepted = Accepted(call())
    except SERVICE_ERRORS as exc:
        show_message(request, exc)
        return None
    text = done(accepted.value) if callable(done) else done
    if text is not None:
        messages.success(request, str(text))
    return accepted


def country_choices(blank: str | None = None) -> list[tuple[str, str]]:
    """Every country by its name in the page's language, in that language's order (ISO
    alpha-3 codes as values); ``blank`` puts an empty first choice with that label."""
    from . import collation
    from .models import Country

    countries = collation.sort(Country.objects.all(), lambda c: c.name)
    head = [("", blank)] if blank is not None else []
    return head + [(c.pk, c.name) for c in countries]


class CountryField(forms.ChoiceField):
    """A country chosen by name, never typed as a code; its value is the ISO alpha-3 code.

    The choices are read when the form is shown, in the language of the request."""

    def __init__(self, *args, blank: str | None = "—", **kwargs):
        self.blank = blank
        super().__init__(*args, choices=lambda: country_choices(self.blank), **kwargs)
