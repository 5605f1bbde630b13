"""Action groups and working groups (seed 001, «Guía para los Grupos de Acción»; seed 000)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from alliance87.core.content import MultilingualField
from alliance87.core.models import pick_language

from . import rules


class Kind(models.TextChoices):
    ACTION_GROUP = rules.Kind.ACTION_GROUP.value, _("Action group")
    WORKING_GROUP = rules.Kind.WORKING_GROUP.value, _("Working group")


class Status(models.TextChoices):
    PROPOSED = rules.Status.PROPOSED.value, _("Proposed")
    ACTIVE = rules.Status.ACTIVE.value, _("Active")
    CLOSED = rules.Status.CLOSED.value, _("Closed")


class MemberRole(models.TextChoices):
    CHAIR = rules.Role.CHAIR.value, _("Chair")
    CO_CHAIR = rules.Role.CO_CHAIR.value, _("Co-chair")
    FOCAL_POINT = rules.Role.FOCAL_POINT.value, _("Focal point")
    MEMBER = rules.Role.MEMBER.value, _("Member")


class TaskStatus(models.TextChoices):
    NOT_STARTED = rules.TaskStatus.NOT_STARTED.value, _("Not started")
    IN_PROGRESS = rules.TaskStatus.IN_PROGRESS.value, _("In progress")
    DONE = rules.TaskStatus.DONE.value, pgettext_lazy("task status", "Done")
    DROPPED = rules.TaskStatus.DROPPED.value, pgettext_lazy("task status", "Dropped")


class Group(models.Model):
    """An action group or a working group. Created by a decision of the GCG (seed 000)."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    names = MultilingualField(_("names"))
    acronyms = MultilingualField(_("acronyms"), blank=True)
    description = MultilingualField(_("description"), blank=True, textarea=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    decision_ref = models.CharField(_("GCG decision"), max_length=80, blank=True)
    members_noted = models.PositiveIntegerField(
        _("members noted"),
        null=True,
        blank=True,
        help_text=_("A membership count reported in a source, for members not yet recorded."),
    )
    members_note = MultilingualField(_("note on membership"), blank=True, textarea=True)
    source = models.TextField(_("source"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["kind", "slug"]
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="proposed") | ~Q(decision_ref="") | Q(source__gt=""),
                name="groups_group_active_has_decision_or_source",
                violation_error_message=_(
                    "An active or closed group needs the GCG decision that created it."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return pick_language(self.names)

    @property
    def members_note_text(self) -> str:
        return pick_language(self.members_note)

    @property
    def acronym(self) -> str:
        return pick_language(self.acronyms) if self.acronyms else ""


class Membership(models.Model):
    """An expert from a partner organisation in a group (a person joins from their partner)."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(
        "partners.Person", on_delete=models.PROTECT, related_name="group_memberships"
    )
    partner = models.ForeignKey(
        "partners.Partner",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="group_memberships",
    )
    role = models.CharField(
        _("role"), max_length=12, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    joined_on = models.DateField(_("joined on"), default=timezone.localdate)
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        ordering = ["group", "role", "person__full_name"]
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "person"],
                condition=Q(left_on__isnull=True),
                name="groups_one_current_membership_per_person",
                violation_error_message=_("This person is already a member of this group."),
            ),
            models.UniqueConstraint(
                fields=["group"],
                condition=Q(left_on__isnull=True, role="chair"),
                name="groups_one_chair",
                violation_error_message=_("This group already has a chair."),
            ),
            models.UniqueConstraint(
                fields=["group"],
                condition=Q(left_on__isnull=True, role="focal_point"),
                name="groups_one_focal_point",
                violation_error_message=_("This group already has a focal point."),
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="groups_membership_dates_in_order",
                violation_error_message=_("A member cannot leave before joining."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class Objective(models.Model):
    """An objective of a group's work plan."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="objectives")
    position = models.PositiveIntegerField(_("position"), default=1)
    titles = MultilingualField(_("title"))

    class Meta:
        ordering = ["group", "position", "pk"]
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return pick_language(self.titles)


class Task(models.Model):
    """A task of the work plan, with an owner, a due date and a status."""

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="tasks")
    titles = MultilingualField(_("title"))
    owner = models.ForeignKey(
        "partners.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="group_tasks",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED
    )
    source = models.TextField(_("source"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["objective", "due_on", "pk"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return pick_language(self.titles)

    def is_overdue(self, today=None) -> bool:
        return rules.task_overdue(
            self.due_on, rules.TaskStatus(self.status), today or timezone.localdate()
        )


class ProgressNote(models.Model):
    """Monitoring of the work plan: a dated note, optionally on one task."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="notes")
    task = models.ForeignKey(
        Task, null=True, blank=True, on_delete=models.SET_NULL, related_name="notes"
    )
    text = models.TextField(_("note"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")

    def __str__(self) -> str:
        return self.text[:60]


class GroupMeeting(models.Model):
    """A meeting or conference call of a group."""

    class Precision(models.TextChoices):
        DAY = "day", _("Day")
        MONTH = "month", _("Month")

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField(_("date"))
    date_precision = models.CharField(
        max_length=5, choices=Precision.choices, default=Precision.DAY
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    titles = MultilingualField(_("title"))
    source = models.TextField(_("source"), blank=True)

    class Meta:
        ordering = ["-date", "pk"]
        verbose_name = _("group meeting")
        verbose_name_plural = _("group meetings")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return pick_language(self.titles)


class ResourceNeed(models.Model):
    """A resource need of a group, reported to the GCG (seed 001: «comunicar las posibles
    necesidades de recursos al Grupo de Coordinación Global»)."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="resource_needs")
    description = models.TextField(_("need"))
    amount = models.DecimalField(
        _("amount"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    reported_to_gcg_on = models.DateField(_("reported to the GCG on"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("resource need")
        verbose_name_plural = _("resource needs")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="groups_resource_amount_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return self.description[:60]
