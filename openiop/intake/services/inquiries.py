"""Writes to inquiries: create (web form or staff), edit, status, calls, follow-ups, conversion."""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from openiop.accounts import policy
from openiop.accounts.models import Site
from openiop.accounts.types import Actor
from openiop.audit.changes import snapshot
from openiop.audit.services import record_change, record_create, save_and_record
from openiop.clients import services as client_services
from openiop.clients.models import Client
from openiop.intake import rules
from openiop.intake.models import CallLog, CallOutcome, Channel, FollowUp, Inquiry, InquiryStatus, StatusChange

INQUIRY_FIELDS = frozenset(
    {
        "name",
        "phone",
        "email",
        "best_time",
        "who_for",
        "concerns",
        "self_harm_thoughts",
        "insurance",
        "message",
        "consent_to_contact",
        "preferred_language",
        "referral_source",
        "referrer",
        "assigned_to",
    }
)
# What the public form may set (no staff fields).
WEB_FIELDS = INQUIRY_FIELDS - {"referral_source", "referrer", "assigned_to"}


def _check_fields(fields: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "This field cannot be set."))


# Create and edit --------------------------------------------------------------------


def inquiry_create(*, actor: Actor | None, site: Site, channel: str, **fields: Any) -> Inquiry:
    """A new inquiry. ``actor`` None is the public web form (channel ``web`` only)."""
    if actor is None:
        if channel != Channel.WEB:
            raise PermissionDenied("Only the public form may create an inquiry without a login.")
        _check_fields(fields, WEB_FIELDS)
    else:
        _check_fields(fields, INQUIRY_FIELDS)
        if not policy.can_create_inquiry_at(actor, site.pk):
            raise PermissionDenied("You may not record inquiries at this site.")
    now = timezone.now()
    with transaction.atomic():
        inquiry = Inquiry(
            site=site, channel=channel, status=InquiryStatus.NEW, status_changed_at=now, created_by=actor, **fields
        )
        inquiry.full_clean()
        inquiry.save()
        StatusChange.objects.create(inquiry=inquiry, from_status="", to_status=InquiryStatus.NEW, at=now, by=actor)
        record_create(
            actor=actor,
            instance=inquiry,
            object_type="inquiry",
            site_id=site.pk,
            detail={"channel": channel},
        )
    return inquiry


def inquiry_update(*, actor: Actor, inquiry: Inquiry, **fields: Any) -> Inquiry:
    _check_fields(fields, INQUIRY_FIELDS)
    if not policy.can_change_inquiry(actor, inquiry):
        raise PermissionDenied("You may not change this inquiry.")
    changed = sorted(name for name, value in fields.items() if getattr(inquiry, name) != value)
    if not changed:
        return inquiry
    with transaction.atomic():
        before = snapshot(inquiry)
        for name in changed:
            setattr(inquiry, name, fields[name])
        inquiry.full_clean()
        inquiry.save()
        record_change(
            actor=actor,
            instance=inquiry,
            before=before,
            object_type="inquiry",
        )
    return inquiry


# Status -----------------------------------------------------------------------------


def inquiry_transition(*, actor: Actor, inquiry: Inquiry, to: str, note: str = "", system: bool = False) -> Inquiry:
    """Move an inquiry along the pipeline (docs/algorithms/intake.md, "Statuses").

    ``screened``, ``assessment booked`` and ``admitted`` are reached only through the step that
    causes them (``system=True`` from the screening, booking and admission services).
    """
    if not policy.can_change_inquiry(actor, inquiry) and not system:
        raise PermissionDenied("You may not change this inquiry.")
    current = inquiry.status
    if to not in rules.STATUSES:
        raise ValidationError({"to": f"{to!r} is not a status."})
    if to in rules.SYSTEM_TARGETS and not system:
        raise ValidationError({"to": f"An inquiry becomes “{InquiryStatus(to).label}” through its own step."})
    if not rules.can_transition(current, to):
        raise ValidationError(
            {"to": f"An inquiry cannot move from “{InquiryStatus(current).label}” to “{InquiryStatus(to).label}”."}
        )
    note = note.strip()
    if to in rules.NOTE_REQUIRED and not note:
        raise ValidationError({"note": "Say why the inquiry is closed."})
    now = timezone.now()
    with transaction.atomic():
        before = snapshot(inquiry)
        inquiry.status = to
        inquiry.status_changed_at = now
        inquiry.closed_reason = note if to in rules.CLOSED else ""
        inquiry.full_clean()
        inquiry.save()
        StatusChange.objects.create(inquiry=inquiry, from_status=current, to_status=to, at=now, by=actor, note=note)
        record_change(
            actor=actor,
            instance=inquiry,
            before=before,
            object_type="inquiry",
            detail={"status": [current, to]},
        )
    return inquiry


# Calls and follow-ups ---------------------------------------------------------------


