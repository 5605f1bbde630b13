"""Datasets a country uploads for the risk model, the runs of the model on them, and who the
country lets see them (issue 14). The statistics are the library's (``alliance87.riskmodel``);
this app keeps its inputs, its specification and its results."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from alliance87.core.files import unguessable_upload_to
from alliance87.core.models import Country

from . import rules


class Kind(models.TextChoices):
    SURVEY = rules.Kind.SURVEY.value, _("Household survey")
    CENSUS = rules.Kind.CENSUS.value, _("Census or administrative register")
    BOUNDARIES = rules.Kind.BOUNDARIES.value, _("Territory boundaries (GeoJSON)")


class Status(models.TextChoices):
    QUEUED = rules.Status.QUEUED.value, _("Queued")
    READING = rules.Status.READING.value, _("Reading")
    FITTING = rules.Status.FITTING.value, _("Fitting")
    SCORING = rules.Status.SCORING.value, _("Scoring")
    CLASSIFYING = rules.Status.CLASSIFYING.value, _("Classifying")
    EXPLAINING = rules.Status.EXPLAINING.value, _("Explaining")
    VALIDATING = rules.Status.VALIDATING.value, _("Validating")
    DONE = rules.Status.DONE.value, pgettext_lazy("risk model run", "Done")
    FAILED = rules.Status.FAILED.value, _("Failed")
    CANCELLED = rules.Status.CANCELLED.value, _("Cancelled")


class Level(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class Audience(models.TextChoices):
    SOCIAL_PARTNERS = (
        rules.Audience.SOCIAL_PARTNERS.value,
        _("The country's workers' and employers' organisations"),
    )
    WORKERS = rules.Audience.WORKERS.value, _("The country's workers' organisations")
    EMPLOYERS = rules.Audience.EMPLOYERS.value, _("The country's employers' organisations")
    REGIONAL = (
        rules.Audience.REGIONAL.value,
        _("The Regional Initiative's focal points (the pathfinder countries' and the network's)"),
    )
    PUBLIC = rules.Audience.PUBLIC.value, _("Everyone (public)")


class Method(models.TextChoices):
    """The library's classification methods (``riskmodel.classify.METHODS``; docs/riskmodel.md
    4.3 compares them)."""

    KMEANS = "kmeans", _("Optimal k-means (natural breaks)")
    JENKS = "jenks", _("Jenks natural breaks")
    DALENIUS_HODGES = "dalenius-hodges", _("Dalenius-Hodges (cumulative square root of frequency)")
    QUANTILES = "quantiles", _("Terciles")
    FIXED = "fixed", _("Fixed thresholds set by the country")


class Engine(models.TextChoices):
    DUCKDB = "duckdb", _("DuckDB (this server)")
    SPARK = "spark", _("Spark (the configured cluster)")


class Grant(models.Model):
    """A country lets a named person see and use its datasets and runs (beside its focal
    point and the Secretariat, who always may)."""

    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="risk_grants"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["country", "user"]
        verbose_name = _("access to risk data")
        verbose_name_plural = _("accesses to risk data")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "user"],
                name="risk_grant_unique",
                violation_error_message=_("This person already has access to this country's data."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.country_id}"


def dataset_path(instance: Dataset, filename: str) -> str:
    """Private and unguessable: ``risk/datasets/<yyyy>/<mm>/<uuid>.<format>``; the original
    name is kept in the row, never on disk. Nothing under ``risk/`` is served from MEDIA_URL
    (``core.files.PUBLIC_MEDIA_PREFIXES``)."""
    return f"risk/datasets/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{instance.format}"


class Dataset(models.Model):
    """A file a country uploaded: a survey, a census or register, or boundaries."""

    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("file name"), max_length=255)
    file = models.FileField(upload_to=dataset_path, max_length=255)
    format = models.CharField(_("format"), max_length=10)
    size = models.BigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    profile = models.JSONField(_("columns"), default=dict, blank=True)
    profile_error = models.TextField(blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("dataset")
        verbose_name_plural = _("datasets")

    def __str__(self) -> str:
        return self.name

    @property
    def columns(self) -> list[dict]:
        return list(self.profile.get("columns", []))

    @property
    def column_names(self) -> list[str]:
        return [c["name"] for c in self.columns]


class Upload(models.Model):
    """A resumable upload in progress (tus 1.0.0): its declared length, the bytes received
    so far in a private temporary file, and the dataset it became once complete."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    filename = models.CharField(max_length=255)
    format = models.CharField(max_length=10)
    length = models.BigIntegerField()
    offset = models.BigIntegerField(default=0)
    dataset = models.OneToOneField(
        Dataset, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("upload")
        verbose_name_plural = _("uploads")
        constraints = [
            models.CheckConstraint(
                condition=Q(offset__gte=0) & Q(offset__lte=models.F("length")),
                name="risk_upload_offset_in_range",
            )
        ]

    def __str__(self) -> str:
        return self.filename


class Run(models.Model):
    """One run of the model: its specification, where it stands, and its results."""

    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    survey = models.ForeignKey(
        Dataset, on_delete=models.PROTECT, related_name="+", verbose_name=_("survey")
    )
    census = models.ForeignKey(
        Dataset, on_delete=models.PROTECT, related_name="+", verbose_name=_("census or register")
    )
    boundaries = models.ForeignKey(
        Dataset,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("boundaries"),
    )
    outcome = models.CharField(pgettext_lazy("risk model", "outcome"), max_length=120)
    determinants = models.JSONField(_("determinants"), default=list)
    categorical = models.JSONField(_("categorical determinants"), default=list, blank=True)
    weight = models.CharField(_("weight"), max_length=120, blank=True)
    strata = models.CharField(_("strata"), max_length=120, blank=True)
    psu = models.CharField(_("primary sampling units"), max_length=120, blank=True)
    territory = models.CharField(_("territory column"), max_length=120)
    region = models.CharField(_("region column"), max_length=120, blank=True)
    where = models.CharField(_("filter"), max_length=500, blank=True)
    method = models.CharField(
        _("classification method"), max_length=16, choices=Method.choices, default=Method.KMEANS
    )
    #: The two cut-points of the ``fixed`` method (risk indices, 0-1, increasing); empty
    #: for the other methods.
    thresholds = models.JSONField(_("thresholds"), default=list, blank=True)
    engine = models.CharField(
        _("engine"), max_length=8, choices=Engine.choices, default=Engine.DUCKDB
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    step = models.CharField(max_length=120, blank=True)
    cancel_requested = models.BooleanField(default=False)
    error = models.TextField(_("error"), blank=True)
    error_code = models.CharField(max_length=60, blank=True)
    error_params = models.JSONField(default=dict, blank=True)
    library_version = models.CharField(_("library version"), max_length=40, blank=True)
    checksums = models.JSONField(_("input checksums"), default=dict, blank=True)
    model = models.JSONField(_("MODEL.json"), null=True, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    validation = models.JSONField(null=True, blank=True)
    #: The boundaries matched to the territories (``properties.territory`` = the code): what
    #: the maps draw. Aggregates and polygons only, never microdata.
    geometry = models.JSONField(null=True, blank=True)
    #: The library's HTML report (``riskmodel.report``), in the language of the run's author.
    report = models.FileField(upload_to="risk/reports/", max_length=255, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    audience = models.CharField(
        _("shared with"), max_length=16, choices=Audience.choices, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    finished_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("model run")
        verbose_name_plural = _("model runs")
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="risk_run_progress_at_most_100"
            ),
            models.CheckConstraint(
                condition=Q(published_at__isnull=True, audience="")
                | Q(published_at__isnull=False) & ~Q(audience=""),
                name="risk_run_published_with_an_audience",
            ),
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | Q(status="done"),
                name="risk_run_published_only_when_done",
                violation_error_message=_("Only a finished run can be published."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def active(self) -> bool:
        return self.status in rules.ACTIVE

    @property
    def published(self) -> bool:
        return self.published_at is not None


class Territory(models.Model):
    """One row of a run's territories table (the library's ``territories.csv``); the other
    columns of the table are in ``data``."""

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="territories")
    code = models.CharField(_("territory"), max_length=120)
    name = models.CharField(_("name"), max_length=200, blank=True)
    region = models.CharField(_("region"), max_length=120, blank=True)
    rank = models.PositiveIntegerField(_("rank"))
    level = models.CharField(_("level"), max_length=8, choices=Level.choices, blank=True)
    risk_index = models.FloatField(_("risk index"))
    expected = models.FloatField(_("expected number in child labour"))
    children = models.FloatField(_("children"))
    records = models.BigIntegerField(_("records"))
    #: The fit's sampling uncertainty (docs/riskmodel.md 4.8): standard errors and 95%
    #: intervals of the risk index and the expected count, and the share of the stability
    #: draws that keep the territory at its level. Empty when the model kept no covariance.
    risk_index_se = models.FloatField(null=True, blank=True)
    risk_index_ci_low = models.FloatField(null=True, blank=True)
    risk_index_ci_high = models.FloatField(null=True, blank=True)
    expected_se = models.FloatField(null=True, blank=True)
    expected_ci_low = models.FloatField(null=True, blank=True)
    expected_ci_high = models.FloatField(null=True, blank=True)
    level_probability = models.FloatField(_("level probability"), null=True, blank=True)
    top_factors = models.CharField(max_length=500, blank=True)
    data = models.JSONField(default=dict)

    class Meta:
        ordering = ["rank", "code"]
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        constraints = [
            models.UniqueConstraint(fields=["run", "code"], name="risk_territory_unique")
        ]

    def __str__(self) -> str:
        return self.name or self.code


class PriorityTerritory(models.Model):
    """A roadmap's priority area or measure (``pathfinders.Priority``) names a territory it
    targets, by the code the country's runs give it (issue 14, "Beside the roadmap")."""

    priority = models.ForeignKey(
        "pathfinders.Priority", on_delete=models.CASCADE, related_name="risk_territories"
    )
    code = models.CharField(_("territory"), max_length=120)
    name = models.CharField(_("name"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["priority", "code"]
        verbose_name = _("territory a priority targets")
        verbose_name_plural = _("territories priorities target")
        constraints = [
            models.UniqueConstraint(fields=["priority", "code"], name="risk_priority_territory")
        ]

    def __str__(self) -> str:
        return f"{self.priority_id}: {self.code}"


class SupportStatus(models.TextChoices):
    REQUESTED = rules.SupportStatus.REQUESTED.value, _("Requested")
    ASSIGNED = rules.SupportStatus.ASSIGNED.value, _("Technical staff assigned")
    IN_PROGRESS = rules.SupportStatus.IN_PROGRESS.value, _("Support under way")
    COMPLETED = rules.SupportStatus.COMPLETED.value, _("Completed")
    DECLINED = rules.SupportStatus.DECLINED.value, _("Declined")
    WITHDRAWN = (
        rules.SupportStatus.WITHDRAWN.value,
        pgettext_lazy("support request status", "Withdrawn"),
    )


class SupportRequest(models.Model):
    """A country asks for technical support to apply the model (seed 004: a formal letter
    from the minister, then ILO/ECLAC technical support); the Secretariat assigns staff."""

    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    message = models.TextField(_("what support the country asks for"))
    #: The minister's letter: private (nothing under ``risk/`` is served from MEDIA_URL).
    letter = models.FileField(
        _("letter"), upload_to=unguessable_upload_to("risk/letters"), max_length=255
    )
    letter_name = models.CharField(max_length=255)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=SupportStatus.choices,
        default=SupportStatus.REQUESTED,
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="risk_support", verbose_name=_("staff")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("request for technical support")
        verbose_name_plural = _("requests for technical support")

    def __str__(self) -> str:
        return f"{self.country_id} {self.created_at:%Y-%m-%d}"


class SupportStep(models.Model):
    """One step of a request (each transition of :data:`.rules.SUPPORT`), with who took it."""

    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="steps")
    status = models.CharField(max_length=12, choices=SupportStatus.choices)
    note = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.status}"
