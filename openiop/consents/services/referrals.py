"""Referral out: the provider directory and referrals with their warm hand-off checklist.

The interface for the intake app is ``referral_create``: for an inquiry not admitted, pass the
site, the person's name and the inquiry's id; for a client, pass the client. Then link to the
referral's page (``consents:referral``) where staff work through the checklist.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from openiop.accounts import policy
from openiop.accounts.models import Site
from openiop.accounts.types import Actor, Viewer
from openiop.audit.changes import snapshot
from openiop.audit.services import save_and_record
from openiop.clients.models import Client
from openiop.consents.models import HANDOFF_CHECKLIST, Provider, Referral

PROVIDER_FIELDS = frozenset({"name", "levels", "phone", "address", "notes", "active"})
CHECKLIST_FIELDS = frozenset({field for field, _ in HANDOFF_CHECKLIST} | {"appointment_date", "follow_up_note"})


def provider_create(*, actor: Actor, site: Site, **fields: Any) -> Provider:
    unknown = set(fields) - PROVIDER_FIELDS
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "This field cannot be set."))
    if not policy.can_edit_directory(actor, site.pk):
        raise PermissionDenied("Only the site's program director edits the provider directory.")
    with transaction.atomic():
        provider = Provider(site=site, **fields)
        save_and_record(actor=actor, instance=provider, object_type="provider")
    return provider


def provider_update(*, actor: Actor, provider: Provider, **fields: Any) -> Provider:
    unknown = set(fields) - PROVIDER_FIELDS
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "This field cannot be set."))
    if not policy.can_edit_directory(actor, provider.site_id):
        raise PermissionDenied("Only the site's program director edits the provider directory.")
    changed = sorted(name for name, value in fields.items() if getattr(provider, name) != value)
    if not changed:
        return provider
    with transaction.atomic():
        before = snapshot(provider)
        for name in changed:
            setattr(provider, name, fields[name])
        save_and_record(actor=actor, instance=provider, before=before, object_type="provider")
    return provider


def referral_create(
    *,
    actor: Actor,
    provider: Provider,
    reason: str,
    level_of_care: str = "",
    client: Client | None = None,
    site: Site | None = None,
    person_name: str = "",
    inquiry_id: int | None = None,
) -> Referral:
    """Refer a client (``client=``) or a person from an inquiry (``site=``, ``person_name=``, ``inquiry_id=``).

    Staff who may change the client, or, for an inquiry, who hold a director, clinician or intake
    role at the site, may refer. The provider must be in the site's directory.
    """
    if client is not None:
        if not policy.can_change_client(actor, client):
            raise PermissionDenied("You may not refer this client.")
        site_id = client.site_id
    elif site is not None:
        if site.pk not in policy.sites_with(actor, policy.CHANGE_ROLES):
            raise PermissionDenied("You may not make referrals at this site.")
        site_id = site.pk
    else:
        raise ValidationError({"client": "A referral is for a client or for a person at a site."})
    with transaction.atomic():
        referral = Referral(
            site_id=site_id,
            client=client,
            inquiry_id=inquiry_id,
            person_name=person_name.strip() if client is None else "",
            provider=provider,
            level_of_care=level_of_care,
            reason=reason.strip(),
            created_by=actor,
        )
        save_and_record(
            actor=actor,
            instance=referral,
            object_type="referral",
            detail={"provider": provider.pk, "inquiry": inquiry_id},
        )
    return referral


def can_change_referral(user: Viewer, referral: Referral) -> bool:
    if referral.client is not None:
        return policy.can_change_client(user, referral.client)
    return referral.site_id in policy.sites_with(user, policy.CHANGE_ROLES)


def referral_update(*, actor: Actor, referral: Referral, **fields: Any) -> Referral:
    """Tick or untick items of the warm hand-off; the referral is complete when every item is done."""
    unknown = set(fields) - CHECKLIST_FIELDS
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "This field cannot be set."))
    if not can_change_referral(actor, referral):
        raise PermissionDenied("You may not change this referral.")
    changed = sorted(name for name, value in fields.items() if getattr(referral, name) != value)
    if not changed:
        return referral
    with transaction.atomic():
        before = snapshot(referral)
        for name in changed:
            setattr(referral, name, fields[name])
        if referral.is_complete and referral.completed_at is None:
            referral.completed_at = timezone.now()
        elif not referral.is_complete:
            referral.completed_at = None
        save_and_record(actor=actor, instance=referral, before=before, object_type="referral")
    return referral
