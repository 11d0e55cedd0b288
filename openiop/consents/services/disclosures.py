"""Writes: disclosures under a valid Part 2 consent (the disclosure rule, docs/algorithms/consents.md)."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from openiop.accounts import policy
from openiop.accounts.types import Actor
from openiop.audit.models import Action
from openiop.audit.services import record_read, save_and_record
from openiop.clients.models import Client
from openiop.consents import rendering
from openiop.consents.models import ConsentDocument, Disclosure, Provider, Purpose, RecipientClass
from openiop.consents.records import RECORD_KINDS, render_records
from openiop.core.time import local_date


def _disclosure_errors(
    *,
    client: Client,
    consent: ConsentDocument | None,
    recipient: str,
    recipient_class: str,
    purpose: str,
    records: list[str],
    on: dt.date,
    moment: dt.datetime,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not records:
        errors["records"] = "Choose the records to release."
    elif unknown := [r for r in records if r not in RECORD_KINDS]:
        errors["records"] = f"Unknown kind of record: {', '.join(unknown)}."
    if not recipient.strip():
        errors["recipient"] = "Name the person or organization receiving the records."
    if recipient_class and recipient_class not in RecipientClass.values:
        errors["recipient_class"] = "Unknown kind of recipient."
    if purpose not in Purpose.values:
        errors["purpose"] = "Choose the purpose of this disclosure."
    if consent is None:
        errors["consent"] = "A disclosure needs the client's written Part 2 consent (42 CFR 2.31)."
        return errors
    if consent.client_id != client.pk:
        errors["consent"] = "This consent belongs to another client."
        return errors
    reason = consent.invalid_reason(on)
    if not reason and consent.signed_at and moment < consent.signed_at:
        reason = "This consent was not yet signed at that time."
    if reason:
        errors["consent"] = f"{reason} No records may be released under it."
        return errors
    if "recipient" not in errors and not consent.covers_recipient(recipient, recipient_class):
        if consent.recipient_classes and not recipient_class:
            errors["recipient_class"] = "Say which kind of recipient this is; the consent covers classes of recipients."
        else:
            errors["recipient"] = f"This consent does not cover this recipient; it covers: {consent.recipients}"
    if "purpose" not in errors and not consent.covers_purpose(purpose):
        covered = "; ".join(consent.purpose_labels())
        errors["purpose"] = f"This consent does not cover this purpose; it covers: {covered}."
    if "records" not in errors and (beyond := consent.kinds_beyond(records)):
        errors["records"] = _beyond_message(consent, beyond)
    if "recipient" not in errors and "recipient_class" not in errors:
        problem = _class_recipient_problem(client, consent, recipient, recipient_class)
        if problem:
            errors["recipient"] = problem
    return errors


def _beyond_message(consent: ConsentDocument, beyond: list[str]) -> str:
    named = "; ".join(RECORD_KINDS[r].label for r in beyond)
    if not consent.information_kinds:
        return (
            f"This consent does not list the kinds of records it covers, so it cannot release {named}; "
            "prepare a new consent naming them."
        )
    covered = "; ".join(RECORD_KINDS[r].label for r in consent.information_kinds if r in RECORD_KINDS)
    return f"This consent does not cover {named}; it covers: {covered}."


def _class_recipient_problem(client: Client, consent: ConsentDocument, recipient: str, recipient_class: str) -> str:
    """A consent to a class of recipients (TPO) still releases only to a recipient named on file for
    that class: a payer of the client's insurance, or a provider of the site's directory. Free text
    with a class ticked is refused."""
    if consent.recipient_name and rendering.names_match(recipient, consent.recipient_name):
        return ""
    if not recipient_class:
        return ""  # covers_recipient already refused a name the consent does not give
    if recipient_class == RecipientClass.PAYERS:
        payers = sorted(set(client.insurances.values_list("payer", flat=True)))
        if any(rendering.names_match(recipient, p) for p in payers):
            return ""
        if payers:
            named = "; ".join(payers)
            return f"Under a consent to a class of recipients, name one of the client's payers on file: {named}."
        return "Under a consent to a class of recipients, name a payer on the client's insurance; none is on file."
    providers = Provider.objects.filter(site_id=client.site_id, active=True).values_list("name", flat=True)
    if any(rendering.names_match(recipient, name) for name in providers):
        return ""
    return (
        "Under a consent to a class of recipients, name a provider of this site's directory "
        "(add them to the directory first)."
    )


def disclosure_create(
    *,
    actor: Actor,
    client: Client,
    consent: ConsentDocument | None,
    recipient: str,
    purpose: str,
    records: list[str],
    recipient_class: str = "",
    recipient_address: str = "",
    note: str = "",
    now: dt.datetime | None = None,
) -> Disclosure:
    """Release the chosen records to a recipient for a purpose, only under a valid consent covering both.

    A refused attempt is audited too (``export`` with ``outcome: refused``) and changes nothing else.
    """
    if not (policy.can_change_client(actor, client) or policy.can_disclose_for_payment(actor, client, purpose)):
        raise PermissionDenied("You may not release this client's records.")
    records = list(dict.fromkeys(records))
    if any(RECORD_KINDS[r].narrative for r in records if r in RECORD_KINDS) and not policy.can_view_narratives(
        actor, client
    ):
        raise PermissionDenied("Your role may not release clinical narratives.")
    moment = now or timezone.now()
    site = client.site
    on = local_date(site, moment)
    if consent is not None:
        consent = ConsentDocument.objects.select_related("episode").get(pk=consent.pk)
    errors = _disclosure_errors(
        client=client,
        consent=consent,
        recipient=recipient,
        recipient_class=recipient_class,
        purpose=purpose,
        records=records,
        on=on,
        moment=moment,
    )
    if errors:
        record_read(
            user=actor,
            instance=client,
            action=Action.EXPORT,
            object_type="disclosure",
            object_id="",
            detail={"outcome": "refused", "fields": sorted(errors), "consent": consent.pk if consent else None},
        )
        raise ValidationError(errors)
    assert consent is not None  # noqa: S101 - checked above
    content = render_records(client, records)
    disclosure = Disclosure(
        client=client,
        site_id=client.site_id,
        consent=consent,
        recipient=" ".join(recipient.split()),
        recipient_address=recipient_address.strip(),
        recipient_class=recipient_class,
        purpose=purpose,
        records=records,
        description="; ".join(str(RECORD_KINDS[r].label) for r in records),
        note=note.strip(),
        disclosed_at=moment,
        disclosed_by=actor,
        content_html=content,
        content_sha256=rendering.text_sha256(content),
    )
    with transaction.atomic():
        save_and_record(
            actor=actor,
            instance=disclosure,
            action=Action.EXPORT,
            object_type="disclosure",
            detail={"outcome": "released", "consent": consent.pk, "records": records, "purpose": purpose},
        )
    return disclosure
