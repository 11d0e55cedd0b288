from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from openiop.accounts.models import Site
from openiop.clients.models import Client, Episode, clinical_bound_problems
from openiop.core.models import BoundedDatesMixin, TimeStampedModel


class Dimension(models.IntegerChoices):
    """The six dimensions (clinical reference §2), named neutrally."""

    WITHDRAWAL = 1, "1 — Intoxication and withdrawal"
    BIOMEDICAL = 2, "2 — Physical health"
    EMOTIONAL = 3, "3 — Emotional, behavioral or cognitive conditions"
    READINESS = 4, "4 — Readiness to change"
    RELAPSE = 5, "5 — Relapse or continued use potential"
    ENVIRONMENT = 6, "6 — Recovery and living environment"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"


class TreatmentPlan(TimeStampedModel):
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="treatment_plans")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    effective_on = models.DateField()
    review_interval_days = models.PositiveSmallIntegerField(default=30)
    status = models.CharField(max_length=8, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    clinician_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    clinician_signed_at = models.DateTimeField(null=True, blank=True)
    client_signature = models.CharField(max_length=200, blank=True)  # the client's typed name
    client_signed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-effective_on", "-pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["client"],
                condition=models.Q(status__in=["draft", "active"]),
                name="plan_one_open_per_client",
                violation_error_message="This client already has a treatment plan in progress.",
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft")
                | models.Q(clinician_signed_at__isnull=False, client_signed_at__isnull=False),
                name="plan_active_when_signed_by_both",
            ),
        ]

    def __str__(self) -> str:
        return f"Treatment plan of {self.client} from {self.effective_on}"


class Problem(TimeStampedModel):
    plan = models.ForeignKey(TreatmentPlan, on_delete=models.CASCADE, related_name="problems")
    dimension = models.PositiveSmallIntegerField(choices=Dimension.choices)
    statement = models.TextField()
    goal = models.TextField(help_text="The goal in the client's own words.")

    class Meta:
        ordering: ClassVar[list[str]] = ["dimension", "pk"]

    def __str__(self) -> str:
        return self.statement[:60]


class ObjectiveStatus(models.TextChoices):
    OPEN = "open", "In progress"
    MET = "met", "Met"
    REVISED = "revised", "Revised"
    DISCONTINUED = "discontinued", "Discontinued"


class Objective(TimeStampedModel):
    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="objectives")
    text = models.TextField(help_text="Measurable: what, how much, by when.")
    target_date = models.DateField()
    status = models.CharField(max_length=16, choices=ObjectiveStatus.choices, default=ObjectiveStatus.OPEN)

    class Meta:
        ordering: ClassVar[list[str]] = ["target_date", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class Modality(models.TextChoices):
    GROUP = "group", "Group therapy"
    INDIVIDUAL = "individual", "Individual therapy"
    FAMILY = "family", "Family session"
    CASE_MANAGEMENT = "case_management", "Case management"
    PSYCHOEDUCATION = "psychoeducation", "Psychoeducation"
    MEDICATION = "medication", "Medication management"
    TESTING = "testing", "Drug testing"
    MUTUAL_HELP = "mutual_help", "Mutual-help meetings"


class Intervention(TimeStampedModel):
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="interventions")
    modality = models.CharField(max_length=20, choices=Modality.choices)
    frequency = models.CharField(max_length=100, help_text="e.g. 3 times a week")
    responsible = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"{self.get_modality_display()} {self.frequency}"


class PlanReview(BoundedDatesMixin, models.Model):
    plan = models.ForeignKey(TreatmentPlan, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField()
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    summary = models.TextField()
    signed_at = models.DateTimeField()

    class Meta:
        ordering: ClassVar[list[str]] = ["-reviewed_on", "-pk"]

    def __str__(self) -> str:
        return f"Review of {self.plan} on {self.reviewed_on}"

    def bound_problems(self) -> dict[str, str]:
        problems = super().bound_problems()
        client = self.plan.client if self.plan_id else None
        return clinical_bound_problems(problems, client, reviewed_on=self.reviewed_on)

    def clean(self) -> None:
        if self.plan_id and self.reviewed_on and self.reviewed_on < self.plan.effective_on:
            raise ValidationError({"reviewed_on": "A review cannot precede the plan."})
