"""Record audit events (the chain itself is ``audit.chain``; verifying it, ``audit.verify``)."""

from collections.abc import Iterable
from typing import Any

from django.db import models
from django.http import HttpRequest
from django.utils import timezone

from openiop.accounts import policy
from openiop.accounts.models import User
from openiop.accounts.types import Actor, Viewer
from openiop.audit import chain
from openiop.audit.changes import Snapshot, diff, snapshot
from openiop.audit.models import Action, AuditEvent
from openiop.audit.verify import ChainBreak, audit_verify
from openiop.core.middleware import client_ip, current_request

__all__ = ["ChainBreak", "audit_verify"]


def audit_record(
    *,
    user: Viewer | None,
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
    person = user if isinstance(user, User) and user.is_authenticated else None
    if channel is None:
        channel = "none" if request is None else ("api" if request.path.startswith("/api/") else "web")
    detail = dict(detail or {})
    # The id is the server's; what the client sent is kept beside it, never as it.
    sent = getattr(request, "client_request_id", "") if request else ""
    if sent:
        detail.setdefault("client_request_id", sent)
    event = AuditEvent(
        occurred_at=timezone.now(),
        user=person,
        user_email=person.email if person else "",
        role=policy.role_at(person, site_id) if person else "",
        site_id=site_id,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        client_id=client_id,
        ip_address=client_ip(request) if request else "",
        request_id=getattr(request, "request_id", "") if request else "",
        channel=channel,
        detail=detail,
    )
    chain.append(event)
    return event


class _Auto:
    """Marks an argument read from the instance (its client and site) unless given."""


AUTO: Any = _Auto()


def _client_and_site(instance: models.Model | None, client_id: Any, site_id: Any) -> tuple[int | None, int | None]:
    if client_id is AUTO:
        if instance is None:
            client_id = None
        elif instance._meta.label == "clients.Client":
            client_id = instance.pk
        else:
            client_id = getattr(instance, "client_id", None)
    if site_id is AUTO:
        site_id = getattr(instance, "site_id", None) if instance is not None else None
        if site_id is None and instance is not None and client_id is not None:
            client = instance if instance._meta.label == "clients.Client" else getattr(instance, "client", None)
            site_id = getattr(client, "site_id", None)
    return client_id, site_id


def record_change(
    *,
    actor: Actor | None,
    instance: models.Model,
    before: Snapshot | None,
    action: str = Action.UPDATE,
    object_type: str | None = None,
    client_id: Any = AUTO,
    site_id: Any = AUTO,
    detail: dict[str, Any] | None = None,
    channel: str | None = None,
    after: Snapshot | _Auto | None = AUTO,
) -> AuditEvent:
    """The one way a write is audited: the event names the row, and ``detail["changes"]`` holds
    the old and new value of each field that differs between ``before`` (``snapshot(instance)``
    taken before the change; None for a new row) and the row as it is now (``after=None`` for a
    deleted row). Free text is reduced to lengths (``audit.changes``). Call inside the write's
    transaction, after the save."""
    client_id, site_id = _client_and_site(instance, client_id, site_id)
    current = snapshot(instance) if isinstance(after, _Auto) else after
    changes = diff(instance, before, current)
    return audit_record(
        user=actor,
        action=action,
        object_type=object_type or instance._meta.model_name or "",
        object_id=instance.pk if instance.pk is not None else "",
        client_id=client_id,
        site_id=site_id,
        detail={**(detail or {}), "changes": changes},
        channel=channel,
    )


def record_create(
    *, actor: Actor | None, instance: models.Model, action: str = Action.CREATE, **kwargs: Any
) -> AuditEvent:
    """``record_change`` for a row just created (or created signed, ``action=Action.SIGN``):
    every field it was given, as new values."""
    return record_change(actor=actor, instance=instance, before=None, action=action, **kwargs)


def record_delete(*, actor: Actor, instance: models.Model, **kwargs: Any) -> AuditEvent:
    """``record_change`` for a row about to be deleted (call before ``delete()``): its old values."""
    return record_change(
        actor=actor, instance=instance, before=snapshot(instance), after=None, action=Action.DELETE, **kwargs
    )


def save_and_record(
    *, actor: Actor, instance: models.Model, before: Snapshot | None = None, action: str | None = None, **kwargs: Any
) -> AuditEvent:
    """Validate and save one row, then record its change (call inside a transaction); ``before``
    is the row's snapshot before the change (ignored for a new row)."""
    adding = instance._state.adding
    instance.full_clean()
    instance.save()
    if action is None:
        action = Action.CREATE if adding else Action.UPDATE
    return record_change(actor=actor, instance=instance, before=None if adding else before, action=action, **kwargs)


def record_read(
    *,
    user: Viewer | None,
    instance: models.Model | None = None,
    object_type: str | None = None,
    object_id: object = None,
    client_id: Any = AUTO,
    site_id: Any = AUTO,
    action: str = Action.VIEW,
    detail: dict[str, Any] | None = None,
    channel: str | None = None,
) -> AuditEvent:
    """The one way a read of PHI is audited (call it in the selector that does the read): the row
    read, or its type and id; client and site come from the row unless given."""
    client_id, site_id = _client_and_site(instance, client_id, site_id)
    if object_id is None:
        object_id = instance.pk if instance is not None else ""
    if object_type is None:
        object_type = instance._meta.model_name or "" if instance is not None else ""
    return audit_record(
        user=user,
        action=action,
        object_type=object_type,
        object_id=object_id,
        client_id=client_id,
        site_id=site_id,
        detail=detail,
        channel=channel,
    )


def record_list(
    *,
    user: Viewer | None,
    object_type: str,
    shown: Iterable[object],
    object_id: object = "",
    client_id: int | None = None,
    site_id: int | None = None,
    detail: dict[str, Any] | None = None,
    channel: str | None = None,
) -> AuditEvent:
    """The one way a list of PHI rows is audited: ``detail["shown"]`` names the ids shown (the
    clients, or the rows)."""
    ids = list(shown)
    return audit_record(
        user=user,
        action=Action.LIST,
        object_type=object_type,
        object_id=object_id,
        client_id=client_id,
        site_id=site_id,
        detail={**(detail or {}), "shown": ids},
        channel=channel,
    )


def record_sign_in(
    *, user: Any, action: str, request: HttpRequest | None = None, detail: dict[str, Any] | None = None
) -> AuditEvent:
    """The one way a log-in, a second factor (passed or failed) or a log-out is audited. The event
    is site-less: it belongs to the sites of the person it names."""
    return audit_record(user=user, action=action, object_type="user", object_id=user.pk, detail=detail, request=request)


def record_failed_login(*, username: str, request: HttpRequest | None = None) -> AuditEvent:
    """A failed log-in: the name tried, and the account it names if one exists (so the auditor of
    that person's sites sees attempts against it)."""
    from openiop.accounts.models import User

    tried = (username or "").strip()[:254]
    account = User.objects.filter(email__iexact=tried).first() if tried else None
    return audit_record(
        user=account,
        action=Action.LOGIN_FAILED,
        object_type="user",
        object_id=account.pk if account else "",
        detail={"username": tried},
        request=request,
    )


def record_refusal(
    *, user: Any, request: HttpRequest, status: int, view: str, client_id: int | None, site_id: int | None
) -> AuditEvent:
    """A refused request (403, or a 404 the access policy answered): who, the path, what they asked for."""
    return audit_record(
        user=user,
        action=Action.REFUSED,
        object_type=view[:64],
        object_id=client_id or "",
        client_id=client_id,
        site_id=site_id,
        detail={"status": status, "method": request.method, "path": request.path[:500]},
        request=request,
    )
