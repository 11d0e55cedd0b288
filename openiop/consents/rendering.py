"""The exact text a client reads and signs: placeholders filled from the document's elements.

The rendered text is plain text (paragraphs separated by blank lines). It is stored on the
document when it is prepared, shown on the signing page, hashed (SHA-256 of its UTF-8 bytes) when
signed and printed in the PDF, so what was shown, what was signed and what is printed are one text.
"""

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from django.utils import formats, translation
from django.utils.translation import pgettext

if TYPE_CHECKING:
    from openiop.consents.models import ConsentDocument

PLACEHOLDER_RE = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")

PLACEHOLDERS: dict[str, str] = {
    "patient_name": "the client's legal name (§2.31 element 1)",
    "date_of_birth": "the client's date of birth",
    "program": "the program that discloses: site and organization (§2.31 element 2)",
    "site_address": "the site's address",
    "site_phone": "the site's phone",
    "information": "what information may be disclosed (§2.31 element 3)",
    "recipients": "who may receive it, by name or class (§2.31 element 4)",
    "purposes": "each purpose of the disclosure (§2.31 element 5)",
    "revocation": "the right to revoke, how, and the reliance exception (§2.31 element 6)",
    "expiration": "the expiration date, event or condition (§2.31 element 7)",
    "redisclosure": "the statement on redisclosure (§2.31 element 10, and the HIPAA statement)",
    "refusal": "the consequences of refusing to sign (§2.31 element 10, TPO consents)",
}
# The statements (revocation, redisclosure, refusal) may name the program and how to reach it.
STATEMENT_PLACEHOLDERS = frozenset({"program", "site_address", "site_phone"})
PART2_BODY_PLACEHOLDERS = (
    "patient_name",
    "program",
    "information",
    "recipients",
    "purposes",
    "expiration",
    "revocation",
    "redisclosure",
)
TPO_BODY_PLACEHOLDERS = (*PART2_BODY_PLACEHOLDERS, "refusal")


def placeholders_in(text: str) -> set[str]:
    return set(PLACEHOLDER_RE.findall(text))


def fill(text: str, values: Mapping[str, str]) -> str:
    """Replace each known ``{{ name }}``; templates are validated, so none is left unknown."""
    return PLACEHOLDER_RE.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def normalize_name(value: str) -> str:
    """Compare names case-insensitively, ignoring extra spaces and Unicode composition (é vs e + ´)."""
    return " ".join(unicodedata.normalize("NFC", value).casefold().split())


def names_match(typed: str, expected: str) -> bool:
    return bool(typed.strip()) and normalize_name(typed) == normalize_name(expected)


def purposes_text(codes: Iterable[str], language: str) -> str:
    from openiop.consents.models import Purpose

    with translation.override(language):
        return "; ".join(str(Purpose(code).label) for code in codes)


def expiration_text(document: "ConsentDocument") -> str:
    from openiop.consents.models import Expiration

    with translation.override(document.language):
        if document.expiration_kind == Expiration.ON_DATE and document.expires_on:
            day = formats.date_format(document.expires_on, "DATE_FORMAT")
            return pgettext("consents", "This consent ends on %(date)s.") % {"date": day}
        if document.expiration_kind == Expiration.END_OF_TREATMENT:
            return pgettext("consents", "This consent ends when my treatment at %(program)s ends.") % {
                "program": document.discloser
            }
        if document.expiration_kind == Expiration.NONE:
            return pgettext("consents", "This consent has no end date; it lasts until I revoke it.")
    return ""


def document_values(document: "ConsentDocument") -> dict[str, str]:
    site = document.site
    with translation.override(document.language):
        born = formats.date_format(document.client.date_of_birth, "DATE_FORMAT")
        contact = {
            "program": document.discloser,
            "site_address": site.address or pgettext("consents", "the program's mailing address"),
            "site_phone": site.phone or pgettext("consents", "the program's phone number"),
        }
    return {
        **contact,
        "patient_name": document.patient_name,
        "date_of_birth": born,
        "information": document.information,
        "recipients": document.recipients,
        "purposes": purposes_text(document.purposes or [], document.language),
        "expiration": expiration_text(document),
        "revocation": fill(document.revocation_text, contact),
        "redisclosure": fill(document.redisclosure_text, contact),
        "refusal": fill(document.refusal_text, contact),
    }


def render_document_text(document: "ConsentDocument") -> str:
    body = document.template.body.replace("\r\n", "\n").strip()
    return fill(body, document_values(document))
