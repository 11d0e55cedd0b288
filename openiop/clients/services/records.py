"""Writes to client records, insurance and the opening of an episode (validated, saved, audited)."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from openiop.accounts import policy
from openiop.accounts.models import Site
from openiop.accounts.types import Actor
from openiop.audit.changes import snapshot
from openiop.audit.models import Action
from openiop.audit.services import record_change, save_and_record
from openiop.clients.models import Client, Episode, Insurance
from openiop.core.concurrency import bump, check_version

# The client details staff may set, in form order.
CLIENT_FIELDS = (
    "legal_first_name",
    "legal_last_name",
    "preferred_name",
    "date_of_birth",
    "sex_assigned_at_birth",
    "gender_identity",
    "pronouns",
    "preferred_language",
    "phone",
    "email",
    "address_line",
    "city",
    "state",
    "postal_code",
    "emergency_contact_name",
    "emergency_contact_relationship",
    "emergency_contact_phone",
)


def require_change(actor: Actor, client: Client) -> None:
    if not policy.can_change_client(actor, client):
        raise PermissionDenied("You may not change this client.")


def _check_fields(fields: dict[str, Any]) -> None:
    unknown = set(fields).difference(CLIENT_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "This field cannot be set."))


def client_create(*, actor: Actor, site: Site, **fields: Any) -> Client:
    _check_fields(fields)
    if not policy.can_create_client_at(actor, site.pk):
        raise PermissionDenied("You may not create clients at this site.")
    client = Client(site=site, **fields)
    with transaction.atomic():
        save_and_record(actor=actor, instance=client, before=None)
    return client


def client_update(*, actor: Actor, client: Client, expected_version: int | None = None, **fields: Any) -> Client:
    """Change the named fields only (two people changing different fields both keep their change),
    from the version the person saw when given (``StaleVersion`` otherwise)."""
    _check_fields(fields)
    require_change(actor, client)
    with transaction.atomic():
        # NO KEY UPDATE: audit events inserted meanwhile reference the client (FOR KEY SHARE) while
        # holding the chain head; a plain FOR UPDATE would deadlock with them on PostgreSQL.
        client.refresh_from_db(from_queryset=Client.objects.select_for_update(no_key=True))
        check_version(client, expected_version)
        changed = sorted(name for name, value in fields.items() if getattr(client, name) != value)
        if not changed:
            return client
        before = snapshot(client)
        for name in changed:
            setattr(client, name, fields[name])
        client.full_clean()
        client.save(update_fields=bump(client, changed))
        record_change(actor=actor, instance=client, before=before)
    return client


def insurance_set(
    *, actor: Actor, client: Client, rank: int, payer: str, member_id: str, group_number: str = ""
) -> Insurance:
    require_change(actor, client)
    with transaction.atomic():
        insurance = Insurance.objects.filter(client=client, rank=rank).first() or Insurance(client=client, rank=rank)
        before = snapshot(insurance)
        insurance.payer, insurance.member_id, insurance.group_number = payer, member_id, group_number
        save_and_record(actor=actor, instance=insurance, before=before, action=Action.UPDATE)
    return insurance


def episode_create(
    *,
    actor: Actor,
    client: Client,
    admission_date: dt.date,
    level_of_care: str = "2.1",
    track: str = "",
    population: str | None = None,
    prescribed_hours_per_week: Decimal = Decimal(12),
    primary_clinician: Any = None,
) -> Episode:
    """Open an episode of care (the intake issue's admission wraps this with assessment and consents)."""
    require_change(actor, client)
    if population is None:
        population = "adolescent" if client.age_on(admission_date) < 18 else "adult"
    episode = Episode(
        client=client,
        site_id=client.site_id,
        admission_date=admission_date,
        level_of_care=level_of_care,
        track=track,
        population=population,
        prescribed_hours_per_week=prescribed_hours_per_week,
        primary_clinician=primary_clinician,
    )
    with transaction.atomic():
        save_and_record(actor=actor, instance=episode, before=None)
    return episode
