"""Reference data (countries, UN M49 regions), users, role assignments and the audit log."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .roles import Role, scope_error

LANGUAGE_CODES = ("en", "es", "fr", "pt")


def pick_language(values: dict[str, str] | None, language: str | None = None) -> str:
    """The text for the active language from a multilingual value (``core.content.text``):
    the language asked for, else the original, then English, then any language present."""
    from .content import text

    return text(values, language)


class Region(models.Model):
    """A UN M49 region, sub-region or intermediate region."""

    class Level(models.TextChoices):
        REGION = "region", _("Region")
        SUBREGION = "subregion", _("Sub-region")
        INTERMEDIATE = "intermediate", _("Intermediate region")

    code = models.CharField(_("M49 code"), max_length=3, primary_key=True)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    name_en = models.CharField(max_length=100)
    name_es = models.CharField(max_length=100)
    name_fr = models.CharField(max_length=100)
    name_pt = models.CharField(max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return pick_language({code: getattr(self, f"name_{code}") for code in LANGUAGE_CODES})


class Country(models.Model):
    """A country or territory of ISO 3166-1 with its UN M49 classification."""

    iso3 = models.CharField(_("ISO 3166-1 alpha-3"), max_length=3, primary_key=True)
    iso2 = models.CharField(_("ISO 3166-1 alpha-2"), max_length=2, unique=True)
    m49 = models.CharField(_("M49 code"), max_length=3, unique=True)
    name_en = models.CharField(max_length=100)
    name_es = models.CharField(max_length=100)
    name_fr = models.CharField(max_length=100)
    name_pt = models.CharField(max_length=100)
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subregion = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    intermediate_region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ldc = models.BooleanField(_("least developed country"), default=False)
    sids = models.BooleanField(_("small island developing state"), default=False)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return pick_language({code: getattr(self, f"name_{code}") for code in LANGUAGE_CODES})

    def region_codes(self) -> list[str]:
        return [c for c in (self.region_id, self.subregion_id, self.intermediate_region_id) if c]


class User(AbstractUser):
    """A person who signs in. E-mail is the login; it is never shown publicly."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=settings.LANGUAGES, default="en"
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["username"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_username()


class RoleAssignment(models.Model):
    """A user holds a role, globally (no scope) or on one object (a country, a group, a partner)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    scope_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE)
    scope_id = models.CharField(max_length=64, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "scope_type", "scope_id"],
                name="unique_role_assignment",
                violation_error_message=_("This person already holds this role here."),
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(scope_type__isnull=True),
                name="unique_global_role_assignment",
                violation_error_message=_("This person already holds this role."),
            ),
        ]

    def __str__(self) -> str:
        scope = f" @ {self.scope_type.model}:{self.scope_id}" if self.scope_type_id else ""
        return f"{self.user} — {self.get_role_display()}{scope}"

    def clean(self) -> None:
        """The scope is of the type the role is held on and exists (``core.roles``): the admin
        cannot give a focal point role on an admin log entry, nor the Secretariat on a country."""
        from django.core.exceptions import ValidationError

        self.scope_id = (self.scope_id or "").strip()
        if error := scope_error(self.role, self.scope_type, self.scope_id):
            raise ValidationError({"scope_id": error})


class AuditEntry(models.Model):
    """Who changed what, when, from what to what. Rows outlive the objects they describe."""

    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(_("who"), max_length=200)
    event = models.CharField(_("event"), max_length=80, db_index=True)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL)
    object_id = models.CharField(max_length=64, blank=True, default="")
    object_label = models.CharField(_("object"), max_length=300)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["content_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return (
            f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.event} {self.object_label}"
        )


from .models_tokens import ApiToken  # noqa: E402,F401

__all__ = ["LANGUAGE_CODES", "AuditEntry", "Country", "Region", "Role", "RoleAssignment", "User"]
