"""The support network: add, edit and retire contacts; family-session attendees and sharing
records with a contact, each only under a consent that names the person (checked every time)."""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from openiop.accounts import policy
from openiop.accounts.types import Actor
from openiop.audit.changes import snapshot
from openiop.audit.services import record_change, record_delete, save_and_record
from openiop.clients.models import Client, FamilySessionAttendee, SupportContact
from openiop.clients.services.records import require_change
from openiop.core.concurrency import Conflict, bump, check_version
from openiop.core.time import local_date

CONTACT_FIELDS = (
    "name",
    "relationship",
    "phone",
    "email",
    "language",
    "emergency_contact",
    "family_program",
    "sponsor",
    "may_be_involved",
)
# A consent naming the person for one of these purposes covers involving them in sessions.
SESSION_PURPOSES = ("family_involvement", "treatment")


def _check_fields(fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(CONTACT_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "This field cannot be set."))


def support_contact_create(*, actor: Actor, client: Client, **fields: Any) -> SupportContact:
    _check_fields(fields)
    require_change(actor, client)
    contact = SupportContact(client=client, **fields)
    with transaction.atomic():
        save_and_record(actor=actor, instance=contact, before=None)
    return contact


def support_contact_update(
    *, actor: Actor, contact: SupportContact, expected_version: int | None = None, **fields: Any
) -> SupportContact:
    _check_fields(fields)
    require_change(actor, contact.client)
    with transaction.atomic():
        contact.refresh_from_db(from_queryset=SupportContact.objects.select_for_update(no_key=True))
        check_version(contact, expected_version)
        if contact.is_retired:
            raise Conflict("This contact was retired; add them again if they are back in the network.")
        changed = sorted(name for name, value in fields.items() if getattr(contact, name) != value)
        if not changed:
            return contact
        before = snapshot(contact)
        for name in changed:
            setattr(contact, name, fields[name])
        contact.full_clean()
        contact.save(update_fields=bump(contact, changed))
        record_change(actor=actor, instance=contact, before=before)
    return contact


def support_contact_retire(*, actor: Actor, contact: SupportContact, reason: str = "") -> SupportContact:
    """Out of the network from now on; kept, because consents and past sessions name them."""
    require_change(actor, contact.client)
    if len(reason) > 200:
        raise ValidationError({"reason": "At most 200 characters."})
    with transaction.atomic():
        contact.refresh_from_db(from_queryset=SupportContact.objects.select_for_update(no_key=True))
        if contact.is_retired:
            raise Conflict("This contact is already retired.")
        before = snapshot(contact)
        contact.retired_at, contact.retired_reason = timezone.now(), reason.strip()
        contact.emergency_contact = contact.family_program = contact.sponsor = contact.may_be_involved = False
        changed = ["retired_at", "retired_reason", "emergency_contact", "family_program", "sponsor", "may_be_involved"]
        contact.full_clean()
        contact.save(update_fields=bump(contact, changed))
        record_change(actor=actor, instance=contact, before=before, detail={"retired": True})
    return contact


def covering_consent(*, contact: SupportContact, on: dt.date, purposes: tuple[str, ...]) -> Any:
    """A Part 2 consent valid on ``on`` that names this person (the release prepared for them, or
    one whose recipient is their name) for one of ``purposes``; None when there is none."""
    from openiop.consents.selectors import valid_consents_for_client

    for consent in valid_consents_for_client(client=contact.client, on=on):
        names_them = consent.support_contact_id == contact.pk or consent.covers_recipient(contact.name, "")
        if names_them and any(consent.covers_purpose(p) for p in purposes):
            return consent
    return None


def _session_day(note: Any) -> dt.date:
    return local_date(note.site, note.starts_at)


def family_attendance_set(*, actor: Actor, note: Any, contacts: list[SupportContact]) -> list[FamilySessionAttendee]:
    """Record who of the support network attended a family session (a family note, not yet
    signed). Each must be in the client's network and named by a valid consent; otherwise nothing
    is recorded."""
    from openiop.clinical.models import NoteKind

    if not policy.can_write_notes(actor, note.client):
        raise PermissionDenied("You may not write clinical records for this client.")
    if note.kind != NoteKind.FAMILY:
        raise ValidationError({"note": "Attendees are recorded on family sessions."})
    if note.is_signed:
        raise Conflict("This note is signed; the attendees cannot change.")
    day = _session_day(note)
    errors: list[str] = []
    found: list[tuple[SupportContact, Any]] = []
    for contact in contacts:
        if contact.client_id != note.client_id or contact.is_retired:
            errors.append(f"{contact.name} is not in this client's support network.")
            continue
        consent = covering_consent(contact=contact, on=day, purposes=SESSION_PURPOSES)
        if consent is None:
            errors.append(f"No valid consent names {contact.name}; they cannot take part in a session.")
        found.append((contact, consent))
    if errors:
        raise ValidationError({"contacts": errors})
    with transaction.atomic():
        existing = {a.contact_id: a for a in FamilySessionAttendee.objects.filter(note=note)}
        keep = {contact.pk for contact, _ in found}
        for contact_id, attendee in existing.items():
            if contact_id not in keep:
                record_delete(actor=actor, instance=attendee, client_id=note.client_id, site_id=note.site_id)
                FamilySessionAttendee.objects.filter(pk=attendee.pk).delete()
        rows = []
        for contact, consent in found:
            if contact.pk in existing:
                rows.append(existing[contact.pk])
                continue
            row = FamilySessionAttendee(note=note, contact=contact, consent=consent, recorded_by=actor)
            save_and_record(
                actor=actor, instance=row, client_id=note.client_id, site_id=note.site_id, detail={"note": note.pk}
            )
            rows.append(row)
    return rows


def family_attendance_check(note: Any) -> None:
    """Before a family note is signed: every attendee is still named by a valid consent."""
    day = _session_day(note)
    missing = [
        a.contact.name
        for a in FamilySessionAttendee.objects.filter(note=note).select_related("contact", "contact__client")
        if covering_consent(contact=a.contact, on=day, purposes=SESSION_PURPOSES) is None
    ]
    if missing:
        raise ValidationError({"contacts": f"No valid consent names {', '.join(missing)} any more."})


def support_contact_disclose(
    *, actor: Actor, contact: SupportContact, consent: Any, purpose: str, records: list[str], note: str = ""
) -> Any:
    """Share records with a person of the support network: only under a consent that names them
    (not a class of recipients), then through the consents' disclosure (accounting, §2.32 notice)."""
    from openiop.consents.services import disclosure_create

    if not policy.can_write_notes(actor, contact.client):
        raise PermissionDenied("You may not release this client's records.")
    if contact.is_retired:
        raise ValidationError({"contact": "This person is no longer in the support network."})
    names_them = consent is not None and (
        consent.support_contact_id == contact.pk or consent.covers_recipient(contact.name, "")
    )
    if consent is None or consent.client_id != contact.client_id or not names_them:
        raise ValidationError({"consent": f"Choose a consent that names {contact.name}."})
    return disclosure_create(
        actor=actor,
        client=contact.client,
        consent=consent,
        recipient=contact.name,
        purpose=purpose,
        records=records,
        recipient_address=contact.email or contact.phone,
        note=note,
    )
