"""Writes to prepared consent documents: sign, decline, revoke."""

import base64
import binascii
import datetime as dt

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import pgettext

from openiop.accounts import policy
from openiop.accounts.types import Actor
from openiop.audit.changes import snapshot
from openiop.audit.models import Action
from openiop.audit.services import record_change
from openiop.consents import rendering
from openiop.consents.models import (
    DECLINE_FIELDS,
    REVOKE_FIELDS,
    SIGN_FIELDS,
    ConsentDocument,
    ConsentStatus,
    RevocationMethod,
    SignedChannel,
    SignerRole,
)
from openiop.consents.services.shared import is_own_record
from openiop.core.time import local_date, site_today

MAX_SIGNATURE_CHARS = 200_000  # a drawn signature is a small PNG; refuse anything larger
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _check_signature_image(data: str) -> str:
    data = data.strip()
    if not data:
        return ""
    prefix = "data:image/png;base64,"
    message = pgettext("consents", "The drawn signature could not be read; clear it and draw again.")
    unreadable = ValidationError({"signature": message})
    if len(data) > MAX_SIGNATURE_CHARS or not data.startswith(prefix):
        raise unreadable
    try:
        raw = base64.b64decode(data[len(prefix) :], validate=True)
    except (binascii.Error, ValueError):
        raise unreadable from None
    if not raw.startswith(PNG_MAGIC):
        raise unreadable
    return data


def consent_sign(
    *,
    actor: Actor,
    document: ConsentDocument,
    typed_name: str,
    agreed: bool,
    signer_role: str = SignerRole.CLIENT,
    signature_image: str = "",
    shown_sha256: str = "",
    ip: str = "",
    user_agent: str = "",
    now: dt.datetime | None = None,
) -> ConsentDocument:
    """The client (or their guardian or representative) signs on screen: in the portal or on a staff device."""
    client = document.client
    own = is_own_record(actor, client)
    if not own and not policy.can_change_client(actor, client):
        raise PermissionDenied("You may not collect signatures for this client.")
    errors: dict[str, str] = {}
    if document.status != ConsentStatus.PENDING:
        raise ValidationError({"status": pgettext("consents", "This document is not waiting for a signature.")})
    if shown_sha256 and shown_sha256 != rendering.text_sha256(document.rendered_text):
        errors[NON_FIELD_ERRORS] = pgettext(
            "consents", "This document changed while it was open; please read it again."
        )
    if signer_role not in SignerRole.values or (own and signer_role != SignerRole.CLIENT):
        errors["signer_role"] = pgettext("consents", "Choose who is signing.")
    elif signer_role == SignerRole.GUARDIAN and client.age_on(site_today(document.site)) >= 18:
        errors["signer_role"] = pgettext("consents", "A parent or guardian signs only for a client under 18.")
    if signer_role == SignerRole.CLIENT and not rendering.names_match(typed_name, client.legal_name):
        errors["typed_name"] = pgettext(
            "consents", "Type the full legal name exactly as the program has it: %(name)s."
        ) % {"name": client.legal_name}
    elif not typed_name.strip():
        errors["typed_name"] = pgettext("consents", "Type the full name of the person signing.")
    if not agreed:
        errors["agree"] = pgettext("consents", "Tick the box to confirm you have read the document and agree.")
    try:
        image = _check_signature_image(signature_image)
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    before = snapshot(document)
    document.status = ConsentStatus.SIGNED
    document.signed_at = now or timezone.now()
    document.signed_name = " ".join(typed_name.split())
    document.signer_role = signer_role
    document.signature_image = image
    document.signed_ip = ip[:64]
    document.signed_user_agent = user_agent[:400]
    document.signed_channel = SignedChannel.PORTAL if own else SignedChannel.STAFF_DEVICE
    document.witnessed_by = None if own else actor
    document.text_sha256 = rendering.text_sha256(document.rendered_text)
    with transaction.atomic():
        # Under the row lock, still pending: of two signatures at once, the second is refused.
        pending = ConsentDocument.objects.select_for_update().filter(pk=document.pk, status=ConsentStatus.PENDING)
        if pending.values_list("pk", flat=True).first() is None:
            raise ValidationError({"status": pgettext("consents", "This document is not waiting for a signature.")})
        document.full_clean()
        document.save(update_fields=SIGN_FIELDS)
        record_change(
            actor=actor,
            instance=document,
            before=before,
            action=Action.SIGN,
            object_type="consent",
            detail={"kind": document.kind, "sha256": document.text_sha256, "channel": document.signed_channel},
        )
    return document


def consent_decline(*, actor: Actor, document: ConsentDocument, now: dt.datetime | None = None) -> ConsentDocument:
    """The client chooses not to sign an optional (Part 2) document."""
    client = document.client
    if not is_own_record(actor, client) and not policy.can_change_client(actor, client):
        raise PermissionDenied("You may not change this client's documents.")
    if document.status != ConsentStatus.PENDING:
        raise ValidationError(
            {"status": pgettext("consents", "Only a document waiting for signature can be declined.")}
        )
    if not document.is_part2:
        raise ValidationError(
            {"kind": pgettext("consents", "Consent to treatment and client rights are needed for admission.")}
        )
    before = snapshot(document)
    document.status = ConsentStatus.DECLINED
    document.declined_at = now or timezone.now()
    with transaction.atomic():
        document.save(update_fields=DECLINE_FIELDS)
        record_change(actor=actor, instance=document, before=before, object_type="consent", detail={"declined": True})
    return document


def consent_revoke(
    *,
    actor: Actor,
    document: ConsentDocument,
    effective_date: dt.date | None = None,
    note: str = "",
    now: dt.datetime | None = None,
) -> ConsentDocument:
    """Record a revocation. From its effective date no disclosure may be made under this consent.

    A client revoking in the portal revokes from today; staff record a written revocation with
    the date it takes effect (the day it was received, or a later date the client asked for).
    """
    client = document.client
    own = is_own_record(actor, client)
    if not own and not policy.can_change_client(actor, client):
        raise PermissionDenied("You may not change this client's documents.")
    if not document.is_part2:
        raise ValidationError({"kind": pgettext("consents", "Only a consent to share records can be revoked.")})
    if document.status != ConsentStatus.SIGNED:
        raise ValidationError({"status": pgettext("consents", "Only a signed consent can be revoked.")})
    today = site_today(document.site)
    effective = today if own else effective_date
    if effective is None:
        raise ValidationError({"effective_date": "Give the date the revocation takes effect."})
    assert document.signed_at is not None  # noqa: S101 - a signed document has its date (constraint)
    signed_day = local_date(document.site, document.signed_at)
    if effective < signed_day:
        raise ValidationError({"effective_date": "A revocation cannot take effect before the consent was signed."})
    before = snapshot(document)
    document.status = ConsentStatus.REVOKED
    document.revoked_at = now or timezone.now()
    document.revocation_effective = effective
    document.revocation_method = RevocationMethod.PORTAL if own else RevocationMethod.WRITTEN
    document.revocation_note = note.strip()[:300]
    document.revoked_by = actor
    with transaction.atomic():
        document.full_clean()
        document.save(update_fields=REVOKE_FIELDS)
        record_change(
            actor=actor,
            instance=document,
            before=before,
            object_type="consent",
            detail={"revoked": True, "effective": effective.isoformat()},
        )
    return document
