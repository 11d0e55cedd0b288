"""Writes to inquiries: create (web form or staff), edit, status, calls, follow-ups, conversion."""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Replace
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


# Duplicates -------------------------------------------------------------------------

_PHONE_PUNCTUATION = (" ", "(", ")", "-", ".", "+")


def _digits_of(field: str) -> Any:
    expression: Any = F(field)
    for char in _PHONE_PUNCTUATION:
        expression = Replace(expression, Value(char), Value(""))
    return expression


def find_duplicates(*, site: Site, phone: str, email: str, exclude_pk: int | None = None) -> dict[str, Any]:
    """Earlier inquiries and clients of the same organization with the same phone digits or e-mail.

    Two queries whatever the number of rows. Client phones are stored as typed, so their digits
    are computed in the database; a stored leading 1 (country code) also matches.
    """
    digits, mail = rules.phone_digits(phone), rules.normal_email(email)
    found: dict[str, Any] = {"inquiry": None, "client": None, "match": ""}
    if not digits and not mail:
        return found
    org = site.organization_id
    inquiry_q = Q(pk__in=[])
    client_q = Q(pk__in=[])
    if digits:
        inquiry_q |= Q(phone_digits=digits)
        client_q |= Q(phone_digits_db__in=[digits, "1" + digits])
    if mail:
        inquiry_q |= Q(email=mail)
        client_q |= Q(email__iexact=mail)
    inquiry = (
        Inquiry.objects.filter(inquiry_q, site__organization_id=org)
        .exclude(pk__in=[] if exclude_pk is None else [exclude_pk])
        .order_by("created_at", "pk")
        .values("pk", "phone_digits", "email")
        .first()
    )
    client = (
        Client.objects.annotate(phone_digits_db=_digits_of("phone"))
        .filter(client_q, site__organization_id=org)
        .order_by("pk")
        .values("pk", "phone_digits_db", "email")
        .first()
    )
    matched: set[str] = set()
    if inquiry:
        found["inquiry"] = inquiry["pk"]
        matched |= {"phone"} if digits and inquiry["phone_digits"] == digits else set()
        matched |= {"email"} if mail and inquiry["email"] == mail else set()
    if client:
        found["client"] = client["pk"]
        matched |= {"phone"} if digits and rules.phone_digits(client["phone_digits_db"] or "") == digits else set()
        matched |= {"email"} if mail and (client["email"] or "").lower() == mail else set()
    found["match"] = ", ".join(sorted(matched, key=["phone", "email"].index))
    return found


def _flag_duplicates(inquiry: Inquiry) -> None:
    found = find_duplicates(site=inquiry.site, phone=inquiry.phone, email=inquiry.email, exclude_pk=inquiry.pk)
    inquiry.duplicate_of_inquiry_id = found["inquiry"]
    inquiry.duplicate_of_client_id = found["client"]
    inquiry.duplicate_match = found["match"]


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
        _flag_duplicates(inquiry)
        inquiry.save()
        StatusChange.objects.create(inquiry=inquiry, from_status="", to_status=InquiryStatus.NEW, at=now, by=actor)
        record_create(
            actor=actor,
            instance=inquiry,
            object_type="inquiry",
            site_id=site.pk,
            detail={"channel": channel, "duplicate": inquiry.duplicate_match},
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
        if {"phone", "email"} & set(changed):
            _flag_duplicates(inquiry)
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
