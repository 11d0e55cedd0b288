"""The biopsychosocial assessment, its medical part, the six dimensions and the placement decision.

Signing locks an assessment: the services refuse, and every model here refuses to save or delete
a row of a signed assessment (``SignedAssessmentError``). A medical co-signature and the
admission are separate rows, added after signing.
"""

from decimal import Decimal
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from openiop.accounts.models import Site
from openiop.clients.models import Client, Episode, Population
from openiop.core.models import BoundedDatesMixin
from openiop.intake.codes import (
    FIRST_USE_AGE_MAX,
    PRIOR_TREATMENT_MAX,
    TedsFrequency,
    TedsRoute,
    TedsSubstance,
    validate_icd10cm,
)
from openiop.intake.models.inquiries import Inquiry
from openiop.intake.models.screening import HOURS_VALIDATORS

DIMENSIONS = range(1, 7)
# openiop's own neutral descriptions (docs/algorithms/placement.md), not ASAM's text.
DIMENSION_NAMES = {
    1: "Intoxication and withdrawal",
    2: "Physical health",
    3: "Emotional, behavioural or cognitive conditions",
    4: "Readiness to change",
    5: "Risk of relapse or continued use",
    6: "Recovery and living environment",
}
RATING_CHOICES = [
    (0, "0 — no current concern"),
    (1, "1 — mild"),
    (2, "2 — moderate"),
    (3, "3 — significant"),
    (4, "4 — severe, needs attention now"),
]


class SignedAssessmentError(PermissionDenied):
    """A write to a signed (locked) assessment."""


class AssessmentStatus(models.TextChoices):
    BOOKED = "booked", "Booked"
    IN_PROGRESS = "in_progress", "In progress"
    SIGNED = "signed", "Signed"
    CANCELLED = "cancelled", "Cancelled"


class PlacementLevel(models.TextChoices):
    """Levels the placement rules can give, which are also the decisions a clinician can record."""

    CRISIS = "crisis", "Emergency evaluation now"
    INPATIENT_WM = "3.7-WM", "3.7-WM — Inpatient withdrawal management"
    AMBULATORY_WM = "2-WM", "2-WM — Ambulatory withdrawal management"
    HOSPITAL = "4", "4 — Hospital inpatient treatment"
    RESIDENTIAL = "3.5", "3.5 — Residential treatment with 24-hour structure"
    PARTIAL = "2.5", "2.5 — Partial hospitalization"
    IOP = "2.1", "2.1 — Intensive outpatient"
    OUTPATIENT = "1", "1 — Outpatient"


class Pregnancy(models.TextChoices):
    NOT_APPLICABLE = "not_applicable", "Not applicable"
    NO = "no", "No"
    YES = "yes", "Yes"
    UNKNOWN = "unknown", "Unknown"


def _refuse_if_signed(assessment_id: int | None) -> None:
    if assessment_id and Assessment.objects.filter(pk=assessment_id, status=AssessmentStatus.SIGNED).exists():
        raise SignedAssessmentError("This assessment is signed and can no longer be changed.")


def _rating_field() -> models.PositiveSmallIntegerField[Any, Any]:
    return models.PositiveSmallIntegerField(
        null=True, blank=True, choices=RATING_CHOICES, validators=[MaxValueValidator(4)]
    )