def call_log_create(
    *,
    actor: Actor,
    inquiry: Inquiry,
    outcome: str,
    direction: str = "outbound",
    note: str = "",
    occurred_at: dt.datetime | None = None,
) -> CallLog:
    """Log a call. Reaching a new inquiry's person moves it to ``contacted``."""
    if not policy.can_change_inquiry(actor, inquiry):
        raise PermissionDenied("You may not change this inquiry.")
    with transaction.atomic():
        call = CallLog(
            inquiry=inquiry,
            occurred_at=occurred_at or timezone.now(),
            by=actor,
            direction=direction,
            outcome=outcome,
            note=note,
        )
        save_and_record(
            actor=actor,
            instance=call,
            object_type="inquiry_call",
            client_id=inquiry.client_id,
            site_id=inquiry.site_id,
            detail={"inquiry": inquiry.pk, "outcome": outcome},
        )
        if outcome == CallOutcome.REACHED and inquiry.status == InquiryStatus.NEW:
            inquiry_transition(actor=actor, inquiry=inquiry, to=InquiryStatus.CONTACTED)
    return call


def follow_up_create(
    *, actor: Actor, inquiry: Inquiry, due_at: dt.datetime, what: str, assigned_to: Any = None
) -> FollowUp:
    if not policy.can_change_inquiry(actor, inquiry):
        raise PermissionDenied("You may not change this inquiry.")
    if assigned_to is not None and not policy.can_create_inquiry_at(assigned_to, inquiry.site_id):
        raise ValidationError({"assigned_to": "Assign the follow-up to intake staff or a director of this site."})
    with transaction.atomic():
        task = FollowUp(inquiry=inquiry, due_at=due_at, what=what, assigned_to=assigned_to, created_by=actor)
        save_and_record(
            actor=actor,
            instance=task,
            object_type="inquiry_follow_up",
            client_id=inquiry.client_id,
            site_id=inquiry.site_id,
            detail={"inquiry": inquiry.pk},
        )
    return task


def follow_up_complete(*, actor: Actor, follow_up: FollowUp) -> FollowUp:
    inquiry = follow_up.inquiry
    if not policy.can_change_inquiry(actor, inquiry):
        raise PermissionDenied("You may not change this inquiry.")
    if follow_up.done_at is not None:
        raise ValidationError({"follow_up": "This follow-up is already done."})
    with transaction.atomic():
        before = snapshot(follow_up)
        follow_up.done_at = timezone.now()
        follow_up.done_by = actor
        save_and_record(
            actor=actor,
            instance=follow_up,
            before=before,
            object_type="inquiry_follow_up",
            client_id=inquiry.client_id,
            site_id=inquiry.site_id,
            detail={"done": True},
        )
    return follow_up


# Conversion -------------------------------------------------------------------------


def inquiry_convert(*, actor: Actor, inquiry: Inquiry, existing_client: Client | None = None, **fields: Any) -> Client:
    """Make the inquiry's person a client: a new record, or one the actor may already see."""
    if not policy.can_change_inquiry(actor, inquiry):
        raise PermissionDenied("You may not change this inquiry.")
    if inquiry.client_id is not None:
        raise ValidationError({"client": "This inquiry already belongs to a client."})
    if inquiry.is_closed or inquiry.status == InquiryStatus.ADMITTED:
        raise ValidationError({"client": "Reopen the inquiry before making it a client."})
    with transaction.atomic():
        if existing_client is not None:
            if existing_client.site_id != inquiry.site_id or not policy.can_change_client(actor, existing_client):
                raise ValidationError({"client": "You may not link this inquiry to that client."})
            client = existing_client
        else:
            fields.setdefault("phone", inquiry.phone)
            fields.setdefault("email", inquiry.email)
            fields.setdefault("preferred_language", inquiry.preferred_language)
            client = client_services.client_create(actor=actor, site=inquiry.site, **fields)
        before = snapshot(inquiry)
        inquiry.client = client
        save_and_record(
            actor=actor,
            instance=inquiry,
            before=before,
            object_type="inquiry",
            client_id=client.pk,
            detail={"converted": True, "existing_client": existing_client is not None},
        )
    return client


# Linking a true duplicate ---------------------------------------------------------------


def inquiry_link_to_client(*, actor: Actor, inquiry: Inquiry, client: Client, note: str = "") -> Inquiry:
    """Record that the inquiry's person is an existing client of the inquiry's site (a true duplicate).

    The site director's (``policy.intake.can_link_inquiry_to_client``): they see every client of
    the site, admitted or not, so the match never has to be shown to intake. Only an inquiry
    without a client is linked, and only to a client of its own site: client records are never
    merged (their episodes, notes, consents and disclosures stay as they are), so nothing about
    a client moves between records or sites. Closed and admitted inquiries may be linked too
    (a returning client's web form closed as a duplicate).
    """
    if not policy.can_link_inquiry_to_client(actor, inquiry):
        raise PermissionDenied("Only the site's director links an inquiry to an existing client.")
    if inquiry.client_id is not None:
        raise ValidationError({"client": "This inquiry already belongs to a client."})
    if client.site_id != inquiry.site_id or not policy.can_view_client(actor, client):
        raise ValidationError({"client": "Choose a client of this inquiry's site."})
    with transaction.atomic():
        locked = Inquiry.objects.select_for_update().filter(pk=inquiry.pk).values_list("client_id", flat=True).first()
        if locked is not None:
            raise ValidationError({"client": "This inquiry was linked to a client meanwhile."})
        before = snapshot(inquiry)
        inquiry.client = client
        inquiry.full_clean()
        save_and_record(
            actor=actor,
            instance=inquiry,
            before=before,
            object_type="inquiry",
            client_id=client.pk,
            detail={"linked_to_client": client.pk, "note": note.strip()[:300]},
        )
    return inquiry
