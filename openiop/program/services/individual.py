"""Individual (one-to-one) sessions."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from openiop.accounts import policy
from openiop.accounts.models import User
from openiop.accounts.types import Actor
from openiop.audit.changes import snapshot
from openiop.audit.services import save_and_record
from openiop.clients.models import Client
from openiop.program.models import (
    EnrollmentSource,
    IndividualSession,
    SessionStatus,
)
from openiop.program.services.bookings import Booking, booking_conflicts


def individual_session_create(
    *,
    actor: Actor,
    client: Client,
    clinician: User,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    source: str = EnrollmentSource.MANUAL,
) -> IndividualSession:
    """Book a client's individual session; refused if the clinician is busy then."""
    if not policy.directs_site(actor, client.site_id) and not policy.can_change_client(actor, client):
        raise PermissionDenied("You may not change this client's schedule.")
    errors = booking_conflicts(Booking(client.site, starts_at, ends_at, None, [clinician], 1))
    if errors:
        raise ValidationError(errors)
    meeting = IndividualSession(
        site_id=client.site_id, client=client, clinician=clinician, starts_at=starts_at, ends_at=ends_at, source=source
    )
    with transaction.atomic():
        save_and_record(
            actor=actor,
            instance=meeting,
            object_type="individual_session",
            client_id=client.pk,
            site_id=client.site_id,
            detail={"source": source},
        )
    return meeting


def individual_session_cancel(*, actor: Actor, meeting: IndividualSession, reason: str) -> IndividualSession:
    if not policy.directs_site(actor, meeting.site_id) and not policy.can_change_client(actor, meeting.client):
        raise PermissionDenied("You may not change this client's schedule.")
    if meeting.status == SessionStatus.CANCELLED:
        return meeting
    with transaction.atomic():
        before = snapshot(meeting)
        meeting.status = SessionStatus.CANCELLED
        meeting.change_reason = reason[:200]
        meeting.sequence += 1
        save_and_record(
            actor=actor, instance=meeting, before=before, object_type="individual_session", detail={"cancelled": True}
        )
    return meeting
