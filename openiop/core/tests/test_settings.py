"""Production settings refuse to start without a real secret key and allowed hosts."""

import os
import subprocess
import sys

import pytest

KEY = "k" * 60


def _import_settings(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("OPENIOP_")}
    return subprocess.run(
        [sys.executable, "-c", "import openiop.settings as s; print(s.PASSWORD_HASHERS[0], s.SESSION_COOKIE_AGE)"],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"OPENIOP_ALLOWED_HOSTS": "iop.example.org"}, "OPENIOP_SECRET_KEY is required"),
        ({"OPENIOP_SECRET_KEY": "short", "OPENIOP_ALLOWED_HOSTS": "iop.example.org"}, "at least 50 characters"),
        ({"OPENIOP_SECRET_KEY": KEY}, "OPENIOP_ALLOWED_HOSTS is required"),
    ],
)
def test_production_refuses_to_start_without_secrets(env: dict[str, str], message: str) -> None:
    result = _import_settings(OPENIOP_ENV="production", **env)
    assert result.returncode != 0 and message in result.stderr


def test_production_uses_argon2_and_a_15_minute_idle_session() -> None:
    result = _import_settings(OPENIOP_ENV="production", OPENIOP_SECRET_KEY=KEY, OPENIOP_ALLOWED_HOSTS="iop.example.org")
    assert result.stdout.split() == ["django.contrib.auth.hashers.Argon2PasswordHasher", "900"]


@pytest.mark.parametrize("env", [{"OPENIOP_ENV": "staging"}, {"OPENIOP_DEBUG": "maybe"}])
def test_a_bad_value_fails_loudly(env: dict[str, str], tmp_path: object) -> None:
    result = _import_settings(OPENIOP_DATA_DIR=str(tmp_path), **env)
    assert result.returncode != 0 and "ImproperlyConfigured" in result.stderr
