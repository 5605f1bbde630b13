"""Action groups in a real browser: a group chair adds a task to the work plan."""

from __future__ import annotations

import pytest

from alliance87.core.models import Role
from alliance87.groups import seed, services
from alliance87.groups.models import Group, Task

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def test_a_group_chair_adds_a_task_and_changes_its_status(page, login, make_user):
    seed.load()
    group = Group.objects.get(slug="migration")
    chair = make_user(Role.GROUP_CHAIR, scope=group, full_name="Chris Chair")
    objective = services.objective_add(actor=chair, group_id=group.pk, title="Fair recruitment")
    login(page, chair)
    page.goto(f"{page.base_url}/en/groups/migration/")
    page.click("#work-plan summary")
    form = page.locator("#work-plan form.stacked").first
    form.locator("input[name=title]").fill("Map recruitment agencies")
    form.locator("input[name=due_on]").fill("2030-06-30")
    form.locator("button").click()
    page.wait_for_selector("text=Map recruitment agencies")
    task = Task.objects.get(objective=objective)
    page.locator(f'tr[data-task="{task.pk}"] select').select_option("in_progress")
    page.wait_for_load_state("networkidle")
    task.refresh_from_db()
    assert task.status == "in_progress"
    assert page.console_errors == []


def test_a_need_the_chair_reports_reaches_the_gcg_dashboard(page, login, make_user):
    seed.load()
    group = Group.objects.get(slug="migration")
    chair = make_user(Role.GROUP_CHAIR, scope=group, full_name="Chris Chair")
    sec = make_user(Role.SECRETARIAT, full_name="Sam Secretariat")
    login(page, chair)
    page.goto(f"{page.base_url}/en/groups/migration/")
    form = page.locator("#resources form")
    form.locator("textarea[name=description]").fill("Travel of five experts to Geneva")
    form.locator("input[name=amount]").fill("12000")
    form.locator("input[name=currency]").fill("chf")
    form.locator("input[name=reported_to_gcg_on]").fill("2019-07-01")
    form.locator("button").click()
    page.wait_for_selector("text=Travel of five experts to Geneva")
    page.context.clear_cookies()
    login(page, sec)
    page.goto(f"{page.base_url}/en/gcg/dashboard/")
    needs = page.locator("#resource-needs").inner_text()
    assert (
        "Travel of five experts to Geneva" in needs and "12,000.00\u00a0CHF" in needs
    )  # the amount as English writes it
    assert page.console_errors == []
