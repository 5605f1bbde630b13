"""The platform's skeleton as users and operators see it."""

from __future__ import annotations

import re

import pytest
from django.core import mail  # noqa: F401  (imported so the locmem backend is active in tests)
from django.core.management import call_command
from django.test import override_settings

from alliance87.core import audit
from alliance87.core.models import AuditEntry, Country, Region, Role, RoleAssignment, User
from alliance87.core.permissions import can
from tests.conftest import PERSONAS, client_for

pytestmark = pytest.mark.django_db


def test_root_redirects_by_the_browsers_accept_language(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="pt-BR,pt;q=0.9,en;q=0.5")
    assert response.status_code == 302
    assert response["Location"] == "/pt/"


def test_root_falls_back_to_english_for_an_unsupported_language(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="de-DE")
    assert response["Location"] == "/en/"


@pytest.mark.parametrize("lang", ["en", "es", "fr", "pt"])
def test_every_language_serves_the_home_page_in_that_language(client, lang):
    response = client.get(f"/{lang}/")
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in response.content.decode()


def test_home_page_speaks_spanish_under_es(client):
    body = client.get("/es/").content.decode()
    assert "Iniciar sesión" in body
    assert "Sign in" not in body


def test_language_switcher_keeps_the_current_page_and_its_query(client):
    body = client.get("/es/accounts/login/?next=/es/audit/").content.decode()
    assert 'href="/fr/accounts/login/?next=/es/audit/"' in body
    assert 'href="/pt/accounts/login/?next=/es/audit/"' in body


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_fails(client, monkeypatch):
    from alliance87.core import views

    class Broken:
        def cursor(self):
            raise RuntimeError("down")

    monkeypatch.setattr(views, "connection", Broken())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"


