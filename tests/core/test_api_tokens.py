import pytest
from django.core.management import call_command

from alliance87.core.models import AuditEntry
from alliance87.core.models_tokens import ApiToken
from alliance87.core.services import api_token_create, api_token_revoke

pytestmark = pytest.mark.django_db


def test_a_bearer_token_authenticates_a_machine_and_is_stored_only_hashed(client, secretariat):
    raw = api_token_create(actor=secretariat, user=secretariat, name="etl")
    stored = ApiToken.objects.get()
    assert raw not in (stored.key_hash, stored.name)
    entry = AuditEntry.objects.get(event="core.api_token.created")
    assert entry.actor == secretariat and entry.changes == {"name": [None, "etl"]}
    assert raw not in str(entry.changes)  # the token itself is never recorded
    from alliance87.core.api_support import TokenAuth

    class Req:
        user = None

    assert TokenAuth().authenticate(Req(), raw) == secretariat
    assert TokenAuth().authenticate(Req(), raw + "x") is None


def test_a_revoked_token_no_longer_authenticates(secretariat):
    from alliance87.core.api_support import TokenAuth

    raw = api_token_create(actor=secretariat, user=secretariat, name="etl")
    api_token_revoke(actor=secretariat, token_id=ApiToken.objects.get().pk)

    class Req:
        user = None

    assert TokenAuth().authenticate(Req(), raw) is None


def test_nobody_but_the_secretariat_makes_tokens_for_someone_else(outsider, focal_point):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        api_token_create(actor=outsider, user=focal_point, name="steal")
    assert not ApiToken.objects.exists()


def test_the_command_prints_a_new_token(secretariat, capsys):
    call_command("create_api_token", secretariat.email, "--name", "cli")
    assert capsys.readouterr().out.strip().startswith("a87_")
