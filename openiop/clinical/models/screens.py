from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from openiop.accounts.models import Site
from openiop.clients.models import Client, clinical_bound_problems
from openiop.clinical.analytes import ANALYTES
from openiop.core.models import TimeStampedModel

ANALYTE_CHOICES = list(ANALYTES.items())


class Medication(TimeStampedModel):
    """A prescribed medication; the analytes it may turn positive are expected in drug screens."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="medications")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)
    dose = models.CharField(max_length=100, blank=True)
    prescriber = models.CharField(max_length=200, blank=True)
    analytes = models.JSONField(default=list, blank=True, help_text="Analytes this medication makes positive.")
    started_on = models.DateField()
    stopped_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering: ClassVar[list[str]] = ["-started_on", "name"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(stopped_on__isnull=True) | models.Q(stopped_on__gte=models.F("started_on")),
                name="medication_stops_after_start",
                violation_error_message="A medication stops on or after the day it started.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.dose}".strip()

    def clean(self) -> None:
        if not isinstance(self.analytes, list) or any(a not in ANALYTES for a in self.analytes):
            raise ValidationError({"analytes": "Choose analytes from the list."})


class Specimen(models.TextChoices):
    URINE = "urine", "Urine"
    ORAL_FLUID = "oral_fluid", "Oral fluid"
    BREATH = "breath", "Breath"


class Method(models.TextChoices):
    POINT_OF_CARE = "poc", "Point-of-care"
    LAB = "lab", "Laboratory"


class Result(models.TextChoices):
    POSITIVE = "positive", "Positive"
    NEGATIVE = "negative", "Negative"
    INVALID = "invalid", "Invalid"


class DrugScreen(TimeStampedModel):
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="drug_screens")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    collected_at = models.DateTimeField()
    specimen = models.CharField(max_length=12, choices=Specimen.choices)
    method = models.CharField(max_length=4, choices=Method.choices)
    observed = models.BooleanField(default=False)
    collected_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    unexpected_positive = models.BooleanField(default=False)
    comment = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-collected_at", "-pk"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["client", "-collected_at"], name="screen_client_idx")
        ]

    def __str__(self) -> str:
        return f"{self.get_specimen_display()} screen {self.collected_at:%Y-%m-%d}"

    def bound_problems(self) -> dict[str, str]:
        problems = super().bound_problems()
        return clinical_bound_problems(
            problems, self.client if self.client_id else None, collected_at=self.collected_at
        )


class ScreenResult(models.Model):
    screen = models.ForeignKey(DrugScreen, on_delete=models.CASCADE, related_name="results")
    analyte = models.CharField(max_length=8, choices=ANALYTE_CHOICES)
    result = models.CharField(max_length=8, choices=Result.choices)
    expected = models.BooleanField(default=False)  # positive explained by a prescribed medication

    class Meta:
        ordering: ClassVar[list[str]] = ["analyte"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["screen", "analyte"], name="screen_result_one_per_analyte")
        ]

    def __str__(self) -> str:
        return f"{self.analyte} {self.result}"
