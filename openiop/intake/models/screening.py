"""The phone screen: instruments from the measures library plus a few facts and a disposition."""

from decimal import Decimal
from typing import Any, ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from openiop.accounts.models import Site
from openiop.core.models import BoundedDatesMixin
from openiop.intake.models.inquiries import Inquiry


class Disposition(models.TextChoices):
    BOOK_ASSESSMENT = "book_assessment", "Book an assessment"
    REFER_HIGHER = "refer_higher", "Refer to a higher level of care now"
    EMERGENCY = "emergency", "Emergency: 988 or 911 now"


class ScoringSex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"


class CssrsRisk(models.TextChoices):
    NONE = "none", "None"
    LOW = "low", "Low"
    MODERATE = "moderate", "Moderate"
    HIGH = "high", "High"


def _refuse_if_assessment_signed(assessment_id: int | None) -> None:
    from openiop.intake.models.assessment import _refuse_if_signed

    _refuse_if_signed(assessment_id)


HOURS_VALIDATORS = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(168))]


class Screening(BoundedDatesMixin, models.Model):
    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="screenings")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    screened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    screened_at = models.DateTimeField()
    sex_for_scoring = models.CharField(
        max_length=8, choices=ScoringSex.choices, blank=True, help_text="Sex assigned at birth (AUDIT-C cut-off)."
    )
    last_use_date = models.DateField(null=True, blank=True)
    last_use_note = models.CharField(max_length=300, blank=True)
    withdrawal_seizures = models.BooleanField(default=False)
    delirium_tremens = models.BooleanField(default=False)
    current_supports = models.TextField(blank=True, max_length=2000)
    available_hours_per_week = models.DecimalField(
        max_digits=4, decimal_places=1, null=True, blank=True, validators=HOURS_VALIDATORS
    )
    # The instrument results that matter most, kept here so lists can show them without joins.
    cssrs_risk = models.CharField(max_length=10, choices=CssrsRisk.choices, blank=True)
    phq2_positive = models.BooleanField(null=True, blank=True)
    flags = models.JSONField(default=list, blank=True)
    suggested_disposition = models.CharField(max_length=16, choices=Disposition.choices)
    disposition = models.CharField(max_length=16, choices=Disposition.choices)
    disposition_note = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering: ClassVar[list[str]] = ["-screened_at", "-pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(disposition__in=Disposition.values)
                & models.Q(suggested_disposition__in=Disposition.values),
                name="screening_disposition_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(available_hours_per_week__isnull=True)
                | models.Q(available_hours_per_week__gte=0, available_hours_per_week__lte=168),
                name="screening_hours_in_week",
            ),
        ]

    def __str__(self) -> str:
        return f"Screening of {self.inquiry} ({self.get_disposition_display()})"

    @property
    def urgent(self) -> bool:
        return self.cssrs_risk in (CssrsRisk.HIGH, CssrsRisk.MODERATE) or bool(self.phq2_positive)


class InstrumentResult(models.Model):
    """One administration of a library instrument inside a screening or an assessment.

    The answers are stored as given; total, band, positive and flags are what
    ``openiop.measures.instruments.score`` returned for them.
    """

    screening = models.ForeignKey(Screening, on_delete=models.CASCADE, null=True, blank=True, related_name="results")
    assessment = models.ForeignKey(
        "intake.Assessment", on_delete=models.CASCADE, null=True, blank=True, related_name="results"
    )
    code = models.CharField(max_length=20)
    answers = models.JSONField()
    sex = models.CharField(max_length=8, blank=True)
    total = models.FloatField(null=True, blank=True)
    band = models.CharField(max_length=30, blank=True)
    positive = models.BooleanField(null=True, blank=True)
    flags = models.JSONField(default=list, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(screening__isnull=False, assessment__isnull=True)
                | models.Q(screening__isnull=True, assessment__isnull=False),
                name="instrument_result_one_parent",
            ),
            models.UniqueConstraint(
                fields=["screening", "code"],
                condition=models.Q(screening__isnull=False),
                name="instrument_result_once_per_screening",
            ),
            models.UniqueConstraint(
                fields=["assessment", "code"],
                condition=models.Q(assessment__isnull=False),
                name="instrument_result_once_per_assessment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.total if self.total is not None else self.band}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        _refuse_if_assessment_signed(self.assessment_id)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        _refuse_if_assessment_signed(self.assessment_id)
        return super().delete(*args, **kwargs)

    @property
    def shown_total(self) -> str:
        if self.total is None:
            return self.band or "—"
        return f"{self.total:g}"
