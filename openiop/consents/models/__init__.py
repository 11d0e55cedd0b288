"""Consents (templates, documents), disclosures, the provider directory and referrals.

Signed consent documents and disclosures are never changed: the services refuse, and ``save``
guards it too. The only change a signed document takes is its revocation.
"""

from openiop.consents.models.choices import (
    PART2_KINDS,
    REQUIRED_KINDS,
    TPO_PURPOSES,
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
from openiop.consents.models.disclosures import AppendOnlyQuerySet, Disclosure
from openiop.consents.models.documents import (
    DECLINE_FIELDS,
    PART2_ELEMENTS,
    REVOKE_FIELDS,
    SIGN_FIELDS,
    SIGNATURE_ELEMENTS,
    TPO_ELEMENTS,
    ConsentDocument,
    ConsentDocumentQuerySet,
)
from openiop.consents.models.referrals import HANDOFF_CHECKLIST, Provider, ProviderLevel, Referral
from openiop.consents.models.templates import ConsentTemplate

__all__ = [
    "DECLINE_FIELDS",
    "HANDOFF_CHECKLIST",
    "PART2_ELEMENTS",
    "PART2_KINDS",
    "REQUIRED_KINDS",
    "REVOKE_FIELDS",
    "SIGNATURE_ELEMENTS",
    "SIGN_FIELDS",
    "TPO_ELEMENTS",
    "TPO_PURPOSES",
    "AppendOnlyQuerySet",
    "ConsentDocument",
    "ConsentDocumentQuerySet",
    "ConsentKind",
    "ConsentLanguage",
    "ConsentStatus",
    "ConsentTemplate",
    "Disclosure",
    "Expiration",
    "Provider",
    "ProviderLevel",
    "Purpose",
    "RecipientClass",
    "Referral",
    "RevocationMethod",
    "SignedChannel",
    "SignerRole",
]
