"""Episodes of care, their history of changes (transitions and prescriptions) and the settings of a stay."""

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from openiop.accounts.models import Site
from openiop.clients.models.records import Client
from openiop.core.models import TimeStampedModel, VersionedModel, today_in


class LevelOfCare(models.TextChoices):
    OUTPATIENT = "1", "1 — Outpatient"
    IOP = "2.1", "2.1 — Intensive outpatient"
    PHP = "2.5", "2.5 — Partial hospitalization / high-intensity outpatient"
    RESIDENTIAL_LOW = "3.1", "3.1 — Low-intensity residential"
    RESIDENTIAL_HIGH = "3.5", "3.5 — High-intensity residential"
    INPATIENT_MONITORED = "3.7", "3.7 — Medically monitored inpatient"
    INPATIENT_MANAGED = "4", "4 — Medically managed inpatient"


class Population(models.TextChoices):
    ADULT = "adult", "Adult"
    ADOLESCENT = "adolescent", "Adolescent"


# Prescribed weekly hours by level of care (clinical-reference §2, ASAM 3rd ed.): 1 Outpatient
# <9 h adults, <6 adolescents; 2.1 IOP ≥9 / ≥6 (9–19 in the 4th edition); 2.5 ≥20 (TIP 47: IOT
# runs up to 30 contact hours; 40 is the ceiling we store). Levels the program does not run (3.x,
# 4: a referral out) keep the whole span.
PROGRAM_LEVELS = ("1", "2.1", "2.5")
HOURS_BY_LEVEL: dict[tuple[str, str], tuple[Decimal, Decimal]] = {
    ("1", "adult"): (Decimal("0.5"), Decimal("8.9")),
    ("1", "adolescent"): (Decimal("0.5"), Decimal("5.9")),
    ("2.1", "adult"): (Decimal(9), Decimal(19)),
    ("2.1", "adolescent"): (Decimal(6), Decimal(19)),
    ("2.5", "adult"): (Decimal(20), Decimal(40)),
    ("2.5", "adolescent"): (Decimal(20), Decimal(40)),
}
OTHER_LEVEL_HOURS = (Decimal("0.5"), Decimal(40))
# The IOP range by population (2.1), as admission and intake use it.
HOURS_RANGE = {Population.ADULT: (Decimal(9), Decimal(19)), Population.ADOLESCENT: (Decimal(6), Decimal(19))}


def hours_range(level: str, population: str) -> tuple[Decimal, Decimal]:
    return HOURS_BY_LEVEL.get((level, population), OTHER_LEVEL_HOURS)


def _hours_condition() -> models.Q:
    condition = models.Q(
        ~models.Q(level_of_care__in=PROGRAM_LEVELS),
        prescribed_hours_per_week__gte=OTHER_LEVEL_HOURS[0],
        prescribed_hours_per_week__lte=OTHER_LEVEL_HOURS[1],
    )
    for (level, population), (low, high) in HOURS_BY_LEVEL.items():
        condition |= models.Q(
            level_of_care=level,
            population=population,
            prescribed_hours_per_week__gte=low,
            prescribed_hours_per_week__lte=high,
        )
    return condition


class EpisodeStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    DISCHARGED = "discharged", "Discharged"


class DischargeReason(models.IntegerChoices):
    """TEDS-D REASON (clinical-reference §8)."""

    COMPLETED = 1, "Treatment completed"
    DROPPED_OUT = 2, "Dropped out of treatment"
    TERMINATED = 3, "Terminated by facility"
    TRANSFERRED = 4, "Transferred to another program or facility"
    INCARCERATED = 5, "Incarcerated"
    DEATH = 6, "Death"
    OTHER = 7, "Other"


class UseFrequency(models.IntegerChoices):
    """TEDS FREQ1-3 (and FREQ1_D at discharge), clinical-reference §8."""

    NONE_PAST_MONTH = 1, "No use in the past month"
    SOME = 2, "Some use"
    DAILY = 3, "Daily use"


class Episode(VersionedModel, TimeStampedModel):
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="episodes")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="episodes")
    level_of_care = models.CharField(max_length=8, choices=LevelOfCare.choices, default=LevelOfCare.IOP)
    track = models.CharField(max_length=100, blank=True)
    population = models.CharField(max_length=16, choices=Population.choices, default=Population.ADULT)
    admission_date = models.DateField()
    prescribed_hours_per_week = models.DecimalField(max_digits=4, decimal_places=1, default=Decimal(12))
    primary_clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="primary_episodes"
    )
    status = models.CharField(max_length=16, choices=EpisodeStatus.choices, default=EpisodeStatus.ACTIVE)
    discharge_date = models.DateField(null=True, blank=True)
    discharge_reason = models.CharField(max_length=200, blank=True)
    # The coded reason (TEDS); discharge_reason keeps the clinician's words.
    discharge_teds_reason = models.PositiveSmallIntegerField(choices=DischargeReason.choices, null=True, blank=True)
    # Primary substance's frequency of use in the 30 days before discharge (TEDS FREQ1_D).
    discharge_use_frequency = models.PositiveSmallIntegerField(choices=UseFrequency.choices, null=True, blank=True)
    # Mutual-help meetings attended in the 30 days before discharge (reports band it for TEDS).
    discharge_self_help_30d = models.PositiveSmallIntegerField(null=True, blank=True)
    # A readmission starts a new episode linked to the one it follows (alumni follow-ups, issue 12).
    readmitted_from = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="readmissions"
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["-admission_date", "-pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["client", "site"],
                condition=models.Q(status="active"),
                name="episode_one_active_per_client_site",
                violation_error_message="This client already has an active episode at this site.",
            ),
            models.CheckConstraint(
                condition=_hours_condition(),
                name="episode_prescribed_hours_for_level",
                violation_error_message=(
                    "Prescribed hours must fit the level of care: under 9 a week at level 1 (under 6 for "
                    "adolescents), 9–19 at 2.1 (6–19 for adolescents), 20–40 at 2.5."
                ),
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(status="active", discharge_date__isnull=True)
                    | models.Q(status="discharged", discharge_date__gte=models.F("admission_date"))
                ),
                name="episode_discharge_consistent",
                violation_error_message="A discharged episode needs a discharge date on or after admission.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client} — {self.get_level_of_care_display()} from {self.admission_date}"

    def clean(self) -> None:
        low, high = hours_range(self.level_of_care, self.population)
        hours = self.prescribed_hours_per_week
        if hours is not None and not low <= hours <= high:
            raise ValidationError(
                {
                    "prescribed_hours_per_week": (
                        f"At level {self.level_of_care} an {self.get_population_display().lower()} is prescribed "
                        f"between {low} and {high} hours a week."
                    )
                }
            )
        if self.client_id and self.site_id and self.client.site_id != self.site_id:
            raise ValidationError({"site": "An episode belongs to the client's own site."})

    def bound_problems(self) -> dict[str, str]:
        problems = super().bound_problems()
        late = self.discharge_date and self.site_id and self.discharge_date > today_in(self.site.time_zone)
        if late and "discharge_date" not in problems:
            problems["discharge_date"] = "A discharge cannot be dated in the future."
        return problems

    @property
    def is_active(self) -> bool:
        return self.status == EpisodeStatus.ACTIVE
