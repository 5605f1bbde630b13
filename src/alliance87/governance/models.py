"""The Global Coordinating Group: seats, members, meetings, attendance, decisions, minutes.

Seed 000 («Grupo de Coordinación Mundial»); the rules themselves live in ``rules.py``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from alliance87.core import content
from alliance87.core.content import MultilingualField
from alliance87.core.models import Country, Region, pick_language

from . import rules


class Constituency(models.TextChoices):
    CHAIR = rules.Constituency.CHAIR.value, _("Chair (government)")
    VICE_CHAIR = rules.Constituency.VICE_CHAIR.value, _("Vice-chair (government)")
    PATHFINDER = rules.Constituency.PATHFINDER.value, _("Pathfinder country")
    DEVELOPMENT_PARTNER = (
        rules.Constituency.DEVELOPMENT_PARTNER.value,
        _("Development partner country"),
    )
    REGIONAL = rules.Constituency.REGIONAL.value, _("Regional seat (government)")
    UN_IGO = rules.Constituency.UN_IGO.value, _("UN and intergovernmental organisations")
    EMPLOYERS = (
        rules.Constituency.EMPLOYERS.value,
        _("Employers' organisations (nominated by the IOE)"),
    )
    WORKERS = rules.Constituency.WORKERS.value, _("Workers' organisations (nominated by the ITUC)")
    NGO = rules.Constituency.NGO.value, _("NGOs (nominated by the Alliance 8.7 NGO Forum)")


class StakeholderGroup(models.TextChoices):
    GOVERNMENTS = rules.StakeholderGroup.GOVERNMENTS.value, _("Governments")
    UN_IGO = rules.StakeholderGroup.UN_IGO.value, _("UN and intergovernmental organisations")
    EMPLOYERS = rules.StakeholderGroup.EMPLOYERS.value, _("Employers")
    WORKERS = rules.StakeholderGroup.WORKERS.value, _("Workers")
    NGOS = rules.StakeholderGroup.NGOS.value, _("NGOs")


class RegionalGroup(models.TextChoices):
    """The UN regional groups that appoint the regional seats (seed 000)."""

    AFRICAN = rules.RegionalGroup.AFRICAN.value, _("African Group")
    ASIA_PACIFIC = rules.RegionalGroup.ASIA_PACIFIC.value, _("Asia-Pacific Group")
    EASTERN_EUROPEAN = rules.RegionalGroup.EASTERN_EUROPEAN.value, _("Eastern European Group")
    LATIN_AMERICAN_CARIBBEAN = (
        rules.RegionalGroup.LATIN_AMERICAN_CARIBBEAN.value,
        _("Latin American and Caribbean Group"),
    )
    WESTERN_EUROPEAN_OTHERS = (
        rules.RegionalGroup.WESTERN_EUROPEAN_OTHERS.value,
        _("Western European and Others Group"),
    )


class NominatingBody(models.TextChoices):
    GOVERNMENTS = rules.NominatingBody.GOVERNMENTS.value, _("Governments")
    REGIONAL_GROUP = rules.NominatingBody.REGIONAL_GROUP.value, _("Regional group")
    IOE = rules.NominatingBody.IOE.value, _("IOE")
    ITUC = rules.NominatingBody.ITUC.value, _("ITUC")
    NGO_FORUM = rules.NominatingBody.NGO_FORUM.value, _("Alliance 8.7 NGO Forum")


class Seat(models.Model):
    """One of the 32 seats."""

    constituency = models.CharField(_("constituency"), max_length=20, choices=Constituency.choices)
    number = models.PositiveSmallIntegerField(_("number"))
    region = models.ForeignKey(
        Region,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("UN geographic region"),
    )
    regional_group = models.CharField(
        _("UN regional group"), max_length=30, choices=RegionalGroup.choices, blank=True
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        constraints = [
            models.UniqueConstraint(
                fields=["constituency", "number"],
                name="gov_seat_unique",
                violation_error_message=_("This seat already exists."),
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="gov_seat_number_positive"),
        ]

    def __str__(self) -> str:
        if rules.SEATS[rules.Constituency(self.constituency)] == 1:
            return str(self.get_constituency_display())
        return f"{self.get_constituency_display()} {self.number}"

    @property
    def stakeholder_group(self) -> str:
        return rules.STAKEHOLDER_GROUP[rules.Constituency(self.constituency)].value

    def get_stakeholder_group_display(self) -> str:
        return str(StakeholderGroup(self.stakeholder_group).label)


class Member(models.Model):
    """A seat's holder for a term: a country (government seats) or an organisation, and the
    person who represents it when the Secretariat knows them."""

    class Status(models.TextChoices):
        ACTIVE = rules.MemberStatus.ACTIVE.value, _("Active")
        ENDED = rules.MemberStatus.ENDED.value, _("Ended")
        FORFEITED = rules.MemberStatus.FORFEITED.value, _("Forfeited")

    seat = models.ForeignKey(Seat, on_delete=models.PROTECT, related_name="members")
    country = models.ForeignKey(
        Country,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("country"),
    )
    partner = models.ForeignKey(
        "partners.Partner",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="gcg_members",
        verbose_name=_("organisation"),
    )
    person = models.ForeignKey(
        "partners.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="gcg_members",
        verbose_name=_("representative"),
    )
    nominated_by = models.CharField(
        _("nominated by"), max_length=20, blank=True, choices=NominatingBody.choices
    )
    term_start = models.DateField(_("term start"))
    term_end = models.DateField(_("term end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    source = models.TextField(_("source"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["seat_id", "-term_start"]
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.UniqueConstraint(
                fields=["seat"],
                condition=Q(status="active"),
                name="gov_one_holder_per_seat",
                violation_error_message=_("This seat already has a holder."),
            ),
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gte=F("term_start")),
                name="gov_member_term_in_order",
                violation_error_message=_("A term cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(country__isnull=False) | Q(partner__isnull=False),
                name="gov_member_has_holder",
                violation_error_message=_("A member is a country or an organisation."),
            ),
        ]

    def __str__(self) -> str:
        return self.holder_label

    @property
    def holder_label(self) -> str:
        holder = self.country or self.partner
        return str(holder) if holder else ""

    def holding(self, is_pathfinder: bool | None = None) -> rules.Holding:
        return rules.Holding(
            constituency=rules.Constituency(self.seat.constituency),
            country=self.country.iso2 if self.country_id and self.country else None,
            region=(self.seat.region_id or (self.country.region_id if self.country else None)),
            organisation=str(self.partner_id) if self.partner_id else None,
            nominated_by=rules.NominatingBody(self.nominated_by) if self.nominated_by else None,
            is_pathfinder=is_pathfinder,
            regional_group=self.seat.regional_group or None,
            country_group=rules.regional_group_of(
                self.country.iso2, self.country.region_id, self.country.subregion_id
            )
            if self.country_id and self.country
            else None,
            organisation_group=rules.organisation_group(
                self.partner.category if self.partner_id and self.partner else None
            ),
        )


class Meeting(models.Model):
    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        VIRTUAL = "virtual", _("Virtual")
        HYBRID = "hybrid", _("Hybrid")

    number = models.PositiveIntegerField(_("number"), null=True, blank=True, unique=True)
    titles = MultilingualField(_("title"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    timezone = models.CharField(_("time zone"), max_length=60, default="UTC")
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.IN_PERSON)
    # In each language: "Nueva York" only on Spanish pages, "New York" in English.
    place = MultilingualField(_("place"), blank=True)
    city = MultilingualField(_("city"), blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=settings.LANGUAGES, default="en"
    )
    chair_country = models.ForeignKey(
        Country,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("chaired by"),
    )
    source = models.TextField(_("source"), blank=True)
    #: The invitation's request to confirm attendance, as the meeting's papers word it (seed
    #: 001: «Si aún no lo ha hecho, confirme su asistencia aquí»); empty when none.
    rsvp = MultilingualField(_("confirmation of attendance"), blank=True)
    #: Events held beside the meeting, as the papers describe them: a list of
    #: ``{"title": {...}, "starts": "HH:MM", "ends": "HH:MM", "place": "...", "hosts": [...],
    #: "speakers": [...], "format": {...}, "participants": "...", "source": "..."}``.
    side_events = models.JSONField(_("side events"), default=list, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="gov_meeting_ends_after_start",
                violation_error_message=_("A meeting ends after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def shown_titles(self) -> dict:
        """The titles to show: as written, except that a numbered meeting whose title is not
        written in the active language reads there as "the 6th meeting of the Global
        Coordinating Group" in that language (the number as its ordinal, ``core.words``)."""
        language = content.current_language()
        if self.number and not content.texts(self.titles).get(language):
            from alliance87.core import words

            return {
                **self.titles,
                language: _("%(ordinal)s meeting of the Global Coordinating Group of Alliance 8.7")
                % {"ordinal": words.ordinal(self.number, language)},
            }
        return self.titles

    @property
    def title(self) -> str:
        return pick_language(self.shown_titles)

    def location(self, language: str | None = None) -> str:
        """ "Place, city" in ``language`` (the active one by default)."""
        parts = (content.text(self.place, language), content.text(self.city, language))
        return ", ".join(p for p in parts if p)


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField(_("position"))
    starts = models.TimeField(_("from"), null=True, blank=True)
    ends = models.TimeField(_("to"), null=True, blank=True)
    titles = MultilingualField(_("title"))
    presenter = models.CharField(_("presenter"), max_length=200, blank=True)
    is_break = models.BooleanField(_("break"), default=False)
    documents = models.JSONField(
        _("documents"),
        default=list,
        blank=True,
        help_text=_('A list of {"title": {...}, "url": "..."}'),  # each title: multilingual
    )

    class Meta:
        ordering = ["meeting", "position"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "position"],
                name="gov_agenda_position",
                violation_error_message=_("Two items have the same place."),
            ),
            models.CheckConstraint(
                condition=Q(starts__isnull=True) | Q(ends__isnull=True) | Q(ends__gte=F("starts")),
                name="gov_agenda_times_in_order",
                violation_error_message=_("An item ends after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return pick_language(self.titles)

    def document_titles(self) -> list[str]:
        return [pick_language(d.get("title", d)) for d in self.documents]

    def document_links(self) -> list[tuple[dict, str]]:
        """``(titles, url)`` of each document (the titles by language, for ``{% localised %}``);
        ``url`` is empty when not known."""
        return [(d.get("title", d), d.get("url", "")) for d in self.documents]


class Invitation(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="invitations")
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="gov_one_invitation")
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.member_id}"


