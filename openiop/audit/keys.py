"""The audit trail's keys: HMAC-SHA256 keys kept outside the database.

``OPENIOP_AUDIT_KEY`` (or ``OPENIOP_AUDIT_KEY_FILE``) signs new events, the chain head and
checkpoints; ``OPENIOP_AUDIT_OLD_KEYS`` (or ``…_FILE``; keys separated by commas or newlines) keeps
retired keys for verifying what they signed. Each key is named by its id, a short fingerprint
derived from the key itself, so the ring cannot name a key wrongly. ``audit_keys`` is read by
``openiop/settings.py`` and imports nothing from the Django settings; the other helpers read them.
"""

import hashlib
import hmac
import json
import re
import secrets
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from openiop.core.env import secret

MIN_LENGTH = 32


def key_id(key: str) -> str:
    """A key's public name: 12 hex digits of a domain-separated SHA-256 (reveals nothing usable)."""
    return hashlib.sha256(f"openiop-audit-key-id:{key}".encode()).hexdigest()[:12]


def audit_keys(*, production: bool, data_dir: Path) -> tuple[str, list[str]]:
    """The current key and the retired ones. Production refuses to start without a key of at least
    32 characters; the demo and the tests keep a generated key beside their data."""
    key = secret("OPENIOP_AUDIT_KEY")
    old = [part.strip() for part in re.split(r"[,\n]", secret("OPENIOP_AUDIT_OLD_KEYS")) if part.strip()]
    for name, value in [("OPENIOP_AUDIT_KEY", key)] + [("OPENIOP_AUDIT_OLD_KEYS", k) for k in old]:
        if value and len(value) < MIN_LENGTH:
            raise ImproperlyConfigured(f"{name}: each audit key must be at least {MIN_LENGTH} characters")
    if not key:
        if production:
            raise ImproperlyConfigured(
                "OPENIOP_AUDIT_KEY (or OPENIOP_AUDIT_KEY_FILE) is required in production: the audit trail's"
                " HMAC key, kept outside the database (docs/deploy.md, 'The audit trail')"
            )
        key_file = data_dir / "audit_key"
        if not key_file.exists():
            data_dir.mkdir(parents=True, exist_ok=True)
            key_file.write_text(secrets.token_urlsafe(48))
            key_file.chmod(0o600)
        key = key_file.read_text().strip()
    if key in old:
        raise ImproperlyConfigured("OPENIOP_AUDIT_OLD_KEYS must not repeat the current OPENIOP_AUDIT_KEY")
    return key, old


def current() -> tuple[str, bytes]:
    """The id and bytes of the key that signs from now on."""
    from django.conf import settings

    key: str = settings.OPENIOP_AUDIT_KEY
    return key_id(key), key.encode()


def ring() -> dict[str, bytes]:
    """Every key that may have signed something, by id: the current one and the retired ones."""
    from django.conf import settings

    keys = [settings.OPENIOP_AUDIT_KEY, *getattr(settings, "OPENIOP_AUDIT_OLD_KEYS", [])]
    return {key_id(k): k.encode() for k in keys}


def canonical(data: Any) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), default=str).encode()


def sign(key: bytes, data: bytes) -> str:
    return hmac.new(key, data, hashlib.sha256).hexdigest()


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
