"""The key lives outside the database: production will not start without it, rotation keeps old
events verifiable, and checkpoints are written every N events and kept outside the table."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

from conftest import Cast
from openiop.audit import keys
from openiop.audit.models import Checkpoint
from openiop.audit.services import audit_verify, record_read

PRODUCTION = {
    "OPENIOP_ENV": "production",
    "OPENIOP_SECRET_KEY": "k" * 60,
    "OPENIOP_ALLOWED_HOSTS": "iop.example.org",
    "REDIS_URL": "redis://127.0.0.1:6379/15",
}
KEY_A, KEY_B = "a" * 40, "b" * 40


def _settings(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("OPENIOP_", "DATABASE_URL", "REDIS_URL"))}
    code = "import openiop.settings as s; print(s.OPENIOP_AUDIT_KEY == 'a' * 40, len(s.OPENIOP_AUDIT_OLD_KEYS))"
    command = [sys.executable, "-c", code]
    return subprocess.run(  # noqa: S603
        command, env={**clean, "OPENIOP_DATA_DIR": str(tmp_path), **env}, capture_output=True, text=True, check=False
    )


def test_a_production_start_without_the_audit_key_refuses_to_run(tmp_path: Path) -> None:
    result = _settings(tmp_path, **PRODUCTION)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "OPENIOP_AUDIT_KEY (or OPENIOP_AUDIT_KEY_FILE)" in result.stderr
    assert not (tmp_path / "audit_key").exists()


def test_production_reads_the_key_and_the_retired_ones_from_files(tmp_path: Path) -> None:
    (tmp_path / "key").write_text(KEY_A + "\n")
    (tmp_path / "old").write_text(f"{KEY_B}\n{'c' * 40}\n")
    files = {"OPENIOP_AUDIT_KEY_FILE": str(tmp_path / "key"), "OPENIOP_AUDIT_OLD_KEYS_FILE": str(tmp_path / "old")}
    env = {**PRODUCTION, **files}
    result = _settings(tmp_path, **env)
    assert result.stdout.split() == ["True", "2"], result.stderr


def test_the_demo_generates_its_key_into_the_data_folder(tmp_path: Path) -> None:
    assert _settings(tmp_path, OPENIOP_ENV="demo").returncode == 0
    key_file = tmp_path / "audit_key"
    assert len(key_file.read_text()) >= 32 and key_file.stat().st_mode & 0o077 == 0


def test_a_rotated_key_keeps_old_events_verifiable(cast: Cast) -> None:
    with override_settings(OPENIOP_AUDIT_KEY=KEY_A, OPENIOP_AUDIT_OLD_KEYS=[]):
        old = record_read(user=cast.alice, instance=cast.erin)
    with override_settings(OPENIOP_AUDIT_KEY=KEY_B, OPENIOP_AUDIT_OLD_KEYS=[KEY_A]):
        new = record_read(user=cast.alice, instance=cast.erin)
        assert (old.key_id, new.key_id) == (keys.key_id(KEY_A), keys.key_id(KEY_B))
        assert audit_verify() == (2, None)
    with override_settings(OPENIOP_AUDIT_KEY=KEY_B, OPENIOP_AUDIT_OLD_KEYS=[]):
        checked, broken = audit_verify()
    assert checked == 0 and broken is not None and broken.event_id == old.pk and "not in the key ring" in broken.reason


def test_a_checkpoint_is_written_every_n_events_and_appended_to_the_file(
    cast: Cast, tmp_path: Path, capsys: pytest.CaptureFixture[str], django_capture_on_commit_callbacks: object
) -> None:
    copy = tmp_path / "checkpoints.jsonl"
    with override_settings(OPENIOP_AUDIT_CHECKPOINT_EVERY=2, OPENIOP_AUDIT_CHECKPOINT_FILE=str(copy)):
        with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
            events = [record_read(user=cast.alice, instance=cast.erin) for _ in range(5)]
        assert list(Checkpoint.objects.values_list("count", "last_id")) == [(2, events[1].pk), (4, events[3].pk)]
        lines = [json.loads(line) for line in copy.read_text().splitlines()]
        assert [c["count"] for c in lines] == [2, 4]
        call_command("audit", "checkpoints", "--format", "json")
        exported = json.loads(capsys.readouterr().out)
        assert exported == [c.as_dict() for c in Checkpoint.objects.order_by("count")]
        call_command("audit", "verify")
        assert "ok: 5 events verified" in capsys.readouterr().out


def test_a_bad_checkpoints_file_exits_2_naming_it(cast: Cast, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('[{"count": 1}]')
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="lacks one of") as info:
        call_command("audit", "verify", "--checkpoints", str(bad))
    assert info.value.returncode == 2
