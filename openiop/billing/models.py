"""Payers and their rules, coverage, authorizations, utilization reviews, charges, claims, remittances."""

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models

from openiop.accounts.models import Site
from openiop.billing import billable
from openiop.clients.models import Client, LevelOfCare
from openiop.core.models import TimeStampedModel, VersionedModel

NPI = RegexValidator(r"^\d{10}$", "An NPI is 10 digits.")
EIN = RegexValidator(r"^\d{2}-?\d{7}$", "A tax ID (EIN) is 9 digits, e.g. 95-1234567.")
ZIP = RegexValidator(r"^\d{5}(-?\d{4})?$", "A ZIP code is 5 or 9 digits.")
CODE = RegexValidator(r"^[A-Z0-9]{4,5}$", "A HCPCS or CPT code is 5 letters or digits, e.g. H0015 or 90853.")


class BillingProfile(TimeStampedModel):
    """Who bills for a site: the billing provider and the clearinghouse envelope."""

    site = models.OneToOneField(Site, on_delete=models.PROTECT, related_name="billing_profile")
    provider_name = models.CharField(max_length=60)
    npi = models.CharField("NPI", max_length=10, validators=[NPI])
    tax_id = models.CharField("tax ID (EIN)", max_length=10, validators=[EIN])
    taxonomy = models.CharField(max_length=10, blank=True, help_text="e.g. 261QR0405X (substance use rehabilitation)")
    address_line = models.CharField(max_length=55)
    city = models.CharField(max_length=30)
    state = models.CharField(max_length=2)
    postal_code = models.CharField(max_length=10, validators=[ZIP])
    submitter_id = models.CharField(max_length=15, help_text="Your ID at the clearinghouse (ISA06).")
    receiver_id = models.CharField(max_length=15, help_text="The clearinghouse's ID (ISA08).")
    receiver_name = models.CharField(max_length=60)
    contact_name = models.CharField(max_length=60)
    contact_phone = models.CharField(max_length=20)
    production = models.BooleanField(default=False, help_text="Off: files are marked as tests (ISA15 = T).")
    last_control_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.provider_name} ({self.site})"


class ClaimType(models.TextChoices):
    PROFESSIONAL = "professional", "Professional (837P, CMS-1500)"
    INSTITUTIONAL = "institutional", "Institutional (837I, UB-04)"


class BillingMode(models.TextChoices):
    PER_DIEM = billable.PER_DIEM, "Per diem (one line a qualifying day)"
    PER_SERVICE = billable.PER_SERVICE, "Per service (CPT lines)"
    MEDICARE_IOP = billable.MEDICARE_IOP, "Medicare IOP (condition code 92, 3 or 4+ services a day)"


