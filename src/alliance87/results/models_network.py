"""The Regional Initiative's network, as far as seed 004 states it (imported by models.py).

Every row keeps the seed's own words (``quote``, Spanish, ``_original: "es"``) and the line of
seed ``004_1f9d9aa1016827a1.txt`` it comes from (``seed_line``). What the seed does not state
stays empty and the page says so: a person the seed does not name, a constituency it does not
give, an e-mail (the seed gives none).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from alliance87.core.content import MultilingualField
from alliance87.core.models import Country


class Constituency(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    EMPLOYERS = "employers", _("Employers")
    WORKERS = "workers", _("Workers")


class NetworkBody(models.Model):
    """A body of the Initiative's structure (seed 004, line 311): the High-Level Authority,
    the Network of Focal Points, the Technical Secretariat."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    quote = MultilingualField(_("the seed's words"), textarea=True)
    government_seats = models.PositiveSmallIntegerField(
        _("government seats"), null=True, blank=True
    )
    employer_seats = models.PositiveSmallIntegerField(_("employers' seats"), null=True, blank=True)
    worker_seats = models.PositiveSmallIntegerField(_("workers' seats"), null=True, blank=True)
    seed_line = models.PositiveIntegerField(_("seed line"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("network body")
        verbose_name_plural = _("network bodies")

    def __str__(self) -> str:
        return self.code


class NetworkMilestone(models.Model):
    """A dated fact of the Initiative's history, in the seed's words (its creation, its
    constitution). Where the seed states one fact twice in different words, both are kept."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    quote = MultilingualField(_("the seed's words"), textarea=True)
    seed_line = models.PositiveIntegerField(_("seed line"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("network milestone")
        verbose_name_plural = _("network milestones")

    def __str__(self) -> str:
        return self.code


class NetworkPhase(models.Model):
    number = models.CharField(_("phase"), max_length=8, unique=True)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    quote = MultilingualField(_("the seed's words"), textarea=True)
    seed_line = models.PositiveIntegerField(_("seed line"))
    years_line = models.PositiveIntegerField(_("seed line of the years"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("network phase")
        verbose_name_plural = _("network phases")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")),
                name="results_phase_order",
            )
        ]

    def __str__(self) -> str:
        return self.number


class NetworkMeeting(models.Model):
    class Status(models.TextChoices):
        HELD = "held", _("Held")
        PLANNED = "planned", _("Planned")

    number = models.CharField(_("meeting"), max_length=8, unique=True)
    place = models.CharField(_("place"), max_length=100, blank=True)
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    start_date = models.DateField(_("first day"), null=True, blank=True)
    end_date = models.DateField(_("last day"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices)
    quote = MultilingualField(_("the seed's words"), textarea=True)
    seed_line = models.PositiveIntegerField(_("seed line"))

    class Meta:
        ordering = ["year", "pk"]
        verbose_name = _("network meeting")
        verbose_name_plural = _("network meetings")

    def __str__(self) -> str:
        return self.number


class NetworkMember(models.Model):
    """A member country the seed names (through its focal points)."""

    country = models.OneToOneField(Country, on_delete=models.PROTECT, related_name="+")
    seed_line = models.PositiveIntegerField(_("seed line"))

    class Meta:
        ordering = ["country__name_es"]
        verbose_name = _("member country")
        verbose_name_plural = _("member countries")

    def __str__(self) -> str:
        return self.country_id


class NetworkPerson(models.Model):
    """A focal point (or another named representative) of a member country, or a person of a
    body of the structure. ``name``, ``constituency``, ``institution`` and ``email`` are empty
    where the seed does not state them."""

    member = models.ForeignKey(
        NetworkMember, null=True, blank=True, on_delete=models.CASCADE, related_name="people"
    )
    body = models.ForeignKey(
        NetworkBody, null=True, blank=True, on_delete=models.CASCADE, related_name="people"
    )
    key = models.SlugField(_("key"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120, blank=True)
    constituency = models.CharField(
        pgettext_lazy("tripartite constituents", "constituency"),
        max_length=12,
        choices=Constituency.choices,
        blank=True,
    )
    institution = models.CharField(_("institution"), max_length=200, blank=True)
    is_focal_point = models.BooleanField(_("focal point"), default=True)
    is_new = models.BooleanField(_("new focal point"), default=False)
    email = models.EmailField(_("e-mail"), blank=True)
    quote = MultilingualField(_("the seed's words"), textarea=True)
    seed_line = models.PositiveIntegerField(_("seed line"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("network person")
        verbose_name_plural = _("network people")

    def __str__(self) -> str:
        return self.name or self.key