class Presence(models.TextChoices):
    PRESENT = rules.Presence.PRESENT.value, _("Present")
    ABSENT_WITH_NOTICE = rules.Presence.ABSENT_WITH_NOTICE.value, _("Absent with prior notice")
    ABSENT_WITHOUT_NOTICE = rules.Presence.ABSENT_WITHOUT_NOTICE.value, _("Absent without notice")


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="attendance")
    presence = models.CharField(_("attendance"), max_length=24, choices=Presence.choices)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "member"], name="gov_one_attendance_per_member"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.presence}"


class Observer(models.Model):
    """Invited by the chair, without speaking rights; never counts towards quorum."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="observers")
    name = models.CharField(_("name"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    informed_secretariat_on = models.DateField(_("Secretariat informed on"))
    informed_group_on = models.DateField(_("Group informed on"))
    present = models.BooleanField(_("present"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("observer")
        verbose_name_plural = _("observers")

    def __str__(self) -> str:
        return self.name


class Decision(models.Model):
    class Kind(models.TextChoices):
        GENERAL = "general", pgettext_lazy("decision kind", "General")
        GRANT_PATHFINDER = "grant_pathfinder", _("Grant pathfinder status")
        DECLARE_INACTIVE = "declare_inactive", _("Declare a pathfinder country inactive")
        CREATE_GROUP = "create_group", _("Create an action group or working group")

    class Outcome(models.TextChoices):
        ADOPTED = rules.Outcome.ADOPTED.value, _("Adopted")
        NOT_ADOPTED = rules.Outcome.NOT_ADOPTED.value, _("Not adopted (objection)")

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="decisions")
    reference = models.CharField(_("reference"), max_length=40, unique=True)
    text = models.TextField(_("proposal"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.GENERAL)
    country = models.ForeignKey(
        Country,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("country"),
    )
    group = models.ForeignKey(
        "groups.Group",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("group"),
    )
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    present_count = models.PositiveSmallIntegerField(_("representatives present"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind__in=["grant_pathfinder", "declare_inactive"])
                | Q(country__isnull=False),
                name="gov_grant_names_country",
                violation_error_message=_(
                    "Granting pathfinder status or declaring a country inactive names the country."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.reference


class Objection(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="objections")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="objections")
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "member"], name="gov_one_objection_per_member"
            )
        ]

    def __str__(self) -> str:
        return f"{self.decision_id}: {self.member_id}"


class Minutes(models.Model):
    """Prepared by the chair or vice-chair with the Secretariat; sent to every member."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    conclusions = models.TextField(_("main conclusions"), blank=True)
    prepared_by = models.CharField(_("prepared by"), max_length=200, blank=True)
    circulated_at = models.DateTimeField(_("circulated at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self) -> str:
        return str(self.meeting)


class ActionPoint(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", pgettext_lazy("action point status", "Done")
        DROPPED = "dropped", pgettext_lazy("action point status", "Dropped")

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="action_points")
    text = models.TextField(_("action point"))
    owner = models.CharField(_("owner"), max_length=200)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("action point")
        verbose_name_plural = _("action points")

    def __str__(self) -> str:
        return self.text[:60]
