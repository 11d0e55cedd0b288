"""The aftercare plan (versioned, signed with the client) and the participation log.

A plan version is a draft until it is signed; a signed version never changes (the service
refuses and ``save`` guards it): the next change starts a new version, copying the last one.
"""

from typing import Any, ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from openiop.accounts.models import Site
from openiop.aftercare.models.meetings import Meeting
from openiop.clients.models import Client
from openiop.consents.models import Provider, ProviderLevel
from openiop.core.concurrency import Conflict
from openiop.core.models import TimeStampedModel


class PlanLocked(Conflict):
    """A signed aftercare plan version is never changed."""


# The plan's text fields, in the order the plan reads (the form, the page and the copy to a
# new version use this list).
PLAN_TEXT_FIELDS = (
    "follow_up_appointments",
    "medications",
    "sponsor",
    "sober_living",
    "recovery_community",
    "warning_signs",
    "warning_actions",
    "crisis_lines",
)


class AftercarePlan(TimeStampedModel):
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="aftercare_plans")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField()
    step_down_level = models.CharField(max_length=8, choices=ProviderLevel.choices, blank=True)
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    follow_up_appointments = models.TextField(blank=True)
    medications = models.TextField(blank=True)
    sponsor = models.CharField(max_length=200, blank=True)
    sober_living = models.CharField(max_length=300, blank=True)
    recovery_community = models.TextField(blank=True)
    warning_signs = models.TextField(blank=True)
    warning_actions = models.TextField(blank=True)
    crisis_lines = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    client_agreed = models.BooleanField(default=False)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-version"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["client", "version"], name="aftercare_plan_version_unique"),
            models.CheckConstraint(
                condition=models.Q(signed_at__isnull=True) | models.Q(signed_by__isnull=False, client_agreed=True),
                name="aftercare_plan_signed_with_client",
            ),
        ]

    def __str__(self) -> str:
        return f"Aftercare plan v{self.version} of {self.client}"

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            stored = AftercarePlan.objects.filter(pk=self.pk).values_list("signed_at", flat=True).first()
            if stored is not None:
                raise PlanLocked("A signed aftercare plan never changes; save a new version instead.")
        super().save(*args, **kwargs)


class PlanMeeting(models.Model):
    """A meeting the client chose, on one version of the plan (copied to the next version)."""

    plan = models.ForeignKey(AftercarePlan, on_delete=models.CASCADE, related_name="plan_meetings")
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="+")
    day = models.PositiveSmallIntegerField(validators=[MaxValueValidator(6)], help_text="0 = Sunday")
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["day", "meeting__time", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["plan", "meeting", "day"], name="plan_meeting_once_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} (day {self.day})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if AftercarePlan.objects.filter(pk=self.plan_id, signed_at__isnull=False).exists():
            raise PlanLocked("A signed aftercare plan never changes; save a new version instead.")
        super().save(*args, **kwargs)


class ParticipationKind(models.TextChoices):
    MEETING = "meeting", "Attended a meeting"
    SPONSOR = "sponsor", "Talked with my sponsor"
    STEP_WORK = "step_work", "Step work"


class ParticipationEntry(TimeStampedModel):
    """One line of the participation log: a meeting attended, a sponsor contact or step work,
    entered by staff or reported by the client in the portal."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="participation")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=ParticipationKind.choices)
    on = models.DateField()
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    meeting_name = models.CharField(max_length=255, blank=True, help_text="When the meeting is not in a feed")
    step = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    note = models.CharField(max_length=500, blank=True)
    self_reported = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering: ClassVar[list[str]] = ["-on", "-pk"]
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["client", "kind", "on"])]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=~models.Q(kind="meeting") | models.Q(meeting__isnull=False) | ~models.Q(meeting_name=""),
                name="participation_meeting_named",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.on}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError
        from django.utils.translation import gettext as _

        super().clean()
        if self.kind == ParticipationKind.MEETING and self.meeting_id is None and not self.meeting_name.strip():
            raise ValidationError({"meeting_name": _("Name the meeting.")})
        if self.kind == ParticipationKind.STEP_WORK and self.step is None:
            raise ValidationError({"step": _("Say which step.")})
