"""Program structure: tracks, the curriculum (modules) and rooms."""

import re
from decimal import Decimal
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from openiop.accounts.models import Site
from openiop.clients.models import Population
from openiop.core.models import TimeStampedModel

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$|^24:00$")


class GenderRule(models.TextChoices):
    ANY = "any", "Any gender"
    WOMEN = "women", "Women"
    MEN = "men", "Men"


class Focus(models.TextChoices):
    GENERAL = "general", "General"
    SUBSTANCE = "substance", "Substance use"
    EATING = "eating", "Eating disorders"
    MOOD = "mood", "Mood and anxiety"


class Modality(models.TextChoices):
    GROUP = "group", "Group"
    INDIVIDUAL = "individual", "Individual"
    FAMILY = "family", "Family"


def validate_blocks(value: Any) -> None:
    """Usual blocks: ``[{"days": ["mon", "wed"], "start": "09:00", "end": "12:00"}, ...]``."""
    if not isinstance(value, list):
        raise ValidationError("Usual blocks must be a list.")
    for index, block in enumerate(value):
        where = f"Block {index + 1}"
        if not isinstance(block, dict) or set(block) != {"days", "start", "end"}:
            raise ValidationError(f"{where} needs days, start and end.")
        days = block["days"]
        if not isinstance(days, list) or not days or any(d not in WEEKDAYS for d in days):
            raise ValidationError(f"{where}: days must be a list of mon, tue, … sun.")
        start, end = block["start"], block["end"]
        if not (isinstance(start, str) and _HHMM.match(start) and isinstance(end, str) and _HHMM.match(end)):
            raise ValidationError(f"{where}: times are HH:MM (24 h).")
        if end <= start:
            raise ValidationError(f"{where}: the end must be after the start.")


class Track(TimeStampedModel):
    """A stream of the program (adult mornings, adolescents after school, a women's group…)."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="tracks")
    name = models.CharField(max_length=100)
    population = models.CharField(max_length=16, choices=Population.choices, default=Population.ADULT)
    gender_rule = models.CharField(max_length=8, choices=GenderRule.choices, default=GenderRule.ANY)
    focus = models.CharField(max_length=16, choices=Focus.choices, default=Focus.GENERAL)
    usual_blocks = models.JSONField(default=list, blank=True, validators=[validate_blocks])
    default_prescribed_hours = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        default=Decimal(12),
        validators=[MinValueValidator(Decimal(6)), MaxValueValidator(Decimal(19))],
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["site", "name"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["site", "name"],
                name="track_unique_name_per_site",
                violation_error_message="This site already has a track with this name.",
            ),
            models.CheckConstraint(
                condition=models.Q(default_prescribed_hours__gte=6, default_prescribed_hours__lte=19),
                name="track_default_hours_in_range",
                violation_error_message="Default prescribed hours must be between 6 and 19 a week.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def blocks_display(self) -> str:
        return "; ".join(
            f"{'/'.join(d.capitalize() for d in b['days'])} {b['start']}–{b['end']}" for b in self.usual_blocks
        )


class Module(TimeStampedModel):
    """A curriculum topic (relapse prevention, stages of change…); the slug is its stable id."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    modality = models.CharField(max_length=16, choices=Modality.choices, default=Modality.GROUP)
    materials = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Room(TimeStampedModel):
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="rooms")
    name = models.CharField(max_length=100)
    capacity = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(200)])

    class Meta:
        ordering: ClassVar[list[str]] = ["site", "name"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["site", "name"],
                name="room_unique_name_per_site",
                violation_error_message="This site already has a room with this name.",
            ),
            models.CheckConstraint(condition=models.Q(capacity__gte=1), name="room_capacity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.capacity})"
