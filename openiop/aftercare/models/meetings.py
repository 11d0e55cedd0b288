"""Mutual-help meetings imported from Meeting Guide and BMLT feeds, and the feeds themselves.

Meetings are a public directory (no PHI): rows are written only by the import
(``aftercare.services.meetings``), upserted by (source, slug), and retired, never deleted, when a
later import of their source no longer lists them, so plans that chose them keep their link.
Days are Meeting Guide's (0 = Sunday … 6 = Saturday), not ``core.models.Weekday``.
"""

from typing import ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from openiop.core.models import TimeStampedModel


class FeedFormat(models.TextChoices):
    MEETING_GUIDE = "meeting-guide", "Meeting Guide JSON"
    BMLT = "bmlt", "BMLT semantic JSON"


class MeetingAttendance(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    ONLINE = "online", "Online"
    HYBRID = "hybrid", "Hybrid"
    INACTIVE = "inactive", "Temporarily closed"


class ImportStatus(models.TextChoices):
    NEVER = "never", "Not imported yet"
    OK = "ok", "Imported"
    REFUSED = "refused", "Refused (not JSON or not a list)"
    FAILED = "failed", "Could not be fetched"


class MeetingSource(TimeStampedModel):
    """A feed: one intergroup's or NA area's meetings. ``url`` and ``refresh_hours`` drive the
    scheduled refresh (``aftercare.tasks``); a source imported only from files has no URL."""

    AUDIT_TEXT_VALUES = True  # configuration, not PHI

    slug = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=500, blank=True)
    format = models.CharField(max_length=16, choices=FeedFormat.choices, default=FeedFormat.MEETING_GUIDE)
    refresh_hours = models.PositiveIntegerField(
        default=24, validators=[MinValueValidator(1), MaxValueValidator(24 * 30)]
    )
    active = models.BooleanField(default=True)
    last_run_at = models.DateTimeField(null=True, blank=True)
    last_status = models.CharField(max_length=8, choices=ImportStatus.choices, default=ImportStatus.NEVER)
    last_report = models.JSONField(default=dict, blank=True)
    last_changes = models.JSONField(default=dict, blank=True)  # rows created, changed, retired, restored
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["slug"]

    def __str__(self) -> str:
        return self.name or self.slug


class Meeting(models.Model):
    source = models.ForeignKey(MeetingSource, on_delete=models.PROTECT, related_name="meetings")
    slug = models.CharField(max_length=255)
    name = models.CharField(max_length=255)
    days = models.JSONField(default=list, blank=True)
    time = models.TimeField(null=True, blank=True)
    end_time = models.TimeField(null=True, blank=True)
    types = models.JSONField(default=list, blank=True)
    attendance = models.CharField(max_length=10, choices=MeetingAttendance.choices)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    approximate = models.BooleanField(default=False)
    address = models.CharField(max_length=300, blank=True)
    location = models.CharField(max_length=200, blank=True)
    region = models.CharField(max_length=200, blank=True)
    notes = models.TextField(blank=True)
    conference_url = models.CharField(max_length=500, blank=True)
    conference_phone = models.CharField(max_length=100, blank=True)
    url = models.CharField(max_length=500, blank=True)
    timezone = models.CharField(max_length=64, blank=True)
    updated = models.CharField(max_length=32, blank=True)
    changed_at = models.DateTimeField(help_text="When an import first brought or last changed this row")
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["name", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["source", "slug"], name="meeting_unique_slug_per_source"),
        ]
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["retired_at", "attendance"])]

    def __str__(self) -> str:
        return self.name

    @property
    def by_appointment(self) -> bool:
        return not self.days or self.time is None
