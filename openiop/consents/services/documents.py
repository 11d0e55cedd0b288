"""Writes to consent templates and documents: prepare, sign, decline, revoke."""

import base64
import binascii
import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import pgettext

from openiop.accounts import policy
from openiop.accounts.models import Site
from openiop.audit.changes import snapshot
from openiop.audit.models import Action
from openiop.audit.services import record_change, save_and_record
from openiop.clients.models import Client, Episode, EpisodeStatus, SupportContact
from openiop.consents import rendering, texts
from openiop.consents.models import (
    DECLINE_FIELDS,
    PART2_KINDS,
    REVOKE_FIELDS,
    SIGN_FIELDS,
    TPO_PURPOSES,
    ConsentDocument,
    ConsentKind,
    ConsentStatus,
    ConsentTemplate,
    Expiration,
    Provider,
    Purpose,
    RecipientClass,
    RevocationMethod,
    SignedChannel,
    SignerRole,
)
from openiop.core.time import local_date, site_today

MAX_SIGNATURE_CHARS = 200_000  # a drawn signature is a small PNG; refuse anything larger
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def language_for(client: Client) -> str:
    return "es" if client.preferred_language == "es" else "en"


def is_own_record(user: Any, client: Client) -> bool:
    """The client user acting on their own record (never a staff member)."""
    return policy.is_client_user(user) and policy.can_view_client(user, client)


# --- templates ---


def templates_ensure_defaults() -> int:
    """Create version 1 of any default template whose kind and language have none (fresh or flushed database)."""
    have = set(ConsentTemplate.objects.values_list("kind", "language").distinct())
    created = 0
    for default in texts.DEFAULT_TEMPLATES:
        if (default["kind"], default["language"]) in have:
            continue
        template = ConsentTemplate(version=1, effective_date=dt.date(2026, 2, 16), **default)
        template.full_clean()
        template.save()
        created += 1
    return created


def template_current(*, kind: str, language: str, on: dt.date) -> ConsentTemplate:
    """The newest version in effect on ``on``, in the language asked (English when there is none)."""
    templates_ensure_defaults()
    for lang in dict.fromkeys([language, "en"]):
        found = (
            ConsentTemplate.objects.filter(kind=kind, language=lang, effective_date__lte=on)
            .order_by("-version")
            .first()
        )
        if found is not None:
            return found
    raise ValidationError({"kind": f"No template for {kind} is in effect yet."})


def consent_template_create(
    *,
    actor: Any,
    kind: str,
    language: str,
    title: str,
    body: str,
    effective_date: dt.date,
    revocation_text: str = "",
    redisclosure_text: str = "",
    refusal_text: str = "",
    default_information: str = "",
    default_recipients: str = "",
) -> ConsentTemplate:
    """A new version of a document's wording; versions already used are never edited."""
    if not policy.can_change_consent_wording(actor):
        raise PermissionDenied("Only a program director changes consent wording.")
    with transaction.atomic():
        latest = ConsentTemplate.objects.filter(kind=kind, language=language).aggregate(v=Max("version"))["v"]
        template = ConsentTemplate(
            kind=kind,
            language=language,
            version=(latest or 0) + 1,
            title=title,
            body=body.replace("\r\n", "\n"),
            effective_date=effective_date,
            revocation_text=revocation_text,
            redisclosure_text=redisclosure_text,
            refusal_text=refusal_text,
            default_information=default_information,
            default_recipients=default_recipients,
            created_by=actor,
        )
        save_and_record(
            actor=actor,
            instance=template,
            object_type="consent_template",
            detail={"kind": kind, "version": template.version},
        )
    return template


# --- documents ---


def _discloser(site: Site) -> str:
    return f"{site.name}, {site.organization.name}"


def _active_episode(client: Client) -> Episode | None:
    return client.episodes.filter(status=EpisodeStatus.ACTIVE).order_by("-admission_date", "-pk").first()


def _release_recipient(
    document: ConsentDocument,
    client: Client,
    support_contact: SupportContact | None,
    provider: Provider | None,
    recipient_name: str,
    recipient_details: str,
) -> None:
    if support_contact is not None:
        if support_contact.client_id != client.pk:
            raise ValidationError({"support_contact": "This person is not in the client's support network."})
        document.support_contact = support_contact
        document.recipient_name = support_contact.name
        document.recipients = f"{support_contact.name} ({support_contact.relationship})"
    elif provider is not None:
        if provider.site_id != client.site_id:
            raise ValidationError({"provider": "Choose a provider from this site's directory."})
        document.provider = provider
        document.recipient_name = provider.name
        document.recipients = f"{provider.name}, {provider.address}, {provider.phone}"
    else:
        document.recipient_name = recipient_name.strip()
        details = recipient_details.strip()
        document.recipients = f"{document.recipient_name}, {details}" if details else document.recipient_name


