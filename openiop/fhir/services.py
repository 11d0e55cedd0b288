"""Writes: Bulk Data exports (start, cancel, the background run) and the recipients outside the
program a token stands for. 42 CFR Part 2: an export for an outside recipient contains only the
clients whose consent covers that recipient and purpose, each entered in the accounting of
disclosures; an internal export by the program's staff is audited as one."""

import datetime as dt
import logging
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from openiop.accounts import policy
from openiop.accounts.types import Actor, Viewer
from openiop.audit.changes import snapshot
from openiop.audit.models import Action
from openiop.audit.services import record_read, save_and_record
from openiop.fhir.models import ACTIVE_STATUSES, BulkExport, BulkExportFile, ExportRecipient, ExportStatus
from openiop.fhir.registry import TYPES
from openiop.fhir.scope import caller_sites, visible_clients

logger = logging.getLogger(__name__)

EXPORT_TYPES = tuple(sorted(name for name, t in TYPES.items() if t.compartment))
CHUNK = 500


class ExportBusyError(Exception):
    """This user already has an export queued or running (429)."""


def export_recipient_set(
    *, actor: Actor, token: Any, provider: Any, purpose: str, recipient_class: str = ""
) -> ExportRecipient:
    """Make ``token`` stand for ``provider`` (of the site's directory), receiving for ``purpose``.
    Only a director of the provider's site (who keeps the directory) may."""
    if not policy.can_edit_directory(actor, provider.site_id):
        raise PermissionDenied("Only a director of the provider's site may link a token to a recipient.")
    with transaction.atomic():
        found = ExportRecipient.objects.filter(token=token).first()
        before = snapshot(found) if found is not None else None
        row = found or ExportRecipient(token=token, created_by=actor)
        row.provider, row.purpose, row.recipient_class = provider, purpose, recipient_class
        save_and_record(actor=actor, instance=row, before=before, site_id=provider.site_id)
    return row


def _group_clients(user: Viewer, group_id: int) -> list[int] | None:
    """The clients of a track (a Group), None when the user may not see the track."""
    from django.db.models import Q

    from openiop.program.models import Track

    track = Track.objects.filter(pk=group_id, site_id__in=caller_sites(user)).first()
    if track is None:
        return None
    members = Q(episodes__track=track.name, site_id=track.site_id) | Q(session_enrollments__session__track=track)
    return sorted(set(visible_clients(user).filter(members).values_list("pk", flat=True)))


def bulk_export_start(
    *,
    actor: Actor,
    token: Any,
    request_url: str,
    types: list[str],
    since: dt.datetime | None,
    group_id: int | None = None,
    recipient: ExportRecipient | None = None,
) -> BulkExport:
    """Queue an export (ExportBusyError while another of this user's runs; LookupError for a Group the
    user may not see); the task runs it."""
    if group_id is not None and _group_clients(actor, group_id) is None:
        raise LookupError("No such group.")
    if BulkExport.objects.filter(user=actor, status__in=ACTIVE_STATUSES).exists():
        raise ExportBusyError
    export = BulkExport(
        user=actor,
        token=token,
        recipient=recipient,
        group_id=group_id,
        types=types,
        since=since,
        request_url=request_url[:2000],
        transaction_time=timezone.now(),
    )
    try:
        with transaction.atomic():
            save_and_record(actor=actor, instance=export, channel="api")
    except (IntegrityError, ValidationError) as exc:
        if isinstance(exc, ValidationError) and "__all__" not in exc.message_dict:
            raise
        raise ExportBusyError from None
    _enqueue(str(export.pk))
    export.refresh_from_db()
    return export


def _enqueue(export_id: str) -> None:
    from openiop.fhir.tasks import bulk_export

    bulk_export.enqueue(export_id)


def bulk_export_cancel(*, actor: Actor, export: BulkExport) -> None:
    """Cancel a running export or delete a finished one's files (the status URL then answers 404)."""
    with transaction.atomic():
        locked = BulkExport.objects.select_for_update().get(pk=export.pk)
        before = snapshot(locked)
        locked.status, locked.finished_at = ExportStatus.CANCELLED, timezone.now()
        BulkExportFile.objects.filter(export=locked).delete()
        save_and_record(actor=actor, instance=locked, before=before, channel="api")


def _update(export: BulkExport, **fields: Any) -> bool:
    """Write progress unless the export was cancelled meanwhile (False then)."""
    changed = BulkExport.objects.filter(pk=export.pk, status=ExportStatus.RUNNING).update(
        updated_at=timezone.now(), **fields
    )
    return bool(changed)


