"""Pathfinder countries: the record, its dated events, roadmaps, annual reports and reviews.

The event log (:class:`PathfinderEvent`) is the source of truth for status and stage: the
services append events and store the state that :func:`rules.assess` computes from them, so
the history export (``GET /api/pathfinders/{iso3}/history``) replays to the same answer.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from alliance87.core.content import MultilingualField
from alliance87.core.files import unguessable_upload_to
from alliance87.core.models import Country, pick_language

from . import messages, rules

#: A country's status and stage: the members of ``rules.Status`` and ``rules.Stage`` with
#: their words from ``messages`` (declared once).
Status = models.TextChoices(
    "Status", [(s.name, (s.value, messages.STATUS_TEXT[s])) for s in rules.Status]
)
Stage = models.TextChoices(
    "Stage", [(s.name, (s.value, messages.STAGE_TEXT[s])) for s in rules.Stage]
)


#: The events of a country's history: the members of ``rules.EventType`` (one declaration,
#: in the cycle's order) with their words from ``messages.EVENT_TYPE_TEXT``.
EventType = models.TextChoices(
    "EventType", [(e.name, (e.value, messages.EVENT_TYPE_TEXT[e])) for e in rules.EventType]
)


class EvidenceKind(models.TextChoices):
    FORMAL_EVALUATION = "formal_evaluation", _("Formal evaluation")
    SURVEY = "survey", _("Survey")
    CASE_STUDY = "case_study", _("Case study")
    FOCUS_GROUP = "focus_group", _("Focus group")
    INTERVIEW = "interview", _("Interview")
    ANECDOTAL = "anecdotal", _("Anecdotal evidence")
    THIRD_PARTY = "third_party", _("Third-party information")


class Pathfinder(models.Model):
    """A country on the pathfinder path: candidate, active or inactive."""

    country = models.OneToOneField(
        Country, primary_key=True, on_delete=models.PROTECT, related_name="pathfinder"
    )
    status = models.CharField(
        pgettext_lazy("pathfinder status", "status"), max_length=12, choices=Status.choices
    )
    stage = models.CharField(_("stage"), max_length=24, choices=Stage.choices)
    became_active_on = models.DateField(_("pathfinder since"), null=True, blank=True)
    focal_point_name = models.CharField(_("national focal point"), max_length=200, blank=True)
    focal_point_institution = models.CharField(
        _("focal point's institution"), max_length=200, blank=True
    )
    profile_published = models.BooleanField(_("profile published"), default=False)
    workshop_status = models.CharField(max_length=20, blank=True)
    workshop_month = models.CharField(
        _("workshop month"), max_length=7, blank=True, help_text=_("YYYY-MM, only where known")
    )
    seed_data = models.JSONField(default=dict, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["country__name_en"]
        verbose_name = _("pathfinder country")
        verbose_name_plural = _("pathfinder countries")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in Status]), name="pathfinder_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(stage__in=[s.value for s in Stage]), name="pathfinder_stage_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status="candidate")
                | Q(stage__in=["expression_of_interest", "planning"]),
                name="pathfinder_candidate_stage",
                violation_error_message=_(
                    "A candidate is at the expression of interest or planning stage."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status="candidate") | ~Q(stage="expression_of_interest"),
                name="pathfinder_pathfinder_stage",
                violation_error_message=_(
                    "An active or inactive country is past the expression of interest stage."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.country.name

    @property
    def iso3(self) -> str:
        return self.country_id


class DatePrecision(models.TextChoices):
    """How much of an event's date its source states."""

    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    NOT_STATED = "not_stated", _("Date not stated in the sources")