class Payer(TimeStampedModel):
    """An insurer and its billing rules, as data (clinical reference §7)."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="payers")
    name = models.CharField(max_length=60)
    payer_id = models.CharField("payer ID", max_length=20)
    claim_type = models.CharField(max_length=16, choices=ClaimType.choices, default=ClaimType.PROFESSIONAL)
    mode = models.CharField(max_length=16, choices=BillingMode.choices, default=BillingMode.PER_DIEM)
    per_diem_code = models.CharField(max_length=5, default="H0015", validators=[CODE])
    revenue_code = models.CharField(
        max_length=4, blank=True, help_text="Institutional claims: 0905 (psychiatric) or 0906 (chemical dependency)."
    )
    min_minutes_per_day = models.PositiveSmallIntegerField(default=180, validators=[MaxValueValidator(24 * 60)])
    min_days_per_week = models.PositiveSmallIntegerField(default=3, validators=[MaxValueValidator(7)])
    min_minutes_per_week = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(7 * 24 * 60)])
    counts_individual = models.BooleanField(default=True)
    counts_family = models.BooleanField(default=True)
    counts_case_management = models.BooleanField(default=False)
    unit_minutes = models.PositiveSmallIntegerField(
        default=0, validators=[MaxValueValidator(24 * 60)], help_text="0: one unit a day."
    )
    max_group_participants = models.PositiveSmallIntegerField(default=12, validators=[MinValueValidator(1)])
    requires_authorization = models.BooleanField(default=True)
    rate = models.DecimalField(max_digits=9, decimal_places=2, default=Decimal("0.00"), help_text="Charge per unit.")
    bill_type = models.CharField(max_length=3, default="131", help_text="837I: 131 hospital outpatient, 761 CMHC.")
    place_of_service = models.CharField(max_length=2, default="11", help_text="837P: 11 office, 52 PHP facility.")
    warn_units_left = models.PositiveSmallIntegerField(default=3)
    warn_days_left = models.PositiveSmallIntegerField(default=5, validators=[MaxValueValidator(60)])
    review_lead_days = models.PositiveSmallIntegerField(
        default=4,
        validators=[MinValueValidator(3), MaxValueValidator(5)],
        help_text="Concurrent review due this many days before the last covered day (3–5).",
    )

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["site", "payer_id"], name="payer_id_once_per_site")
        ]

    def __str__(self) -> str:
        return self.name

    def rules(self) -> billable.PayerRules:
        counted = {"group"}
        counted |= {"individual"} if self.counts_individual else set()
        counted |= {"family"} if self.counts_family else set()
        counted |= {"case_management"} if self.counts_case_management else set()
        return billable.PayerRules(
            mode=self.mode,
            claim_type=self.claim_type,
            per_diem_code=self.per_diem_code,
            revenue_code=self.revenue_code,
            min_minutes_per_day=self.min_minutes_per_day,
            min_days_per_week=self.min_days_per_week,
            min_minutes_per_week=self.min_minutes_per_week,
            counts_toward_day=frozenset(counted),
            unit_minutes=self.unit_minutes,
            max_group_participants=self.max_group_participants,
            requires_authorization=self.requires_authorization,
        )


class Coverage(TimeStampedModel):
    """A client's insurance with one payer (the chart's insurance rows, tied to a payer's rules)."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="coverages")
    payer = models.ForeignKey(Payer, on_delete=models.PROTECT, related_name="coverages")
    rank = models.PositiveSmallIntegerField(choices=[(1, "Primary"), (2, "Secondary")], default=1)
    member_id = models.CharField(max_length=30)
    group_number = models.CharField(max_length=30, blank=True)
    subscriber_is_client = models.BooleanField(default=True)
    eligible_from = models.DateField()
    eligible_to = models.DateField(null=True, blank=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["client", "rank"], name="coverage_one_per_rank"),
            models.CheckConstraint(
                condition=models.Q(eligible_to__isnull=True) | models.Q(eligible_to__gte=models.F("eligible_from")),
                name="coverage_dates_in_order",
                violation_error_message="Eligibility ends on or after it starts.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.payer} {self.member_id}"


class Authorization(VersionedModel, TimeStampedModel):
    """A payer's approval: units for a level of care and codes over dates (clinical reference §7)."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="authorizations")
    payer = models.ForeignKey(Payer, on_delete=models.PROTECT, related_name="authorizations")
    number = models.CharField(max_length=50)
    level_of_care = models.CharField(max_length=8, choices=LevelOfCare.choices, default=LevelOfCare.IOP)
    codes = models.JSONField(default=list, blank=True, help_text="Codes it covers; empty covers every code.")
    units_authorized = models.PositiveIntegerField(validators=[MinValueValidator(1), MaxValueValidator(10_000)])
    start_date = models.DateField()
    end_date = models.DateField()
    next_review_on = models.DateField(null=True, blank=True)
    criteria = models.CharField(
        max_length=16, choices=[("asam4", "ASAM 4th edition"), ("locus", "LOCUS"), ("mcg", "MCG")], default="asam4"
    )
    reviewer_name = models.CharField(max_length=100, blank=True)
    reviewer_phone = models.CharField(max_length=20, blank=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["payer", "number"], name="authorization_number_once_per_payer"),
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="authorization_dates_in_order",
                violation_error_message="The authorization ends on or after it starts.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.payer})"


class ReviewStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    SUBMITTED = "submitted", "Packet sent"
    APPROVED = "approved", "Approved"
    DENIED = "denied", "Denied"
    PEER_TO_PEER = "peer_to_peer", "Peer-to-peer requested"


class UtilizationReview(VersionedModel, TimeStampedModel):
    authorization = models.ForeignKey(Authorization, on_delete=models.PROTECT, related_name="reviews")
    due_on = models.DateField()
    status = models.CharField(max_length=16, choices=ReviewStatus.choices, default=ReviewStatus.SCHEDULED)
    approved_units = models.PositiveIntegerField(null=True, blank=True, validators=[MaxValueValidator(10_000)])
    approved_through = models.DateField(null=True, blank=True)
    outcome_note = models.CharField(max_length=300, blank=True)
    disclosure = models.ForeignKey(
        "consents.Disclosure", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"Review of {self.authorization} due {self.due_on}"


class ChargeStatus(models.TextChoices):
    UNBILLED = "unbilled", "Unbilled"
    CLAIMED = "claimed", "On a claim"
    PAID = "paid", "Paid"
    DENIED = "denied", "Denied"


class Charge(TimeStampedModel):
    """One billable line the core produced from attendance and signed documentation."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="charges")
    payer = models.ForeignKey(Payer, on_delete=models.PROTECT, related_name="charges")
    authorization = models.ForeignKey(
        Authorization, on_delete=models.PROTECT, null=True, blank=True, related_name="charges"
    )
    day = models.DateField()
    code = models.CharField(max_length=5)
    revenue_code = models.CharField(max_length=4, blank=True)
    units = models.PositiveIntegerField()
    minutes = models.PositiveIntegerField()
    amount = models.DecimalField(max_digits=10, decimal_places=2)
    tier = models.CharField(max_length=3, blank=True)
    participants = models.PositiveSmallIntegerField(null=True, blank=True)
    source = models.CharField(max_length=200, help_text="The attendance and notes it came from.")
    status = models.CharField(max_length=10, choices=ChargeStatus.choices, default=ChargeStatus.UNBILLED)
    claim = models.ForeignKey("billing.Claim", on_delete=models.PROTECT, null=True, blank=True, related_name="charges")

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["client", "payer", "day", "code", "source"], name="charge_once")
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["site", "status", "day"], name="charge_site_status_day_idx")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.day} ×{self.units}"


