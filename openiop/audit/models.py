from typing import Any, ClassVar

from django.conf import settings
from django.db import models

from openiop.audit.keys import canonical, sign

GENESIS_HASH = "0" * 64


class Action(models.TextChoices):
    VIEW = "view", "View"
    LIST = "list", "List"
    CREATE = "create", "Create"
    UPDATE = "update", "Update"
    DELETE = "delete", "Delete"
    EXPORT = "export", "Export"
    PRINT = "print", "Print"
    SIGN = "sign", "Sign"
    LOGIN = "login", "Log in"
    LOGIN_FAILED = "login-failed", "Failed log-in"
    MFA = "mfa", "Second factor passed"
    MFA_FAILED = "mfa-failed", "Second factor failed"
    LOGOUT = "logout", "Log out"
    REFUSED = "refused", "Refused access"


class AppendOnlyQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("Audit events are append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit events are append-only.")


class AuditEvent(models.Model):
    """One read or write of PHI, a log-in or a refused request. Rows are never changed: each stores
    the HMAC-SHA256, under a key kept outside the database (``audit.keys``), of the previous event's
    hash plus its own content, so an edit, a forged row or a gap breaks the chain
    (``openiop audit verify``); ``key_id`` names the key that signed it."""

    occurred_at = models.DateTimeField(db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    user_email = models.CharField(max_length=254, blank=True)
    role = models.CharField(max_length=16, blank=True)
    site = models.ForeignKey("accounts.Site", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    action = models.CharField(max_length=16, choices=Action.choices)
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64, blank=True)
    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, null=True, blank=True, related_name="audit_events"
    )
    ip_address = models.CharField(max_length=64, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    channel = models.CharField(max_length=16, blank=True)  # web, api, cli, task
    detail = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    key_id = models.CharField(max_length=16, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering: ClassVar[list[str]] = ["-id"]
        indexes: ClassVar[list[models.Index]] = [
            # The trail page pages by id (keyset, newest first) within these filters.
            models.Index(fields=["client", "-id"], name="audit_client_id_idx"),
            models.Index(fields=["user", "-id"], name="audit_user_id_idx"),
            models.Index(fields=["action", "-id"], name="audit_action_id_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.user_email} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit events are append-only.")

    def content(self) -> dict[str, Any]:
        """What the hash covers: every recorded fact, in a canonical form. The id is left out
        (it is assigned on insert); order is covered by each event naming its predecessor's hash."""
        return {
            "occurred_at": self.occurred_at.isoformat(),
            "user_id": self.user_id,
            "user_email": self.user_email,
            "role": self.role,
            "site_id": self.site_id,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "client_id": self.client_id,
            "ip_address": self.ip_address,
            "request_id": self.request_id,
            "channel": self.channel,
            "detail": self.detail,
            "key_id": self.key_id,
        }

    def compute_hash(self, key: bytes) -> str:
        return sign(key, self.prev_hash.encode() + canonical(self.content()))


class ChainHead(models.Model):
    """A single row locked while appending, so concurrent writers extend the chain one at a time.
    It counts the events and names the last one, signed, so a trail cut short and a head moved
    back to match it no longer agree without the key."""

    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)
    count = models.PositiveBigIntegerField(default=0)
    last_id = models.PositiveBigIntegerField(default=0)
    key_id = models.CharField(max_length=16, blank=True)
    signature = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return self.last_hash

    def payload(self) -> bytes:
        return canonical(["head", self.count, self.last_id, self.last_hash, self.key_id])


class Checkpoint(models.Model):
    """A signed statement that the trail held ``count`` events, the last one ``last_id`` with
    ``last_hash``. Written every ``OPENIOP_AUDIT_CHECKPOINT_EVERY`` events and by
    ``openiop audit checkpoint``; also appended to ``OPENIOP_AUDIT_CHECKPOINT_FILE`` and exported by
    ``openiop audit checkpoints`` so copies live outside the database."""

    created_at = models.DateTimeField()
    count = models.PositiveBigIntegerField()
    last_id = models.PositiveBigIntegerField()
    last_hash = models.CharField(max_length=64)
    key_id = models.CharField(max_length=16)
    signature = models.CharField(max_length=64)

    class Meta:
        ordering: ClassVar[list[str]] = ["count"]

    def __str__(self) -> str:
        return f"{self.count} events up to #{self.last_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("Checkpoints are append-only.")
        super().save(*args, **kwargs)

    def as_dict(self) -> dict[str, Any]:
        return {
            "created_at": self.created_at.isoformat(),
            "count": self.count,
            "last_id": self.last_id,
            "last_hash": self.last_hash,
            "key_id": self.key_id,
            "signature": self.signature,
        }

    def payload(self) -> bytes:
        return checkpoint_payload(self.as_dict())


def checkpoint_payload(data: dict[str, Any]) -> bytes:
    """What a checkpoint's signature covers (the same for a row and for an exported copy)."""
    fields = ("count", "last_id", "last_hash", "created_at", "key_id")
    return canonical(["checkpoint", *(data[name] for name in fields)])
