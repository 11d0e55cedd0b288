"""Inquiries (the front door), their call log, follow-up tasks and status history."""

from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from openiop.accounts.models import Site
from openiop.clients.models import PHONE_VALIDATORS, Client
from openiop.core.models import BoundedDatesMixin, TimeStampedModel
from openiop.intake import rules
from openiop.intake.codes import ReferralSource


class InquiryStatus(models.TextChoices):
    NEW = rules.NEW, "New"
    CONTACTED = rules.CONTACTED, "Contacted"
    SCREENED = rules.SCREENED, "Screened"
    ASSESSMENT_BOOKED = rules.ASSESSMENT_BOOKED, "Assessment booked"
    ADMITTED = rules.ADMITTED, "Admitted"
    REFERRED_OUT = rules.REFERRED_OUT, "Referred elsewhere"
    NOT_A_FIT = rules.NOT_A_FIT, "Not a fit"
    LOST = rules.LOST, "Lost"


assert tuple(InquiryStatus.values) == rules.STATUSES  # noqa: S101 - the model and the rules must agree


class Channel(models.TextChoices):
    WEB = "web", "Web form"
    PHONE = "phone", "Phone call"
    WALK_IN = "walk_in", "Walk-in"
    EMAIL = "email", "E-mail"
    FAX = "fax", "Fax or letter"


class WhoFor(models.TextChoices):
    SELF = "self", "Myself"
    OTHER = "other", "Someone I care about"


class Concern(models.TextChoices):
    ALCOHOL = "alcohol", "Alcohol"
    DRUGS = "drugs", "Drugs"
    EATING = "eating", "Eating"
    MOOD = "mood", "Depression or anxiety"
    OTHER = "other", "Other"


class BestTime(models.TextChoices):
    ANY = "any", "Any time"
    MORNING = "morning", "Morning (8–12)"
    AFTERNOON = "afternoon", "Afternoon (12–5)"
    EVENING = "evening", "Evening (5–8)"


class InquiryLanguage(models.TextChoices):
    ENGLISH = "en", "English"
    SPANISH = "es", "Spanish"


class Inquiry(TimeStampedModel):
    """A person asking for help, before (and until) they become a client. PHI: every read is audited."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="inquiries")
    status = models.CharField(max_length=20, choices=InquiryStatus.choices, default=InquiryStatus.NEW)
    status_changed_at = models.DateTimeField()
    channel = models.CharField(max_length=10, choices=Channel.choices)
    referral_source = models.CharField(max_length=20, choices=ReferralSource.choices, default=ReferralSource.SELF)
    referrer = models.CharField(max_length=200, blank=True, help_text="Who referred, e.g. the probation officer.")

    name = models.CharField(max_length=200)
    phone = models.CharField(max_length=32, blank=True, validators=PHONE_VALIDATORS)
    phone_digits = models.CharField(max_length=20, blank=True, editable=False, db_index=True)
    email = models.EmailField(blank=True, db_index=True)
    best_time = models.CharField(max_length=10, choices=BestTime.choices, default=BestTime.ANY)
    who_for = models.CharField(max_length=8, choices=WhoFor.choices, default=WhoFor.SELF)
    concerns = models.JSONField(default=list, blank=True)
    self_harm_thoughts = models.BooleanField(default=False)
    insurance = models.CharField(max_length=200, blank=True)
    message = models.TextField(blank=True, max_length=2000)
    consent_to_contact = models.BooleanField(default=False)
    preferred_language = models.CharField(
        max_length=4, choices=InquiryLanguage.choices, default=InquiryLanguage.ENGLISH
    )

    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="assigned_inquiries"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    client = models.ForeignKey(Client, on_delete=models.PROTECT, null=True, blank=True, related_name="inquiries")
    closed_reason = models.CharField(max_length=500, blank=True)

    # Possible duplicates are found when a page is read, among what its reader may see, and never
    # stored (intake/duplicates.py; issue 11).

    class Meta:
        verbose_name_plural = "inquiries"
        ordering: ClassVar[list[str]] = ["-created_at", "-pk"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["site", "status", "-created_at"], name="inquiry_site_status_idx")
        ]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(condition=models.Q(status__in=InquiryStatus.values), name="inquiry_status_valid"),
            models.CheckConstraint(condition=models.Q(channel__in=Channel.values), name="inquiry_channel_valid"),
            models.CheckConstraint(
                condition=~models.Q(channel=Channel.WEB) | models.Q(consent_to_contact=True),
                name="inquiry_web_needs_consent",
                violation_error_message="A web inquiry needs consent to be contacted.",
            ),
            models.CheckConstraint(
                condition=~models.Q(phone_digits="") | ~models.Q(email=""),
                name="inquiry_has_a_contact",
                violation_error_message="Give a phone number or an e-mail address.",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=InquiryStatus.ADMITTED) | models.Q(client__isnull=False),
                name="inquiry_admitted_has_client",
                violation_error_message="An admitted inquiry belongs to a client.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_status_display()})"

    def clean(self) -> None:
        self.phone_digits = rules.phone_digits(self.phone)
        self.email = rules.normal_email(self.email)
        unknown = [c for c in self.concerns if c not in Concern.values] if isinstance(self.concerns, list) else None
        if unknown is None or unknown:
            raise ValidationError({"concerns": "Choose from the listed concerns."})
        if not self.phone and not self.email:
            raise ValidationError({"phone": "Give a phone number or an e-mail address."})

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.phone_digits = rules.phone_digits(self.phone)
        self.email = rules.normal_email(self.email)
        super().save(*args, **kwargs)

    @property
    def is_closed(self) -> bool:
        return self.status in rules.CLOSED

    def concern_labels(self) -> list[str]:
        labels = dict(Concern.choices)
        return [str(labels[c]) for c in self.concerns if c in labels]


class StatusChange(models.Model):
    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=InquiryStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=InquiryStatus.choices)
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.from_status or '—'} → {self.to_status}"


class CallDirection(models.TextChoices):
    OUTBOUND = "outbound", "We called"
    INBOUND = "inbound", "They called"


class CallOutcome(models.TextChoices):
    REACHED = "reached", "Spoke with them"
    VOICEMAIL = "voicemail", "Left a voicemail"
    NO_ANSWER = "no_answer", "No answer"
    WRONG_NUMBER = "wrong_number", "Wrong number"
    EMAIL = "email", "Sent an e-mail"


class CallLog(BoundedDatesMixin, models.Model):
    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="calls")
    occurred_at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    direction = models.CharField(max_length=10, choices=CallDirection.choices, default=CallDirection.OUTBOUND)
    outcome = models.CharField(max_length=14, choices=CallOutcome.choices)
    note = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering: ClassVar[list[str]] = ["-occurred_at", "-pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(condition=models.Q(outcome__in=CallOutcome.values), name="call_outcome_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_direction_display()}: {self.get_outcome_display()}"


class FollowUp(BoundedDatesMixin, models.Model):
    """A task on an inquiry with a due time ("call back Tuesday after 5")."""

    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="follow_ups")
    due_at = models.DateTimeField(db_index=True)
    what = models.CharField(max_length=300)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="intake_follow_ups"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["due_at", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(done_at__isnull=True, done_by__isnull=True)
                | models.Q(done_at__isnull=False, done_by__isnull=False),
                name="follow_up_done_consistent",
            ),
        ]

    def __str__(self) -> str:
        return self.what
