"""Consent documents prepared from a template; the §2.31 elements are fields here.

Signed consent documents are never changed: the services refuse, and ``save`` guards it too. The
only change a signed document takes is its revocation. The choices are in ``choices.py``, the
templates in ``templates.py``.
"""

import datetime as dt
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from openiop.accounts.models import Site
from openiop.clients.models import Client, Episode, EpisodeStatus, SupportContact
from openiop.consents import rendering
from openiop.consents.models.choices import (
    PART2_KINDS,
    ConsentKind,
    ConsentLanguage,
    ConsentStatus,
    Expiration,
    Purpose,
    RecipientClass,
    RevocationMethod,
    SignedChannel,
    SignerRole,
)
from openiop.consents.models.templates import ConsentTemplate
from openiop.core.models import TimeStampedModel

# §2.31(a): each element, the field that stores it and how staff and the docs name it.
PART2_ELEMENTS: list[tuple[str, str]] = [
    ("patient_name", "1. Patient name"),
    ("discloser", "2. Who may disclose (name or specific identification of the program)"),
    ("information", "3. How much and what kind of information"),
    ("recipients", "4. Recipients (names or class)"),
    ("purposes", "5. Purpose of each disclosure"),
    ("revocation_text", "6. Right to revoke, how, and the reliance exception"),
    ("expiration_kind", "7. Expiration date, event or condition"),
    ("redisclosure_text", "10. Redisclosure statement"),
]
TPO_ELEMENTS = [*PART2_ELEMENTS, ("refusal_text", "10. Consequences of refusing to sign (TPO)")]
SIGNATURE_ELEMENTS: list[tuple[str, str]] = [("signed_name", "8. Signature"), ("signed_at", "9. Date signed")]

SIGN_FIELDS = [
    "status",
    "signed_at",
    "signed_name",
    "signer_role",
    "signature_image",
    "signed_ip",
    "signed_user_agent",
    "signed_channel",
    "witnessed_by",
    "text_sha256",
    "updated_at",
]
REVOKE_FIELDS = [
    "status",
    "revoked_at",
    "revocation_effective",
    "revocation_method",
    "revocation_note",
    "revoked_by",
    "updated_at",
]
DECLINE_FIELDS = ["status", "declined_at", "updated_at"]


