"""The choices of consent templates and documents: kinds, languages, purposes, statuses."""

from django.db import models
from django.utils.translation import pgettext_lazy


class ConsentKind(models.TextChoices):
    TREATMENT = "treatment", pgettext_lazy("consents", "Consent to treatment")
    RIGHTS = "rights", pgettext_lazy("consents", "Client rights and program rules")
    PART2_TPO = "part2_tpo", pgettext_lazy("consents", "Part 2 consent for treatment, payment and operations")
    PART2_RELEASE = "part2_release", pgettext_lazy("consents", "Release of information (Part 2)")


PART2_KINDS = frozenset({ConsentKind.PART2_TPO, ConsentKind.PART2_RELEASE})
REQUIRED_KINDS = (ConsentKind.TREATMENT, ConsentKind.RIGHTS)


class ConsentLanguage(models.TextChoices):
    ENGLISH = "en", "English"
    SPANISH = "es", "Español"


class Purpose(models.TextChoices):
    TREATMENT = "treatment", pgettext_lazy("consents", "treatment")
    PAYMENT = "payment", pgettext_lazy("consents", "payment")
    OPERATIONS = "operations", pgettext_lazy("consents", "health care operations")
    PATIENT_REQUEST = "patient_request", pgettext_lazy("consents", "at my request")
    FAMILY = "family_involvement", pgettext_lazy("consents", "to involve them in my care and recovery")
    COORDINATION = "care_coordination", pgettext_lazy("consents", "to coordinate my care and my referral")


TPO_PURPOSES = [Purpose.TREATMENT, Purpose.PAYMENT, Purpose.OPERATIONS]


class RecipientClass(models.TextChoices):
    TREATING_PROVIDERS = "treating_providers", pgettext_lazy("consents", "My treating providers")
    PAYERS = "payers", pgettext_lazy("consents", "Health plans and third-party payers")
    OPERATIONS = "operations", pgettext_lazy("consents", "People helping to operate this program")


class Expiration(models.TextChoices):
    ON_DATE = "date", "On a date"
    END_OF_TREATMENT = "end_of_treatment", "When treatment ends (the current episode is discharged)"
    NONE = "none", "None: until revoked (TPO consents only)"


class ConsentStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("consents", "Waiting for signature")
    SIGNED = "signed", pgettext_lazy("consents", "Signed")
    DECLINED = "declined", pgettext_lazy("consents", "Declined")
    REVOKED = "revoked", pgettext_lazy("consents", "Revoked")


class SignerRole(models.TextChoices):
    CLIENT = "client", pgettext_lazy("consents", "The client")
    GUARDIAN = "guardian", pgettext_lazy("consents", "Parent or guardian of a client under 18")
    REPRESENTATIVE = "representative", pgettext_lazy("consents", "Legal representative")


class SignedChannel(models.TextChoices):
    PORTAL = "portal", "Client portal (the client's own login)"
    STAFF_DEVICE = "staff_device", "On a staff member's device, handed to the client"


class RevocationMethod(models.TextChoices):
    PORTAL = "portal", "By the client in the portal"
    WRITTEN = "written", "Written revocation received by staff"
