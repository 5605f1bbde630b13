"""Partner organisations and their people (seed 000: the ten categories of partners)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance87.core.models import Country, Region, pick_language


class Category(models.TextChoices):
    """Seed 000, «Socios de la Alianza 8.7»: the ten kinds of partner."""

    COUNTRY = "country", _("Countries")
    UN_ENTITY = "un_entity", _("UN agencies and entities")
    INTERGOVERNMENTAL = "intergovernmental", _("Intergovernmental organisations")
    REGIONAL = "regional", _("Regional organisations and initiatives")
    EMPLOYERS = "employers", _("Employers' organisations")
    WORKERS = "workers", _("Workers' organisations")
    BUSINESS_NETWORK = "business_network", _("Business networks")
    CIVIL_SOCIETY = "civil_society", _("Civil society organisations (including victims' and survivors' organisations)")
    ACADEMIC = "academic", _("Academic and research institutions")
    DONOR = "donor", _("Public and private donors")


class Theme(models.TextChoices):
    """The four areas of Target 8.7 and the eight accelerator areas of seed 004."""

    CHILD_LABOUR = "child_labour", _("Child labour")
    FORCED_LABOUR = "forced_labour", _("Forced labour")
    MODERN_SLAVERY = "modern_slavery", _("Modern slavery")
    HUMAN_TRAFFICKING = "human_trafficking", _("Human trafficking")
    AGRICULTURE = "agriculture", _("Agriculture")
    VALUE_CHAINS = "value_chains", _("Value chains")
    MIGRATION = "migration", _("Migration")
    EDUCATION = "education", _("Education")
    YOUTH_EMPLOYMENT = "youth_employment", _("Youth employment")
    POLICY_DECENTRALISATION = "policy_decentralisation", _("Policy decentralisation")
    INDIGENOUS_AFRODESCENDANT = "indigenous_afrodescendant", _("Indigenous and Afro-descendant peoples")
    INFORMATION_TECHNOLOGY = "information_technology", _("Information technology")


class Partner(models.Model):
    """A partner organisation. A government joins as a whole country or as a ministry/agency."""

    class Status(models.TextChoices):
        APPLICANT = "applicant", _("Applicant")
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class GovernmentKind(models.TextChoices):
        COUNTRY = "country", _("Whole country")
        MINISTRY = "ministry", _("Ministry or agency")

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    names = models.JSONField(_("names"), default=dict, help_text=_('Names by language, e.g. {"en": "...", "es": "..."}'))
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    government_kind = models.CharField(_("government partner kind"), max_length=10, choices=GovernmentKind.choices, blank=True)
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="government_partners",
        verbose_name=_("country (for government partners)"),
    )
    headquarters = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("headquarters country")
    )
    countries_of_work = models.ManyToManyField(Country, blank=True, related_name="+", verbose_name=_("countries of work"))
    regions_of_work = models.ManyToManyField(Region, blank=True, related_name="+", verbose_name=_("regions of work"))
    themes = models.JSONField(_("thematic focus"), default=list, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.JSONField(_("description"), default=dict, blank=True)
    logo = models.ImageField(_("logo"), upload_to="partners/logos/", blank=True)
    date_joined = models.DateField(_("date joined"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return pick_language(self.names)


class Person(models.Model):
    """Someone working for a partner. E-mail and phone are never public."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="person"
    )
    partner = models.ForeignKey(Partner, null=True, blank=True, on_delete=models.PROTECT, related_name="people")
    full_name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    is_focal_point = models.BooleanField(_("focal point"), default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.full_name
