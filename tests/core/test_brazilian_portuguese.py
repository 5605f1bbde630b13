"""Portuguese on the platform is Brazilian (docs/developing.md). Django's own "pt" catalogue
is European Portuguese, so the sign-in and set-password forms read "Palavra-passe" and
"Introduza"; the project's locale/pt carries Django's pt_BR words for those strings."""

from __future__ import annotations

import pytest

from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_the_sign_in_and_password_forms_speak_brazilian_portuguese():
    login = client_for(None).get("/pt/accounts/login/").content.decode()
    assert "Senha" in login and "alavra-passe" not in login


def test_django_form_errors_and_password_rules_are_brazilian():
    from django.contrib.auth.password_validation import password_validators_help_texts
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email
    from django.utils import translation

    with translation.override("pt"):
        helps = " ".join(password_validators_help_texts())
        try:
            validate_email("not an address")
        except ValidationError as exc:
            error = " ".join(exc.messages)
    assert "senha" in helps and "palavra-passe" not in helps
    assert error.startswith("Informe") and "Introduza" not in error
