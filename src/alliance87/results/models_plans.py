"""Plans of a results framework (imported by models.py): the resource mobilisation roadmap's
lines of action (seed 004, Session 6), and an operational plan's products and activities per
result, with responsible parties, dates, status and the resources available and missing.

Seed 004 loads the roadmap verbatim; the operational plan 2018-2019 is in Annex 6, which the
seed only names, so its products, activities and resources are entered by the Secretariat
and the focal points (nothing is invented).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from alliance87.core.content import MultilingualField

from . import rules


class RoadmapLine(models.Model):
    """A line of action of the resource mobilisation roadmap, in the seed's words."""

    class Level(models.TextChoices):
        REGIONAL = "regional", _("Regional")
        NATIONAL = "national", _("National")
        COOPERATION = "cooperation", _("Cooperation")

    key = models.SlugField(_("key"), max_length=40, unique=True)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    number = models.CharField(_("number"), max_length=8, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    quote = MultilingualField(_("the seed's words"), textarea=True)
    seed_line = models.PositiveIntegerField(_("seed line"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("roadmap line of action")
        verbose_name_plural = _("roadmap lines of action")

    def __str__(self) -> str:
        return self.key


class OperationalPlan(models.Model):
    framework = models.ForeignKey(
        "results.Framework", on_delete=models.CASCADE, related_name="plans"
    )
    code = models.SlugField(_("code"), max_length=40, unique=True)
    titles = MultilingualField(_("title"))
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    seed_line = models.PositiveIntegerField(_("seed line"), null=True, blank=True)

    class Meta:
        ordering = ["framework_id", "start_year", "code"]
        verbose_name = _("operational plan")
        verbose_name_plural = _("operational plans")

    def __str__(self) -> str:
        return self.code


class PlanStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    UNDER_WAY = "under_way", _("Under way")
    DONE = "done", pgettext_lazy("activity status", "Done")


class PlanProduct(models.Model):
    plan = models.ForeignKey(OperationalPlan, on_delete=models.CASCADE, related_name="products")
    result = models.ForeignKey("results.Result", on_delete=models.PROTECT, related_name="products")
    text = models.TextField(_("product"))
    responsible = models.CharField(_("responsible parties"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["plan_id", "result__order", "pk"]
        verbose_name = _("product")
        verbose_name_plural = _("products")

    def __str__(self) -> str:
        return self.text[:60]


class PlanActivity(models.Model):
    product = models.ForeignKey(PlanProduct, on_delete=models.CASCADE, related_name="activities")
    text = models.TextField(_("activity"))
    responsible = models.CharField(_("responsible parties"), max_length=300, blank=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.PLANNED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["product_id", "pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="results_activity_dates_order",
                violation_error_message=_("The end is on or after the start."),
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]


class PlanResource(models.Model):
    """A resource an activity has (available) or needs (missing): its kind, and an amount
    with its currency where one is given."""

    class Availability(models.TextChoices):
        AVAILABLE = "available", _("Available")
        MISSING = "missing", _("Missing")

    class Kind(models.TextChoices):
        HUMAN = "human", _("Human")
        TECHNICAL = "technical", _("Technical")
        ECONOMIC = "economic", _("Economic")

    activity = models.ForeignKey(PlanActivity, on_delete=models.CASCADE, related_name="resources")
    availability = models.CharField(
        _("available or missing"), max_length=10, choices=Availability.choices
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    description = models.CharField(_("description"), max_length=300, blank=True)
    amount = models.DecimalField(
        _("amount"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["activity_id", "pk"]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")

    def __str__(self) -> str:
        return f"{self.kind} {self.availability}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from alliance87.core.refusals import refusal_text

        found = rules.resource_refusals(self.kind, self.amount, self.currency)
        if found:
            errors: dict = {}
            for r in found:
                errors.setdefault(r.values.get("field", "__all__"), []).append(refusal_text(r))
            raise ValidationError(errors)
