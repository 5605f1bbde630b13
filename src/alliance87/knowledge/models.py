"""Resources of the knowledge hub and the search index (see docs/knowledge.md)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from alliance87.core.content import MultilingualField
from alliance87.core.files import unguessable_upload_to

from . import rules


class Status(models.TextChoices):
    DRAFT = rules.Status.DRAFT.value, _("Draft")
    SUBMITTED = rules.Status.SUBMITTED.value, _("Submitted for publication")
    PUBLISHED = rules.Status.PUBLISHED.value, pgettext_lazy("resource status", "Published")
    WITHDRAWN = rules.Status.WITHDRAWN.value, pgettext_lazy("resource status", "Withdrawn")


class Kind(models.TextChoices):
    """Issue 11: "documents, guidance, tools, studies and links"."""

    DOCUMENT = "document", _("Document")
    GUIDANCE = "guidance", _("Guidance")
    TOOL = "tool", _("Tool")
    STUDY = "study", _("Study")
    REPORT = "report", _("Report")
    LINK = "link", _("Link")


class Resource(models.Model):
    """A document, guidance, tool, study or link, in one or more language versions."""

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    titles = MultilingualField(_("title"))
    summary = MultilingualField(_("summary"), blank=True, textarea=True)
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices)
    themes = models.JSONField(_("themes"), default=list, blank=True)
    countries = models.ManyToManyField(
        "core.Country", blank=True, related_name="+", verbose_name=_("countries")
    )
    languages = models.JSONField(
        _("languages available"),
        default=list,
        blank=True,
        help_text=_("The languages the resource exists in, whether or not a file is recorded."),
    )
    publisher = models.ForeignKey(
        "partners.Partner",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("publisher"),
    )
    published_on = models.DateField(_("date"), null=True, blank=True)
    date_note = models.CharField(
        _("date as the source gives it"), max_length=100, blank=True
    )  # "julio de 2019" where no day is known
    pathfinder = models.ForeignKey(
        "pathfinders.Pathfinder",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("pathfinder country"),
    )
    group = models.ForeignKey(
        "groups.Group",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("action group"),
    )
    indicator = models.ForeignKey(
        "results.Indicator",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("indicator"),
    )
    gcg_meeting = models.ForeignKey(
        "governance.Meeting",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("GCG meeting"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    return_reason = models.TextField(_("reason for returning it"), blank=True)
    source = models.TextField(_("source"), blank=True)
    theme_keys = models.CharField(max_length=400, default="", blank=True, editable=False)
    language_keys = models.CharField(max_length=40, default="", blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_on", "slug"]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")

    def __str__(self) -> str:
        from alliance87.core.content import text

        return text(self.titles) or self.slug

    def save(self, *args, **kwargs):
        """Keep the filter keys in step with ``themes`` and ``languages`` (also on partial saves)."""
        self._derive_keys()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "theme_keys", "language_keys"}
        super().save(*args, **kwargs)

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from alliance87.core.content import site_languages
        from alliance87.partners.models import Theme

        bad = [t for t in self.themes or [] if t not in Theme.values]
        if bad:
            raise ValidationError({"themes": _("Unknown theme: %(theme)s.") % {"theme": bad[0]}})
        langs = [x for x in self.languages or [] if x not in site_languages()]
        if langs:
            raise ValidationError(
                {"languages": _("Unknown language: %(language)s.") % {"language": langs[0]}}
            )

    def _derive_keys(self) -> None:
        self.theme_keys = "".join(f"|{t}|" for t in sorted(set(self.themes or [])))
        self.language_keys = "".join(f"|{x}|" for x in sorted(set(self.languages or [])))


class ResourceVersion(models.Model):
    """One language version of a resource: a stored file or a link."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="versions")
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    file = models.FileField(
        _("file"), upload_to=unguessable_upload_to("knowledge/resources"), blank=True
    )
    filename = models.CharField(max_length=200, blank=True, editable=False)
    url = models.URLField(_("link"), max_length=500, blank=True)

    class Meta:
        ordering = ["resource", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "language"],
                name="knowledge_version_one_per_language",
                violation_error_message=_("This resource already has a version in this language."),
            ),
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(url="")) | (~Q(file="") & Q(url="")),
                name="knowledge_version_file_or_link",
                violation_error_message=_("Give a file or a link, not both."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resource_id}:{self.language}"


