"""Writes. Each service checks the policy, validates, saves and audits in one transaction.

Templates (``templates.py``); documents: prepare (``documents.py``), sign, decline, revoke
(``signing.py``); helpers they share (``shared.py``). Disclosures (``disclosures.py``). The
provider directory and referrals are in ``referrals.py``
(``from openiop.consents.services import referrals``).
"""

from openiop.consents.services.disclosures import disclosure_create
from openiop.consents.services.documents import (
    admission_documents_missing,
    admission_documents_prepare,
    consent_prepare,
)
from openiop.consents.services.shared import is_own_record, language_for
from openiop.consents.services.signing import consent_decline, consent_revoke, consent_sign
from openiop.consents.services.templates import (
    consent_template_create,
    template_current,
    templates_ensure_defaults,
)

__all__ = [
    "admission_documents_missing",
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