class ConsentDocumentQuerySet(models.QuerySet["ConsentDocument"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("Consent documents change only through the consents services.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("Consent documents are never deleted.")


class ConsentDocument(TimeStampedModel):
    """A document prepared for one client from a template, then signed, declined or revoked."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="consent_documents")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    template = models.ForeignKey(ConsentTemplate, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(max_length=16, choices=ConsentKind.choices)
    language = models.CharField(max_length=2, choices=ConsentLanguage.choices)
    title = models.CharField(max_length=200)
    # §2.31 elements (required on Part 2 kinds; patient and discloser are filled on every kind)
    patient_name = models.CharField(max_length=200, blank=True)
    discloser = models.CharField(max_length=300, blank=True)
    information = models.TextField(blank=True)
    # The kinds of records (consents.records.RECORD_KINDS keys) element 3 covers: a disclosure
    # releases only these. Their labels are in the signed text. Empty on documents prepared before
    # the kinds were recorded: those cover no kind (prepare a new one).
    information_kinds = models.JSONField(default=list, blank=True)
    recipients = models.TextField(blank=True)
    recipient_name = models.CharField(max_length=200, blank=True)
    recipient_classes = models.JSONField(default=list, blank=True)
    support_contact = models.ForeignKey(
        SupportContact, on_delete=models.PROTECT, null=True, blank=True, related_name="releases"
    )
    provider = models.ForeignKey("Provider", on_delete=models.PROTECT, null=True, blank=True, related_name="releases")
    purposes = models.JSONField(default=list, blank=True)
    revocation_text = models.TextField(blank=True)
    expiration_kind = models.CharField(max_length=20, choices=Expiration.choices, blank=True)
    expires_on = models.DateField(null=True, blank=True)
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    redisclosure_text = models.TextField(blank=True)
    refusal_text = models.TextField(blank=True)
    rendered_text = models.TextField()
    status = models.CharField(max_length=16, choices=ConsentStatus.choices, default=ConsentStatus.PENDING)
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # signature (§2.31 elements 8 and 9) and its evidence
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_name = models.CharField(max_length=200, blank=True)
    signer_role = models.CharField(max_length=16, choices=SignerRole.choices, blank=True)
    signature_image = models.TextField(blank=True)
    signed_ip = models.CharField(max_length=64, blank=True)
    signed_user_agent = models.CharField(max_length=400, blank=True)
    signed_channel = models.CharField(max_length=16, choices=SignedChannel.choices, blank=True)
    witnessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    text_sha256 = models.CharField(max_length=64, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revocation_effective = models.DateField(null=True, blank=True)
    revocation_method = models.CharField(max_length=16, choices=RevocationMethod.choices, blank=True)
    revocation_note = models.CharField(max_length=300, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = ConsentDocumentQuerySet.as_manager()

    class Meta:
        ordering: ClassVar[list[str]] = ["-created_at", "-pk"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["client", "kind", "status"], name="consent_client_kind_idx")
        ]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(condition=models.Q(status__in=ConsentStatus.values), name="consent_status_valid"),
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "declined"])
                | (models.Q(signed_at__isnull=False) & ~models.Q(signed_name="") & ~models.Q(text_sha256="")),
                name="consent_signed_has_signature",
                violation_error_message="A signed consent has a signature, a date and the hash of its text.",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="revoked")
                | (models.Q(revocation_effective__isnull=False) & models.Q(revoked_at__isnull=False)),
                name="consent_revoked_has_date",
                violation_error_message="A revocation records its effective date.",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind__in=sorted(PART2_KINDS))
                | (
                    ~models.Q(patient_name="")
                    & ~models.Q(discloser="")
                    & ~models.Q(information="")
                    & ~models.Q(recipients="")
                    & ~models.Q(revocation_text="")
                    & ~models.Q(redisclosure_text="")
                    & models.Q(expiration_kind__in=Expiration.values)
                ),
                name="consent_part2_elements",
                violation_error_message="A Part 2 consent needs every §2.31 element.",
            ),
            models.CheckConstraint(
                condition=~models.Q(expiration_kind="date") | models.Q(expires_on__isnull=False),
                name="consent_expiration_date_given",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="part2_tpo") | ~models.Q(refusal_text=""),
                name="consent_tpo_refusal_statement",
            ),
            models.UniqueConstraint(
                fields=["client", "kind"],
                condition=models.Q(status="pending", kind__in=["treatment", "rights", "part2_tpo"]),
                name="consent_one_pending_per_kind",
                violation_error_message="This document is already waiting for the client's signature.",
            ),
            models.UniqueConstraint(
                fields=["client", "support_contact"],
                condition=models.Q(status="pending", support_contact__isnull=False),
                name="consent_one_pending_release_per_contact",
                violation_error_message="A release for this person is already waiting for signature.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} — {self.patient_name or self.client_id} ({self.status})"

    @property
    def is_part2(self) -> bool:
        return self.kind in PART2_KINDS

    @property
    def is_pending(self) -> bool:
        return self.status == ConsentStatus.PENDING

    def elements(self) -> list[tuple[str, str]]:
        return TPO_ELEMENTS if self.kind == ConsentKind.PART2_TPO else PART2_ELEMENTS

    def purpose_labels(self) -> list[str]:
        return [str(Purpose(code).label) for code in self.purposes or [] if code in Purpose.values]

    def recipient_class_labels(self) -> list[str]:
        return [str(RecipientClass(c).label) for c in self.recipient_classes or [] if c in RecipientClass.values]

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.template_id and self.template.kind != self.kind:
            errors["template"] = "The template is for another kind of document."
        if self.is_part2:
            for field, label in self.elements():
                value = getattr(self, field)
                if not (value.strip() if isinstance(value, str) else value):
                    errors[field] = f"A Part 2 consent needs element {label} (42 CFR 2.31)."
            unknown = [p for p in self.purposes or [] if p not in Purpose.values]
            if unknown:
                errors["purposes"] = f"Unknown purpose: {', '.join(map(str, unknown))}."
            self._clean_recipients(errors)
            self._clean_expiration(errors)
        if self.status in (ConsentStatus.SIGNED, ConsentStatus.REVOKED):
            for field, label in SIGNATURE_ELEMENTS:
                if not getattr(self, field):
                    errors[field] = f"A signed consent needs element {label} (42 CFR 2.31)."
            if len(self.text_sha256) != 64:
                errors["text_sha256"] = "A signed consent keeps the SHA-256 of the text signed."
        if self.status == ConsentStatus.REVOKED and self.revocation_effective is None:
            errors["revocation_effective"] = "A revocation needs its effective date."
        if errors:
            raise ValidationError(errors)

    def _clean_recipients(self, errors: dict[str, str]) -> None:
        unknown = [c for c in self.recipient_classes or [] if c not in RecipientClass.values]
        if unknown:
            errors["recipient_classes"] = f"Unknown recipient class: {', '.join(map(str, unknown))}."
        elif self.kind == ConsentKind.PART2_TPO and not self.recipient_classes:
            errors["recipient_classes"] = "A TPO consent names the classes of recipients it covers."
        if self.kind == ConsentKind.PART2_RELEASE and not self.recipient_name.strip():
            errors["recipient_name"] = "A release names the person or organization that receives the records."

    def _clean_expiration(self, errors: dict[str, str]) -> None:
        kind = self.expiration_kind
        if kind == Expiration.ON_DATE and self.expires_on is None:
            errors["expires_on"] = "Give the date this consent ends."
        elif kind == Expiration.END_OF_TREATMENT and self.episode_id is None:
            errors["expiration_kind"] = "“When treatment ends” needs an active episode of care; choose a date instead."
        elif kind == Expiration.NONE and self.kind != ConsentKind.PART2_TPO:
            errors["expiration_kind"] = "Only a TPO consent may have no expiration; choose a date or an event."

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            stored = type(self).objects.filter(pk=self.pk).values_list("status", flat=True).first()
            fields = set(kwargs.get("update_fields") or ())
            allowed = (
                (stored == ConsentStatus.PENDING and self.status == ConsentStatus.SIGNED and fields <= set(SIGN_FIELDS))
                or (
                    stored == ConsentStatus.PENDING
                    and self.status == ConsentStatus.DECLINED
                    and fields <= set(DECLINE_FIELDS)
                )
                or (
                    stored == ConsentStatus.SIGNED
                    and self.status == ConsentStatus.REVOKED
                    and fields <= set(REVOKE_FIELDS)
                )
            )
            if not fields or not allowed:
                raise PermissionError("A consent document is never edited: it is signed, declined or revoked.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("Consent documents are never deleted.")

    # --- validity (the disclosure rule, docs/algorithms/consents.md) ---

    def expired_on(self) -> dt.date | None:
        """The last day this consent is in effect, if it has one."""
        if self.expiration_kind == Expiration.ON_DATE:
            return self.expires_on
        episode = self.episode if self.expiration_kind == Expiration.END_OF_TREATMENT else None
        if episode is not None and episode.status == EpisodeStatus.DISCHARGED:
            return episode.discharge_date
        return None

    def invalid_reason(self, on: dt.date) -> str | None:
        """Why no disclosure may be made under this consent on ``on`` (None when it is valid)."""
        if not self.is_part2:
            return "This document is not a Part 2 consent to disclose records."
        if self.status == ConsentStatus.PENDING:
            return "This consent has not been signed yet."
        if self.status == ConsentStatus.DECLINED:
            return "The client declined this consent."
        if self.status == ConsentStatus.REVOKED and self.revocation_effective and self.revocation_effective <= on:
            return f"This consent was revoked effective {self.revocation_effective:%Y-%m-%d}."
        last_day = self.expired_on()
        if last_day is not None and on > last_day:
            return f"This consent expired on {last_day:%Y-%m-%d}."
        return None

    def covers_recipient(self, recipient: str, recipient_class: str) -> bool:
        if self.recipient_name and rendering.names_match(recipient, self.recipient_name):
            return True
        return bool(recipient_class) and recipient_class in (self.recipient_classes or [])

    def covers_purpose(self, purpose: str) -> bool:
        return purpose in (self.purposes or [])

    def kinds_beyond(self, records: list[str]) -> list[str]:
        """The record kinds among ``records`` that this consent's information (element 3) does not cover."""
        covered = set(self.information_kinds or [])
        return [r for r in records if r not in covered]
