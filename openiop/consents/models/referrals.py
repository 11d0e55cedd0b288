"""The provider directory and referrals out with their warm hand-off checklist."""

from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from openiop.accounts.models import Site
from openiop.clients.models import PHONE_VALIDATORS, Client
from openiop.core.models import TimeStampedModel


class ProviderLevel(models.TextChoices):
    CRISIS = "crisis", "Crisis — emergency evaluation"
    OUTPATIENT = "1", "1 — Outpatient"
    IOP = "2.1", "2.1 — Intensive outpatient"
    PHP = "2.5", "2.5 — Partial hospitalization"
    RESIDENTIAL_LOW = "3.1", "3.1 — Low-intensity residential"
    RESIDENTIAL_HIGH = "3.5", "3.5 — High-intensity residential"
    INPATIENT_MONITORED = "3.7", "3.7 — Medically monitored inpatient"
    INPATIENT_MANAGED = "4", "4 — Medically managed inpatient"
    WM_AMBULATORY = "2-WM", "2-WM — Ambulatory withdrawal management"
    WM_INPATIENT = "3.7-WM", "3.7-WM — Inpatient withdrawal management"
    WM_HOSPITAL = "4-WM", "4-WM — Hospital withdrawal management"


class Provider(TimeStampedModel):
    """A treatment provider clients are referred to (each site keeps its own small directory)."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="providers")
    name = models.CharField(max_length=200)
    levels = models.JSONField(default=list, help_text="Levels of care offered.")
    phone = models.CharField(max_length=32, validators=PHONE_VALIDATORS)
    address = models.CharField(max_length=300)
    notes = models.CharField(max_length=300, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["name", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["site", "name"],
                name="provider_unique_name_per_site",
                violation_error_message="This site's directory already has a provider with this name.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def level_labels(self) -> list[str]:
        return [str(ProviderLevel(code).label) for code in self.levels or [] if code in ProviderLevel.values]

    def clean(self) -> None:
        unknown = [code for code in self.levels or [] if code not in ProviderLevel.values]
        if unknown:
            raise ValidationError({"levels": f"Unknown level of care: {', '.join(map(str, unknown))}."})
        if not self.levels:
            raise ValidationError({"levels": "Say which levels of care this provider offers."})


# The warm hand-off, in the order staff usually work through it.
HANDOFF_CHECKLIST: list[tuple[str, str]] = [
    ("release_signed", "Release of information to the provider signed"),
    ("records_sent", "Records sent (as a disclosure, under that release)"),
    ("appointment_confirmed", "Appointment date confirmed with the provider"),
    ("client_informed", "Client told the date, place and what to bring"),
    ("follow_up_done", "Follow-up call done after the appointment"),
]


class Referral(TimeStampedModel):
    """A referral out to another provider, for a client or for an inquiry not admitted."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="referrals")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals")
    # The intake app's inquiry, kept as a plain id so that consents does not depend on intake.
    inquiry_id = models.PositiveIntegerField(null=True, blank=True, db_index=True)
    person_name = models.CharField(max_length=200, blank=True)
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="referrals")
    level_of_care = models.CharField(max_length=8, choices=ProviderLevel.choices, blank=True)
    reason = models.TextField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    release_signed = models.BooleanField(default=False)
    records_sent = models.BooleanField(default=False)
    appointment_date = models.DateField(null=True, blank=True)
    appointment_confirmed = models.BooleanField(default=False)
    client_informed = models.BooleanField(default=False)
    follow_up_done = models.BooleanField(default=False)
    follow_up_note = models.CharField(max_length=300, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-created_at", "-pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(client__isnull=False) | ~models.Q(person_name=""),
                name="referral_names_someone",
                violation_error_message="A referral is for a client or a named person.",
            ),
            models.CheckConstraint(
                condition=~models.Q(appointment_confirmed=True) | models.Q(appointment_date__isnull=False),
                name="referral_confirmed_has_date",
                violation_error_message="A confirmed appointment has a date.",
            ),
        ]

    def __str__(self) -> str:
        return f"Referral of {self.who} to {self.provider}"

    @property
    def who(self) -> str:
        return self.client.display_name if self.client_id and self.client else self.person_name

    @property
    def checklist(self) -> list[tuple[str, str, bool]]:
        return [(field, label, bool(getattr(self, field))) for field, label in HANDOFF_CHECKLIST]

    @property
    def is_complete(self) -> bool:
        return all(done for _, _, done in self.checklist)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.appointment_confirmed and self.appointment_date is None:
            errors["appointment_date"] = "Give the appointment date before marking it confirmed."
        if self.provider_id and self.site_id and self.provider.site_id != self.site_id:
            errors["provider"] = "Choose a provider from this site's directory."
        client = self.client if self.client_id else None
        if client is not None and self.site_id and client.site_id != self.site_id:
            errors["site"] = "A client's referral belongs to the client's site."
        if not self.client_id and not self.person_name.strip():
            errors["person_name"] = "Name the person being referred."
        if errors:
            raise ValidationError(errors)
