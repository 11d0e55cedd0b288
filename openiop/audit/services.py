"""Record audit events and verify the chain."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from openiop.accounts import policy
from openiop.audit.models import GENESIS_HASH, AuditEvent, ChainHead
from openiop.core.middleware import client_ip, current_request


def audit_record(
    *,
    user: Any,
    action: str,
    object_type: str,
    object_id: object = "",
    client_id: int | None = None,
    site_id: int | None = None,
    detail: dict[str, Any] | None = None,
    channel: str | None = None,
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Append one event. Call inside the transaction of the write it records."""
    request = request or current_request.get()
    authenticated = bool(getattr(user, "is_authenticated", False))
    if channel is None:
        channel = "none" if request is None else ("api" if request.path.startswith("/api/") else "web")
    with transaction.atomic():
        # The row comes from a migration; get_or_create covers a database flushed by tests.
        head, _ = ChainHead.objects.select_for_update().get_or_create(pk=1)
        event = AuditEvent(
            occurred_at=timezone.now(),
            user=user if authenticated else None,
            user_email=user.email if authenticated else "",
            role=policy.role_at(user, site_id) if authenticated else "",
            site_id=site_id,
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            client_id=client_id,
            ip_address=client_ip(request) if request else "",
            request_id=getattr(request, "request_id", "") if request else "",
            channel=channel,
            detail=detail or {},
            prev_hash=head.last_hash,
        )
        event.hash = event.compute_hash()
        event.save()
        head.last_hash = event.hash
        head.save(update_fields=["last_hash"])
    return event


@dataclass(frozen=True)
class ChainBreak:
    event_id: int
    reason: str


def audit_verify(*, chunk_size: int = 2000) -> tuple[int, ChainBreak | None]:
    """Walk the chain in order; return how many events were checked and the first break."""
    expected_prev = GENESIS_HASH
    checked = 0
    events: Iterator[AuditEvent] = AuditEvent.objects.order_by("id").iterator(chunk_size=chunk_size)
    for event in events:
        if event.prev_hash != expected_prev:
            return checked, ChainBreak(event.pk, "its previous-hash does not match the event before it")
        if event.compute_hash() != event.hash:
            return checked, ChainBreak(event.pk, "its content does not match its hash (altered after writing)")
        expected_prev = event.hash
        checked += 1
    head = ChainHead.objects.filter(pk=1).first()
    if head is not None and checked and head.last_hash != expected_prev:
        return checked, ChainBreak(0, "the last event is missing (chain head points past the end)")
    return checked, None
