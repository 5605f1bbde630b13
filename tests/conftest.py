"""Shared fixtures: reference data, one persona per role, and an API/page client per persona.

Personas (STYLE.md habit 8): ``secretariat``, ``gcg_member``, ``reviewer``, ``group_chair``,
``focal_point``, ``partner_admin``, ``partner_member``, ``outsider`` (signed in, no role) and
``anonymous``. Scoped roles are global here; apps that check the scope make their own scoped
users with ``make_user(role=..., scope=obj)``.
"""

from __future__ import annotations

import itertools

import pytest
from django.test import Client

from alliance87.core.models import Role, User
from alliance87.core.seeding import load_reference_data
from alliance87.core.services import role_assign

_counter = itertools.count(1)

PERSONAS = [
    "anonymous",
    "outsider",
    "secretariat",
    "gcg_member",
    "focal_point",
    "reviewer",
    "group_chair",
    "partner_admin",
    "partner_member",
]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Countries and M49 regions are loaded once for the whole run."""
    with django_db_blocker.unblock():
        load_reference_data()


@pytest.fixture
def reference_data(db):
    """For transactional tests (which flush the database between tests)."""
    load_reference_data()


@pytest.fixture
def make_user(db):
    def make(
        role: Role | str | None = None,
        *,
        scope=None,
        email: str | None = None,
        full_name: str | None = None,
        password: str = "correct-horse-battery",
    ) -> User:
        n = next(_counter)
        email = email or f"user{n}@example.org"
        user = User.objects.create_user(
            username=email, email=email, password=password, full_name=full_name or f"Person {n}"
        )
        if role:
            role_assign(actor=None, user=user, role=role, scope=scope, check=False)
        return user

    return make


@pytest.fixture
def secretariat(make_user):
    return make_user(Role.SECRETARIAT, full_name="Sam Secretariat")


@pytest.fixture
def gcg_member(make_user):
    return make_user(Role.GCG_MEMBER, full_name="Gina Member")


@pytest.fixture
def focal_point(make_user):
    return make_user(Role.FOCAL_POINT, full_name="Fatima Focal")


@pytest.fixture
def reviewer(make_user):
    return make_user(Role.REVIEWER, full_name="Ravi Reviewer")


@pytest.fixture
def group_chair(make_user):
    return make_user(Role.GROUP_CHAIR, full_name="Carla Chair")


@pytest.fixture
def partner_admin(make_user):
    return make_user(Role.PARTNER_ADMIN, full_name="Pat Admin")


@pytest.fixture
def partner_member(make_user):
    return make_user(Role.PARTNER_MEMBER, full_name="Paula Member")


@pytest.fixture
def outsider(make_user):
    return make_user(None, full_name="Otto Outsider")


@pytest.fixture
def persona_scope():
    """Override in a test module to scope personas: ``{"focal_point": country, ...}``.

    Scoped roles (focal point, group chair, partner administrator and member) grant rights
    only on the object they are assigned to.
    """
    return {}


@pytest.fixture
def persona(request, make_user):
    """Parametrise with a persona name: ``@pytest.mark.parametrize("persona", PERSONAS, indirect=True)``.

    Returns the user (``None`` for ``anonymous``), scoped as the module's ``persona_scope`` says.
    """
    name = request.param
    if name == "anonymous":
        return None
    if name == "outsider":
        return make_user(None)
    scope = request.getfixturevalue("persona_scope").get(name)
    return make_user(Role(name), scope=scope)


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Sign-in counts (django-axes) and rate limits live in the cache: each test starts with
    none, whatever failed sign-ins the tests before it made from 127.0.0.1."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _no_language_left_behind():
    """A page request under /es/ leaves Spanish active in the thread (LocaleMiddleware does not
    deactivate it); every test starts from none, whatever ran before it."""
    yield
    from django.utils import translation

    translation.deactivate()
