"""Results frameworks: results, indicators, baselines and targets, and the values countries report.

A framework (the Regional Initiative's strategic plan 2018-2021, seed 004, Session 3, Table 1;
later a pathfinder's indicator framework) has numbered results; each result has numbered
indicators. An indicator accepts one or more *value kinds* (count, amount with its currency,
percentage, level on a stated scale, typed list, narrative); a country's value for a year
fills the fields of those kinds and goes draft -> submitted -> published (rules.VALUE).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from alliance87.core.content import MultilingualField
from alliance87.core.models import Country

from . import rules


class FrameworkKind(models.TextChoices):
    REGIONAL_INITIATIVE = "regional_initiative", _("Regional initiative")
    PATHFINDER = "pathfinder", _("Pathfinder countries")
    COUNTRY = "country", _("Country")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")
    NONE = "none", _("No direction")


class ValueKind(models.TextChoices):
    COUNT = "count", _("Count")
    AMOUNT = "amount", _("Amount")
    PERCENTAGE = "percentage", _("Percentage")
    LEVEL = "level", _("Level")
    LIST = "list", _("Typed list")
    NARRATIVE = "narrative", _("Narrative")


class Disaggregation(models.TextChoices):
    SEX = "sex", _("Sex")
    AGE = "age", _("Age")
    AREA = "area", _("Area")
    SECTOR = "sector", _("Sector")
    CONSTITUENCY = "constituency", _("Constituency")


class ValueStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", pgettext_lazy("value status", "Submitted")
    PUBLISHED = "published", pgettext_lazy("value status", "Published")


class Framework(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=24, choices=FrameworkKind.choices)
    titles = MultilingualField(_("title"))
    descriptions = MultilingualField(_("description"), blank=True, textarea=True)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    source = models.CharField(_("source"), max_length=300, blank=True)
    # A pathfinder's (or a country's) own framework: the country whose focal point defines
    # its indicators (seed 003: each pathfinder updates its country's indicator framework).
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("results framework")
        verbose_name_plural = _("results frameworks")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")), name="results_period_order"
            ),
            models.UniqueConstraint(
                fields=["kind", "country"],
                condition=Q(country__isnull=False),
                name="results_one_framework_per_country_and_kind",
                violation_error_message=_("This country already has its indicator framework."),
            ),
        ]

    def __str__(self) -> str:
        return self.code


class Result(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="results")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    number = models.CharField(_("number"), max_length=12)
    texts = MultilingualField(_("result"), textarea=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["framework_id", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="results_result_number")
        ]

    def __str__(self) -> str:
        return f"{self.framework_id} {self.number}"


class Indicator(models.Model):
    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("code"), max_length=12)
    texts = MultilingualField(_("indicator"), textarea=True)
    order = models.PositiveSmallIntegerField(default=0)
    value_kinds = models.JSONField(_("value kinds"), default=list)
    unit = models.CharField(
        _("unit"), max_length=40, blank=True, help_text=_('"countries" for a count of countries')
    )
    currency = models.CharField(
        _("currency"), max_length=3, blank=True, help_text=_("ISO 4217, when fixed for amounts")
    )
    scale_min = models.SmallIntegerField(_("lowest level"), null=True, blank=True)
    scale_max = models.SmallIntegerField(_("highest level"), null=True, blank=True)
    categories = models.JSONField(_("list categories"), default=list, blank=True)
    direction = models.CharField(
        _("direction"), max_length=8, choices=Direction.choices, default=Direction.NONE
    )
    disaggregations = models.JSONField(_("disaggregations"), default=list, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    links = models.JSONField(
        _("links to platform objects"),
        default=list,
        blank=True,
        help_text=_('A list of {"kind": ..., "ref": ...}, e.g. a group slug'),
    )

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["result__framework_id", "result__order", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["result", "code"], name="results_indicator_code")
        ]

    def __str__(self) -> str:
        return self.code

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if reason := rules.indicator_spec_refusal(self.spec()):
            from alliance87.core.refusals import refusal_text

            raise ValidationError({reason.values.get("field", "value_kinds"): refusal_text(reason)})

    def spec(self) -> rules.IndicatorSpec:
        return rules.IndicatorSpec(
            kinds=frozenset(self.value_kinds),
            unit=self.unit,
            currency=self.currency,
            scale_min=self.scale_min,
            scale_max=self.scale_max,
            categories=tuple(self.categories),
            disaggregations=frozenset(self.disaggregations),
        )


class TargetValue(models.Model):
    """A baseline or a target for a year, only where a source states it (none is invented)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("year"))
    is_baseline = models.BooleanField(_("baseline"), default=False)
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=3)
    source = models.CharField(_("source"), max_length=300)

    class Meta:
        verbose_name = _("target value")
        verbose_name_plural = _("target values")
        ordering = ["indicator_id", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "is_baseline"], name="results_target_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.year}"


class IndicatorValue(models.Model):
    """A country's value of an indicator for a year (and a disaggregation), with its status."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    disaggregation = models.JSONField(_("disaggregation"), default=dict, blank=True)
    disaggregation_key = models.CharField(max_length=200, blank=True, editable=False)
    count = models.BigIntegerField(_("count"), null=True, blank=True)
    amount = models.DecimalField(
        _("amount"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    percentage = models.DecimalField(
        _("percentage"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    level = models.SmallIntegerField(_("level"), null=True, blank=True)
    items = models.JSONField(_("list"), default=list, blank=True)
    narrative = models.TextField(_("narrative"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ValueStatus.choices, default=ValueStatus.DRAFT
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(_("entered at"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["indicator_id", "country_id", "year", "disaggregation_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "country", "year", "disaggregation_key"],
                name="results_one_value_per_cell",
                violation_error_message=_(
                    "This country already has a value of this indicator for this year."
                ),
            ),
        ]
        # The reporting status of every indicator of a framework is read from this index
        # (selectors.framework_get), whatever the number of values.
        indexes = [models.Index(fields=["indicator", "status"], name="results_value_status")]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.country_id} {self.year}"

    def save(self, *args, **kwargs):
        self.disaggregation_key = rules.disaggregation_key(self.disaggregation)
        if (fields := kwargs.get("update_fields")) is not None:
            kwargs["update_fields"] = {*fields, "disaggregation_key"}
        super().save(*args, **kwargs)

    def validate_constraints(self, exclude=None):
        self.disaggregation_key = rules.disaggregation_key(self.disaggregation)
        super().validate_constraints(exclude=exclude)

    def fields(self) -> dict:
        return {name: getattr(self, name) for name in rules.VALUE_FIELDS}


class ValueRevision(models.Model):
    """What a value was at each version: one row per change, never edited."""

    value = models.ForeignKey(IndicatorValue, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=ValueStatus.choices)
    data = models.JSONField(default=dict)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("value revision")
        verbose_name_plural = _("value revisions")
        ordering = ["value_id", "version"]
        constraints = [
            models.UniqueConstraint(fields=["value", "version"], name="results_revision_unique")
        ]

    def __str__(self) -> str:
        return f"{self.value_id} v{self.version}"


# The network's models live in their own module; importing them here registers them.
from .models_network import (  # noqa: E402, F401
    Constituency,
    NetworkBody,
    NetworkMeeting,
    NetworkMember,
    NetworkMilestone,
    NetworkPerson,
    NetworkPhase,
)
from .models_plans import (  # noqa: E402, F401
    OperationalPlan,
    PlanActivity,
    PlanProduct,
    PlanResource,
    PlanStatus,
    RoadmapLine,
)
