"""Two people at once: the domain errors a conflicting write raises, and versions (ETag/If-Match).

Services raise ``Conflict`` (the API answers 409, pages say why) when a write collides with the
state of the database (a constraint, a note someone already signed) and ``StaleVersion`` (412)
when it was made from a version of a row that has changed since it was read.
"""

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import IntegrityError, models, transaction


class Conflict(Exception):  # noqa: N818 - reads as the answer: "409 Conflict"
    """The write collides with what is stored; ``str()`` is a message for the person."""


class StaleVersion(Conflict):
    """The row changed since the person read it (they sent an older version)."""

    def __init__(self, message: str, *, current: models.Model) -> None:
        super().__init__(message)
        self.current = current
        self.version: int = getattr(current, "version", 0)
        self.changed_by, self.changed_at = last_change(current)


def last_change(obj: models.Model) -> tuple[str, dt.datetime | None]:
    """Who last wrote the row and when, from the audit trail (the row keeps only its time)."""
    from django.apps import apps

    events: Any = apps.get_model("audit", "AuditEvent")  # the audit app depends on core, not the reverse
    event = (
        events.objects.filter(object_type=obj._meta.model_name, object_id=str(obj.pk))
        .filter(action__in=("create", "update", "sign"))
        .select_related("user")
        .order_by("-id")
        .first()
    )
    if event is None:
        return "someone", getattr(obj, "updated_at", None)
    name = (getattr(event.user, "full_name", "") or event.user_email) if event.user else "someone"
    return name or "someone", event.occurred_at


def etag(version: int) -> str:
    return f'"{version}"'


def parse_if_match(header: str | None) -> int | None:
    """The version an ``If-Match`` header names (``"3"``, ``W/"3"`` or ``3``); None when absent or ``*``.

    An unparsable value counts as a version nobody has (0), so the write is refused as stale."""
    if header is None or header.strip() in ("", "*"):
        return None
    value = header.split(",")[0].strip().removeprefix("W/").strip('"')
    # isascii: "²".isdigit() is true, but int("²") raises.
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else 0


def check_version(current: models.Model, expected: int | None) -> None:
    """Refuse a write made from another version than the stored one (read with ``select_for_update``)."""
    if expected is not None and expected != getattr(current, "version", None):
        raise StaleVersion(
            "This record was changed by someone else since you opened it; reload it and apply your change again.",
            current=current,
        )


def bump(obj: models.Model, fields: list[str]) -> list[str]:
    """Add one to the version and return the ``update_fields`` to save (named fields only)."""
    obj.version = getattr(obj, "version", 0) + 1  # type: ignore[attr-defined]
    extra = ["version"] + (["updated_at"] if hasattr(obj, "updated_at") else [])
    return sorted(set(fields) | set(extra))


@contextmanager
def constraint_conflicts(message: str) -> Iterator[None]:
    """Turn a constraint violation inside the block into a ``Conflict`` with a message (never a 500).

    The block runs in its own savepoint, so the surrounding transaction stays usable."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as exc:
        raise Conflict(message) from exc


def locked(model: type[models.Model], pk: Any) -> Any:
    """The stored row, locked until the transaction ends (PostgreSQL); on SQLite the IMMEDIATE
    transaction already holds the database's write lock, so the read is just as fresh."""
    return model._default_manager.select_for_update().get(pk=pk)


def relock(instance: models.Model) -> None:
    """Re-read the row locked until the transaction ends (``FOR NO KEY UPDATE`` on PostgreSQL; on
    SQLite the IMMEDIATE transaction already holds the write lock), so a check made after it sees
    what a concurrent writer committed: of two signatures at once, the second finds it signed."""
    instance.refresh_from_db(from_queryset=type(instance)._default_manager.select_for_update(no_key=True))


def stale_message(exc: StaleVersion) -> str:
    """What a page says instead of overwriting: who changed the record and when (the active time zone)."""
    from django.utils import timezone

    when = f" at {timezone.localtime(exc.changed_at):%H:%M}" if exc.changed_at else ""
    return f"Changed by {exc.changed_by}{when} — here is their version. Your change was not saved; apply it again."


# Double submission of a creating form: the form carries a one-time token; the first POST claims it
# (an atomic cache ``add``: shared Redis in production, the process's memory in the demo), a repeat
# is sent where the first one went instead of creating a second row.
SUBMISSION_TTL = 60 * 60
PENDING = "pending"


def new_form_token() -> str:
    import secrets

    return secrets.token_urlsafe(16)


def _submission_key(user_id: int | None, token: str) -> str:
    return f"openiop:submitted:{user_id}:{token}"


def submission_claim(*, user_id: int | None, token: str) -> str | None:
    """None for a first submission (go on); for a repeat, where the first one went (``PENDING`` while it runs)."""
    from django.core.cache import cache

    if not token:
        return None
    key = _submission_key(user_id, token)
    if cache.add(key, PENDING, SUBMISSION_TTL):
        return None
    return str(cache.get(key) or PENDING)


def submission_done(*, user_id: int | None, token: str, url: str) -> None:
    from django.core.cache import cache

    if token:
        cache.set(_submission_key(user_id, token), url, SUBMISSION_TTL)


def submission_release(*, user_id: int | None, token: str) -> None:
    """The submission failed (bad input): the same form may be sent again once corrected."""
    from django.core.cache import cache

    if token:
        cache.delete(_submission_key(user_id, token))
