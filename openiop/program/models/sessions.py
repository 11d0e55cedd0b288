"""The group calendar: recurring series, their sessions, rosters and individual sessions.

A ``GroupSeries`` is a recurring group (an RFC 5545 RRULE in the site's time zone); each of its
occurrences is materialised as a ``GroupSession`` so that one date can be moved or cancelled on
its own and rosters, attendance and notes (clinical app) hang off a real row. Times are stored
in UTC and shown in the site's time zone.
"""

import datetime as dt
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

from openiop.accounts.models import Site
from openiop.clients.models import Client
from openiop.core.models import TimeStampedModel, program_bound_problems
from openiop.program.models.structure import Module, Room, Track


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    CANCELLED = "cancelled", "Cancelled"


class GroupSeries(TimeStampedModel):
    """A recurring group: RRULE (RFC 5545) from ``first_day`` in the site's time zone."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="group_series")
    track = models.ForeignKey(Track, on_delete=models.PROTECT, related_name="series")
    name = models.CharField(max_length=120)
    rrule = models.CharField(
        max_length=300,
        help_text="RFC 5545 recurrence rule, e.g. FREQ=WEEKLY;BYDAY=MO,WE,TH",
    )
    first_day = models.DateField()
    last_day = models.DateField(null=True, blank=True)
    start_time = models.TimeField()
    end_time = models.TimeField()
    exception_dates = models.JSONField(default=list, blank=True, help_text="Dates without a session (holidays).")
    room = models.ForeignKey(Room, on_delete=models.PROTECT, null=True, blank=True, related_name="series")
    facilitators = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="facilitated_series", blank=True)
    capacity = models.PositiveSmallIntegerField(default=12, validators=[MinValueValidator(1)])
    modules: "models.ManyToManyField[Module, SeriesModule]" = models.ManyToManyField(
        Module, through="SeriesModule", related_name="series", blank=True
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["site", "track", "name"]
        verbose_name_plural = "group series"
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(start_time__lt=models.F("end_time")),
                name="series_start_before_end",
                violation_error_message="The end time must be after the start time.",
            ),
            models.CheckConstraint(
                condition=models.Q(last_day__isnull=True) | models.Q(last_day__gte=models.F("first_day")),
                name="series_days_in_order",
                violation_error_message="The last day cannot be before the first day.",
            ),
            models.CheckConstraint(condition=models.Q(capacity__gte=1), name="series_capacity_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    def bound_problems(self) -> dict[str, str]:
        problems = super().bound_problems()
        zone = self.site.time_zone if self.site_id else None
        return program_bound_problems(problems, zone, first_day=self.first_day, last_day=self.last_day)

    def clean(self) -> None:
        from openiop.program.recurrence import RecurrenceError, validate_rrule

        try:
            validate_rrule(self.rrule)
        except RecurrenceError as exc:
            raise ValidationError({"rrule": str(exc)}) from None
        dates = self.exception_dates
        if not isinstance(dates, list) or not all(isinstance(d, str) for d in dates):
            raise ValidationError({"exception_dates": "Exception dates must be a list of YYYY-MM-DD dates."})
        for text in dates:
            try:
                dt.date.fromisoformat(text)
            except ValueError:
                raise ValidationError({"exception_dates": f"{text!r} is not a date (YYYY-MM-DD)."}) from None
        if self.track_id and self.site_id and self.track.site_id != self.site_id:
            raise ValidationError({"track": "The track belongs to another site."})
        room = self.room if self.room_id else None
        if room is not None and self.site_id and room.site_id != self.site_id:
            raise ValidationError({"room": "The room belongs to another site."})


class SeriesModule(models.Model):
    """The module rotation of a series: occurrence n teaches the module at position n mod length."""

    series = models.ForeignKey(GroupSeries, on_delete=models.CASCADE, related_name="rotation")
    module = models.ForeignKey(Module, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering: ClassVar[list[str]] = ["series", "position"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["series", "position"], name="series_module_unique_position")
        ]

    def __str__(self) -> str:
        return f"{self.series} #{self.position}: {self.module}"


class GroupSession(TimeStampedModel):
    """One meeting of a group. ``sequence`` counts changes (RFC 5545 SEQUENCE for calendar feeds)."""

    series = models.ForeignKey(GroupSeries, on_delete=models.PROTECT, null=True, blank=True, related_name="sessions")
    # The date the series put this occurrence on; a moved occurrence keeps it so it is not re-created.
    occurrence_date = models.DateField(null=True, blank=True)
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="group_sessions")
    track = models.ForeignKey(Track, on_delete=models.PROTECT, related_name="sessions")
    module = models.ForeignKey(Module, on_delete=models.PROTECT, null=True, blank=True, related_name="sessions")
    room = models.ForeignKey(Room, on_delete=models.PROTECT, null=True, blank=True, related_name="sessions")
    facilitators = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="facilitated_sessions", blank=True)
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField()
    capacity = models.PositiveSmallIntegerField(default=12, validators=[MinValueValidator(1)])
    status = models.CharField(max_length=16, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED)
    change_reason = models.CharField(max_length=200, blank=True)
    sequence = models.PositiveIntegerField(default=0)

    class Meta:
        ordering: ClassVar[list[str]] = ["starts_at", "pk"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["site", "starts_at"], name="group_session_site_start_idx")
        ]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(starts_at__lt=models.F("ends_at")),
                name="group_session_start_before_end",
                violation_error_message="A session must end after it starts.",
            ),
            models.CheckConstraint(condition=models.Q(capacity__gte=1), name="group_session_capacity_positive"),
            models.UniqueConstraint(
                fields=["series", "occurrence_date"],
                condition=models.Q(series__isnull=False),
                name="group_session_one_per_series_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.track} {self.starts_at:%Y-%m-%d %H:%M} UTC"

    def bound_problems(self) -> dict[str, str]:
        problems = super().bound_problems()
        zone = self.site.time_zone if self.site_id else None
        return program_bound_problems(problems, zone, starts_at=self.starts_at, ends_at=self.ends_at)

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def is_cancelled(self) -> bool:
        return self.status == SessionStatus.CANCELLED


class EnrollmentSource(models.TextChoices):
    PLAN = "plan", "Weekly plan"
    MANUAL = "manual", "Added by staff"
    DROP_IN = "drop-in", "Drop-in"


class SessionEnrollment(models.Model):
    """A client on a group session's roster (the interface the clinical app builds on)."""

    session = models.ForeignKey(GroupSession, on_delete=models.CASCADE, related_name="enrollments")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="session_enrollments")
    source = models.CharField(max_length=16, choices=EnrollmentSource.choices, default=EnrollmentSource.MANUAL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["session", "client"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["session", "client"],
                name="enrollment_unique_client_per_session",
                violation_error_message="This client is already on this session's roster.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.client} in {self.session}"


class IndividualSession(TimeStampedModel):
    """A client's individual session with their counselor (placed by the weekly plan or by hand)."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="individual_sessions")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="individual_sessions")
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="individual_sessions"
    )
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField()
    status = models.CharField(max_length=16, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED)
    source = models.CharField(max_length=16, choices=EnrollmentSource.choices, default=EnrollmentSource.MANUAL)
    change_reason = models.CharField(max_length=200, blank=True)
    sequence = models.PositiveIntegerField(default=0)

    class Meta:
        ordering: ClassVar[list[str]] = ["starts_at", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(starts_at__lt=models.F("ends_at")),
                name="individual_session_start_before_end",
                violation_error_message="A session must end after it starts.",
            )
        ]

    def __str__(self) -> str:
        return f"Individual session {self.starts_at:%Y-%m-%d %H:%M} UTC"

    def bound_problems(self) -> dict[str, str]:
        problems = super().bound_problems()
        zone = self.site.time_zone if self.site_id else None
        return program_bound_problems(problems, zone, starts_at=self.starts_at, ends_at=self.ends_at)

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)
