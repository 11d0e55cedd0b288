"""The keyed chain: appending an event under the head row's lock, signing the head, checkpoints.

Each event's hash is an HMAC under the current audit key (``audit.keys``) of its predecessor's hash
and its content. The head row counts the events and names the last one, signed; every
``OPENIOP_AUDIT_CHECKPOINT_EVERY`` events (and on ``openiop audit checkpoint``) a signed checkpoint
of (count, last id, last hash, time) is written to its own table and, once committed, appended to
``OPENIOP_AUDIT_CHECKPOINT_FILE``. An append costs one locked read of the head, the insert and the
head's update, plus one insert every N events, all in the caller's transaction.
"""

import json
import logging
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from openiop.audit import keys
from openiop.audit.models import AuditEvent, ChainHead, Checkpoint, checkpoint_payload

logger = logging.getLogger("openiop.audit")


def append(event: AuditEvent) -> AuditEvent:
    """Link, sign and save one event (its content filled in); the caller's transaction holds the lock."""
    with transaction.atomic():
        # The row comes from a migration; get_or_create covers a database flushed by tests.
        head, _ = ChainHead.objects.select_for_update().get_or_create(pk=1)
        kid, key = keys.current()
        event.prev_hash = head.last_hash
        event.key_id = kid
        event.hash = event.compute_hash(key)
        event.save()
        head.last_hash, head.last_id, head.count, head.key_id = event.hash, event.pk, head.count + 1, kid
        head.signature = keys.sign(key, head.payload())
        head.save(update_fields=["last_hash", "last_id", "count", "key_id", "signature"])
        every = int(getattr(settings, "OPENIOP_AUDIT_CHECKPOINT_EVERY", 0))
        if every and head.count % every == 0:
            _checkpoint(head, kid, key)
    return event


def checkpoint_write() -> Checkpoint:
    """Sign and store a checkpoint of the trail as it stands (``openiop audit checkpoint``)."""
    with transaction.atomic():
        head, _ = ChainHead.objects.select_for_update().get_or_create(pk=1)
        kid, key = keys.current()
        return _checkpoint(head, kid, key)


def _checkpoint(head: ChainHead, kid: str, key: bytes) -> Checkpoint:
    checkpoint = Checkpoint(
        created_at=timezone.now(), count=head.count, last_id=head.last_id, last_hash=head.last_hash, key_id=kid
    )
    checkpoint.signature = keys.sign(key, checkpoint_payload(checkpoint.as_dict()))
    checkpoint.save()
    data = checkpoint.as_dict()
    # Only a committed checkpoint reaches the file: a rolled-back one would name events that never were.
    transaction.on_commit(lambda: append_to_file(data))
    return checkpoint


def append_to_file(data: dict[str, Any]) -> None:
    path = str(getattr(settings, "OPENIOP_AUDIT_CHECKPOINT_FILE", "") or "")
    if not path:
        return
    try:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8") as out:
            out.write(json.dumps(data, sort_keys=True) + "\n")
    except OSError:
        # The table keeps the checkpoint; an unwritable copy must not fail the write it follows.
        logger.exception("audit checkpoint not appended to %s", path)
