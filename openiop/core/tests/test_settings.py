"""Settings come from the environment, secrets may come from files, and a bad value stops the start."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

KEY = "k" * 60
PRODUCTION = {
    "OPENIOP_ENV": "production",
    "OPENIOP_SECRET_KEY": KEY,
    "OPENIOP_AUDIT_KEY": "a" * 40,
    "OPENIOP_ALLOWED_HOSTS": "iop.example.org",
    "REDIS_URL": "redis://127.0.0.1:6379/15",
}
_WATCHED = ("OPENIOP_", "DATABASE_URL", "REDIS_URL", "SENTRY_")


def _run(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(_WATCHED)}
    command = [sys.executable, "-c", code]
    return subprocess.run(command, env={**clean, **env}, capture_output=True, text=True, check=False)  # noqa: S603


def _import_settings(
    expression: str = "s.PASSWORD_HASHERS[0], s.SESSION_COOKIE_AGE", **env: str
) -> subprocess.CompletedProcess[str]:
    return _run(f"import openiop.settings as s; print({expression})", **env)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"OPENIOP_ALLOWED_HOSTS": "iop.example.org"}, "OPENIOP_SECRET_KEY (or OPENIOP_SECRET_KEY_FILE) is required"),
        ({"OPENIOP_SECRET_KEY": "short", "OPENIOP_ALLOWED_HOSTS": "iop.example.org"}, "at least 50 characters"),
        ({"OPENIOP_SECRET_KEY": KEY}, "OPENIOP_ALLOWED_HOSTS is required"),
        (
            {"OPENIOP_SECRET_KEY": KEY, "OPENIOP_ALLOWED_HOSTS": "iop.example.org"},
            "REDIS_URL (or REDIS_URL_FILE) is required",
        ),
    ],
)
def test_production_refuses_to_start_without_secrets(env: dict[str, str], message: str) -> None:
    result = _import_settings(OPENIOP_ENV="production", **env)
    assert result.returncode != 0 and message in result.stderr


def test_production_uses_argon2_and_a_15_minute_idle_session() -> None:
    result = _import_settings(**PRODUCTION)
    assert result.stdout.split() == ["django.contrib.auth.hashers.Argon2PasswordHasher", "900"]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"OPENIOP_ENV": "staging"}, "OPENIOP_ENV must be one of"),
        ({"OPENIOP_DEBUG": "maybe"}, "OPENIOP_DEBUG must be true or false"),
        ({"OPENIOP_DB_CONN_MAX_AGE": "-1"}, "OPENIOP_DB_CONN_MAX_AGE must be at least 0"),
        ({"OPENIOP_SQLITE_TIMEOUT": "0"}, "OPENIOP_SQLITE_TIMEOUT must be at least 1"),
        ({"OPENIOP_INQUIRY_RATE_LIMIT": "0"}, "OPENIOP_INQUIRY_RATE_LIMIT must be at least 1"),
        ({"OPENIOP_INQUIRY_RATE_WINDOW": "ten"}, "OPENIOP_INQUIRY_RATE_WINDOW must be an integer"),
        ({"OPENIOP_SCHEDULE_TIME_LIMIT_S": "9000"}, "OPENIOP_SCHEDULE_TIME_LIMIT_S must be between 1 and 3600"),
        ({"OPENIOP_TRUST_X_FORWARDED_FOR": "1"}, "replaced by OPENIOP_TRUSTED_PROXIES"),
        ({"OPENIOP_TRUSTED_PROXIES": "10.0.0.9,proxy.local"}, "OPENIOP_TRUSTED_PROXIES must list IP addresses"),
        ({"OPENIOP_API_TOKEN_DAYS": "0"}, "OPENIOP_API_TOKEN_DAYS must be between 1 and 3650"),
        ({"OPENIOP_LOGIN_FAILURE_LIMIT": "0"}, "OPENIOP_LOGIN_FAILURE_LIMIT must be between 1 and 100"),
        ({"OPENIOP_AUDIT_KEY": "short"}, "each audit key must be at least 32 characters"),
        ({"OPENIOP_AUDIT_CHECKPOINT_EVERY": "-1"}, "OPENIOP_AUDIT_CHECKPOINT_EVERY must be at least 0"),
        ({"OPENIOP_CSRF_TRUSTED_ORIGINS": "iop.example.org"}, "entries start with https://"),
        ({"OPENIOP_EMAIL_BACKEND": "pigeon"}, "OPENIOP_EMAIL_BACKEND must be one of smtp, console, locmem, dummy"),
        ({"OPENIOP_EMAIL_BACKEND": "smtp", "OPENIOP_EMAIL_SECURITY": "tls"}, "OPENIOP_EMAIL_SECURITY must be one of"),
        ({"OPENIOP_EMAIL_BACKEND": "smtp", "OPENIOP_EMAIL_PORT": "70000"}, "OPENIOP_EMAIL_PORT must be between"),
        ({"OPENIOP_FROM_EMAIL": "nobody"}, "OPENIOP_FROM_EMAIL must be an e-mail address"),
        ({"REDIS_URL": "http://127.0.0.1:6379"}, "REDIS_URL must start with redis://"),
        ({"OPENIOP_LOG_LEVEL": "LOUD"}, "OPENIOP_LOG_LEVEL must be one of"),
        ({"OPENIOP_LOG_FORMAT": "xml"}, "OPENIOP_LOG_FORMAT must be one of json, text"),
        ({"SENTRY_DSN": "https://k@sentry.invalid/1", "SENTRY_TRACES_SAMPLE_RATE": "2"}, "must be between 0.0 and 1.0"),
    ],
)
def test_a_bad_value_fails_loudly_naming_the_variable(env: dict[str, str], message: str, tmp_path: Path) -> None:
    result = _import_settings(OPENIOP_DATA_DIR=str(tmp_path), **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr


@pytest.mark.parametrize("name", ["OPENIOP_SECRET_KEY", "DATABASE_URL", "REDIS_URL", "OPENIOP_EMAIL_PASSWORD"])
def test_a_secret_and_its_file_together_fail(name: str, tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.write_text("x")
    result = _import_settings(
        OPENIOP_DATA_DIR=str(tmp_path), OPENIOP_EMAIL_BACKEND="smtp", **{name: "x", f"{name}_FILE": str(secret)}
    )
    assert result.returncode != 0 and f"Set {name} or {name}_FILE, not both" in result.stderr


@pytest.mark.parametrize(("content", "message"), [(None, "cannot be read"), ("\n", "is empty")])
def test_an_unreadable_or_empty_secret_file_fails(content: str | None, message: str, tmp_path: Path) -> None:
    secret = tmp_path / "secret_key.txt"
    if content is not None:
        secret.write_text(content)
    result = _import_settings(**{**PRODUCTION, "OPENIOP_SECRET_KEY": ""}, OPENIOP_SECRET_KEY_FILE=str(secret))
    assert result.returncode != 0 and f"OPENIOP_SECRET_KEY_FILE={str(secret)!r} {message}" in result.stderr


def test_secrets_are_read_from_their_files_without_the_trailing_newline(tmp_path: Path) -> None:
    files = {
        "OPENIOP_SECRET_KEY": KEY,
        "DATABASE_URL": "postgres://app:pw@db:5432/openiop",
        "OPENIOP_EMAIL_PASSWORD": "mail-pw",
    }
    env = {**PRODUCTION, "OPENIOP_SECRET_KEY": ""}
    for name, value in files.items():
        (tmp_path / name).write_text(value + "\n")
        env[f"{name}_FILE"] = str(tmp_path / name)
    result = _import_settings(
        "s.SECRET_KEY == 'k' * 60, s.DATABASES['default']['PASSWORD'], s.MAILERS['default']['OPTIONS']['password']",
        **env,
    )
    assert result.stdout.split() == ["True", "pw", "mail-pw"], result.stderr


def test_production_mail_goes_through_the_default_smtp_mailer_with_starttls() -> None:
    result = _import_settings(
        "s.MAILERS, hasattr(s, 'EMAIL_BACKEND')",
        **PRODUCTION,
        OPENIOP_EMAIL_HOST="smtp.example.org",
        OPENIOP_EMAIL_USER="iop",
    )
    assert result.stdout.strip() == (
        "{'default': {'BACKEND': 'django.core.mail.backends.smtp.EmailBackend', "
        "'OPTIONS': {'host': 'smtp.example.org', 'port': 587, 'username': 'iop', "
        "'password': '', 'use_tls': True, 'use_ssl': False, 'timeout': 10}}} False"
    ), result.stderr


@pytest.mark.parametrize(
    ("env", "backend"),
    [
        ({}, "django.core.cache.backends.locmem.LocMemCache"),
        ({"REDIS_URL": "redis://127.0.0.1:6379/15"}, "django.core.cache.backends.redis.RedisCache"),
    ],
)
def test_the_cache_is_redis_when_redis_url_is_set_and_local_memory_otherwise(
    env: dict[str, str], backend: str, tmp_path: Path
) -> None:
    result = _import_settings("s.CACHES['default']['BACKEND']", OPENIOP_DATA_DIR=str(tmp_path), **env)
    assert result.stdout.strip() == backend, result.stderr


def test_the_redis_cache_really_stores_values_in_redis(tmp_path: Path) -> None:
    key = f"settings-test-{uuid.uuid4().hex}"
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'openiop.settings'; django.setup()\n"
        "import redis; from django.core.cache import cache\n"
        f"cache.set('{key}', 41, timeout=30); cache.incr('{key}')\n"
        f"print(cache.get('{key}'), any(redis.Redis.from_url(os.environ['REDIS_URL']).scan_iter('*{key}')))\n"
        f"cache.delete('{key}')"
    )
    result = _run(code, OPENIOP_ENV="test", OPENIOP_DATA_DIR=str(tmp_path), REDIS_URL="redis://127.0.0.1:6379/15")
    assert result.stdout.split() == ["42", "True"], result.stderr


@pytest.mark.django_db
def test_the_embedded_database_runs_in_wal_mode_with_immediate_writes_and_a_busy_timeout() -> None:
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite settings; PostgreSQL has row locks and needs none of this")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        journal = cursor.fetchone()[0]
        cursor.execute("PRAGMA busy_timeout")
        busy_ms = cursor.fetchone()[0]
    assert (journal, busy_ms, getattr(connection, "transaction_mode", None)) == ("wal", 20_000, "IMMEDIATE")
