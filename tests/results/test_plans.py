"""The resource mobilisation roadmap (seed 004, Session 6) loaded verbatim, and the
operational plan that the Secretariat and the focal points fill in, with each result's
resource gap per currency."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from alliance87.core.models import AuditEntry, Role
from alliance87.results import rules, services_plans
from alliance87.results.models import Result
from alliance87.results.models_plans import (
    OperationalPlan,
    PlanActivity,
    PlanProduct,
    PlanResource,
    RoadmapLine,
)
from tests.conftest import client_for

from .conftest import FW

pytestmark = pytest.mark.django_db

SEED = Path("/work/shared/seeds/004_1f9d9aa1016827a1.txt")
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
EDITORS = {"secretariat", "focal_point"}


@pytest.fixture
def persona_scope(framework, peru):
    return {"focal_point": peru}


@pytest.fixture
def plan(framework):
    return OperationalPlan.objects.get(framework=framework)


def result(number: str) -> Result:
    return Result.objects.get(framework__code=FW, number=number)


@pytest.fixture
def filled(plan, make_user):
    """Result 1: one product, one activity, resources missing in USD, in EUR and unpriced,
    and one available in USD."""
    sec = make_user(Role.SECRETARIAT)
    p = services_plans.product_add(
        actor=sec, plan_id=plan.pk, result_id=result("1").pk, text="Producto A"
    )
    a = services_plans.activity_add(actor=sec, product_id=p.pk, text="Actividad A1")
    for availability, kind, amount, currency in [
        ("missing", "economic", "1000", "USD"),
        ("missing", "economic", "250.50", "USD"),
        ("missing", "economic", "300", "EUR"),
        ("missing", "human", None, ""),
        ("available", "economic", "5000", "USD"),
    ]:
        services_plans.resource_add(
            actor=sec,
            activity_id=a.pk,
            availability=availability,
            kind=kind,
            amount=amount,
            currency=currency,
        )
    return {"product": p, "activity": a, "resource": a.resources.first()}


# --- The roadmap, verbatim ------------------------------------------------------------------


@pytest.mark.skipif(not SEED.exists(), reason="seed text not on this machine")
def test_every_line_of_action_is_the_seeds_words_at_its_line(framework):
    lines = SEED.read_text(encoding="utf-8").splitlines()
    rows = list(RoadmapLine.objects.all())
    assert len(rows) == 23
    for row in rows:
        assert row.quote["es"] in lines[row.seed_line - 1], row.key


def test_the_roadmap_has_four_regional_and_eight_national_lines_and_five_cooperation_elements(
    framework,
):
    top = RoadmapLine.objects.filter(parent=None)
    assert [r.number for r in top.filter(level="regional")] == ["1", "2", "3", "4"]
    assert [r.number for r in top.filter(level="national")] == [str(i) for i in range(1, 9)]
    assert top.filter(level="cooperation").count() == 5
    first = RoadmapLine.objects.get(key="regional-1")
    assert first.quote["es"] == "Recursos asignados por OIT para asegurar la ST:"
    assert first.children.count() == 4
    assert RoadmapLine.objects.get(key="regional-3").quote["es"] == (
        "Hacer incidencia en GRULAC: 2020-2021."
    )


def test_the_roadmap_page_and_api_show_the_lines_by_level(framework, django_assert_num_queries):
    client = client_for(None)
    with django_assert_num_queries(1):
        html = client.get("/es/results/network/roadmap/").content.decode()
    assert 'data-level="regional"' in html and 'data-level="national"' in html
    assert "Hacer una solicitud colectiva (28 países) a socios." in html
    data = json.loads(client.get("/api/results/network/roadmap").content)
    assert {d["level"] for d in data} == {"regional", "national", "cooperation"}
    assert next(d for d in data if d["key"] == "regional-4-1")["parent"] == "regional-4"


# --- The operational plan: nothing invented -------------------------------------------------


def test_the_plan_2018_2019_is_loaded_empty_because_annex_6_is_not_in_the_seed(plan):
    assert (plan.start_year, plan.end_year, plan.seed_line) == (2018, 2019, 554)
    assert PlanProduct.objects.count() == 0
    html = client_for(None).get(f"/en/results/{FW}/plan/").content.decode()
    assert 'id="annex-6"' in html and "Annex 6" in html
    assert "different currencies are never added together" in html


# --- The resource gap rule ------------------------------------------------------------------


def test_resource_gap_adds_missing_amounts_per_currency_and_never_mixes_currencies():
    gap = rules.resource_gap(
        [
            ("missing", Decimal("1000"), "USD"),
            ("missing", Decimal("250.50"), "USD"),
            ("missing", Decimal("300"), "EUR"),
            ("missing", None, ""),
            ("available", Decimal("5000"), "USD"),
        ]
    )
    assert gap.amounts == {"EUR": Decimal("300"), "USD": Decimal("1250.50")}
    assert (gap.unpriced, gap.missing) == (1, 4)


def test_resource_gap_is_empty_without_missing_resources():
    gap = rules.resource_gap([("available", Decimal("10"), "USD")])
    assert (gap.amounts, gap.unpriced, gap.missing) == ({}, 0, 0)


@pytest.mark.parametrize(
    ("kind", "amount", "currency", "code", "field"),
    [
        ("economic", "100", "", "results.amount_without_currency", "currency"),
        ("economic", "-1", "USD", "results.amount_negative", "amount"),
        ("economic", "100", "usd", "results.currency_invalid", "currency"),
        ("economic", None, "USD", "results.currency_without_amount", "amount"),
        ("financial", None, "", "results.resource_kind_unknown", "kind"),
    ],
)
def test_a_resource_is_refused_with_a_message_naming_its_field(kind, amount, currency, code, field):
    (r,) = rules.resource_refusals(kind, amount, currency)
    assert (r.code, r.values["field"]) == (code, field)


def test_the_plan_page_writes_amounts_as_the_readers_language_does(filled):
    """Gaps and resources are amounts in prose ("1 250,50 USD" in Spanish), never the stored
    number ("1250.50"); the spaces do not break."""
    html = client_for(None).get(f"/es/results/{FW}/plan/").content.decode()
    assert '<span data-currency="USD">1\xa0250,50\xa0USD</span>' in html
    assert "5\xa0000,00\xa0USD" in html and "· 250,50\xa0USD" in html
    assert "1250.50" not in html and "5000.00" not in html
    html = client_for(None).get(f"/pt/results/{FW}/plan/").content.decode()
    assert '<span data-currency="USD">1.250,50\xa0USD</span>' in html


def test_the_plan_page_shows_each_results_gap_per_currency(filled, django_assert_num_queries):
    html = client_for(None).get(f"/en/results/{FW}/plan/").content.decode()
    assert '<span data-currency="USD">1,250.50\xa0USD</span>' in html
    assert '<span data-currency="EUR">300.00\xa0EUR</span>' in html
    assert 'data-unpriced="1"' in html
    data = json.loads(client_for(None).get(f"/api/results/frameworks/{FW}/plan").content)
    gap = next(g for g in data["gaps"] if g["result"] == "1")
    assert gap["missing_by_currency"] == {"EUR": "300.00", "USD": "1250.50"}
    assert gap["missing_without_amount"] == 1


@pytest.mark.parametrize("n", [1, 5])
def test_the_plan_page_takes_a_fixed_number_of_queries(
    plan, make_user, django_assert_num_queries, n
):
    sec = make_user(Role.SECRETARIAT)
    for i in range(n):
        p = services_plans.product_add(
            actor=sec, plan_id=plan.pk, result_id=result(str(1 + i % 5)).pk, text=f"P{i}"
        )
        a = services_plans.activity_add(actor=sec, product_id=p.pk, text=f"A{i}")
        services_plans.resource_add(
            actor=sec, activity_id=a.pk, availability="missing", kind="technical"
        )
    client = client_for(None)
    with django_assert_num_queries(6):
        assert client.get(f"/es/results/{FW}/plan/").status_code == 200
    with django_assert_num_queries(6):
        assert client.get(f"/api/results/frameworks/{FW}/plan").status_code == 200


def test_a_stale_version_is_refused_and_changes_nothing(filled, make_user):
    sec = make_user(Role.SECRETARIAT)
    a = filled["activity"]
    services_plans.activity_edit(
        actor=sec, activity_id=a.pk, expected_version=1, status="under_way"
    )
    r = client_for(sec).patch(
        f"/api/results/plan/activities/{a.pk}",
        json.dumps({"version": 1, "status": "done"}),
        content_type="application/json",
    )
    assert r.status_code == 409
    assert PlanActivity.objects.get(pk=a.pk).status == "under_way"


def test_a_focal_point_fills_in_the_plan_on_the_page(plan, peru_focal_point):
    client = client_for(peru_focal_point)
    r = client.post(
        f"/es/results/{FW}/plan/product/add/",
        {"result": result("2").pk, "text": "Producto del PF", "responsible": "PF y ST"},
    )
    assert r.status_code == 302
    product = PlanProduct.objects.get()
    assert (product.result.number, product.responsible) == ("2", "PF y ST")
    r = client.post(
        f"/es/results/{FW}/plan/activity/add/",
        {"product": product.pk, "text": "Actividad", "status": "planned"},
    )
    assert r.status_code == 302
    activity = PlanActivity.objects.get()
    r = client.post(
        f"/es/results/{FW}/plan/resource/add/",
        {"activity": activity.pk, "availability": "missing", "kind": "economic", "amount": "10"},
    )
    assert r.status_code == 400  # an amount without its currency
    assert "Un monto necesita su moneda." in r.content.decode()
    assert PlanResource.objects.count() == 0


# --- Who may fill in the plan ---------------------------------------------------------------


def _actions(plan, f):
    a, p, r = f["activity"], f["product"], f["resource"]
    return {
        "add_product": (
            "post",
            f"frameworks/{FW}/plan/products",
            {"result": "1", "text": "X"},
            201,
        ),
        "edit_product": ("patch", f"plan/products/{p.pk}", {"version": 1, "text": "Y"}, 200),
        "add_activity": ("post", f"plan/products/{p.pk}/activities", {"text": "Z"}, 201),
        "edit_activity": (
            "patch",
            f"plan/activities/{a.pk}",
            {"version": 1, "status": "done"},
            200,
        ),
        "add_resource": (
            "post",
            f"plan/activities/{a.pk}/resources",
            {"availability": "missing", "kind": "human"},
            201,
        ),
        "edit_resource": (
            "patch",
            f"plan/resources/{r.pk}",
            {"version": 1, "availability": "available"},
            200,
        ),
    }


def plan_rows() -> tuple[int, ...]:
    return (
        PlanProduct.objects.count(),
        PlanActivity.objects.count(),
        PlanResource.objects.count(),
        AuditEntry.objects.filter(event__startswith="results.plan.").count(),
        PlanActivity.objects.filter(status="done").count(),
        PlanResource.objects.filter(availability="available").count(),
    )


ACTIONS = [
    "add_product",
    "edit_product",
    "add_activity",
    "edit_activity",
    "add_resource",
    "edit_resource",
]


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_plan_matrix(request, persona, action, plan, filled):
    name = request.node.callspec.params["persona"]
    method, path, payload, success = _actions(plan, filled)[action]
    audit = AuditEntry.objects.filter(event__startswith="results.plan.").count()
    before = plan_rows()
    response = getattr(client_for(persona), method)(
        f"/api/results/{path}", json.dumps(payload), content_type="application/json"
    )
    if name in EDITORS:
        assert response.status_code == success, response.content
        assert AuditEntry.objects.filter(event__startswith="results.plan.").count() == audit + 1
    else:
        assert response.status_code == (401 if persona is None else 403), response.content
        assert plan_rows() == before


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_plan_pages_matrix(request, persona, plan, filled):
    name = request.node.callspec.params["persona"]
    client = client_for(persona)
    assert client.get(f"/es/results/{FW}/plan/").status_code == 200
    edit = client.get(f"/es/results/plan/activities/{filled['activity'].pk}/edit/")
    before = plan_rows()
    add = client.post(
        f"/es/results/{FW}/plan/product/add/", {"result": result("1").pk, "text": "Q"}
    )
    if name in EDITORS:
        assert edit.status_code == 200 and add.status_code == 302
    else:
        assert edit.status_code in (302, 403) and add.status_code in (302, 403)
        assert plan_rows() == before
