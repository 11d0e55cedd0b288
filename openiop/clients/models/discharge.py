"""The discharge summary (signed once, then locked) and a site's stay settings."""

import re
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from openiop.accounts.models import Site
from openiop.clients.models.episodes import Episode
from openiop.core.concurrency import Conflict
from openiop.core.models import TimeStampedModel

SUMMARY_SECTIONS: list[tuple[str, str]] = [
    ("presenting_problem", "Reason for admission"),
    ("course", "Course of treatment"),
    ("condition", "Condition at discharge"),
    ("recommendations", "Recommendations and aftercare"),
]


class SummaryLocked(Conflict):
    """A signed discharge summary never changes."""


class DischargeSummary(TimeStampedModel):
    """What happened in the episode and what comes next; signed with re-authentication, then locked."""

    episode = models.OneToOneField(Episode, on_delete=models.PROTECT, related_name="discharge_summary")
    presenting_problem = models.TextField(blank=True)
    course = models.TextField(blank=True)
    condition = models.TextField(blank=True)
    recommendations = models.TextField(blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    content_sha256 = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name_plural = "discharge summaries"
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(signed_at__isnull=True, signed_by__isnull=True)
                | models.Q(signed_at__isnull=False, signed_by__isnull=False, content_sha256__regex=r"^[0-9a-f]{64}$"),
                name="discharge_summary_signature_complete",
            )
        ]

    def __str__(self) -> str:
        return f"Discharge summary of episode {self.episode_id}"

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None

    def section_items(self) -> list[tuple[str, str]]:
        return [(label, getattr(self, key)) for key, label in SUMMARY_SECTIONS]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding and DischargeSummary.objects.filter(pk=self.pk, signed_at__isnull=False).exists():
            raise SummaryLocked("This discharge summary is signed and locked.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise SummaryLocked("A discharge summary is never deleted.")


DEFAULT_INACTIVE_DAYS = 14
DEFAULT_FOLLOWUP_DAYS = "30,90,180,365"
FOLLOWUP_DAYS_RE = re.compile(r"^\d{1,3}(,\d{1,3}){0,9}$")


def parse_followup_days(text: str) -> list[int]:
    """``"30,90,180,365"`` → ``[30, 90, 180, 365]`` (ascending, each 1–730); ValueError otherwise."""
    cleaned = text.replace(" ", "")
    if not FOLLOWUP_DAYS_RE.match(cleaned):
        raise ValueError("Give the days after discharge as numbers separated by commas, e.g. 30,90,180,365.")
    days = [int(part) for part in cleaned.split(",")]
    if any(not 1 <= day <= 730 for day in days) or days != sorted(set(days)):
        raise ValueError("Each day is between 1 and 730, in increasing order, none twice.")
    return days


class StaySettings(TimeStampedModel):
    """A site's rules for a stay: when a client without attendance is proposed for an
    administrative discharge, and when alumni are followed up. A site without a row uses the defaults."""

    AUDIT_TEXT_VALUES = True  # configuration: the audit trail records its values

    site = models.OneToOneField(Site, on_delete=models.CASCADE, related_name="stay_settings")
    inactive_days = models.PositiveSmallIntegerField(
        default=DEFAULT_INACTIVE_DAYS,
        validators=[MinValueValidator(3), MaxValueValidator(90)],
        help_text="Days without any attended session after which a client is proposed for administrative discharge.",
    )
    followup_days = models.CharField(
        max_length=60,
        default=DEFAULT_FOLLOWUP_DAYS,
        help_text="Days after discharge for alumni follow-ups, e.g. 30,90,180,365.",
    )

    class Meta:
        verbose_name_plural = "stay settings"

    def __str__(self) -> str:
        return f"Stay settings of {self.site}"

    def clean(self) -> None:
        try:
            parse_followup_days(self.followup_days)
        except ValueError as exc:
            raise ValidationError({"followup_days": str(exc)}) from None

    @property
    def followup_day_list(self) -> list[int]:
        return parse_followup_days(self.followup_days)