class HeldDay(TimeStampedModel):
    """A day with attendance that did not become a charge, and why (recomputed with its week)."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="held_days")
    payer = models.ForeignKey(Payer, on_delete=models.PROTECT, related_name="+")
    week_start = models.DateField()
    day = models.DateField()
    reason = models.CharField(max_length=32, choices=sorted(billable.REASONS.items()))
    detail = models.CharField(max_length=200)

    class Meta:
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["site", "week_start"], name="held_day_site_week_idx")
        ]

    def __str__(self) -> str:
        return f"{self.day}: {self.get_reason_display()}"


class ClaimStatus(models.TextChoices):
    READY = "ready", "Ready"
    SENT = "sent", "Sent"
    ACCEPTED = "accepted", "Accepted"
    PAID = "paid", "Paid"
    DENIED = "denied", "Denied"
    RESUBMITTED = "resubmitted", "Resubmitted"


# Where a claim may go from each status (a denied claim is corrected and resubmitted).
CLAIM_TRANSITIONS: dict[str, frozenset[str]] = {
    ClaimStatus.READY: frozenset({ClaimStatus.SENT}),
    ClaimStatus.SENT: frozenset({ClaimStatus.ACCEPTED, ClaimStatus.PAID, ClaimStatus.DENIED}),
    ClaimStatus.ACCEPTED: frozenset({ClaimStatus.PAID, ClaimStatus.DENIED}),
    ClaimStatus.DENIED: frozenset({ClaimStatus.RESUBMITTED}),
    ClaimStatus.RESUBMITTED: frozenset({ClaimStatus.ACCEPTED, ClaimStatus.PAID, ClaimStatus.DENIED}),
    ClaimStatus.PAID: frozenset(),
}


class ClaimFile(TimeStampedModel):
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=4, choices=[("837i", "837I"), ("837p", "837P")])
    control_number = models.PositiveIntegerField()
    content = models.TextField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )  # None: the command line

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["site", "control_number"], name="claim_file_control_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.control_number}"


class Claim(VersionedModel, TimeStampedModel):
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="claims")
    payer = models.ForeignKey(Payer, on_delete=models.PROTECT, related_name="claims")
    control_number = models.CharField(max_length=20, unique=True)
    kind = models.CharField(max_length=4, choices=[("837i", "837I"), ("837p", "837P")])
    status = models.CharField(max_length=12, choices=ClaimStatus.choices, default=ClaimStatus.READY)
    statement_from = models.DateField()
    statement_to = models.DateField()
    total = models.DecimalField(max_digits=10, decimal_places=2)
    paid = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal("0.00"))
    file = models.ForeignKey(ClaimFile, on_delete=models.PROTECT, related_name="claims")
    denial_reasons = models.JSONField(default=list, blank=True)  # CARC/RARC codes from the 835

    class Meta:
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["site", "status"], name="claim_site_status_idx")]

    def __str__(self) -> str:
        return self.control_number


class Remittance(TimeStampedModel):
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    payer_name = models.CharField(max_length=60)
    trace_number = models.CharField(max_length=50)
    paid_on = models.DateField(null=True, blank=True)
    total_paid = models.DecimalField(max_digits=12, decimal_places=2)
    claims_matched = models.PositiveIntegerField()
    content = models.TextField()
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["site", "trace_number"], name="remittance_trace_once")
        ]

    def __str__(self) -> str:
        return f"{self.payer_name} {self.trace_number}"
