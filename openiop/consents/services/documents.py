"""Preparing consent documents from the template in effect: one document, or the admission set.

Signing, declining and revoking are in ``signing.py``.
"""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from openiop.accounts import policy
from openiop.accounts.models import Site
from openiop.accounts.types import Actor
from openiop.audit.services import save_and_record
from openiop.clients.models import Client, Episode, EpisodeStatus, SupportContact
from openiop.consents import rendering, texts
from openiop.consents.models import (
    PART2_KINDS,
    TPO_PURPOSES,
    ConsentDocument,
    ConsentKind,
    Expiration,
    Provider,
    Purpose,
    RecipientClass,
)
from openiop.consents.records import RECORD_KINDS, record_kinds
from openiop.consents.services.shared import language_for
from openiop.consents.services.templates import template_current
from openiop.core.time import site_today


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


_KINDS_LEAD = {"en": "Records this covers:", "es": "Registros que cubre:"}


def _information_kinds(kind: str, chosen: Iterable[str] | None) -> list[str]:
    if chosen is not None and list(chosen):
        picked = list(dict.fromkeys(chosen))
        unknown = [k for k in picked if k not in RECORD_KINDS]
        if unknown:
            raise ValidationError({"information_kinds": f"Unknown kind of record: {', '.join(unknown)}."})
        return [k.key for k in record_kinds(narratives=True) if k.key in picked]
    return [k.key for k in record_kinds(narratives=kind == ConsentKind.PART2_TPO)]


def consent_prepare(
    *,
    actor: Actor,
    client: Client,
    kind: str,
    support_contact: SupportContact | None = None,
    provider: Provider | None = None,
    recipient_name: str = "",
    recipient_details: str = "",
    information: str = "",
    information_kinds: Iterable[str] | None = None,
    purposes: Iterable[str] | None = None,
    expiration_kind: str = "",
    expires_on: dt.date | None = None,
) -> ConsentDocument:
    """Prepare one document for the client to sign, from the template in effect, in the client's language.

    ``information_kinds`` are the kinds of records the consent covers (element 3; the only kinds a
    disclosure under it may release). Left out: every registered kind for a TPO consent (its
    wording covers the whole record), every kind without clinical narrative for a release.
    """
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
    if kind in PART2_KINDS:
        document.information_kinds = _information_kinds(kind, information_kinds)
        labels = "; ".join(RECORD_KINDS[k].label for k in document.information_kinds)
        document.information = f"{document.information.rstrip()} {_KINDS_LEAD[document.language]} {labels}."
    document.rendered_text = rendering.render_document_text(document)
    with transaction.atomic():
        save_and_record(
            actor=actor,
            instance=document,
            object_type="consent",
            detail={"kind": kind, "template": template.pk},
        )
    return document


def admission_documents_missing(*, client: Client) -> tuple[list[str], list[SupportContact]]:
    """The admission documents the client has never been given: kinds, and support contacts without a release."""
    existing = list(ConsentDocument.objects.filter(client=client).values_list("kind", "support_contact_id"))
    kinds = {kind for kind, _ in existing}
    contacts = {contact for _, contact in existing if contact}
    missing = [str(k) for k in (ConsentKind.TREATMENT, ConsentKind.RIGHTS, ConsentKind.PART2_TPO) if k not in kinds]
    people = [c for c in client.support_contacts.filter(may_be_involved=True).order_by("pk") if c.pk not in contacts]
    return missing, people


def admission_documents_prepare(*, actor: Actor, client: Client) -> list[ConsentDocument]:
    """Prepare whichever admission documents the client has never been given (idempotent).

    Consent to treatment, client rights, the optional TPO consent, and a release for each
    support-network member the client wants involved. Called by a POST (the admission page's
    button, or the admission itself), never by a GET.
    """
    if not policy.can_change_client(actor, client):
        raise PermissionDenied("You may not prepare documents for this client.")
    prepared: list[ConsentDocument] = []
    with transaction.atomic():
        kinds, people = admission_documents_missing(client=client)
        for kind in kinds:
            prepared.append(consent_prepare(actor=actor, client=client, kind=kind))
        for contact in people:
            prepared.append(
                consent_prepare(actor=actor, client=client, kind=ConsentKind.PART2_RELEASE, support_contact=contact)
            )
    return prepared
