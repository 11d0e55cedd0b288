"""Client availability, weekly plan runs and calendar feeds.

A ``PlanRun`` is one press of "Plan week": the problem exported from the database
(format schedule-v1), the solver's solution, and the proposed placements as rows
(``PlanClient``, ``PlanAssignment``) that the director can adjust by hand before accepting.
Accepting turns them into ``program.SessionEnrollment`` and ``program.IndividualSession`` rows.
"""

from typing import Any, ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models

from openiop.accounts.models import Site
from openiop.clients.models import Client
from openiop.core.models import TimeStampedModel, Weekday
from openiop.program.models import GroupSession, Module


class AvailabilityKind(models.TextChoices):
    AVAILABLE = "available", "Available"
    PREFERRED = "preferred", "Available, preferred"
    WORK = "work", "Work"
    SCHOOL = "school", "School"
    CHILDCARE = "childcare", "Childcare"
    OTHER = "other", "Other commitment"


# Kinds that make a window usable for treatment; the others are commitments subtracted from it.
OPEN_KINDS = frozenset({AvailabilityKind.AVAILABLE, AvailabilityKind.PREFERRED})


class ClientAvailabilityQuerySet(models.QuerySet["ClientAvailability"]):
    def current(self) -> "ClientAvailabilityQuerySet":
        """The client's week as the planner, the chart and the portal use it (not an assessment's record)."""
        return self.filter(assessment__isnull=True)


class ClientAvailability(TimeStampedModel):
    """A weekly window of a client's week, in the site's local time: the one model of client
    availability, shared by intake, the portal and the planner.

    A row with ``assessment`` set is what the client said at that assessment, frozen with it once
    signed; signing copies those windows into the client's current week (rows without an
    assessment), which the planner, the chart and the portal read and change.
    """

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="availability")
    assessment = models.ForeignKey(
        "intake.Assessment", on_delete=models.CASCADE, null=True, blank=True, related_name="availability"
    )
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    start_time = models.TimeField()
    end_time = models.TimeField()
    kind = models.CharField(max_length=16, choices=AvailabilityKind.choices, default=AvailabilityKind.AVAILABLE)

    objects = ClientAvailabilityQuerySet.as_manager()

    class Meta:
        ordering: ClassVar[list[str]] = ["client", "weekday", "start_time"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(start_time__lt=models.F("end_time")),
                name="client_availability_start_before_end",
                violation_error_message="The end must be after the start.",
            ),
            models.CheckConstraint(condition=models.Q(weekday__lte=6), name="client_availability_weekday_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start_time:%H:%M}–{self.end_time:%H:%M} {self.kind}"

    @property
    def is_open(self) -> bool:
        return self.kind in OPEN_KINDS

    @property
    def hours(self) -> float:
        return (
            (self.end_time.hour * 60 + self.end_time.minute) - (self.start_time.hour * 60 + self.start_time.minute)
        ) / 60

    def save(self, *args: Any, **kwargs: Any) -> None:
        _refuse_if_assessment_signed(self.assessment_id)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        _refuse_if_assessment_signed(self.assessment_id)
        return super().delete(*args, **kwargs)


def _refuse_if_assessment_signed(assessment_id: int | None) -> None:
    if assessment_id:
        from openiop.intake.models.assessment import _refuse_if_signed

        _refuse_if_signed(assessment_id)


class ClientPlanProfile(TimeStampedModel):
    """Per-client planning settings that are not part of the episode."""

    client = models.OneToOneField(Client, on_delete=models.CASCADE, related_name="plan_profile")
    # 0: no individual session in the weekly plan (e.g. held elsewhere).
    individual_minutes = models.PositiveSmallIntegerField(default=50, validators=[MaxValueValidator(180)])
    notes = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(individual_minutes__lte=180), name="plan_profile_individual_at_most_3h"
            )
        ]

    def __str__(self) -> str:
        return f"Planning profile of {self.client}"


