"""Re-seal a trail written before the keyed chain: check the old unkeyed SHA-256 chain end to end,
refuse to go on if it is broken, then sign every event with the current audit key, sign the head
and write a checkpoint. A new database has nothing to seal."""

import hashlib
import json
from typing import Any

from django.db import migrations
from django.utils import timezone

GENESIS = "0" * 64


def _content(event: Any) -> dict[str, Any]:
    return {
        "occurred_at": event.occurred_at.isoformat(),
        "user_id": event.user_id,
        "user_email": event.user_email,
        "role": event.role,
        "site_id": event.site_id,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "client_id": event.client_id,
        "ip_address": event.ip_address,
        "request_id": event.request_id,
        "channel": event.channel,
        "detail": event.detail,
    }


def _canonical(data: Any) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), default=str).encode()


def seal(apps: Any, schema_editor: Any) -> None:
    from openiop.audit import keys

    AuditEvent = apps.get_model("audit", "AuditEvent")
    ChainHead = apps.get_model("audit", "ChainHead")
    Checkpoint = apps.get_model("audit", "Checkpoint")
    if not AuditEvent.objects.exists():
        return
    kid, key = keys.current()
    old_prev, new_prev, count, last_id, batch = GENESIS, GENESIS, 0, 0, []
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        legacy = hashlib.sha256(old_prev.encode() + _canonical(_content(event))).hexdigest()
        if event.prev_hash != old_prev or event.hash != legacy:
            raise RuntimeError(
                f"The audit chain is broken at event {event.pk} before the upgrade; investigate with the"
                " previous version's `openiop audit verify` before sealing it with the key."
            )
        old_prev = event.hash
        event.prev_hash, event.key_id = new_prev, kid
        event.hash = keys.sign(key, new_prev.encode() + _canonical({**_content(event), "key_id": kid}))
        new_prev, count, last_id = event.hash, count + 1, event.pk
        batch.append(event)
        if len(batch) >= 2000:
            AuditEvent.objects.bulk_update(batch, ["prev_hash", "key_id", "hash"])
            batch = []
    AuditEvent.objects.bulk_update(batch, ["prev_hash", "key_id", "hash"])
    head, _ = ChainHead.objects.get_or_create(pk=1)
    head.last_hash, head.count, head.last_id, head.key_id = new_prev, count, last_id, kid
    head.signature = keys.sign(key, _canonical(["head", count, last_id, new_prev, kid]))
    head.save()
    created = timezone.now()
    signature = keys.sign(key, _canonical(["checkpoint", count, last_id, new_prev, created.isoformat(), kid]))
    Checkpoint.objects.create(
        created_at=created, count=count, last_id=last_id, last_hash=new_prev, key_id=kid, signature=signature
    )


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_keyed_chain_and_checkpoints")]
    operations = [migrations.RunPython(seal, migrations.RunPython.noop)]
