"""Who may do what with resources: persona × action → allowed, and nothing written when
refused. Partner personas belong to the test partner (``persona_scope`` in conftest)."""

from __future__ import annotations

import json

import pytest

from alliance87.core.models import AuditEntry, Role
from alliance87.core.permissions import roles_of
from alliance87.knowledge import services
from alliance87.knowledge.models import Resource, Subscriber
from tests.conftest import PERSONAS, client_for

pytestmark = pytest.mark.django_db

PARTNER_PEOPLE = {"partner_admin", "partner_member"}


def _name(user) -> str:
    """The persona's name: its one role, ``outsider`` without one, ``anonymous`` for None."""
    if user is None:
        return "anonymous"
    return next(iter(roles_of(user)), "outsider")


@pytest.fixture
def resource(make_user, partner):
    admin = make_user(Role.PARTNER_ADMIN, scope=partner)
    return services.resource_create(
        actor=admin, titles={"en": "Toolkit", "_original": "en"}, kind="tool", publisher=partner
    )


def _status(persona) -> int:
    return 401 if persona is None else 403


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_only_the_partners_people_and_the_secretariat_submit_resources(persona, partner):
    name = _name(persona)
    allowed = name in PARTNER_PEOPLE | {"secretariat"}
    payload = {"titles": {"en": "Guide"}, "kind": "guidance", "publisher": partner.slug}
    r = client_for(persona).post(
        "/api/resources", json.dumps(payload), content_type="application/json"
    )
    assert r.status_code == (201 if allowed else _status(persona)), r.content
    assert Resource.objects.filter(titles__en="Guide").exists() == allowed
    page = client_for(persona).get("/en/resources/new/")
    assert page.status_code == (200 if allowed else 302 if persona is None else 403)


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_the_publishers_people_submit_their_draft(persona, resource):
    name = _name(persona)
    allowed = name in PARTNER_PEOPLE | {"secretariat"}
    before = AuditEntry.objects.count()
    r = client_for(persona).post(f"/api/resources/{resource.slug}/submit")
    # A draft is not visible to others: they get 404, not 403 (its existence is not revealed).
    assert r.status_code == (200 if allowed else 401 if persona is None else 404), r.content
    resource.refresh_from_db()
    assert (resource.status == "submitted") == allowed
    if not allowed:
        assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
@pytest.mark.parametrize("action", ["publish", "withdraw", "return"])
def test_only_the_secretariat_publishes_returns_and_withdraws(persona, action, resource, make_user):
    sec = make_user(Role.SECRETARIAT)
    if action == "withdraw":
        services.resource_publish(actor=sec, resource_id=resource.pk)
    else:
        services.resource_submit(actor=sec, resource_id=resource.pk)
    resource.refresh_from_db()
    state = resource.status
    name = _name(persona)
    allowed = name == "secretariat"
    body = json.dumps({"reason": "Add the PDF"}) if action == "return" else "{}"
    r = client_for(persona).post(
        f"/api/resources/{resource.slug}/{action}", body, content_type="application/json"
    )
    visible = allowed or name in PARTNER_PEOPLE or state == "published"
    expected = 200 if allowed else (_status(persona) if visible or persona is None else 404)
    assert r.status_code == expected, r.content
    resource.refresh_from_db()
    assert (resource.status != state) == allowed


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_a_draft_is_seen_by_its_publisher_and_the_secretariat_only(persona, resource):
    name = _name(persona)
    allowed = name in PARTNER_PEOPLE | {"secretariat"}
    r = client_for(persona).get(f"/en/resources/{resource.slug}/")
    assert r.status_code == (200 if allowed else 404)
    r = client_for(persona).get(f"/api/resources/{resource.slug}")
    assert r.status_code == (200 if allowed else 404)


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_the_page_buttons_follow_the_same_matrix(persona, resource, make_user):
    services.resource_submit(actor=make_user(Role.SECRETARIAT), resource_id=resource.pk)
    r = client_for(persona).post(f"/en/resources/{resource.slug}/publish/")
    name = _name(persona)
    resource.refresh_from_db()
    if name == "secretariat":
        assert r.status_code == 302 and resource.status == "published"
    else:
        assert r.status_code in (403, 404) and resource.status == "submitted"


def test_a_partner_cannot_draft_in_the_secretariats_name(make_user, partner):
    from django.core.exceptions import ValidationError

    member = make_user(Role.PARTNER_MEMBER, scope=partner)
    with pytest.raises(ValidationError) as exc:
        services.resource_create(actor=member, titles={"en": "X"}, kind="tool", publisher=None)
    assert "publisher" in exc.value.message_dict
    sec_draft = services.resource_create(
        actor=make_user(Role.SECRETARIAT), titles={"en": "Y"}, kind="tool", publisher=None
    )
    r = client_for(member).get(f"/en/resources/{sec_draft.slug}/")
    assert r.status_code == 404  # another's draft is not even visible


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_only_the_secretariat_records_bounces_through_the_api(persona):
    """The mail provider's bounce webhook (a Secretariat token) marks addresses undeliverable;
    anyone else is refused and nothing changes. One audit row, without the addresses."""
    Subscriber.objects.create(email="b@example.org", language="en", state="confirmed")
    r = client_for(persona).post(
        "/api/newsletter/bounces", {"emails": ["B@example.org"]}, content_type="application/json"
    )
    state = Subscriber.objects.get(email="b@example.org").state
    if _name(persona) == "secretariat":
        assert r.status_code == 200 and r.json() == {"bounced": 1}
        assert state == "bounced"
        entry = AuditEntry.objects.get(event="knowledge.bounces.recorded")
        assert "b@example.org" not in str(entry.changes)
    else:
        assert r.status_code in (401, 403)
        assert state == "confirmed"
        assert not AuditEntry.objects.filter(event="knowledge.bounces.recorded").exists()
