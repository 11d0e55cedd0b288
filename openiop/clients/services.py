"""Writes to client records and episodes. Each validates, saves and audits in one transaction."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from openiop.accounts import policy
from openiop.accounts.models import Site
from openiop.audit.models import Action
from openiop.audit.services import audit_record
from openiop.clients.models import Client, Episode, EpisodeStatus, Insurance, SupportContact

CLIENT_FIELDS = frozenset(
    {
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
    }
)


def _check_fields(fields: dict[str, Any]) -> None:
    unknown = set(fields) - CLIENT_FIELDS
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "This field cannot be set."))


def client_create(*, actor: Any, site: Site, **fields: Any) -> Client:
    _check_fields(fields)
    if not policy.can_create_client_at(actor, site.pk):
        raise PermissionDenied("You may not create clients at this site.")
    with transaction.atomic():
        client = Client(site=site, **fields)
        client.full_clean()
        client.save()
        audit_record(
            user=actor,
            action=Action.CREATE,
            object_type="client",
            object_id=client.pk,
            client_id=client.pk,
            site_id=site.pk,
        )
    return client


def client_update(*, actor: Any, client: Client, **fields: Any) -> Client:
    _check_fields(fields)
    if not policy.can_change_client(actor, client):
        raise PermissionDenied("You may not change this client.")
    changed = sorted(name for name, value in fields.items() if getattr(client, name) != value)
    if not changed:
        return client
    with transaction.atomic():
        for name in changed:
            setattr(client, name, fields[name])
        client.full_clean()
        client.save()
        audit_record(
            user=actor,
            action=Action.UPDATE,
            object_type="client",
            object_id=client.pk,
            client_id=client.pk,
            site_id=client.site_id,
            detail={"fields": changed},
        )
    return client


def support_contact_create(*, actor: Any, client: Client, **fields: Any) -> SupportContact:
    if not policy.can_change_client(actor, client):
        raise PermissionDenied("You may not change this client.")
    with transaction.atomic():
        contact = SupportContact(client=client, **fields)
        contact.full_clean()
        contact.save()
        audit_record(
            user=actor,
            action=Action.CREATE,
            object_type="support_contact",
            object_id=contact.pk,
            client_id=client.pk,
            site_id=client.site_id,
        )
    return contact


def insurance_set(
    *, actor: Any, client: Client, rank: int, payer: str, member_id: str, group_number: str = ""
) -> Insurance:
    if not policy.can_change_client(actor, client):
        raise PermissionDenied("You may not change this client.")
    with transaction.atomic():
        insurance = Insurance.objects.filter(client=client, rank=rank).first() or Insurance(client=client, rank=rank)
        insurance.payer, insurance.member_id, insurance.group_number = payer, member_id, group_number
        insurance.full_clean()
        insurance.save()
        audit_record(
            user=actor,
            action=Action.UPDATE,
            object_type="insurance",
            object_id=insurance.pk,
            client_id=client.pk,
            site_id=client.site_id,
        )
    return insurance


def episode_create(
    *,
    actor: Any,
    client: Client,
    admission_date: dt.date,
    level_of_care: str = "2.1",
    track: str = "",
    population: str | None = None,
    prescribed_hours_per_week: Decimal = Decimal(12),
    primary_clinician: Any = None,
) -> Episode:
    """Open an episode of care (the intake issue's admission wraps this with assessment and consents)."""
    if not policy.can_change_client(actor, client):
        raise PermissionDenied("You may not change this client.")
    if population is None:
        population = "adolescent" if client.age_on(admission_date) < 18 else "adult"
    with transaction.atomic():
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
        episode.full_clean()
        episode.save()
        audit_record(
            user=actor,
            action=Action.CREATE,
            object_type="episode",
            object_id=episode.pk,
            client_id=client.pk,
            site_id=client.site_id,
        )
    return episode


def episode_discharge(*, actor: Any, episode: Episode, discharge_date: dt.date, reason: str) -> Episode:
    if not policy.can_change_client(actor, episode.client):
        raise PermissionDenied("You may not change this client.")
    if episode.status != EpisodeStatus.ACTIVE:
        raise ValidationError({"status": "Only an active episode can be discharged."})
    with transaction.atomic():
        episode.status = EpisodeStatus.DISCHARGED
        episode.discharge_date = discharge_date
        episode.discharge_reason = reason
        episode.full_clean()
        episode.save()
        audit_record(
            user=actor,
            action=Action.UPDATE,
            object_type="episode",
            object_id=episode.pk,
            client_id=episode.client_id,
            site_id=episode.site_id,
            detail={"discharged": True},
        )
    return episode