def consent_prepare(
    *,
    actor: Any,
    client: Client,
    kind: str,
    support_contact: SupportContact | None = None,
    provider: Provider | None = None,
    recipient_name: str = "",
    recipient_details: str = "",
    information: str = "",
    purposes: Iterable[str] | None = None,
    expiration_kind: str = "",
    expires_on: dt.date | None = None,
) -> ConsentDocument:
    """Prepare one document for the client to sign, from the template in effect, in the client's language."""
    if not policy.can_change_client(actor, client):
        raise PermissionDenied("You may not prepare documents for this client.")
    if kind not in ConsentKind.values:
        raise ValidationError({"kind": "Unknown kind of document."})
    site = Site.objects.select_related("organization").get(pk=client.site_id)
    today = site_today(site)
    template = template_current(kind=kind, language=language_for(client), on=today)
    document = ConsentDocument(
        client=client,
        site=site,
        template=template,
        kind=kind,
        language=template.language,
        title=template.title,
        patient_name=client.legal_name,
        discloser=_discloser(site),
        prepared_by=actor,
    )
    if kind in PART2_KINDS:
        document.revocation_text = template.revocation_text
        document.redisclosure_text = template.redisclosure_text
        episode = _active_episode(client)
        if kind == ConsentKind.PART2_TPO:
            document.information = information.strip() or template.default_information
            document.recipients = template.default_recipients
            document.recipient_classes = list(RecipientClass.values)
            document.purposes = [str(p) for p in (purposes or TPO_PURPOSES)]
            document.refusal_text = template.refusal_text
            expiration_kind = expiration_kind or Expiration.NONE
        else:
            _release_recipient(document, client, support_contact, provider, recipient_name, recipient_details)
            default_info = texts.PROVIDER_RELEASE_INFORMATION[template.language] if provider else ""
            document.information = information.strip() or default_info or template.default_information
            default_purpose = Purpose.COORDINATION if provider else Purpose.FAMILY
            document.purposes = [str(p) for p in (purposes or [default_purpose])]
            if not expiration_kind:
                expiration_kind = Expiration.END_OF_TREATMENT if episode else Expiration.ON_DATE
                expires_on = expires_on or today + dt.timedelta(days=365)
        document.expiration_kind = expiration_kind
        if expiration_kind == Expiration.ON_DATE:
            if expires_on is not None and expires_on <= today:
                raise ValidationError({"expires_on": "The end date must be after today."})
            document.expires_on = expires_on
        if expiration_kind == Expiration.END_OF_TREATMENT:
            document.episode = episode
    document.rendered_text = rendering.render_document_text(document)
    with transaction.atomic():
        save_and_record(
            actor=actor,
            instance=document,
            object_type="consent",
            detail={"kind": kind, "template": template.pk},
        )
    return document


def admission_documents_prepare(*, actor: Any, client: Client) -> list[ConsentDocument]:
    """Prepare whichever admission documents the client has never been given (idempotent).

    Consent to treatment, client rights, the optional TPO consent, and a release for each
    support-network member the client wants involved.
    """
    if not policy.can_change_client(actor, client):
        raise PermissionDenied("You may not prepare documents for this client.")
    existing = list(ConsentDocument.objects.filter(client=client).values_list("kind", "support_contact_id"))
    kinds = {kind for kind, _ in existing}
    contacts = {contact for _, contact in existing if contact}
    prepared: list[ConsentDocument] = []
    with transaction.atomic():
        for kind in (ConsentKind.TREATMENT, ConsentKind.RIGHTS, ConsentKind.PART2_TPO):
            if kind not in kinds:
                prepared.append(consent_prepare(actor=actor, client=client, kind=kind))
        for contact in client.support_contacts.filter(may_be_involved=True).order_by("pk"):
            if contact.pk not in contacts:
                prepared.append(
                    consent_prepare(actor=actor, client=client, kind=ConsentKind.PART2_RELEASE, support_contact=contact)
                )
    return prepared


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
    actor: Any,
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


def consent_decline(*, actor: Any, document: ConsentDocument, now: dt.datetime | None = None) -> ConsentDocument:
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
    actor: Any,
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
