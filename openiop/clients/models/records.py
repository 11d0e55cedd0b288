import datetime as dt
from collections.abc import Callable
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone

from openiop.accounts.models import Site
from openiop.core import bounds
from openiop.core.models import TimeStampedModel, VersionedModel, today_in

phone_validator = RegexValidator(
    regex=r"^\+?[0-9 ().-]{7,20}$",
    message="Enter a phone number of 10 digits, e.g. (310) 555-0142, or +country code and number.",
)


def validate_phone_digits(value: str) -> None:
    digits = "".join(c for c in value if c.isdigit())
    if value.strip().startswith("+"):
        if not 8 <= len(digits) <= 15:
            raise ValidationError("An international number has 8 to 15 digits after the +.")
    elif len(digits) != 10 and not (len(digits) == 11 and digits.startswith("1")):
        raise ValidationError("Enter a phone number of 10 digits, e.g. (310) 555-0142.")


PHONE_VALIDATORS: list[Callable[[Any], None]] = [phone_validator, validate_phone_digits]


class Language(models.TextChoices):
    ENGLISH = "en", "English"
    SPANISH = "es", "Spanish"
    OTHER = "other", "Other"


class SexAtBirth(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    INTERSEX = "intersex", "Intersex"
    UNKNOWN = "unknown", "Not recorded"


class GenderIdentity(models.TextChoices):
    WOMAN = "woman", "Woman"
    MAN = "man", "Man"
    TRANS_WOMAN = "trans-woman", "Transgender woman"
    TRANS_MAN = "trans-man", "Transgender man"
    NONBINARY = "nonbinary", "Non-binary"
    OTHER = "other", "Another identity"
    DECLINED = "declined", "Prefers not to say"


class Client(VersionedModel, TimeStampedModel):
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="clients")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="client_record"
    )
    legal_first_name = models.CharField(max_length=100)
    legal_last_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField()
    sex_assigned_at_birth = models.CharField(max_length=16, choices=SexAtBirth.choices)
    gender_identity = models.CharField(max_length=16, choices=GenderIdentity.choices, blank=True)
    pronouns = models.CharField(max_length=40, blank=True)
    preferred_language = models.CharField(max_length=8, choices=Language.choices, default=Language.ENGLISH)
    phone = models.CharField(max_length=32, blank=True, validators=PHONE_VALIDATORS)
    email = models.EmailField(blank=True)
    address_line = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=2, blank=True)
    postal_code = models.CharField(
        max_length=10, blank=True, validators=[RegexValidator(r"^\d{5}(-\d{4})?$", "Enter a ZIP code like 90025.")]
    )
    emergency_contact_name = models.CharField(max_length=200, blank=True)
    emergency_contact_relationship = models.CharField(max_length=60, blank=True)
    emergency_contact_phone = models.CharField(max_length=32, blank=True, validators=PHONE_VALIDATORS)

    class Meta:
        ordering: ClassVar[list[str]] = ["legal_last_name", "legal_first_name", "pk"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["site", "legal_last_name", "legal_first_name"], name="client_site_name_idx")
        ]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(date_of_birth__gt=dt.date(1900, 1, 1)), name="client_dob_after_1900"
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        first = self.preferred_name or self.legal_first_name
        return f"{first} {self.legal_last_name}"

    @property
    def legal_name(self) -> str:
        return f"{self.legal_first_name} {self.legal_last_name}"

    @property
    def age(self) -> int:
        return self.age_on(timezone.localdate())

    def age_on(self, day: dt.date) -> int:
        dob = self.date_of_birth
        return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))

    def bound_problems(self) -> dict[str, str]:
        problems = super().bound_problems()
        today = today_in(self.site.time_zone) if self.site_id else dt.datetime.now(dt.UTC).date()
        message = bounds.birth_date_problem(self.date_of_birth, today=today)
        if message and "date_of_birth" not in problems:
            problems["date_of_birth"] = message
        return problems

    def episode_windows(self) -> list[tuple[dt.date, dt.date | None]]:
        """(admission, discharge) of every episode, for the bounds of clinical events."""
        if not self.pk:
            return []
        return [(e.admission_date, e.discharge_date) for e in self.episodes.all()]  # prefetched by check data

    def clinical_date_problem(self, value: dt.date | None) -> str | None:
        """Whether a clinical event on this day is near one of the client's episodes."""
        today = today_in(self.site.time_zone) if self.site_id else dt.datetime.now(dt.UTC).date()
        return bounds.clinical_date_problem(value, episodes=self.episode_windows(), today=today)


def clinical_bound_problems(problems: dict[str, str], client: "Client | None", **events: Any) -> dict[str, str]:
    """Adds to ``problems`` the clinical-event bound of each named date (plan reviews, notes,
    drug screens, measures: near the client's episode)."""
    if client is None:
        return problems
    for name, value in events.items():
        if name not in problems:
            message = client.clinical_date_problem(value)
            if message:
                problems[name] = message
    return problems


class Insurance(TimeStampedModel):
    class Rank(models.IntegerChoices):
        PRIMARY = 1, "Primary"
        SECONDARY = 2, "Secondary"

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="insurances")
    rank = models.PositiveSmallIntegerField(choices=Rank.choices, default=Rank.PRIMARY)
    payer = models.CharField(max_length=200)
    member_id = models.CharField(max_length=64)
    group_number = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["client", "rank"], name="insurance_one_per_rank")
        ]

    def __str__(self) -> str:
        return f"{self.payer} {self.member_id}"


class CareTeamMember(TimeStampedModel):
    """Staff other than the primary clinician who treat the client (e.g. individual therapist)."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="care_team")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="care_team_roles")
    responsibility = models.CharField(max_length=100, blank=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["client", "user"], name="care_team_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} on {self.client}'s care team"
