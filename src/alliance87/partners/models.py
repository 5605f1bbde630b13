"""Partner organisations and their people (seed 000: the ten categories of partners)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from alliance87.core import content
from alliance87.core.content import MultilingualField
from alliance87.core.files import unguessable_upload_to
from alliance87.core.models import LANGUAGE_CODES, Country, Region, pick_language

from . import messages, rules

LOGO_FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}


def validate_logo(file) -> None:
    """A logo is a real PNG, JPEG, GIF or WebP image within ``LOGO_MAX_BYTES`` (checked with
    Pillow, not by the file name)."""
    from PIL import Image, UnidentifiedImageError

    from alliance87.core.files import check_size

    if getattr(file, "_committed", False):  # already stored: checked when it was uploaded
        return
    check_size(file, kind="logo")
    position = file.tell() if hasattr(file, "tell") else None
    try:
        file.seek(0)
        with Image.open(file) as image:
            kind = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(
            _("The logo is not an image we can read."), code="logo_not_image"
        ) from exc
    finally:
        if position is not None:
            file.seek(position)
    if kind not in LOGO_FORMATS:
        raise ValidationError(_("Upload the logo as PNG, JPEG, GIF or WebP."), code="logo_format")


class Category(models.TextChoices):
    """Seed 000, «Socios de la Alianza 8.7»: the ten kinds of partner."""

    COUNTRY = "country", _("Countries")
    UN_ENTITY = "un_entity", _("UN agencies and entities")
    INTERGOVERNMENTAL = "intergovernmental", _("Intergovernmental organisations")
    REGIONAL = "regional", _("Regional organisations and initiatives")
    EMPLOYERS = "employers", _("Employers' organisations")
    WORKERS = "workers", _("Workers' organisations")
    BUSINESS_NETWORK = "business_network", _("Business networks")
    CIVIL_SOCIETY = (
        "civil_society",
        _("Civil society organisations (including victims' and survivors' organisations)"),
    )
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
    INDIGENOUS_AFRODESCENDANT = (
        "indigenous_afrodescendant",
        _("Indigenous and Afro-descendant peoples"),
    )
    INFORMATION_TECHNOLOGY = "information_technology", _("Information technology")


class Partner(models.Model):
    """A partner organisation. A government joins as a whole country or as a ministry/agency."""

    class Status(models.TextChoices):
        APPLICANT = "applicant", _("Applicant")
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        WITHDRAWN = "withdrawn", pgettext_lazy("partner status", "Withdrawn")

    class GovernmentKind(models.TextChoices):
        COUNTRY = "country", _("Whole country")
        MINISTRY = "ministry", _("Ministry or agency")

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    names = MultilingualField(_("names"))
    # In each language, as that language writes it: "OIT" in Spanish, "ILO" in English.
    acronym = MultilingualField(_("acronym"), blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    government_kind = models.CharField(
        _("government partner kind"), max_length=10, choices=GovernmentKind.choices, blank=True
    )
    country = models.ForeignKey(
        Country,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="government_partners",
        verbose_name=_("country (for government partners)"),
    )
    headquarters = models.ForeignKey(
        Country,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("headquarters country"),
    )
    countries_of_work = models.ManyToManyField(
        Country, blank=True, related_name="+", verbose_name=_("countries of work")
    )
    regions_of_work = models.ManyToManyField(
        Region, blank=True, related_name="+", verbose_name=_("regions of work")
    )
    themes = models.JSONField(_("thematic focus"), default=list, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = MultilingualField(_("description"), blank=True, textarea=True)
    logo = models.ImageField(
        _("logo"),
        upload_to=unguessable_upload_to("partners/logos"),  # never the uploader's file name
        blank=True,
        validators=[validate_logo],
    )
    date_joined = models.DateField(pgettext_lazy("partner", "date joined"), null=True, blank=True)
    status = models.CharField(
        pgettext_lazy("partner status", "status"),
        max_length=10,
        choices=Status.choices,
        default=Status.ACTIVE,
    )
    #: Where a seeded partner comes from: ``["004_1f9d9aa1016827a1.txt:506", ...]``, the seed
    #: file and line that name it (empty for partners admitted on the platform).
    sources = models.JSONField(_("sources"), default=list, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    # Derived columns kept by ``save()`` and ``refresh_region_keys()`` so the directory filters
    # and counts with plain string lookups that behave the same on SQLite and PostgreSQL.
    search_text = models.TextField(default="", blank=True, editable=False)
    theme_keys = models.CharField(max_length=400, default="", blank=True, editable=False)
    region_keys = models.CharField(max_length=400, default="", blank=True, editable=False)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        indexes = [models.Index(fields=["status", "category"], name="partner_status_category_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["applicant", "active", "suspended", "withdrawn"]),
                name="partner_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(category="country") | models.Q(government_kind=""),
                name="partner_government_kind_only_for_governments",
                violation_error_message=_(
                    "Only government partners are a whole country or a ministry."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        for field, value in self.derived_values().items():
            setattr(self, field, value)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text", "theme_keys"}
        super().save(*args, **kwargs)
        self.sync_search_terms()

    @property
    def name(self) -> str:
        return pick_language(self.names)

    @property
    def short_description(self) -> str:
        return pick_language(self.description)

    @property
    def theme_labels(self) -> list[str]:
        return [str(Theme(t).label) for t in self.themes or [] if t in Theme.values]

    def clean(self) -> None:
        errors = {}
        if not any(v.strip() for v in content.texts(self.names).values()):
            errors["names"] = _("Give the organisation's name in at least one language.")
        elif set(self.names) - {*LANGUAGE_CODES, content.ORIGINAL}:
            errors["names"] = _("Names are given in English, Spanish, French or Portuguese.")
        unknown = [t for t in (self.themes or []) if t not in Theme.values]
        if unknown:
            errors["themes"] = _("Unknown theme: %(theme)s.") % {
                "theme": ", ".join(map(str, unknown))
            }
        if self.category == Category.COUNTRY:
            if not self.government_kind:
                errors["government_kind"] = _(
                    "Say whether the government joins as a whole country or as a ministry."
                )
            if not self.country_id:
                errors["country"] = _("Give the country of this government partner.")
        if errors:
            raise ValidationError(errors)

    def derived_values(self) -> dict[str, str]:
        parts = [
            *content.texts(self.names).values(),
            *content.texts(self.acronym).values(),
            *content.texts(self.description).values(),
        ]
        return {
            "search_text": rules.fold(" ".join(p for p in parts if p)),
            "theme_keys": "|" + "|".join(sorted(set(self.themes or []))) + "|"
            if self.themes
            else "",
        }

    def sync_search_terms(self) -> None:
        """Keep ``PartnerSearchTerm`` (one row per distinct word of ``search_text``) in step."""
        words = search_words(self.search_text)
        existing = set(
            PartnerSearchTerm.objects.filter(partner_id=self.pk).values_list("term", flat=True)
        )
        if existing - words:
            PartnerSearchTerm.objects.filter(partner_id=self.pk, term__in=existing - words).delete()
        if words - existing:
            PartnerSearchTerm.objects.bulk_create(
                PartnerSearchTerm(partner_id=self.pk, term=w) for w in sorted(words - existing)
            )

    def refresh_region_keys(self) -> None:
        """Recompute the regions this partner works in: its regions of work with the regions
        that contain them, and the region, sub-region and intermediate region of each country of
        work (call after setting them). A partner working in "Latin America and the Caribbean"
        is found under "Americas", not the other way round."""
        codes: set[str] = set()
        for row in self.regions_of_work.values_list("code", "parent_id", "parent__parent_id"):
            codes.update(c for c in row if c)
        for row in self.countries_of_work.values_list(
            "region_id", "subregion_id", "intermediate_region_id"
        ):
            codes.update(c for c in row if c)
        if self.country_id:
            codes.update(
                c
                for c in Country.objects.filter(pk=self.country_id)
                .values_list("region_id", "subregion_id", "intermediate_region_id")
                .first()
                or ()
                if c
            )
        keys = "|" + "|".join(sorted(codes)) + "|" if codes else ""
        if keys != self.region_keys:
            self.region_keys = keys
            Partner.objects.filter(pk=self.pk).update(region_keys=keys)


def search_words(search_text: str) -> set[str]:
    return {w[: PartnerSearchTerm.MAX_LENGTH] for w in (search_text or "").split()}


class PartnerSearchTerm(models.Model):
    """One folded word of a partner's names, acronym or descriptions: the index that makes a
    word-prefix search a range scan on SQLite (PostgreSQL uses a full-text GIN index)."""

    MAX_LENGTH = 60

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="+")
    term = models.CharField(max_length=MAX_LENGTH)

    class Meta:
        verbose_name = _("partner search term")
        verbose_name_plural = _("partner search terms")
        constraints = [
            models.UniqueConstraint(fields=["partner", "term"], name="partner_search_term_unique")
        ]
        indexes = [models.Index(fields=["term", "partner"], name="partner_search_term_idx")]

    def __str__(self) -> str:
        return self.term


# Languages a person may list: the six official languages of the United Nations and
# Portuguese (one of the platform's four). Their names come from Django's own catalogues.
PERSON_LANGUAGES = ("en", "es", "fr", "pt", "ar", "ru", "zh")


def language_name(code: str) -> str:
    """The name of a language in the current language, from Django's catalogues."""
    from django.utils.translation import get_language_info

    if code == "zh":  # Django only knows "Simplified/Traditional Chinese"; people speak Chinese
        return str(_("Chinese"))
    return str(get_language_info(code)["name_translated"])


