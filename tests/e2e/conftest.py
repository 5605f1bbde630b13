"""Browser tests: Playwright for Python driving Debian's Chromium (never a downloaded browser).

Without Chromium the tests are skipped locally, but CI sets ALLIANCE87_REQUIRE_BROWSER=1 and
then a missing browser is a failure, never a silent skip.
"""

from __future__ import annotations

import os
import shutil

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("ALLIANCE87_REQUIRE_BROWSER"):
            pytest.fail(f"Chromium not found at {CHROMIUM}; install Debian's chromium package")
        pytest.skip("Chromium is not installed (apt-get install chromium); CI requires it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, reference_data):
    context = browser.new_context(locale="en-GB", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base_url = live_server.url  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.console_errors = errors  # type: ignore[attr-defined]
    yield page
    context.close()


@pytest.fixture
def login(live_server):
    """``login(page, user, password)`` signs in through the real form."""

    def do_login(page, user, password: str = "correct-horse-battery", lang: str = "en") -> None:
        page.goto(f"{live_server.url}/{lang}/accounts/login/")
        page.fill("#id_username", user.email)
        page.fill("#id_password", password)
        page.click("form.stacked button[type=submit]")
        page.wait_for_load_state("networkidle")

    return do_login


@pytest.fixture
def seeded(transactional_db, monkeypatch):
    """The database exactly as ``make run`` leaves it: ``alliance87 bootstrap`` itself runs
    (migrations, every app's seed loader, the demo Secretariat account), so a loader that
    drifts breaks the journeys that rely on it. Returns the demo Secretariat user; sign in
    with ``login(page, seeded, DEMO_PASSWORD)``. About 2 s a test (the database is emptied
    after each browser test). Ask for it before ``page`` so the reference data is loaded once."""
    from io import StringIO

    from django.core.management import call_command

    from alliance87.core.management.commands.bootstrap import DEMO_EMAIL
    from alliance87.core.models import User

    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    call_command("bootstrap", stdout=StringIO())
    return User.objects.get(email=DEMO_EMAIL)


#: The demo Secretariat account's password, as ``make run`` prints it.
DEMO_PASSWORD = "alliance87-demo"
