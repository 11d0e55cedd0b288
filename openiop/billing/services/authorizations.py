"""Payers, coverage, authorizations and utilization reviews (writes)."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from openiop.accounts.models import Site
from openiop.accounts.types import Actor
from openiop.audit.changes import snapshot
from openiop.audit.services import save_and_record
from openiop.billing.models import Authorization, BillingProfile, Coverage, Payer, ReviewStatus, UtilizationReview
from openiop.billing.services.common import require_biller
from openiop.clients.models import Client
from openiop.consents.models import Purpose, RecipientClass
from openiop.core.concurrency import check_version

AUTHORIZATION_FIELDS = frozenset(
    {
        "number",
        "level_of_care",
        "codes",
        "units_authorized",
        "start_date",
        "end_date",
        "next_review_on",
        "criteria",
        "reviewer_name",
        "reviewer_phone",
    }
)
OUTCOMES = frozenset({ReviewStatus.APPROVED, ReviewStatus.DENIED, ReviewStatus.PEER_TO_PEER})


def billing_profile_save(*, actor: Actor, site: Site, **fields: Any) -> BillingProfile:
    """Who bills for the site (NPI, tax ID, clearinghouse); created on first save."""
    require_biller(actor, site)
    with transaction.atomic():
        row = BillingProfile.objects.select_for_update().filter(site=site).first()
        before = snapshot(row) if row is not None else None
        row = row or BillingProfile(site=site)
        for name, value in fields.items():
            setattr(row, name, value)
        save_and_record(actor=actor, instance=row, before=before)
    return row


def payer_save(*, actor: Actor, site: Site, payer: Payer | None = None, **fields: Any) -> Payer:
    require_biller(actor, site)
    row = payer or Payer(site=site)
    before = snapshot(row) if payer is not None else None
    for name, value in fields.items():
        setattr(row, name, value)
    with transaction.atomic():
        save_and_record(actor=actor, instance=row, before=before)
    return row


def coverage_save(
    *, actor: Actor, client: Client, payer: Payer, coverage: Coverage | None = None, **fields: Any
) -> Coverage:
    require_biller(actor, client.site)
    if payer.site_id != client.site_id:
        raise ValidationError({"payer": "Choose a payer of the client's site."})
    row = coverage or Coverage(client=client)
    before = snapshot(row) if coverage is not None else None
    row.payer = payer
    for name, value in fields.items():
        setattr(row, name, value)
    with transaction.atomic():
        save_and_record(actor=actor, instance=row, before=before)
    return row


def authorization_save(
    *,
    actor: Actor,
    client: Client,
    payer: Payer,
    authorization: Authorization | None = None,
    version: int | None = None,
    **fields: Any,
) -> Authorization:
    """Record or correct an authorization; the first concurrent review is scheduled from its end."""
    require_biller(actor, client.site)
    if unknown := set(fields) - AUTHORIZATION_FIELDS:
        raise ValidationError(dict.fromkeys(sorted(unknown), "Not a field of an authorization."))
    if payer.site_id != client.site_id:
        raise ValidationError({"payer": "Choose a payer of the client's site."})
    with transaction.atomic():
        if authorization is not None:
            row = Authorization.objects.select_for_update().get(pk=authorization.pk)
            check_version(row, version)
            row.version += 1
        else:
            row = Authorization(client=client)
        before = snapshot(row) if authorization is not None else None
        row.payer = payer
        for name, value in fields.items():
            setattr(row, name, value)
        if row.next_review_on is None and row.end_date:
            row.next_review_on = row.end_date - dt.timedelta(days=payer.review_lead_days)
        save_and_record(actor=actor, instance=row, before=before)
        if authorization is None:
            review_schedule(actor=actor, authorization=row)
    return row


def review_schedule(*, actor: Actor, authorization: Authorization, due_on: dt.date | None = None) -> UtilizationReview:
    """A concurrent review, due ``review_lead_days`` (3–5) before the last covered day unless given."""
    require_biller(actor, authorization.client.site)
    due = (
        due_on
        or authorization.next_review_on
        or (authorization.end_date - dt.timedelta(days=authorization.payer.review_lead_days))
    )
    with transaction.atomic():
        open_review = (
            UtilizationReview.objects.select_for_update()
            .filter(authorization=authorization, status=ReviewStatus.SCHEDULED)
            .first()
        )
        review = open_review or UtilizationReview(authorization=authorization)
        before = snapshot(review) if open_review is not None else None
        review.due_on = due
        if open_review is not None:
            review.version += 1
        save_and_record(actor=actor, instance=review, before=before, client_id=authorization.client_id)
    return review


def review_packet_send(*, actor: Actor, review: UtilizationReview, consent: Any, recipient: str) -> UtilizationReview:
    """Release the review packet to the payer as a Part 2 disclosure (accounting entry) and mark it sent."""
    from openiop.consents.services import disclosure_create

    client = review.authorization.client
    require_biller(actor, client.site)
    with transaction.atomic():
        current = UtilizationReview.objects.select_for_update().get(pk=review.pk)
        if current.status != ReviewStatus.SCHEDULED:
            raise ValidationError({"status": "This review's packet was sent already."})
        disclosure = disclosure_create(
            actor=actor,
            client=client,
            consent=consent,
            recipient=recipient,
            recipient_class=RecipientClass.PAYERS,
            purpose=Purpose.PAYMENT,
            records=["utilization_review"],
            note=f"Concurrent review for authorization {review.authorization.number}",
        )
        before = snapshot(current)
        current.status = ReviewStatus.SUBMITTED
        current.disclosure = disclosure
        current.version += 1
        save_and_record(actor=actor, instance=current, before=before, client_id=client.pk)
    return current


def review_outcome_record(
    *,
    actor: Actor,
    review: UtilizationReview,
    status: str,
    approved_units: int | None = None,
    approved_through: dt.date | None = None,
    note: str = "",
    version: int | None = None,
) -> UtilizationReview:
    """The payer's answer. An approval adds its units and days to the authorization and schedules
    the next review; a denial or a peer-to-peer request stays on the billing home until acted on."""
    authorization = review.authorization
    require_biller(actor, authorization.client.site)
    if status not in OUTCOMES:
        raise ValidationError({"status": "Record approved, denied or peer-to-peer."})
    if status == ReviewStatus.APPROVED and (not approved_units or approved_through is None):
        raise ValidationError({"approved_units": "An approval gives the units and the last covered day."})
    with transaction.atomic():
        current = UtilizationReview.objects.select_for_update().get(pk=review.pk)
        check_version(current, version)
        if current.status in {ReviewStatus.APPROVED, ReviewStatus.DENIED}:
            raise ValidationError({"status": f"This review was {current.get_status_display().lower()} already."})
        before = snapshot(current)
        current.status, current.approved_units, current.approved_through = status, approved_units, approved_through
        current.outcome_note = note.strip()
        current.version += 1
        save_and_record(actor=actor, instance=current, before=before, client_id=authorization.client_id)
        if status == ReviewStatus.APPROVED and approved_units and approved_through:
            auth = Authorization.objects.select_for_update().get(pk=authorization.pk)
            auth_before = snapshot(auth)
            auth.units_authorized += approved_units
            auth.end_date = max(auth.end_date, approved_through)
            auth.next_review_on = auth.end_date - dt.timedelta(days=auth.payer.review_lead_days)
            auth.version += 1
            save_and_record(actor=actor, instance=auth, before=auth_before)
            review_schedule(actor=actor, authorization=auth)
    return current