@pytest.mark.parametrize("url", ["/en/", "/es/accounts/login/", "/healthz", "/api/countries"])
def test_every_response_carries_a_strict_content_security_policy(client, url):
    policy = client.get(url)["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_pages_have_no_inline_script_or_event_handler_attributes(client, secretariat):
    client.force_login(secretariat)
    for url in ["/en/", "/en/accounts/login/", "/en/audit/"]:
        html = client.get(url).content.decode()
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or 'type="application/json"' in tag, (
                f"inline script on {url}: {tag}"
            )
        assert not re.search(r"\son[a-z]+=", html), f"inline event handler on {url}"


def test_forms_are_protected_against_csrf(secretariat):
    client = client_for(None)
    client.handler.enforce_csrf_checks = True
    response = client.post("/en/accounts/login/", {"username": secretariat.email, "password": "x"})
    assert response.status_code == 403


def test_passwords_are_hashed_with_argon2_in_production_settings():
    from alliance87 import settings as project_settings

    assert (
        "Argon2PasswordHasher" in [h for h in project_settings.PASSWORD_HASHERS if "Argon2" in h][0]
    )
    # In tests a fast hasher comes first; production (not TESTING) starts with Argon2.
    assert project_settings.PASSWORD_HASHERS[-2].endswith("Argon2PasswordHasher")


@override_settings(LOGIN_RATE_LIMIT=3)
def test_login_is_rate_limited_after_repeated_failures(client, secretariat):
    """django-axes locks on the attempt that reaches the limit (decision 0003): with a limit
    of 3, the first two wrong passwords answer 200 (the form again) and the third is already
    refused with 429, and so is the right password after it. The home-made limiter refused
    only the attempt after the limit; the boundary moved by one, deliberately."""
    for _ in range(2):
        response = client.post(
            "/en/accounts/login/", {"username": secretariat.email, "password": "wrong"}
        )
        assert response.status_code == 200
    third = client.post("/en/accounts/login/", {"username": secretariat.email, "password": "wrong"})
    assert third.status_code == 429
    blocked = client.post(
        "/en/accounts/login/", {"username": secretariat.email, "password": "correct-horse-battery"}
    )
    assert blocked.status_code == 429
    assert "Too many failed sign-in attempts" in blocked.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_correct_password_signs_in(client, secretariat):
    from django.core.cache import cache

    cache.clear()
    response = client.post(
        "/en/accounts/login/", {"username": secretariat.email, "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(secretariat.pk)


# Role × action matrix for the core actions. Later apps extend it in their own modules.
CORE_MATRIX = {
    "core.view_audit_log": {"secretariat"},
    "core.assign_role": {"secretariat"},
    "core.use_admin": {"secretariat"},
    "core.invite": {"secretariat"},
    "core.view_people": {"secretariat"},
}


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
@pytest.mark.parametrize("action", sorted(CORE_MATRIX))
def test_core_permission_matrix(persona, action, request):
    name = request.node.callspec.params["persona"]
    assert can(persona, action) is (name in CORE_MATRIX[action])


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_only_the_secretariat_sees_the_audit_log(persona, request):
    name = request.node.callspec.params["persona"]
    response = client_for(persona).get("/en/audit/")
    if name == "secretariat":
        assert response.status_code == 200
    elif name == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_only_the_secretariat_enters_the_django_admin(persona, request):
    name = request.node.callspec.params["persona"]
    response = client_for(persona).get("/en/admin/core/country/")
    assert (response.status_code == 200) is (name == "secretariat")


class PlatformTestEvent(audit.Events):
    """Events of these tests only (typed, as every audit event is)."""

    REGION_UPDATED = "tests.region.updated", "Region updated"
    COUNTRY_UPDATED = "tests.country.updated", "Country updated"
    TEST = "tests.test", "Test"


def test_audit_refuses_an_untyped_event_name(secretariat):
    region = Region.objects.get(code="419")
    with pytest.raises(TypeError, match="typed"):
        audit.record(
            actor=secretariat, event="core.region.updated", obj=region, changes={"x": [1, 2]}
        )


def test_audit_records_who_changed_which_fields_from_what_to_what(secretariat):
    region = Region.objects.get(code="419")
    changes = audit.apply_changes(
        region, {"name_en": "Latin America & Caribbean", "level": "subregion"}
    )
    region.save()
    entry = audit.record(
        actor=secretariat, event=PlatformTestEvent.REGION_UPDATED, obj=region, changes=changes
    )
    entry.refresh_from_db()
    assert entry.actor == secretariat
    assert entry.object_id == "419"
    # Only the field that changed is recorded; "level" was set to its current value.
    assert entry.changes == {
        "name_en": ["Latin America and the Caribbean", "Latin America & Caribbean"]
    }


def test_audit_writes_no_row_for_a_change_that_changes_nothing(secretariat):
    region = Region.objects.get(code="419")
    before = AuditEntry.objects.count()
    changes = audit.apply_changes(region, {"name_en": region.name_en})
    assert changes == {}
    assert (
        audit.record(
            actor=secretariat, event=PlatformTestEvent.REGION_UPDATED, obj=region, changes=changes
        )
        is None
    )
    assert AuditEntry.objects.count() == before


def test_audit_rows_outlive_the_person_who_made_them(secretariat, make_user):
    someone = make_user(Role.SECRETARIAT)
    entry = audit.record(
        actor=someone, event=PlatformTestEvent.TEST, obj=someone, changes={"x": [1, 2]}
    )
    label = entry.actor_label
    someone.delete()
    entry.refresh_from_db()
    assert entry.actor is None
    assert entry.actor_label == label


def test_the_audit_log_filters_by_object_and_person(client, secretariat, make_user):
    other = make_user(Role.SECRETARIAT, full_name="Olga Other")
    chile = Country.objects.get(iso3="CHL")
    peru = Country.objects.get(iso3="PER")
    audit.record(
        actor=secretariat,
        event=PlatformTestEvent.COUNTRY_UPDATED,
        obj=chile,
        changes={"name_en": ["a", "b"]},
    )
    audit.record(
        actor=other,
        event=PlatformTestEvent.COUNTRY_UPDATED,
        obj=peru,
        changes={"name_en": ["c", "d"]},
    )
    client.force_login(secretariat)
    by_object = client.get(
        "/en/audit/", {"object_type": "core.country", "object_id": "PER"}
    ).content.decode()
    assert "Peru" in by_object and "Chile" not in by_object
    by_person = client.get("/en/audit/", {"actor": "Olga"}).content.decode()
    assert "Peru" in by_person and "Chile" not in by_person


def test_reference_data_has_every_country_with_its_m49_region_in_four_languages():
    assert Country.objects.count() >= 249
    argentina = Country.objects.get(iso3="ARG")
    assert (argentina.iso2, argentina.m49) == ("AR", "032")
    assert (
        argentina.region_id == "019"
        and argentina.subregion_id == "419"
        and argentina.intermediate_region_id == "005"
    )
    assert (argentina.name_es, argentina.name_fr, argentina.name_pt) == (
        "Argentina",
        "Argentine",
        "Argentina",
    )
    cote = Country.objects.get(iso3="CIV")
    assert cote.name_fr and cote.name_es and cote.name_pt
    assert Region.objects.get(code="419").name_es == "América Latina y el Caribe"


def test_loading_seed_data_twice_duplicates_nothing(django_db_blocker):
    call_command("bootstrap", "--no-demo", verbosity=0)
    counts = (Country.objects.count(), Region.objects.count())
    call_command("bootstrap", verbosity=0)
    call_command("bootstrap", verbosity=0)
    assert (Country.objects.count(), Region.objects.count()) == counts
    demo = User.objects.filter(email="secretariat@demo.alliance87.org")
    assert demo.count() == 1
    assert RoleAssignment.objects.filter(user=demo.get(), role=Role.SECRETARIAT).count() == 1


def test_api_errors_name_the_field(client):
    response = client.get("/api/this-does-not-exist")
    assert response.status_code == 404


def test_openapi_schema_is_published(client):
    schema = client.get("/api/openapi.json").json()
    assert schema["info"]["title"] == "Alliance 8.7 Platform API"
    assert "/api/countries" in schema["paths"]


def test_production_settings_refuse_to_start_without_a_secret_key(monkeypatch):
    import importlib
    import sys

    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.setenv("DEBUG", "false")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("ALLOWED_HOSTS", "example.org")
    saved = sys.modules.pop("alliance87.settings")
    try:
        with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
            importlib.import_module("alliance87.settings")
        monkeypatch.setenv("SECRET_KEY", "x" * 50)
        prod = importlib.import_module("alliance87.settings")
        assert prod.SESSION_COOKIE_SECURE and prod.CSRF_COOKIE_SECURE
        assert prod.SECURE_HSTS_SECONDS >= 31536000
    finally:
        sys.modules["alliance87.settings"] = saved


def test_a_nonsense_boolean_in_the_environment_is_refused(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from alliance87.settings import env_bool

    monkeypatch.setenv("SOME_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG"):
        env_bool("SOME_FLAG", False)


def test_audit_records_a_file_field_by_its_name_even_when_empty(secretariat):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from alliance87.partners.models import Partner

    partner = Partner(slug="acme", names={"en": "Acme"}, category="civil_society")
    assert audit.snapshot(partner, ["logo"]) == {"logo": ""}
    partner.logo = SimpleUploadedFile("logo.png", b"x")
    assert audit.snapshot(partner, ["logo"]) == {"logo": "logo.png"}


def test_a_scoped_role_grants_rights_only_on_its_own_object(make_user):
    from alliance87.core.permissions import has_role
    from alliance87.pathfinders.models import Pathfinder, Stage, Status

    # A focal point is held on a pathfinder country (core.roles), not on a bare country.
    chile, peru = (
        Pathfinder.objects.create(
            country_id=iso3, status=Status.CANDIDATE, stage=Stage.EXPRESSION_OF_INTEREST
        )
        for iso3 in ("CHL", "PER")
    )
    focal = make_user(Role.FOCAL_POINT, scope=chile)
    assert has_role(focal, Role.FOCAL_POINT, chile)
    assert not has_role(focal, Role.FOCAL_POINT, peru)
    unscoped = make_user(Role.FOCAL_POINT)
    assert not has_role(unscoped, Role.FOCAL_POINT, chile), (
        "a focal point of no country is focal point of none"
    )
    reviewer = make_user(Role.REVIEWER)
    assert has_role(reviewer, Role.REVIEWER, chile), "reviewers are global by nature"


def test_api_domain_errors_carry_a_stable_code_beside_the_translated_text(rf):
    from alliance87.api import api
    from alliance87.core.exceptions import TransitionRefused

    request = rf.get("/api/x")
    handler = api._exception_handlers[TransitionRefused.__mro__[1]]
    response = handler(request, TransitionRefused("Nope", code="not_allowed_from"))
    body = __import__("json").loads(response.content)
    assert response.status_code == 409
    assert body["code"] == "not_allowed_from" and body["detail"] == "Nope"


def test_settings_fail_closed_a_start_without_debug_set_is_production():
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY")}
    result = subprocess.run(
        [sys.executable, "-c", "import alliance87.settings"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_production_does_not_redirect_healthz_to_https(monkeypatch):
    import importlib
    import re
    import sys

    monkeypatch.setenv("DEBUG", "false")
    monkeypatch.setenv("SECRET_KEY", "x" * 50)
    monkeypatch.setenv("ALLOWED_HOSTS", "example.org")
    saved = sys.modules.pop("alliance87.settings")
    try:
        prod = importlib.import_module("alliance87.settings")
        assert prod.SECURE_SSL_REDIRECT
        # Django reads SECURE_REDIRECT_EXEMPT (without the path's leading slash).
        assert any(re.search(p, "healthz") for p in prod.SECURE_REDIRECT_EXEMPT)
        assert not hasattr(prod, "SECURE_SSL_REDIRECT_EXEMPT")
    finally:
        sys.modules["alliance87.settings"] = saved


def test_openapi_says_public_reads_need_no_token_and_writes_do(client):
    schema = client.get("/api/openapi.json").json()
    public = schema["paths"]["/api/countries"]["get"]
    assert {} in public["security"]  # anonymous access is allowed
    assert "OptionalAuth" not in schema["components"]["securitySchemes"]
    writes = [
        op
        for ops in schema["paths"].values()
        for method, op in ops.items()
        if method in ("post", "put", "patch", "delete")
    ]
    # Writes need a signed-in actor (applying to become a partner is the one public write).
    needs_actor = [op for op in writes if {} not in op.get("security", [])]
    assert len(needs_actor) >= len(writes) - 2 and needs_actor


@pytest.mark.parametrize(
    "url",
    [
        "/en/partners/?q=child%00labour",
        "/en/partners/%00/",
        "/api/partners?q=%00",
        "/en/audit/?actor=%00",
    ],
)
def test_a_nul_byte_in_the_address_is_a_clear_400_not_a_500(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


def test_the_development_media_route_serves_logos_and_nothing_outside_them(settings, tmp_path):
    from urllib.parse import unquote

    from django.http import Http404
    from django.test import RequestFactory
    from django.urls import resolve

    from alliance87.core.files import serve_public_media

    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "partners" / "logos").mkdir(parents=True)
    (tmp_path / "partners" / "logos" / "logo.png").write_bytes(b"png")
    (tmp_path / "pathfinders" / "letters").mkdir(parents=True)
    (tmp_path / "pathfinders" / "letters" / "secret.pdf").write_bytes(b"private letter")
    rf = RequestFactory()
    ok = serve_public_media(rf.get("/media/partners/logos/logo.png"), "partners/logos/logo.png")
    assert ok.status_code == 200
    for attempt in (
        "partners/logos/%2e%2e/%2e%2e/pathfinders/letters/secret.pdf",
        "partners/logos/../../pathfinders/letters/secret.pdf",
        "pathfinders/letters/secret.pdf",
        "partners/logos/..%2f..%2fpathfinders/letters/secret.pdf",
        "partners/logos/..\\..\\pathfinders/letters/secret.pdf",
    ):
        with pytest.raises(Http404):
            serve_public_media(rf.get("/media/" + attempt), unquote(attempt))
    # The route is the one the project mounts in development.
    if settings.DEBUG:
        assert resolve("/media/partners/logos/logo.png").func is serve_public_media


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", "Page not found"),
        ("es", "Página no encontrada"),
        ("fr", "Page non trouvée"),
        ("pt", "Página não encontrada"),
    ],
)
def test_the_404_page_is_the_sites_own_in_the_readers_language(client, lang, words):
    response = client.get(f"/{lang}/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert words in body and 'rel="stylesheet"' in body


def test_the_403_page_is_the_sites_own_in_the_readers_language(client, make_user):
    client.force_login(make_user(Role.PARTNER_MEMBER))
    response = client.get("/es/audit/")
    assert response.status_code == 403
    assert "No permitido" in response.content.decode()


def test_the_home_page_states_the_mandates_mission_objectives_and_means_of_action(client):
    """Seed 000, sections I–III: the Spanish page reads the mandate as the seed writes it."""
    page = client.get("/es/").content.decode()
    assert "Declaración de misión" in page and "Medios de acción" in page
    assert "una alianza mundial inclusiva comprometida a alcanzar la Meta 8.7" in page
    assert "impulsando la innovación y potenciando las soluciones que funcionan" in page
    assert "El sitio web de la Alianza 8.7, la estrategia de los países pioneros" in page
    english = client.get("/en/").content.decode()
    assert "Means of action" in english and "scaling up solutions that work" in english


@pytest.mark.parametrize(
    ("lang", "title", "means"),
    [
        ("es", "Acerca de la Alianza 8.7", "Medios de acción"),
        ("en", "About Alliance 8.7", "Means of action"),
        ("fr", "À propos de l’Alliance 8.7", "Moyens d’action"),
        ("pt", "Sobre a Aliança 8.7", "Meios de ação"),
    ],
)
def test_the_about_page_states_the_mandate_and_every_page_links_to_it(client, lang, title, means):
    """Seed 000, sections I–III, on a page of its own, linked from every page's footer."""
    page = client.get(f"/{lang}/about/").content.decode()
    assert f"<h1>{title}</h1>" in page and means in page
    home = client.get(f"/{lang}/").content.decode()
    assert f'<a href="/{lang}/about/">{title}</a>' in home


def test_no_two_api_schemas_share_a_name():
    """OpenAPI keeps one component per name: two schemas with the same name would document
    one of them wrongly."""
    from collections import defaultdict

    from ninja import Schema

    import alliance87.api  # noqa: F401 - every router and its schemas

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    by_name = defaultdict(set)
    for schema in subclasses(Schema):
        if schema.__module__.startswith("alliance87."):
            by_name[schema.__name__].add(f"{schema.__module__}.{schema.__qualname__}")
    shared = {name: sorted(where) for name, where in by_name.items() if len(where) > 1}
    assert not shared, shared
