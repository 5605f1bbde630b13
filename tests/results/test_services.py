"""Entering, editing, submitting and publishing values: each refusal writes nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from alliance87.core.exceptions import Conflict, TransitionRefused
from alliance87.core.models import AuditEntry
from alliance87.results import services
from alliance87.results.events import ResultsEvent
from alliance87.results.models import IndicatorValue, ValueRevision

from .conftest import indicator

pytestmark = pytest.mark.django_db


def enter(actor, code="1.5", country="PER", year=2019, **data):
    data = data or {"count": 1}
    return services.value_enter(
        actor=actor, indicator_id=indicator(code).pk, country_id=country, year=year, **data
    )


def test_a_focal_point_enters_a_draft_value_for_their_country(framework, peru_focal_point):
    v = enter(peru_focal_point)
    v.refresh_from_db()
    assert (v.status, v.count, v.entered_by, v.version) == ("draft", 1, peru_focal_point, 1)
    row = AuditEntry.objects.get(event=ResultsEvent.VALUE_ENTERED)
    assert row.actor == peru_focal_point
    assert row.changes["count"] == [None, 1]
    assert list(v.revisions.values_list("version", "status")) == [(1, "draft")]


def test_a_focal_point_cannot_enter_another_countrys_value(framework, peru_focal_point):
    with pytest.raises(PermissionDenied):
        enter(peru_focal_point, country="ARG")
    assert (
        not IndicatorValue.objects.exists()
        and not AuditEntry.objects.filter(event__startswith="results.").exists()
    )


def test_a_value_that_breaks_its_indicators_kinds_is_refused_naming_each_field(
    framework, secretariat
):
    with pytest.raises(ValidationError) as exc:
        enter(secretariat, code="1.2", amount="100", items=[{"type": "jurídicos", "label": "x"}])
    errors = exc.value.error_dict
    assert [e.code for e in errors["currency"]] == ["results.amount_without_currency"]
    assert [e.code for e in errors["items"]] == ["results.item_type_unknown"]
    assert (
        not IndicatorValue.objects.exists()
        and not AuditEntry.objects.filter(event__startswith="results.").exists()
    )


def test_a_year_outside_the_plans_period_is_refused(framework, secretariat):
    with pytest.raises(ValidationError) as exc:
        enter(secretariat, year=2025)
    assert exc.value.error_dict["year"][0].code == "results.year_out_of_period"
    assert not IndicatorValue.objects.exists()


def test_one_value_per_country_year_and_disaggregation(framework, secretariat):
    enter(secretariat)
    with pytest.raises(ValidationError):
        enter(secretariat)
    assert IndicatorValue.objects.count() == 1


def test_an_edit_keeps_the_history_in_revisions(framework, peru_focal_point):
    v = enter(peru_focal_point, code="1.1", count=2)
    services.value_edit(actor=peru_focal_point, value_id=v.pk, expected_version=1, count=5)
    v.refresh_from_db()
    assert (v.count, v.version) == (5, 2)
    assert [r.data["count"] for r in ValueRevision.objects.filter(value=v)] == [2, 5]
    row = AuditEntry.objects.get(event=ResultsEvent.VALUE_EDITED)
    assert row.actor == peru_focal_point and row.changes["count"] == [2, 5]


def test_a_stale_edit_is_refused(framework, peru_focal_point):
    v = enter(peru_focal_point, code="1.1", count=2)
    with pytest.raises(Conflict):
        services.value_edit(actor=peru_focal_point, value_id=v.pk, expected_version=7, count=5)
    v.refresh_from_db()
    assert v.count == 2 and v.revisions.count() == 1


def test_the_secretariat_publishes_a_submitted_value(framework, peru_focal_point, secretariat):
    v = enter(peru_focal_point)
    services.value_submit(actor=peru_focal_point, value_id=v.pk, expected_version=1)
    services.value_publish(actor=secretariat, value_id=v.pk, expected_version=2)
    v.refresh_from_db()
    assert v.status == "published" and v.published_at is not None
    row = AuditEntry.objects.get(event=ResultsEvent.VALUE_PUBLISHED)
    assert row.actor == secretariat and row.changes["status"] == ["submitted", "published"]
    assert list(v.revisions.values_list("status", flat=True)) == ["draft", "submitted", "published"]


def test_a_focal_point_cannot_publish(framework, peru_focal_point):
    v = enter(peru_focal_point)
    services.value_submit(actor=peru_focal_point, value_id=v.pk, expected_version=1)
    with pytest.raises(PermissionDenied):
        services.value_publish(actor=peru_focal_point, value_id=v.pk, expected_version=2)
    v.refresh_from_db()
    assert v.status == "submitted"


def test_a_draft_cannot_be_published_before_it_is_submitted(framework, secretariat):
    v = enter(secretariat)
    with pytest.raises(TransitionRefused) as exc:
        services.value_publish(actor=secretariat, value_id=v.pk, expected_version=1)
    assert exc.value.code == "results.value.not_allowed_from"
    v.refresh_from_db()
    assert (
        v.status == "draft"
        and not AuditEntry.objects.filter(event=ResultsEvent.VALUE_PUBLISHED).exists()
    )


def test_a_published_value_is_not_edited_until_reopened(framework, secretariat):
    v = enter(secretariat, code="1.1", count=1)
    services.value_submit(actor=secretariat, value_id=v.pk, expected_version=1)
    services.value_publish(actor=secretariat, value_id=v.pk, expected_version=2)
    with pytest.raises(TransitionRefused):
        services.value_edit(actor=secretariat, value_id=v.pk, expected_version=3, count=9)
    services.value_reopen(actor=secretariat, value_id=v.pk, expected_version=3)
    services.value_edit(actor=secretariat, value_id=v.pk, expected_version=4, count=9)
    v.refresh_from_db()
    assert (v.status, v.count) == ("draft", 9)


def test_the_history_of_a_value_is_given_to_its_country_and_the_secretariat_only(
    framework, peru_focal_point, secretariat, make_user
):
    from alliance87.core.models import Role
    from tests.conftest import client_for

    v = enter(peru_focal_point, code="1.1", count=2)
    services.value_edit(actor=peru_focal_point, value_id=v.pk, expected_version=1, count=3)
    url = f"/api/results/values/{v.pk}/revisions"
    body = client_for(peru_focal_point).get(url).json()
    assert [(r["version"], r["data"]["count"]) for r in body] == [(1, 2), (2, 3)]
    assert body[0]["changed_by"] == peru_focal_point.email
    assert client_for(secretariat).get(url).status_code == 200
    assert client_for(make_user(Role.FOCAL_POINT)).get(url).status_code == 403
    assert client_for(None).get(url).status_code == 401
    assert client_for(secretariat).get("/api/results/values/999999/revisions").status_code == 404
