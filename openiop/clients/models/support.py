"""The client's support network (family, friends, sponsor) and who of them attended a family session."""

from typing import ClassVar

from django.conf import settings
from django.db import models

from openiop.clients.models.records import PHONE_VALIDATORS, Client, Language
from openiop.core.models import TimeStampedModel, VersionedModel


class SupportContact(VersionedModel, TimeStampedModel):
    """A family member or friend in the client's support network. Retired, never deleted (consents name them)."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="support_contacts")
    name = models.CharField(max_length=200)
    relationship = models.CharField(max_length=60)
    phone = models.CharField(max_length=32, blank=True, validators=PHONE_VALIDATORS)
    email = models.EmailField(blank=True)
    language = models.CharField(max_length=8, choices=Language.choices, default=Language.ENGLISH)
    # Roles; involving them in sessions or sharing with them also needs a consent naming them.
    emergency_contact = models.BooleanField(default=False)
    family_program = models.BooleanField(default=False, help_text="Takes part in the family program.")
    sponsor = models.BooleanField(default=False, help_text="The client's mutual-help sponsor.")
    # The client's wish; the consent that names the person is what allows it.
    may_be_involved = models.BooleanField(default=False)
    retired_at = models.DateTimeField(null=True, blank=True)
    retired_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["name", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.relationship})"

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None

    def role_labels(self) -> list[str]:
        labels = [("emergency contact", self.emergency_contact), ("family program", self.family_program)]
        return [label for label, held in [*labels, ("sponsor", self.sponsor)] if held]


class FamilySessionAttendee(models.Model):
    """A support contact who attended a family session (a family note), under the consent that named them."""

    note = models.ForeignKey("clinical.Note", on_delete=models.PROTECT, related_name="family_attendees")
    contact = models.ForeignKey(SupportContact, on_delete=models.PROTECT, related_name="sessions_attended")
    consent = models.ForeignKey("consents.ConsentDocument", on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["note", "contact"], name="family_attendee_once_per_session")
        ]

    def __str__(self) -> str:
        return f"{self.contact} at note {self.note_id}"
