"""What an audit event says about a changed row: a snapshot of its fields before, and the
difference to its fields after, with free text reduced to lengths.

The compliance auditor reads the trail but may not read charts (minimum necessary), so the
values that enter the trail are the *structured* ones: choices, yes/no, numbers, dates, links to
other rows. Free text (names, phone numbers, narratives, answers, JSON) is recorded as its length
before and after, never as text, unless the model is configuration and says so with
``AUDIT_TEXT_VALUES = True`` (a program's cut-offs, its public e-mail). Long text
(``TextField``) and secrets are never recorded anywhere.
"""

import datetime as dt
import json
import uuid
from decimal import Decimal
from typing import Any

from django.db import models

Snapshot = dict[str, Any]

# Never recorded, not even their length: hashes and secrets say nothing useful to an auditor.
SECRET_FIELDS = frozenset({"password", "token_hash", "secret", "totp_secret", "otp_secret", "key"})
# Bookkeeping that changes on every save and would only add noise.
IGNORED_FIELDS = frozenset({"created_at", "updated_at", "version"})

_EMPTY: tuple[Any, ...] = (None, "", [], {})
_STRUCTURED = (
    models.BooleanField,
    models.IntegerField,
    models.FloatField,
    models.DecimalField,
    models.DateField,
    models.TimeField,
    models.DurationField,
    models.ForeignKey,
    models.UUIDField,
)


def _tracked(instance: models.Model) -> list[models.Field[Any, Any]]:
    return [
        field for field in instance._meta.concrete_fields if not field.primary_key and field.name not in IGNORED_FIELDS
    ]


def snapshot(instance: models.Model) -> Snapshot:
    """The row's field values as they are now, keyed by field name (links by their id)."""
    return {field.name: getattr(instance, field.attname) for field in _tracked(instance)}


def _plain(value: Any) -> Any:
    """A JSON-ready form of a field value, stable enough to hash."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    return value


def _length(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, str):
        return len(value)
    return len(json.dumps(value, sort_keys=True, default=str))


def reveals_value(field: models.Field[Any, Any], *, text_values: bool) -> bool:
    """Whether the trail may hold this field's value (see the module docstring)."""
    if isinstance(field, models.TextField):
        return False
    if field.choices or isinstance(field, _STRUCTURED):
        return True
    return text_values


def diff(instance: models.Model, before: Snapshot | None, after: Snapshot | None) -> dict[str, dict[str, Any]]:
    """Field name → ``{"old": …, "new": …}`` (or ``{"old_length": …, "new_length": …}`` for free
    text) for each field that differs; ``before`` is None for a new row, ``after`` for a deleted one."""
    text_values = bool(getattr(type(instance), "AUDIT_TEXT_VALUES", False))
    changes: dict[str, dict[str, Any]] = {}
    for field in _tracked(instance):
        old = None if before is None else before.get(field.name)
        new = None if after is None else after.get(field.name)
        if old == new or (before is None and new in _EMPTY) or (after is None and old in _EMPTY):
            continue
        if field.name in SECRET_FIELDS:
            changes[field.name] = {"changed": True}
        elif reveals_value(field, text_values=text_values):
            changes[field.name] = {"old": _plain(old), "new": _plain(new)}
        else:
            changes[field.name] = {"old_length": _length(old), "new_length": _length(new)}
    return changes
