"""Fixtures for the knowledge hub: the shipped data of every app (and its search index),
and resources made through the services."""

from __future__ import annotations

import pytest

from alliance87.core.models import Role
from alliance87.partners.models import Partner


@pytest.fixture
def shipped(db):
    """Every app's seed data, as ``bootstrap`` loads it; the knowledge loader comes last and
    builds the search index."""
    from alliance87.core.seeding import seed_modules

    for _label, module in seed_modules():
        module.load()


@pytest.fixture
def partner(db):
    return Partner.objects.create(
        slug="ngo-forum-test",
        names={"en": "Test NGO Forum", "es": "Foro de ONG de prueba", "_original": "en"},
        category="civil_society",
        status="active",
    )


@pytest.fixture
def persona_scope(partner):
    return {"partner_admin": partner, "partner_member": partner}


@pytest.fixture
def partner_admin_user(make_user, partner):
    return make_user(Role.PARTNER_ADMIN, scope=partner)


@pytest.fixture
def secretariat_user(make_user):
    return make_user(Role.SECRETARIAT)
