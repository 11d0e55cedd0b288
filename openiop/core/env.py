"""Reading settings from the environment: typed values that fail loudly, naming the variable.

Pure helpers for ``openiop/settings.py``; nothing here imports the Django settings. A bad value
raises ``ImproperlyConfigured`` with the variable's name, so the process refuses to start.
"""

import ipaddress
import os
import re
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    if raw.lower() in ("1", "true", "yes", "on"):
        return True
    if raw.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, got {raw!r}")


def env_int(name: str, default: int, *, minimum: int | None = None, maximum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from None
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        bounds = f"between {minimum} and {maximum}" if maximum is not None else f"at least {minimum}"
        raise ImproperlyConfigured(f"{name} must be {bounds}, got {value}")
    return value


def env_float(name: str, default: float, *, minimum: float, maximum: float) -> float:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, got {raw!r}") from None
    if not minimum <= value <= maximum:
        raise ImproperlyConfigured(f"{name} must be between {minimum} and {maximum}, got {value}")
    return value


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = os.environ.get(name, default)
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, got {value!r}")
    return value


def env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


def env_networks(name: str) -> list[str]:
    """Comma-separated IP addresses or CIDR networks (``10.0.0.5, 10.1.0.0/16, fd00::/8``), normalised."""
    networks = []
    for item in env_list(name):
        try:
            networks.append(str(ipaddress.ip_network(item, strict=False)))
        except ValueError:
            raise ImproperlyConfigured(
                f"{name} must list IP addresses or networks (e.g. 10.0.0.5,10.1.0.0/16), got {item!r}"
            ) from None
    return networks


_RATE = re.compile(r"\d+/\d*[smhd](/(ip|key|user))?")


def env_rates(name: str, actions: tuple[str, ...]) -> dict[str, str]:
    """``action=rate;action=rate`` (allauth's rate syntax: ``10/m/ip,5/5m/key``), actions from ``actions``."""
    rates: dict[str, str] = {}
    for item in (part.strip() for part in os.environ.get(name, "").split(";")):
        if not item:
            continue
        action, _, rate = (piece.strip() for piece in item.partition("="))
        if action not in actions:
            raise ImproperlyConfigured(f"{name}: unknown action {action!r} (one of {', '.join(actions)})")
        parts = [p.strip() for p in rate.split(",")]
        if not all(_RATE.fullmatch(p) for p in parts):
            raise ImproperlyConfigured(f"{name}: {action}={rate!r} is not a rate like 10/m/ip or 5/5m/key")
        rates[action] = ",".join(parts)
    return rates


def secret(name: str) -> str:
    """A secret from ``NAME`` or from the file named by ``NAME_FILE`` (Docker/systemd credentials); not both."""
    value = os.environ.get(name, "")
    path = os.environ.get(f"{name}_FILE", "")
    if value and path:
        raise ImproperlyConfigured(f"Set {name} or {name}_FILE, not both")
    if not path:
        return value
    try:
        content = Path(path).read_text().strip()
    except OSError as exc:
        raise ImproperlyConfigured(f"{name}_FILE={path!r} cannot be read: {exc.strerror}") from None
    if not content:
        raise ImproperlyConfigured(f"{name}_FILE={path!r} is empty")
    return content


def secret_key(*, production: bool, data_dir: Path) -> str:
    """The signing key: from the environment (required in production) or kept beside the demo's data."""
    key = secret("OPENIOP_SECRET_KEY")
    if key:
        if production and len(key) < 50:
            raise ImproperlyConfigured("OPENIOP_SECRET_KEY must be at least 50 characters in production")
        return key
    if production:
        raise ImproperlyConfigured("OPENIOP_SECRET_KEY (or OPENIOP_SECRET_KEY_FILE) is required in production")
    # The demo keeps its own key beside its data so sessions survive restarts.
    key_file = data_dir / "secret_key"
    if not key_file.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(64))
        key_file.chmod(0o600)
    return key_file.read_text().strip()