class Assessment(BoundedDatesMixin, models.Model):
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="intake_assessments")
    inquiry = models.ForeignKey(Inquiry, on_delete=models.PROTECT, related_name="assessments")
    clinician = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    scheduled_at = models.DateTimeField()
    status = models.CharField(max_length=12, choices=AssessmentStatus.choices, default=AssessmentStatus.BOOKED)
    population = models.CharField(max_length=12, choices=Population.choices, default=Population.ADULT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Biopsychosocial
    presenting_problem = models.TextField(blank=True, max_length=5000)
    treatment_history = models.TextField(blank=True, max_length=5000)
    prior_treatment_episodes = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(PRIOR_TREATMENT_MAX)], help_text="5 means five or more."
    )
    medical_conditions = models.TextField(blank=True, max_length=5000)
    medications = models.TextField(blank=True, max_length=5000)
    allergies = models.TextField(blank=True, max_length=2000)
    pregnancy = models.CharField(max_length=16, choices=Pregnancy.choices, blank=True)
    psychiatric_history = models.TextField(blank=True, max_length=5000)
    self_harm_history = models.TextField(blank=True, max_length=5000)
    eating = models.TextField(blank=True, max_length=5000)
    legal = models.TextField(blank=True, max_length=5000)
    family_support = models.TextField(blank=True, max_length=5000)
    work_school = models.TextField(blank=True, max_length=5000)
    available_hours_per_week = models.DecimalField(
        max_digits=4, decimal_places=1, null=True, blank=True, validators=HOURS_VALIDATORS
    )
    strengths = models.TextField(blank=True, max_length=5000)
    preferences = models.TextField(blank=True, max_length=5000)

    # Medical part
    bp_systolic = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(50), MaxValueValidator(260)]
    )
    bp_diastolic = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(30), MaxValueValidator(160)]
    )
    pulse = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(20), MaxValueValidator(250)]
    )
    respiratory_rate = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(4), MaxValueValidator(60)]
    )
    temperature_f = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(90)), MaxValueValidator(Decimal(110))],
    )
    oxygen_saturation = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(50), MaxValueValidator(100)]
    )
    medical_note = models.TextField(blank=True, max_length=5000)
    medical_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    medical_at = models.DateTimeField(null=True, blank=True)

    # The six dimensions
    dimension_1 = _rating_field()
    dimension_2 = _rating_field()
    dimension_3 = _rating_field()
    dimension_4 = _rating_field()
    dimension_5 = _rating_field()
    dimension_6 = _rating_field()
    dimension_1_rationale = models.TextField(blank=True, max_length=3000)
    dimension_2_rationale = models.TextField(blank=True, max_length=3000)
    dimension_3_rationale = models.TextField(blank=True, max_length=3000)
    dimension_4_rationale = models.TextField(blank=True, max_length=3000)
    dimension_5_rationale = models.TextField(blank=True, max_length=3000)
    dimension_6_rationale = models.TextField(blank=True, max_length=3000)

    # Decision (set when signing)
    recommendation = models.JSONField(null=True, blank=True)
    recommended_level = models.CharField(max_length=8, choices=PlacementLevel.choices, blank=True)
    decided_level = models.CharField(max_length=8, choices=PlacementLevel.choices, blank=True)
    decision_reason = models.TextField(blank=True, max_length=3000)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    cancel_note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-scheduled_at", "-pk"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["site", "status", "scheduled_at"], name="assessment_site_status_idx"),
            models.Index(fields=["clinician", "status"], name="assessment_clinician_idx"),
        ]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(status__in=AssessmentStatus.values), name="assessment_status_valid"
            ),
            *[
                models.CheckConstraint(
                    condition=models.Q(**{f"dimension_{d}__isnull": True}) | models.Q(**{f"dimension_{d}__lte": 4}),
                    name=f"assessment_dimension_{d}_0_to_4",
                )
                for d in DIMENSIONS
            ],
            models.CheckConstraint(
                condition=~models.Q(status=AssessmentStatus.SIGNED)
                | (
                    models.Q(signed_by__isnull=False, signed_at__isnull=False)
                    & ~models.Q(decided_level="")
                    & ~models.Q(recommended_level="")
                ),
                name="assessment_signed_is_complete",
                violation_error_message="A signed assessment names its signer, time, recommendation and decision.",
            ),
            models.CheckConstraint(
                condition=models.Q(decided_level="")
                | models.Q(decided_level=models.F("recommended_level"))
                | ~models.Q(decision_reason=""),
                name="assessment_differing_decision_has_reason",
                violation_error_message="A decision that differs from the recommendation needs a reason.",
            ),
            models.CheckConstraint(
                condition=models.Q(bp_systolic__isnull=True)
                | models.Q(bp_diastolic__isnull=True)
                | models.Q(bp_systolic__gt=models.F("bp_diastolic")),
                name="assessment_bp_systolic_above_diastolic",
                violation_error_message="The systolic pressure must be above the diastolic.",
            ),
        ]

    def __str__(self) -> str:
        return f"Assessment of {self.client} ({self.get_status_display()})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            _refuse_if_signed(self.pk)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        _refuse_if_signed(self.pk)
        return super().delete(*args, **kwargs)

    @property
    def is_signed(self) -> bool:
        return self.status == AssessmentStatus.SIGNED

    @property
    def is_open(self) -> bool:
        return self.status in (AssessmentStatus.BOOKED, AssessmentStatus.IN_PROGRESS)

    def ratings(self) -> dict[int, int | None]:
        return {d: getattr(self, f"dimension_{d}") for d in DIMENSIONS}

    def dimension_rows(self) -> list[tuple[int, str, int | None, str]]:
        return [
            (d, DIMENSION_NAMES[d], getattr(self, f"dimension_{d}"), getattr(self, f"dimension_{d}_rationale"))
            for d in DIMENSIONS
        ]


