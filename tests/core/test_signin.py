"""Sign-in protection with django-axes (issue 15, decision 0003): lockouts per account and
per client, the real client behind the declared proxies only, counts in the shared cache,
attempts in the audit log. The password reset keeps its own limit."""

from __future__ import annotations

import pytest
from django.test import RequestFactory, override_settings

from alliance87.core.models import AuditEntry
from alliance87.core.signin import client_ip
from alliance87.settings import cache_settings

pytestmark = pytest.mark.django_db

LOGIN = "/en/accounts/login/"


def _fail(client, username, **extra):
    return client.post(LOGIN, {"username": username, "password": "wrong"}, **extra)


@override_settings(LOGIN_RATE_LIMIT=3)
def test_an_account_is_locked_whichever_client_tries_it(client, make_user):
    user = make_user(None)
    for n, address in enumerate(["198.51.100.1", "198.51.100.2"]):
        assert _fail(client, user.email, REMOTE_ADDR=address).status_code == 200, n
    assert _fail(client, user.email.upper(), REMOTE_ADDR="198.51.100.3").status_code == 429
    right = client.post(
        LOGIN,
        {"username": user.email, "password": "correct-horse-battery"},
        REMOTE_ADDR="198.51.100.4",
    )
    assert right.status_code == 429


@override_settings(LOGIN_RATE_LIMIT=3)
def test_one_client_trying_many_accounts_is_locked_but_others_still_sign_in(client, make_user):
    victim = make_user(None)
    for n in range(3):
        _fail(client, f"guess{n}@example.org", REMOTE_ADDR="198.51.100.9")
    assert _fail(client, "guess9@example.org", REMOTE_ADDR="198.51.100.9").status_code == 429
    elsewhere = client.post(
        LOGIN,
        {"username": victim.email, "password": "correct-horse-battery"},
        REMOTE_ADDR="203.0.113.5",
    )
    assert elsewhere.status_code == 302


@override_settings(LOGIN_RATE_LIMIT=3, TRUSTED_PROXY_COUNT=1)
def test_behind_the_proxy_each_client_counts_apart(client, make_user):
    """Today every request comes from the proxy's address, so a few wrong passwords from
    anywhere locked everyone out; with the proxy declared, the client behind it counts."""
    someone = make_user(None)
    for n in range(3):
        _fail(
            client,
            f"guess{n}@example.org",
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR="198.51.100.9",
        )
    ok = client.post(
        LOGIN,
        {"username": someone.email, "password": "correct-horse-battery"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="203.0.113.5",
    )
    assert ok.status_code == 302


@pytest.mark.parametrize(
    ("settings_", "forwarded", "peer", "expected"),
    [
        ({}, "198.51.100.9", "203.0.113.1", "203.0.113.1"),  # no proxy declared: the peer
        ({"TRUSTED_PROXY_COUNT": 1}, "198.51.100.9", "10.0.0.2", "198.51.100.9"),
        # a client writing its own header is not believed: the proxy appended the real one
        ({"TRUSTED_PROXY_COUNT": 1}, "6.6.6.6, 198.51.100.9", "10.0.0.2", "198.51.100.9"),
        ({"TRUSTED_PROXY_COUNT": 2}, "6.6.6.6, 198.51.100.9, 10.0.0.1", "10.0.0.2", "198.51.100.9"),
        (
            {"TRUSTED_PROXY_NETWORKS": ["10.0.0.0/8"]},
            "6.6.6.6, 198.51.100.9",
            "10.0.0.2",
            "198.51.100.9",
        ),
        # the same header from outside the trusted network: the peer itself
        ({"TRUSTED_PROXY_NETWORKS": ["10.0.0.0/8"]}, "198.51.100.9", "203.0.113.1", "203.0.113.1"),
        ({"TRUSTED_PROXY_COUNT": 1}, "not-an-address", "10.0.0.2", "10.0.0.2"),
    ],
)
def test_the_client_address_is_read_through_the_trusted_proxies_only(
    settings, settings_, forwarded, peer, expected
):
    import ipaddress

    settings.TRUSTED_PROXY_COUNT = settings_.get("TRUSTED_PROXY_COUNT", 0)
    settings.TRUSTED_PROXY_NETWORKS = [
        ipaddress.ip_network(n) for n in settings_.get("TRUSTED_PROXY_NETWORKS", [])
    ]
    request = RequestFactory().get("/", REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


@override_settings(LOGIN_RATE_LIMIT=2)
def test_failed_attempts_and_the_lockout_are_in_the_audit_log(client, make_user):
    user = make_user(None)
    _fail(client, user.email, REMOTE_ADDR="198.51.100.7")
    _fail(client, user.email, REMOTE_ADDR="198.51.100.7")
    _fail(client, user.email, REMOTE_ADDR="198.51.100.7")  # refused during the lockout
    failed = AuditEntry.objects.filter(event="core.sign_in.failed", object_id=str(user.pk))
    locked = AuditEntry.objects.filter(event="core.sign_in.locked_out", object_id=str(user.pk))
    assert failed.count() >= 1 and locked.count() == 1
    assert locked.get().changes["client"] == [None, "198.51.100.7"]


def test_the_counts_are_shared_by_every_worker_through_redis_or_the_database():
    """Each worker process has its own memory: the counts are kept where all of them look."""
    assert cache_settings("redis://127.0.0.1:6379/0", testing=False)["BACKEND"].endswith(
        "RedisCache"
    )
    assert cache_settings(None, testing=False)["BACKEND"].endswith("DatabaseCache")
    from django.conf import settings

    assert settings.AXES_HANDLER == "axes.handlers.cache.AxesCacheHandler"


def test_two_processes_see_the_same_count_in_redis(make_user):
    """Two cache clients (as two gunicorn workers have) on the machine's Redis."""
    redis = pytest.importorskip("redis")
    try:
        redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=0.5).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    from django.core.cache.backends.redis import RedisCache

    location = "redis://127.0.0.1:6379/15"
    worker_a, worker_b = RedisCache(location, {}), RedisCache(location, {})
    worker_a.clear()
    from axes.handlers.proxy import AxesProxyHandler

    with override_settings(
        CACHES={
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": location,
            }
        },
        LOGIN_RATE_LIMIT=2,
    ):
        from django.test import Client

        AxesProxyHandler.get_implementation(force=True)  # axes keeps its cache client
        user = make_user(None)
        Client().post(LOGIN, {"username": user.email, "password": "wrong"})
        Client().post(LOGIN, {"username": user.email, "password": "wrong"})
        keys = worker_b._cache.get_client().keys("*")
        assert keys  # the other worker's client sees the counts
        again = Client().post(LOGIN, {"username": user.email, "password": "correct-horse-battery"})
        assert again.status_code == 429
    worker_a.clear()
    AxesProxyHandler.get_implementation(force=True)


@override_settings(LOGIN_RATE_LIMIT=2)
def test_the_password_reset_keeps_its_own_limit(client):
    for _ in range(2):
        assert (
            client.post("/en/accounts/password-reset/", {"email": "a@example.org"}).status_code
            == 200
        )
    assert (
        client.post("/en/accounts/password-reset/", {"email": "a@example.org"}).status_code == 429
    )