class ModuleCompletion(models.Model):
    """A curriculum module the client has completed (the plan prefers modules not yet taken)."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="completed_modules")
    module = models.ForeignKey(Module, on_delete=models.PROTECT, related_name="completions")
    completed_on = models.DateField()

    class Meta:
        ordering: ClassVar[list[str]] = ["client", "module"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["client", "module"], name="module_completion_unique")
        ]

    def __str__(self) -> str:
        return f"{self.client} completed {self.module}"


class PlanStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class PlanRun(TimeStampedModel):
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="plan_runs")
    week_start = models.DateField(help_text="The Monday of the planned week.")
    status = models.CharField(max_length=16, choices=PlanStatus.choices, default=PlanStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(100)])
    step = models.CharField(max_length=200, blank=True)
    time_limit_s = models.FloatField(default=10.0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    problem = models.JSONField(null=True, blank=True)
    previous = models.JSONField(null=True, blank=True, help_text="Last week's placements, as the solver's hint.")
    solution = models.JSONField(null=True, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The lease of the process running the plan: it renews ``lease_expires_at`` with every
    # heartbeat; a run whose lease ran out lost its worker (killed, crashed) and is queued again
    # or ends failed, interrupted (services/runs.py, docs/algorithms/planning-in-the-app.md).
    worker_id = models.CharField(max_length=120, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering: ClassVar[list[str]] = ["-created_at", "-pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="plan_run_progress_percent"),
            models.CheckConstraint(
                condition=models.Q(accepted_at__isnull=True) | models.Q(status="done"),
                name="plan_run_only_done_accepted",
                violation_error_message="Only a finished plan can be accepted.",
            ),
        ]

    def __str__(self) -> str:
        return f"Plan for {self.site} week of {self.week_start} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (PlanStatus.DONE, PlanStatus.FAILED)

    @property
    def solver_status(self) -> str:
        solution: dict[str, Any] = self.solution or {}
        return str(solution.get("status", ""))


class PlanClient(models.Model):
    """One client of a plan: their hour targets and the solver's verdict."""

    run = models.ForeignKey(PlanRun, on_delete=models.CASCADE, related_name="plan_clients")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+")
    min_minutes = models.PositiveIntegerField()
    target_minutes = models.PositiveIntegerField()
    max_minutes = models.PositiveIntegerField()
    unmet_reason = models.CharField(max_length=300, blank=True)
    counselor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    individual_starts_at = models.DateTimeField(null=True, blank=True)
    individual_ends_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["run", "client"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["run", "client"], name="plan_client_unique"),
            models.CheckConstraint(
                condition=models.Q(individual_starts_at__isnull=True)
                | models.Q(individual_starts_at__lt=models.F("individual_ends_at")),
                name="plan_client_individual_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client} in {self.run}"

    @property
    def individual_minutes(self) -> int:
        if self.individual_starts_at is None or self.individual_ends_at is None:
            return 0
        return int((self.individual_ends_at - self.individual_starts_at).total_seconds() // 60)


class PlanAssignment(models.Model):
    """A proposed placement of a client in a group session."""

    run = models.ForeignKey(PlanRun, on_delete=models.CASCADE, related_name="assignments")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey(GroupSession, on_delete=models.CASCADE, related_name="+")
    by_hand = models.BooleanField(default=False)

    class Meta:
        ordering: ClassVar[list[str]] = ["run", "session", "client"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["run", "client", "session"], name="plan_assignment_unique")
        ]

    def __str__(self) -> str:
        return f"{self.client} → {self.session}"


class CalendarFeed(TimeStampedModel):
    """A secret calendar URL for one client or one staff member; only the token's SHA-256 is kept."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="calendar_feeds")
    client = models.ForeignKey(Client, on_delete=models.CASCADE, null=True, blank=True, related_name="calendar_feeds")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="calendar_feeds"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_fetched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-created_at"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(client__isnull=False, user__isnull=True)
                | models.Q(client__isnull=True, user__isnull=False),
                name="calendar_feed_one_owner",
                violation_error_message="A feed belongs to one client or one staff member.",
            )
        ]

    def __str__(self) -> str:
        return f"Calendar feed {self.prefix}…"

    @property
    def active(self) -> bool:
        return self.revoked_at is None