class PathfinderEvent(models.Model):
    """One fact in a country's history (the history format, one row per event).

    Events the Secretariat records are dated to the day. Events the seed loader writes carry
    the date as far as the seed states it (``date_precision``: a month is stored as its
    first day; ``on`` is empty when the seed gives no date), the seed line in ``source``
    and their ``seed_key``. Only dated events enter :func:`rules.assess` (``to_rule``).
    """

    pathfinder = models.ForeignKey(Pathfinder, on_delete=models.PROTECT, related_name="events")
    type = models.CharField(
        pgettext_lazy("pathfinder history", "event"), max_length=32, choices=EventType.choices
    )
    on = models.DateField(_("date"), null=True, blank=True)
    date_precision = models.CharField(
        _("date precision"), max_length=10, choices=DatePrecision.choices, default="day"
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    seed_key = models.CharField(max_length=40, blank=True, editable=False)
    year = models.PositiveSmallIntegerField(_("reporting year"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=40, blank=True)
    items = models.JSONField(default=list, blank=True)
    addressed_to = models.CharField(max_length=40, blank=True)
    ref = models.CharField(_("reference"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    file = models.FileField(
        _("file"),
        upload_to=unguessable_upload_to("pathfinders/events"),
        blank=True,
        validators=[FileExtensionValidator(["pdf", "docx", "xlsx"])],
        help_text=_("The letter, timeline, stocktaking or evidence (PDF, DOCX or XLSX)."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = [models.F("on").asc(nulls_first=True), "id"]
        verbose_name = _("pathfinder event")
        verbose_name_plural = _("pathfinder events")
        indexes = [models.Index(fields=["pathfinder", "on"], name="pf_event_country_on")]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=2000, year__lte=2200),
                name="pf_event_year_range",
            ),
            models.CheckConstraint(
                condition=Q(on__isnull=False) | Q(date_precision="not_stated"),
                name="pf_event_dated_unless_not_stated",
            ),
            models.UniqueConstraint(
                fields=["pathfinder", "seed_key"],
                condition=~Q(seed_key=""),
                name="pf_event_seed_key_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pathfinder_id} {self.type} {self.on}"

    @property
    def dated(self) -> bool:
        return self.on is not None

    def to_rule(self) -> rules.Event:
        """The event for the rules; only for a dated event (``dated``)."""
        assert self.on is not None, "an event without a date does not enter the rules"
        return rules.Event(
            type=rules.EventType(self.type),
            on=self.on,
            year=self.year,
            kind=self.kind or None,
            items=tuple(sorted(set(self.items or []))),
            addressed_to=self.addressed_to or None,
            ref=self.ref or None,
            note=self.note or None,
        )


class Priority(models.Model):
    """A published priority, next step or achievement, in Spanish as written (the original,
    ``"_original": "es"``) and English."""

    class Kind(models.TextChoices):
        PRIORITY = "priority", _("Priority")
        NEXT_STEP = "next_step", _("Next step")
        ACHIEVEMENT = "achievement", _("Achievement")

    pathfinder = models.ForeignKey(Pathfinder, on_delete=models.CASCADE, related_name="priorities")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.PRIORITY)
    theme = models.CharField(max_length=40, blank=True)
    theme_label = MultilingualField(blank=True)
    text = MultilingualField()
    source = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")
        ordering = ["pathfinder_id", "kind", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["pathfinder", "kind", "position"], name="pf_priority_position_unique"
            )
        ]

    def __str__(self) -> str:
        return pick_language(self.text)


def document_upload_to(instance, filename: str) -> str:
    """Kept for migration 0001; new files get unguessable names (core.files)."""
    return _document_upload_to(instance, filename)


_document_upload_to = unguessable_upload_to("pathfinders/documents")


ALLOWED_EXTENSIONS = ["pdf", "docx", "xlsx"]


class Document(models.Model):
    """A versioned document of a country: its roadmap or an annual progress report.

    ``state`` follows the review: draft, submitted, commented, revised, finalised. Every
    submission is kept as a :class:`DocumentVersion`; ``version`` is the optimistic lock.
    """

    class Kind(models.TextChoices):
        ROADMAP = "roadmap", _("Roadmap")
        REPORT = "report", _("Annual progress report")

    #: The states of ``rules.DocumentState`` (its transition table is ``rules.DOCUMENT``).
    State = models.TextChoices(
        "State",
        [(s.name, (s.value, messages.DOCUMENT_STATE_TEXT[s])) for s in rules.DocumentState],
    )

    pathfinder = models.ForeignKey(Pathfinder, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("reporting year"), null=True, blank=True)
    is_national_action_plan = models.BooleanField(
        _("national action plan submitted instead"), default=False
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    sections = models.JSONField(_("sections"), default=dict, blank=True)
    file = models.FileField(
        _("file"),
        upload_to=document_upload_to,
        blank=True,
        validators=[FileExtensionValidator(ALLOWED_EXTENSIONS)],
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published = models.BooleanField(_("published"), default=False)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["pathfinder_id", "kind", "-year", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pathfinder", "year"],
                condition=Q(kind="report"),
                name="pf_one_report_per_year",
                violation_error_message=_("This country already has a report for this year."),
            ),
            models.CheckConstraint(
                condition=Q(kind="roadmap") | Q(year__isnull=False),
                name="pf_report_has_year",
                violation_error_message=_("An annual report needs its reporting year."),
            ),
            models.CheckConstraint(
                condition=~Q(published=True) | Q(state="finalised"),
                name="pf_only_finalised_published",
            ),
        ]

    def __str__(self) -> str:
        if self.kind == self.Kind.REPORT:
            return f"{self.pathfinder_id} {self.year}"
        return f"{self.pathfinder_id} roadmap"


class DocumentVersion(models.Model):
    """A submitted version of a document, kept forever (nothing submitted is lost)."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    sections = models.JSONField(default=dict)
    file_name = models.CharField(max_length=300, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        ordering = ["document_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="pf_version_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="pf_version_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"


class ReviewComment(models.Model):
    """A Working Group reviewer's comment on one section of a submitted version."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="comments")
    version_number = models.PositiveIntegerField()
    section = models.CharField(_("section"), max_length=60)
    text = models.TextField(_("comment"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_label = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        ordering = ["document_id", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.document} {self.section}"


class IndicatorValue(models.Model):
    """A free ``code = value`` line of the country's indicator framework, as the workspace
    took them before the framework moved to the results app (``pathfinder-<iso3>``). Kept,
    read-only in the admin, so that nothing typed is lost; nothing writes or shows it now."""

    pathfinder = models.ForeignKey(Pathfinder, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("indicator"), max_length=40)
    label = MultilingualField(blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=3)
    baseline = models.BooleanField(default=False)
    target = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["pathfinder_id", "code", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["pathfinder", "code", "year", "baseline", "target"],
                name="pf_indicator_value_unique",
            ),
            models.CheckConstraint(
                condition=~(Q(baseline=True) & Q(target=True)), name="pf_indicator_not_both"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pathfinder_id} {self.code} {self.year}"


class LessonLearned(models.Model):
    """A lesson learned from the pathfinder process, as the GCG was told (seed 001,
    "Lecciones aprendidas" 1-2 and 2-2)."""

    position = models.PositiveSmallIntegerField(unique=True)
    text = MultilingualField()
    source = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["position"]
        verbose_name = _("lesson learned")
        verbose_name_plural = _("lessons learned")

    def __str__(self) -> str:
        return pick_language(self.text)


__all__ = [
    "ALLOWED_EXTENSIONS",
    "Document",
    "DocumentVersion",
    "DatePrecision",
    "EventType",
    "EvidenceKind",
    "LessonLearned",
    "IndicatorValue",
    "Pathfinder",
    "PathfinderEvent",
    "Priority",
    "ReviewComment",
    "Stage",
    "Status",
]
