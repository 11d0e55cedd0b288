"""Checks of single JSON values, each raising ProblemError with the value's path."""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable
from typing import Any

from .types import (
    _TIME,
    MINUTES_PER_DAY,
    ProblemError,
    _HasId,
)


def _object(
    value: object,
    path: str,
    *,
    required: tuple[str, ...] = (),
    optional: tuple[str, ...] = (),
) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ProblemError(path, f"{_show(value)} is not an object")
    for key in value:
        # Unknown fields are refused so a misspelt "max_hour" is not silently ignored.
        if key not in required and key not in optional:
            raise ProblemError(_join(path, str(key)), "is not a field of this format")
    for key in required:
        if key not in value:
            raise ProblemError(_join(path, key), "is required")
    return value


def _list[T](value: object, path: str, item: Callable[[object, str], T]) -> tuple[T, ...]:
    if not isinstance(value, list):
        raise ProblemError(path, f"{_show(value)} is not a list")
    return tuple(item(element, f"{path}[{index}]") for index, element in enumerate(value))


def _unique[R: _HasId](items: tuple[R, ...], path: str) -> tuple[R, ...]:
    seen: set[str] = set()
    for index, element in enumerate(items):
        if element.id in seen:
            raise ProblemError(f"{path}[{index}].id", f"duplicate id {_show(element.id)}")
        seen.add(element.id)
    return items


def _no_repeats(items: tuple[str, ...], path: str) -> tuple[str, ...]:
    for index, element in enumerate(items):
        if element in items[:index]:
            raise ProblemError(f"{path}[{index}]", f"{_show(element)} is listed twice")
    return items


def _id(value: object, path: str) -> str:
    if not isinstance(value, str) or not value:
        raise ProblemError(path, f"{_show(value)} is not a non-empty string")
    return value


def _reference(value: object, path: str, known: set[str], kind: str) -> str:
    if not isinstance(value, str) or value not in known:
        raise ProblemError(path, f"unknown {kind} id {_show(value)}")
    return value


def _choice(value: object, path: str, choices: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in choices:
        raise ProblemError(path, f"{_show(value)} is not one of {', '.join(choices)}")
    return value


def _number(value: object, path: str) -> float:
    # bool is an int in Python but not a number in JSON.
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ProblemError(path, f"{_show(value)} is not a number")
    return float(value)


def _integer(value: object, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ProblemError(path, f"{_show(value)} is not a whole number >= 0")
    return value


def _hours(value: object, path: str) -> int:
    hours = _number(value, path)
    minutes = hours * 60
    if hours < 0 or abs(minutes - round(minutes)) > 1e-6:
        raise ProblemError(path, f"{_show(value)} is not a whole number of minutes >= 0")
    return round(minutes)


def _time(value: object, path: str, *, allow_midnight_end: bool) -> int:
    if isinstance(value, str) and _TIME.fullmatch(value):
        hours, minutes = int(value[:2]), int(value[3:])
        if hours < 24 and minutes < 60:
            return hours * 60 + minutes
        # "24:00" closes a window that runs to midnight; it can never start one.
        if allow_midnight_end and value == "24:00":
            return MINUTES_PER_DAY
    raise ProblemError(path, f"{_show(value)} is not a time")


def _date(value: object, path: str) -> datetime.date:
    # fromisoformat also takes "20261207"; the format only has the dashed form.
    if isinstance(value, str) and len(value) == 10:
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    raise ProblemError(path, f"{_show(value)} is not a date (YYYY-MM-DD)")


def _join(path: str, key: str) -> str:
    return key if path == "$" else f"{path}.{key}"


def _show(value: object) -> str:
    """Render a value as JSON would, so messages quote the input as it was written."""
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float):
        return str(value)
    return "an object" if isinstance(value, dict) else "a list" if isinstance(value, list) else "?"