def _consented(export: BulkExport, client_ids: list[int]) -> tuple[list[int], int]:
    """For an outside recipient: the clients whose valid Part 2 consent covers it and the purpose,
    each entered in the accounting of disclosures; and how many were left out."""
    from openiop.clients.models import Client
    from openiop.consents.selectors import valid_consents_for_client
    from openiop.consents.services import disclosure_create
    from openiop.core.time import local_date

    recipient = export.recipient
    assert recipient is not None  # noqa: S101 - only called for a recipient
    provider = recipient.provider
    now = timezone.now()
    included: list[int] = []
    for client in Client.objects.filter(pk__in=client_ids).select_related("site").order_by("pk"):
        consents = valid_consents_for_client(client=client, on=local_date(client.site, now))
        consent = next(
            (
                c
                for c in consents
                if c.covers_recipient(provider.name, recipient.recipient_class) and c.covers_purpose(recipient.purpose)
            ),
            None,
        )
        if consent is None:
            continue
        try:
            disclosure_create(
                actor=export.user,
                client=client,
                consent=consent,
                recipient=provider.name,
                recipient_class=recipient.recipient_class,
                recipient_address=provider.address,
                purpose=recipient.purpose,
                records=["fhir_bulk"],
                note=f"FHIR Bulk Data export {export.pk}: {', '.join(export.types)}"[:300],
                now=now,
            )
        except (PermissionDenied, ValidationError):
            continue
        included.append(client.pk)
    return included, len(client_ids) - len(included)


def _ndjson(export: BulkExport, resource_type: str, client_ids: list[int]) -> tuple[int, str]:
    import json

    from openiop.fhir.selectors import render

    lines: list[str] = []
    for source in TYPES[resource_type].sources:
        qs = source.rows(export.user).filter(**{f"{source.client_field}__in": client_ids})
        if export.since is not None:
            qs = qs.filter(last_updated__gt=export.since)
        qs = qs.order_by("pk")
        start = 0
        while True:
            rows = list(qs[start : start + CHUNK])
            if not rows:
                break
            lines.extend(json.dumps(r, separators=(",", ":")) for r in render([(source, row) for row in rows]))
            start += CHUNK
    return len(lines), "".join(line + "\n" for line in lines)


def bulk_export_run(*, export_id: str) -> str:
    """The body of the background task: choose the clients, write one NDJSON file per type."""
    claimed = BulkExport.objects.filter(pk=export_id, status=ExportStatus.QUEUED).update(
        status=ExportStatus.RUNNING, step="Choosing clients", updated_at=timezone.now()
    )
    export = BulkExport.objects.select_related("user", "recipient__provider").get(pk=export_id)
    if not claimed:
        return str(export.status)
    try:
        return _run(export)
    except Exception as exc:
        logger.exception("bulk export %s failed", export_id)
        BulkExport.objects.filter(pk=export_id).update(
            status=ExportStatus.FAILED, error=f"The export failed ({type(exc).__name__}).", finished_at=timezone.now()
        )
        return ExportStatus.FAILED


def _run(export: BulkExport) -> str:
    user = export.user
    if export.group_id is not None:
        client_ids = _group_clients(user, export.group_id) or []
    else:
        client_ids = sorted(visible_clients(user).values_list("pk", flat=True))
    excluded = 0
    if export.recipient is not None:
        client_ids, excluded = _consented(export, client_ids)
    record_read(
        user=user,
        action=Action.EXPORT,
        object_type="fhir.bulk_export",
        object_id=export.pk,
        detail={
            "recipient": export.recipient.provider.name if export.recipient else "internal (program staff)",
            "purpose": export.recipient.purpose if export.recipient else "",
            "clients": client_ids,
            "excluded_for_want_of_consent": excluded,
            "types": export.types,
        },
        channel="task",
    )
    if not _update(export, clients=client_ids, excluded=excluded, progress=5):
        return ExportStatus.CANCELLED
    for done, resource_type in enumerate(export.types, start=1):
        if not _update(export, step=f"Writing {resource_type}"):
            return ExportStatus.CANCELLED
        count, content = _ndjson(export, resource_type, client_ids)
        if count:
            BulkExportFile.objects.create(export=export, resource_type=resource_type, count=count, content=content)
        if not _update(export, progress=5 + 95 * done // len(export.types)):
            return ExportStatus.CANCELLED
    if not _update(export, status=ExportStatus.DONE, step="Done", progress=100, finished_at=timezone.now()):
        return ExportStatus.CANCELLED
    return ExportStatus.DONE