class Person(models.Model):
    """Someone working for a partner. E-mail and phone are never public: only the partner's own
    people and the Secretariat see them. A focal point's name and position appear on the public
    profile (seed 004 names the focal points of the Regional Initiative in a public report)."""

    # One account may be a person of several partners (someone who works with two of them),
    # but only once per partner.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people_records",
    )
    partner = models.ForeignKey(
        Partner, null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    full_name = models.CharField(_("name"), max_length=200)
    position = models.CharField(pgettext_lazy("job title", "position"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    is_focal_point = models.BooleanField(_("focal point"), default=False)
    is_partner_admin = models.BooleanField(_("partner administrator"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["full_name", "pk"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "email"],
                condition=~models.Q(email=""),
                name="person_email_unique_per_partner",
                violation_error_message=_(
                    "Someone of this partner already has this e-mail address."
                ),
            ),
            models.UniqueConstraint(
                fields=["partner", "user"],
                condition=models.Q(user__isnull=False),
                name="person_user_unique_per_partner",
                violation_error_message=_(
                    "This account already belongs to someone of this partner."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def language_names(self) -> list[str]:
        return [language_name(c) for c in self.languages or [] if c in PERSON_LANGUAGES]

    @property
    def access(self) -> str:
        """``partner_admin``, ``partner_member`` or ``""`` (no account linked)."""
        if self.user_id is None:
            return ""
        return "partner_admin" if self.is_partner_admin else "partner_member"

    def clean(self) -> None:
        errors = {}
        if not (self.full_name or "").strip():
            errors["full_name"] = _("This field is required.")
        languages = self.languages if isinstance(self.languages, list) else None
        if languages is None or any(code not in PERSON_LANGUAGES for code in languages):
            errors["languages"] = _("Choose languages from the list.")
        if errors:
            raise ValidationError(errors)


class Application(models.Model):
    """An organisation's application to become a partner, and its vetting by the Secretariat.

    States follow ``rules.VETTING``: submitted → info_requested → resubmitted →
    approved or rejected. The commitment to international human rights and labour standards
    (seed 000) is recorded with the moment it was given.
    """

    class State(models.TextChoices):
        SUBMITTED = "submitted", pgettext_lazy("application status", "Submitted")
        INFO_REQUESTED = "info_requested", _("More information requested")
        RESUBMITTED = "resubmitted", _("Resubmitted")
        APPROVED = "approved", pgettext_lazy("application status", "Approved")
        REJECTED = "rejected", pgettext_lazy("application status", "Rejected")

    organisation_name = models.CharField(_("organisation name"), max_length=200)
    # In each language, as that language writes it: "OIT" in Spanish, "ILO" in English.
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    government_kind = models.CharField(
        _("government partner kind"),
        max_length=10,
        choices=Partner.GovernmentKind.choices,
        blank=True,
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    website = models.URLField(_("website"), blank=True)
    themes = models.JSONField(_("thematic focus"), default=list, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_position = models.CharField(
        pgettext_lazy("job title", "position"), max_length=200, blank=True
    )
    contact_email = models.EmailField(_("contact e-mail"))
    language = models.CharField(
        _("language"), max_length=2, choices=settings.LANGUAGES, default="en"
    )
    statement = models.TextField(_("statement of work on Target 8.7"))
    commitment = models.BooleanField(
        _("commitment to international human rights and labour standards")
    )
    committed_at = models.DateTimeField(_("commitment given at"))
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.SUBMITTED
    )
    reason = models.TextField(_("message to the applicant"), blank=True)
    applicant_reply = models.TextField(_("applicant's additional information"), blank=True)
    vetting_notes = models.TextField(_("vetting notes (Secretariat only)"), blank=True)
    token = models.CharField(max_length=64, unique=True, editable=False)
    partner = models.OneToOneField(
        Partner, null=True, blank=True, on_delete=models.SET_NULL, related_name="application"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("partner application")
        verbose_name_plural = _("partner applications")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(commitment=True),
                name="application_commitment_given",
                violation_error_message=_(
                    "Partners commit to promote international human rights and labour standards."
                ),
            ),
            models.CheckConstraint(
                condition=~models.Q(state="rejected") | ~models.Q(reason=""),
                name="application_rejection_has_reason",
                violation_error_message=_("A rejection needs a reason."),
            ),
        ]

    def __str__(self) -> str:
        return self.organisation_name

    @property
    def is_open(self) -> bool:
        return self.state in rules.OPEN_STATES

    def clean(self) -> None:
        problems = messages.problem_texts(
            rules.application_problems(
                {
                    "organisation_name": self.organisation_name,
                    "category": self.category,
                    "country": self.country_id,
                    "contact_name": self.contact_name,
                    "contact_email": self.contact_email,
                    "statement": self.statement,
                    "commitment": self.commitment,
                }
            )
        )
        if self.category == Category.COUNTRY and not self.government_kind:
            problems["government_kind"] = str(
                _("Say whether the government joins as a whole country or as a ministry.")
            )
        if self.category != Category.COUNTRY and self.government_kind:
            problems["government_kind"] = str(
                _("Only government partners are a whole country or a ministry.")
            )
        unknown = [t for t in (self.themes or []) if t not in Theme.values]
        if unknown:
            problems["themes"] = str(
                _("Unknown theme: %(theme)s.") % {"theme": ", ".join(map(str, unknown))}
            )
        if problems:
            raise ValidationError(problems)