class SearchDocument(models.Model):
    """One searchable object (a partner, a resource, a pathfinder country, a group, an
    indicator), with what the results page shows. Rebuilt from the objects by
    ``knowledge.search.index``; never edited by hand."""

    kind = models.CharField(max_length=20)
    ref = models.CharField(max_length=120)
    titles = models.JSONField(default=dict)
    snippets = models.JSONField(default=dict)
    url_name = models.CharField(max_length=80)
    url_args = models.JSONField(default=list)
    sort_key = models.CharField(max_length=200, default="", blank=True)
    date = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "ref"], name="knowledge_searchdoc_key")
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.ref}"


class SearchFacet(models.Model):
    """A facet value of a search document: its kind, a theme, a country (ISO 3166 alpha-3)."""

    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="facets")
    name = models.CharField(max_length=10)
    value = models.CharField(max_length=40)

    class Meta:
        indexes = [models.Index(fields=["name", "value"], name="knowledge_facet_value")]

    def __str__(self) -> str:
        return f"{self.name}={self.value}"


class SearchText(models.Model):
    """A document's words in one language: folded (lower case, no accents) and split into
    plain words, so PostgreSQL's parser and the SQLite path see the same tokens. PostgreSQL
    stems them with the language's text search configuration; SQLite keeps them stemmed by
    the same Snowball algorithm in an FTS5 table (``knowledge_fts``)."""

    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="texts")
    lang = models.CharField(max_length=2)
    text = models.TextField()
    #: PostgreSQL: ``to_tsvector(<the language's configuration>, text)``, written with the text
    #: (``search.backends.store``) and GIN-indexed; unused on SQLite (the FTS5 table instead).
    vector = SearchVectorField(null=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["document", "lang"], name="knowledge_searchtext_key")
        ]

    def __str__(self) -> str:
        return f"{self.document_id}:{self.lang}"


class EventKind(models.TextChoices):
    """Issue 11 and seed 001 «Eventos Globales» and «Serie de Seminarios Web»."""

    GLOBAL = "global_event", _("Global event")
    SIDE_EVENT = "side_event", _("Side event")
    WEBINAR = "webinar", _("Webinar")


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")


