"""Issue 11, finding 2, as the attack: someone with write access to the database (not to the audit
key) empties, shortens, rewrites or extends the trail; `openiop audit verify` must fail, naming
the first bad event or the gap."""

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

from conftest import Cast
from openiop.audit import keys
from openiop.audit.chain import checkpoint_write
from openiop.audit.models import AuditEvent, ChainHead
from openiop.audit.services import audit_verify, record_read


def _record(cast: Cast, n: int) -> list[AuditEvent]:
    return [record_read(user=cast.alice, instance=cast.erin) for _ in range(n)]


def _sql(statement: str, params: list[Any]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def _delete(*events: AuditEvent) -> None:
    for event in events:
        _sql("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])


def _set_head(*, last_hash: str, count: int, last_id: int, signature: str | None = None) -> None:
    """Move the head as an attacker can: every column but a valid signature (unless replayed)."""
    head = ChainHead.objects.get(pk=1)
    _sql(
        "UPDATE audit_chainhead SET last_hash = %s, count = %s, last_id = %s, signature = %s WHERE id = 1",
        [last_hash, count, last_id, head.signature if signature is None else signature],
    )


def _verify_cli(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    with pytest.raises(SystemExit) as exit_info:
        call_command("audit", "verify", *args)
    assert exit_info.value.code == 1
    return capsys.readouterr().err


def _plain_sha256(event: AuditEvent) -> str:
    """The old unkeyed hash, which anyone can compute."""
    return hashlib.sha256(event.prev_hash.encode() + keys.canonical(event.content())).hexdigest()


def _guessed_key(event: AuditEvent) -> str:
    return event.compute_hash(b"the attacker's own key, not the one outside the database")


def test_verify_fails_on_an_empty_trail_with_checkpoints(
    cast: Cast, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    events = _record(cast, 3)
    checkpoint_write()
    call_command("audit", "checkpoints", "--format", "json")
    exported = tmp_path / "auditor-copy.json"
    exported.write_text(capsys.readouterr().out)
    _delete(*events)
    _set_head(last_hash="0" * 64, count=0, last_id=0, signature="")
    assert audit_verify()[0] == 0
    err = _verify_cli(capsys)
    assert "the trail is shorter than checkpoint" in err and "counted 3 events" in err and "0 remain" in err
    # The checkpoint table emptied too: the auditor's exported copy still knows.
    _sql("DELETE FROM audit_checkpoint", [])
    call_command("audit", "verify")
    assert "ok: 0 events verified" in capsys.readouterr().out
    err = _verify_cli(capsys, "--checkpoints", str(exported))
    assert f"in {exported}" in err and "counted 3 events" in err


def test_verify_fails_after_the_tail_is_truncated_and_the_head_fixed(
    cast: Cast, capsys: pytest.CaptureFixture[str]
) -> None:
    events = _record(cast, 3)
    at_three = ChainHead.objects.values("last_hash", "count", "last_id", "signature").get(pk=1)
    events += _record(cast, 2)
    checkpoint_write()
    _delete(events[3], events[4])
    # The head moved back to the third event by hand: its signature no longer matches.
    _set_head(last_hash=events[2].hash, count=3, last_id=events[2].pk)
    assert "the chain head's signature is not valid" in _verify_cli(capsys)
    # The head as it was at three events, replayed: signed, but the checkpoint counted five.
    _set_head(**at_three)
    err = _verify_cli(capsys)
    assert "counted 5 events" in err and "3 remain" in err
    assert f"the events after event {events[2].pk} are missing" in err


@pytest.mark.parametrize("forge", [_plain_sha256, _guessed_key], ids=["plain SHA-256", "a guessed key"])
def test_verify_fails_after_an_edit_rehashed_without_the_key(
    cast: Cast, capsys: pytest.CaptureFixture[str], forge: object
) -> None:
    events = _record(cast, 4)
    previous = events[0].hash
    for original in events[1:]:
        event = AuditEvent.objects.get(pk=original.pk)
        if event.pk == events[1].pk:
            event.user_email = "mallory@x.test"
        event.prev_hash = previous
        event.hash = forge(event)  # type: ignore[operator]
        _sql(
            "UPDATE audit_auditevent SET user_email = %s, prev_hash = %s, hash = %s WHERE id = %s",
            [event.user_email, event.prev_hash, event.hash, event.pk],
        )
        previous = event.hash
    _set_head(last_hash=previous, count=4, last_id=events[3].pk)
    checked, broken = audit_verify()
    assert checked == 1 and broken is not None and broken.event_id == events[1].pk
    assert f"BROKEN at event {events[1].pk}: its content does not match its keyed hash" in _verify_cli(capsys)


def test_verify_fails_on_a_forged_append(cast: Cast, capsys: pytest.CaptureFixture[str]) -> None:
    last = _record(cast, 2)[-1]
    forged = AuditEvent(
        occurred_at=last.occurred_at,
        user=cast.dana,
        user_email=cast.dana.email,
        role="director",
        site=cast.site_a,
        action="view",
        object_type="client",
        object_id=str(cast.frank.pk),
        client=cast.frank,
        prev_hash=last.hash,
        key_id=last.key_id,
    )
    forged.hash = _guessed_key(forged)
    forged.save()
    _set_head(last_hash=forged.hash, count=3, last_id=forged.pk)
    checked, broken = audit_verify()
    assert checked == 2 and broken is not None and broken.event_id == forged.pk
    assert f"BROKEN at event {forged.pk}" in _verify_cli(capsys)
    # Signed with a key id the ring does not hold: named as such.
    _sql("UPDATE audit_auditevent SET key_id = %s WHERE id = %s", ["0badc0ffee00", forged.pk])
    assert "signed with key 0badc0ffee00, which is not in the key ring" in _verify_cli(capsys)


def test_a_deleted_middle_event_is_reported_at_the_gap(cast: Cast, capsys: pytest.CaptureFixture[str]) -> None:
    first, middle, last = _record(cast, 3)
    _delete(middle)
    checked, broken = audit_verify()
    assert checked == 1 and broken is not None
    assert (broken.event_id, broken.after_id, broken.before_id) == (0, first.pk, last.pk)
    err = _verify_cli(capsys)
    assert f"events are missing after event {first.pk} and before event {last.pk}" in err
    assert f"at event {last.pk}" not in err


def test_a_deleted_first_event_is_reported_before_the_first_that_remains(cast: Cast) -> None:
    first, second = _record(cast, 2)
    _delete(first)
    _, broken = audit_verify()
    assert broken is not None and (broken.event_id, broken.before_id) == (0, second.pk)
    assert f"missing before event {second.pk}" in broken.reason


def test_a_forged_checkpoint_fails_verification(cast: Cast, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _record(cast, 2)
    made = checkpoint_write().as_dict()
    copy = tmp_path / "copy.jsonl"
    copy.write_text(json.dumps({**made, "count": 1}) + "\n")
    assert "has a signature that is not valid" in _verify_cli(capsys, "--checkpoints", str(copy))