class LockedWithAssessment(BoundedDatesMixin, models.Model):
    """A row that belongs to an assessment and is frozen with it."""

    assessment_id: int

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        _refuse_if_signed(self.assessment_id)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        _refuse_if_signed(self.assessment_id)
        return super().delete(*args, **kwargs)


class SubstanceUse(LockedWithAssessment):
    """One substance, in TEDS codes; the first three by ``rank`` are TEDS SUB1–3."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="substances")
    rank = models.PositiveSmallIntegerField()
    substance = models.PositiveSmallIntegerField(choices=TedsSubstance.choices)
    route = models.PositiveSmallIntegerField(choices=TedsRoute.choices, null=True, blank=True)
    frequency = models.PositiveSmallIntegerField(choices=TedsFrequency.choices, null=True, blank=True)
    age_at_first_use = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(FIRST_USE_AGE_MAX)]
    )
    last_use_date = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["rank", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["assessment", "substance"], name="substance_once_per_assessment"),
            models.UniqueConstraint(fields=["assessment", "rank"], name="substance_rank_unique"),
            models.CheckConstraint(condition=models.Q(substance__gte=1, substance__lte=19), name="substance_teds_code"),
            models.CheckConstraint(
                condition=models.Q(route__isnull=True) | models.Q(route__gte=1, route__lte=5), name="route_teds_code"
            ),
            models.CheckConstraint(
                condition=models.Q(frequency__isnull=True) | models.Q(frequency__gte=1, frequency__lte=3),
                name="frequency_teds_code",
            ),
            models.CheckConstraint(
                condition=models.Q(age_at_first_use__isnull=True) | models.Q(age_at_first_use__lte=FIRST_USE_AGE_MAX),
                name="first_use_age_teds_range",
            ),
        ]

    def __str__(self) -> str:
        return self.get_substance_display()


class Diagnosis(LockedWithAssessment):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="diagnoses")
    code = models.CharField(max_length=8, validators=[validate_icd10cm])
    description = models.CharField(max_length=200, blank=True)
    rank = models.PositiveSmallIntegerField(default=1)

    class Meta:
        verbose_name_plural = "diagnoses"
        ordering: ClassVar[list[str]] = ["rank", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["assessment", "code"], name="diagnosis_once_per_assessment"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.description}".strip()


class Cosignature(models.Model):
    """A medical staff member's sign-off on admitting to IOP against a crisis or withdrawal recommendation."""

    assessment = models.OneToOneField(Assessment, on_delete=models.PROTECT, related_name="cosignature")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    note = models.TextField(max_length=3000)

    def __str__(self) -> str:
        return f"Co-signed by {self.by}"


class Admission(models.Model):
    """The episode an assessment led to."""

    assessment = models.OneToOneField(Assessment, on_delete=models.PROTECT, related_name="admission")
    episode = models.OneToOneField(Episode, on_delete=models.PROTECT, related_name="intake_admission")
    admitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    admitted_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Admission to {self.episode}"