class Event(models.Model):
    """A global event, side event or webinar. GCG meetings (governance) and group meetings
    (groups) are read from their apps onto the same calendar, never copied here."""

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=14, choices=EventKind.choices)
    titles = MultilingualField(_("title"))
    description = MultilingualField(_("description"), blank=True, textarea=True)
    start_date = models.DateField(_("date"))
    end_date = models.DateField(_("last day"), null=True, blank=True)
    date_precision = models.CharField(
        _("date known to the"), max_length=5, choices=DatePrecision.choices, default="day"
    )
    starts = models.TimeField(_("starts at"), null=True, blank=True)
    ends = models.TimeField(_("ends at"), null=True, blank=True)
    timezone = models.CharField(
        _("time zone"),
        max_length=60,
        blank=True,
        help_text=_("IANA name, e.g. Europe/Paris; empty when the source does not state it."),
    )
    place = models.CharField(_("place"), max_length=300, blank=True)
    # In each language: "Nueva York" only on Spanish pages, "New York" in English (issue 13).
    city = MultilingualField(_("city"), blank=True)
    hosts = models.ManyToManyField(
        "partners.Partner", blank=True, related_name="+", verbose_name=_("hosts")
    )
    hosts_note = models.CharField(_("hosts as the source names them"), max_length=300, blank=True)
    topic = MultilingualField(_("topic"), blank=True)
    languages = models.JSONField(_("languages of the session"), default=list, blank=True)
    interpretation = models.JSONField(_("interpretation into"), default=list, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), null=True, blank=True
    )
    capacity_min = models.PositiveIntegerField(
        _("expected participants, from"), null=True, blank=True
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Registration closes when it is reached.")
    )
    recording_url = models.URLField(_("recording"), blank=True)
    slides_url = models.URLField(_("slides"), blank=True)
    group = models.ForeignKey(
        "groups.Group", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.TextField(_("source"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["start_date", "slug"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="knowledge_event_dates_in_order",
                violation_error_message=_("An event ends on or after the day it starts."),
            ),
            models.CheckConstraint(
                condition=Q(date_precision="day") | Q(starts__isnull=True),
                name="knowledge_event_time_needs_day",
                violation_error_message=_("A start time needs the day of the event."),
            ),
        ]

    def __str__(self) -> str:
        from alliance87.core.content import text

        return text(self.titles) or self.slug

    def location(self, language: str | None = None) -> str:
        """ "Place, city", the city in ``language`` (the active one by default)."""
        from alliance87.core.content import text

        parts = (self.place, text(self.city, language))
        return ", ".join(p for p in parts if p)


class EventAgendaItem(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField(_("position"))
    starts = models.TimeField(_("from"), null=True, blank=True)
    ends = models.TimeField(_("to"), null=True, blank=True)
    titles = MultilingualField(_("title"))
    speakers = models.TextField(_("speakers"), blank=True)

    class Meta:
        ordering = ["event", "position"]
        constraints = [
            models.UniqueConstraint(fields=["event", "position"], name="knowledge_agenda_position")
        ]

    def __str__(self) -> str:
        return f"{self.event_id}:{self.position}"


class Registration(models.Model):
    """A person's registration for an event (RSVP); the address is never shown publicly."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                name="knowledge_registration_once",
                violation_error_message=_("This address is already registered for this event."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.event_id}:{self.pk}"


class Subscriber(models.Model):
    """A newsletter subscriber (seed 000: people follow the Alliance "abonándose al boletín").
    Confirmed by a signed link sent to the address (double opt-in)."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Subscribed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
        BOUNCED = "bounced", _("Address bounced")

    email = models.EmailField(_("e-mail"), unique=True)
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    state = models.CharField(max_length=12, choices=State.choices, default=State.PENDING)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["state", "id"], name="knowledge_subscriber_state")]

    def __str__(self) -> str:
        return f"subscriber {self.pk}"


class NewsletterIssue(models.Model):
    """An issue of the newsletter, composed by the Secretariat in several languages; once sent
    it stays in the public archive."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")

    subject = MultilingualField(_("subject"))
    body = MultilingualField(_("text"), textarea=True)
    state = models.CharField(max_length=8, choices=State.choices, default=State.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True)
    recipients = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        from alliance87.core.content import text

        return text(self.subject)


class Delivery(models.Model):
    """One issue sent to one subscriber: a worker that restarts does not send it twice."""

    issue = models.ForeignKey(NewsletterIssue, on_delete=models.CASCADE, related_name="+")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issue", "subscriber"], name="knowledge_delivery_once")
        ]

    def __str__(self) -> str:
        return f"{self.issue_id}:{self.subscriber_id}"


class Story(models.Model):
    """A news item (story) by the Secretariat or a partner, published after review."""

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    titles = MultilingualField(_("title"))
    summary = MultilingualField(_("summary"), blank=True, textarea=True)
    body = MultilingualField(_("text"), textarea=True)
    themes = models.JSONField(_("themes"), default=list, blank=True)
    publisher = models.ForeignKey(
        "partners.Partner",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("publisher"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    return_reason = models.TextField(_("reason for returning it"), blank=True)
    published_at = models.DateTimeField(pgettext_lazy("story", "published"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("news item")
        verbose_name_plural = _("news")

    def __str__(self) -> str:
        from alliance87.core.content import text

        return text(self.titles) or self.slug


class Figure(models.Model):
    """A figure of the challenge (seed 002; seed 004 for Latin America and the Caribbean). Its
    values are kept, each with its year, source and the day it was recorded: a new global
    estimate adds a value and the previous one stays."""

    key = models.SlugField(_("key"), max_length=60, unique=True)
    labels = MultilingualField(_("what it counts"))
    region = models.CharField(_("region"), max_length=40, default="world")
    unit = models.CharField(_("unit"), max_length=20, default="people")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "key"]

    def __str__(self) -> str:
        return self.key


class FigureValue(models.Model):
    figure = models.ForeignKey(Figure, on_delete=models.CASCADE, related_name="values")
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=2)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    source = models.TextField(_("source"))
    recorded_on = models.DateField(_("recorded on"), default=timezone.localdate)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["figure", "-recorded_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.figure_id}={self.value}"
