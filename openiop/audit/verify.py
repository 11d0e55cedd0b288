"""Verifying the trail: every event's keyed hash, every link, the signed head and every checkpoint.

The walk reports the first problem: an event whose keyed hash does not match its content (altered,
or forged without the key), a gap (an intact event whose predecessor is missing: reported after
the last good event and before the intact one), a trail shorter than a checkpoint or the head says
(a truncated tail, an emptied table), or a head or checkpoint whose signature is not valid.
Checkpoints come from the table, from ``OPENIOP_AUDIT_CHECKPOINT_FILE`` and from any copy an
auditor passes in (``openiop audit verify --checkpoints FILE``).
"""

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

from openiop.audit import keys
from openiop.audit.models import GENESIS_HASH, AuditEvent, ChainHead, Checkpoint, checkpoint_payload

FIELDS = ("created_at", "count", "last_id", "last_hash", "key_id", "signature")


@dataclass(frozen=True)
class ChainBreak:
    """The first problem: ``event_id`` is the first bad event present (0 when none is to blame: a
    gap, a shortened trail, a bad head); a gap also names the events either side of it."""

    event_id: int
    reason: str
    after_id: int | None = None
    before_id: int | None = None

    def message(self) -> str:
        if self.event_id:
            return f"BROKEN at event {self.event_id}: {self.reason}"
        return f"BROKEN: {self.reason}"


@dataclass(frozen=True)
class _Mark:
    """A signed statement of (count, last id, last hash): a checkpoint or the head."""

    label: str
    count: int
    last_id: int
    last_hash: str


def read_checkpoint_file(path: Path) -> list[dict[str, Any]]:
    """Checkpoints from a JSON array (``audit checkpoints --format json``) or JSON lines (the
    appended file); ValueError names the line or field that is wrong."""
    text = path.read_text(encoding="utf-8")
    try:
        loaded = json.loads(text) if text.lstrip().startswith("[") else None
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: not JSON ({exc.msg} at line {exc.lineno})") from None
    if loaded is None:
        loaded = []
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                try:
                    loaded.append(json.loads(line))
                except json.JSONDecodeError:
                    raise ValueError(f"{path}: line {number} is not JSON") from None
    if not isinstance(loaded, list):
        raise ValueError(f"{path}: expected a list of checkpoints")
    for number, item in enumerate(loaded, start=1):
        if not isinstance(item, dict) or any(name not in item for name in FIELDS):
            raise ValueError(f"{path}: checkpoint {number} lacks one of {', '.join(FIELDS)}")
        if not isinstance(item["count"], int) or not isinstance(item["last_id"], int):
            raise ValueError(f"{path}: checkpoint {number}: count and last_id must be integers")
    return loaded


def _marks(extra: Iterable[tuple[str, dict[str, Any]]]) -> tuple[list[_Mark], ChainBreak | None]:
    """The signed statements to hold the trail against, each checked against the key ring."""
    ring = keys.ring()
    sources: list[tuple[str, dict[str, Any]]] = [
        (f"checkpoint {c.pk} of {c.created_at:%Y-%m-%d %H:%M:%S}", c.as_dict()) for c in Checkpoint.objects.all()
    ]
    copy = str(getattr(settings, "OPENIOP_AUDIT_CHECKPOINT_FILE", "") or "")
    if copy and Path(copy).exists():
        sources += [(f"checkpoint of {c['created_at']} in {copy}", c) for c in read_checkpoint_file(Path(copy))]
    sources += list(extra)
    marks = []
    for label, data in sources:
        key = ring.get(str(data["key_id"]))
        if key is None:
            return [], ChainBreak(0, f"{label} is signed with key {data['key_id']}, which is not in the key ring")
        if not keys.same(keys.sign(key, checkpoint_payload(data)), str(data["signature"])):
            return [], ChainBreak(0, f"{label} has a signature that is not valid (forged or altered)")
        marks.append(_Mark(label, int(data["count"]), int(data["last_id"]), str(data["last_hash"])))
    head = ChainHead.objects.filter(pk=1).first()
    if head is not None and (head.count or head.signature):
        key = ring.get(head.key_id)
        if key is None or not keys.same(keys.sign(key, head.payload()), head.signature):
            return [], ChainBreak(0, "the chain head's signature is not valid (the head was rewritten without the key)")
        marks.append(_Mark("the chain head", head.count, head.last_id, head.last_hash))
    return marks, None


def audit_verify(
    *, checkpoints: Iterable[tuple[str, dict[str, Any]]] = (), chunk_size: int = 2000
) -> tuple[int, ChainBreak | None]:
    """Walk the chain in order; return how many events were checked and the first problem.
    ``checkpoints`` are extra (label, exported checkpoint) pairs, e.g. an auditor's copy."""
    # The head and checkpoints are read before the walk: events appended meanwhile lie beyond them.
    # A bad event is named first; a forged or altered mark after the walk.
    marks, bad_mark = _marks(checkpoints)
    at_count: dict[int, list[_Mark]] = {}
    for mark in marks:
        at_count.setdefault(mark.count, []).append(mark)
    ring = keys.ring()
    expected_prev, previous, checked = GENESIS_HASH, 0, 0
    events: Iterator[AuditEvent] = AuditEvent.objects.order_by("id").iterator(chunk_size=chunk_size)
    for event in events:
        key = ring.get(event.key_id)
        if key is None:
            reason = f"it is signed with key {event.key_id or '(none)'}, which is not in the key ring (forged?)"
            return checked, ChainBreak(event.pk, reason)
        if not keys.same(event.compute_hash(key), event.hash):
            return checked, ChainBreak(event.pk, "its content does not match its keyed hash (altered or forged)")
        if event.prev_hash != expected_prev:
            if not previous:
                return checked, ChainBreak(0, f"events are missing before event {event.pk}, the first", None, event.pk)
            reason = f"events are missing after event {previous} and before event {event.pk} (both intact)"
            return checked, ChainBreak(0, reason, previous, event.pk)
        checked += 1
        for mark in at_count.get(checked, []):
            if (mark.last_id, mark.last_hash) != (event.pk, event.hash):
                reason = f"{mark.label} says event number {checked} is #{mark.last_id}, the trail has #{event.pk}"
                return checked, ChainBreak(event.pk, reason)
        expected_prev, previous = event.hash, event.pk
    if bad_mark is not None:
        return checked, bad_mark
    longest = max(marks, key=lambda m: m.count, default=None)
    if longest is not None and longest.count > checked:
        where = f"the events after event {previous} are missing" if previous else "every event is missing"
        reason = (
            f"the trail is shorter than {longest.label}: it counted {longest.count} events up to event"
            f" {longest.last_id}, {checked} remain: {where}"
        )
        return checked, ChainBreak(0, reason, previous or None, None)
    return checked, None
