"""Writes. Each service checks the policy, validates, saves and audits in one transaction.

Documents (``documents.py``): templates, prepare, sign, decline, revoke. Disclosures
(``disclosures.py``). The provider directory and referrals
are in ``referrals.py`` (``from openiop.consents.services import referrals``).
"""

from openiop.consents.services.disclosures import disclosure_create
from openiop.consents.services.documents import (
    admission_documents_prepare,
    consent_decline,
    consent_prepare,
    consent_revoke,
    consent_sign,
    consent_template_create,
    is_own_record,
    language_for,
    template_current,
    templates_ensure_defaults,
)

__all__ = [
    "admission_documents_prepare",
    "consent_decline",
    "consent_prepare",
    "consent_revoke",
    "consent_sign",
    "consent_template_create",
    "disclosure_create",
    "is_own_record",
    "language_for",
    "template_current",
    "templates_ensure_defaults",
]
