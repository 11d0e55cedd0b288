"""The weekly schedule problem (format ``openiop.schedule.v1``): parsing and validation.

The JSON document is checked field by field in a fixed order (format, week_of,
settings, staff, sessions, clients) and the first problem found is raised as a
:class:`ProblemError` carrying its JSON path, so the CLI and the app report the same
message for the same input. Times become minutes after midnight and hours become whole
minutes, so the model works in integers only.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Protocol

FORMAT = "openiop.schedule.v1"
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MINUTES_PER_DAY = 24 * 60
POPULATIONS = ("adult", "adolescent")
SESSION_GENDERS = ("any", "female", "male")
# The format lists three focus values; a closed set turns a typo such as "SUD" into an
# error instead of a client silently matching no focused group.
FOCUSES = ("sud", "eating", "mood")

_TIME = re.compile(r"\d\d:\d\d")


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


class ProblemError(ValueError):
    """Input that does not match the format, at JSON path ``path``."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


@dataclass(frozen=True)
class Window:
    """A half-open interval ``[start, end)`` of one day, in minutes after midnight."""

    day: int
    start: int
    end: int

    def contains(self, day: int, start: int, end: int) -> bool:
        return self.day == day and self.start <= start and end <= self.end


@dataclass(frozen=True)
class Settings:
    time_limit_s: float = 10.0
    min_minutes_per_day: int = 180
    individual_slot_minutes: int = 15


@dataclass(frozen=True)
class Staff:
    id: str
    availability: tuple[Window, ...]


@dataclass(frozen=True)
class Session:
    id: str
    day: int
    start: int
    end: int
    capacity: int
    population: str
    gender: str
    focus: str | None
    module: str | None
    staff: tuple[str, ...]

    @property
    def minutes(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class Client:
    id: str
    population: str
    gender: str
    focus: tuple[str, ...]
    min_minutes: int
    target_minutes: int
    max_minutes: int
    availability: tuple[Window, ...]
    counselor: str | None
    individual_minutes: int
    completed_modules: tuple[str, ...]
    fixed_sessions: tuple[str, ...]


@dataclass(frozen=True)
class Problem:
    week_of: datetime.date
    settings: Settings
    staff: tuple[Staff, ...]
    sessions: tuple[Session, ...]
    clients: tuple[Client, ...]

    @cached_property
    def sessions_by_id(self) -> dict[str, Session]:
        return {session.id: session for session in self.sessions}


def parse_problem(document: object) -> Problem:
    """Validate a decoded JSON document and return the problem (or ProblemError)."""
    root = _object(
        document,
        "$",
        required=("format", "week_of", "staff", "sessions", "clients"),
        optional=("settings",),
    )
    if root["format"] != FORMAT:
        raise ProblemError("format", f"{_show(root['format'])} is not {_show(FORMAT)}")
    week_of = _date(root["week_of"], "week_of")
    settings = _settings(root.get("settings", {}), "settings")

    staff = _unique(_list(root["staff"], "staff", _staff), "staff")
    staff_ids = {member.id for member in staff}
    sessions = _unique(
        _list(root["sessions"], "sessions", lambda v, p: _session(v, p, staff_ids)),
        "sessions",
    )
    session_ids = {session.id for session in sessions}
    modules = {session.module for session in sessions if session.module is not None}
    clients = _unique(
        _list(
            root["clients"],
            "clients",
            lambda v, p: _client(v, p, staff_ids, session_ids, modules),
        ),
        "clients",
    )
    return Problem(week_of, settings, staff, sessions, clients)


def format_time(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


# --- sections ---------------------------------------------------------------------


def _settings(value: object, path: str) -> Settings:
    fields = _object(
        value,
        path,
        optional=("time_limit_s", "min_hours_per_day", "individual_slot_minutes"),
    )
    defaults = Settings()
    time_limit = defaults.time_limit_s
    if "time_limit_s" in fields:
        time_limit = _number(fields["time_limit_s"], f"{path}.time_limit_s")
        if time_limit <= 0:
            raise ProblemError(f"{path}.time_limit_s", f"{_show(time_limit)} is not positive")
    min_day = defaults.min_minutes_per_day
    if "min_hours_per_day" in fields:
        min_day = _hours(fields["min_hours_per_day"], f"{path}.min_hours_per_day")
        if min_day > MINUTES_PER_DAY:
            raise ProblemError(f"{path}.min_hours_per_day", "is more than 24 hours")
    slot = defaults.individual_slot_minutes
    if "individual_slot_minutes" in fields:
        slot = _integer(fields["individual_slot_minutes"], f"{path}.individual_slot_minutes")
        if not 0 < slot <= MINUTES_PER_DAY:
            raise ProblemError(f"{path}.individual_slot_minutes", f"{slot} is not between 1 and 1440")
    return Settings(float(time_limit), min_day, slot)


def _staff(value: object, path: str) -> Staff:
    fields = _object(value, path, required=("id", "availability"))
    return Staff(_id(fields["id"], f"{path}.id"), _windows(fields["availability"], path))


def _session(value: object, path: str, staff_ids: set[str]) -> Session:
    fields = _object(
        value,
        path,
        required=(
            "id",
            "day",
            "start",
            "end",
            "capacity",
            "population",
            "gender",
            "focus",
            "module",
            "staff",
        ),
    )
    # Checked in the order the format's example lists the fields.
    session_id = _id(fields["id"], f"{path}.id")
    window = _window(fields, path)
    capacity = _integer(fields["capacity"], f"{path}.capacity")
    population = _choice(fields["population"], f"{path}.population", POPULATIONS)
    gender = _choice(fields["gender"], f"{path}.gender", SESSION_GENDERS)
    focus = fields["focus"]
    if focus is not None:
        focus = _choice(focus, f"{path}.focus", FOCUSES)
    module = fields["module"]
    if module is not None:
        module = _id(module, f"{path}.module")
    staff = _list(
        fields["staff"],
        f"{path}.staff",
        lambda v, p: _reference(v, p, staff_ids, "staff"),
    )
    return Session(
        id=session_id,
        day=window.day,
        start=window.start,
        end=window.end,
        capacity=capacity,
        population=population,
        gender=gender,
        focus=focus,
        module=module,
        staff=_no_repeats(staff, f"{path}.staff"),
    )


def _client(
    value: object,
    path: str,
    staff_ids: set[str],
    session_ids: set[str],
    modules: set[str],
) -> Client:
    fields = _object(
        value,
        path,
        required=(
            "id",
            "population",
            "gender",
            "focus",
            "min_hours",
            "target_hours",
            "max_hours",
            "availability",
            "counselor",
            "individual_minutes",
            "completed_modules",
            "fixed_sessions",
        ),
    )
    client_id = _id(fields["id"], f"{path}.id")
    population = _choice(fields["population"], f"{path}.population", POPULATIONS)
    gender = fields["gender"]
    if not isinstance(gender, str):
        raise ProblemError(f"{path}.gender", f"{_show(gender)} is not a string")
    focus = _no_repeats(
        _list(fields["focus"], f"{path}.focus", lambda v, p: _choice(v, p, FOCUSES)),
        f"{path}.focus",
    )
    min_minutes = _hours(fields["min_hours"], f"{path}.min_hours")
    target = _hours(fields["target_hours"], f"{path}.target_hours")
    maximum = _hours(fields["max_hours"], f"{path}.max_hours")
    if target < min_minutes:
        raise ProblemError(
            f"{path}.target_hours",
            f"{_show(fields['target_hours'])} is below min_hours {_show(fields['min_hours'])}",
        )
    if maximum < target:
        raise ProblemError(
            f"{path}.max_hours",
            f"{_show(fields['max_hours'])} is below target_hours {_show(fields['target_hours'])}",
        )
    availability = _windows(fields["availability"], path)
    counselor = fields["counselor"]
    if counselor is not None:
        counselor = _reference(counselor, f"{path}.counselor", staff_ids, "staff")
    individual = _integer(fields["individual_minutes"], f"{path}.individual_minutes")
    if individual > MINUTES_PER_DAY:
        raise ProblemError(f"{path}.individual_minutes", f"{individual} is more than a day")
    if counselor is None and individual > 0:
        raise ProblemError(f"{path}.counselor", "is required when individual_minutes > 0")
    completed = _list(
        fields["completed_modules"],
        f"{path}.completed_modules",
        lambda v, p: _reference(v, p, modules, "module"),
    )
    fixed = _list(
        fields["fixed_sessions"],
        f"{path}.fixed_sessions",
        lambda v, p: _reference(v, p, session_ids, "session"),
    )
    return Client(
        id=client_id,
        population=population,
        gender=gender,
        focus=focus,
        min_minutes=min_minutes,
        target_minutes=target,
        max_minutes=maximum,
        availability=availability,
        counselor=counselor,
        individual_minutes=individual,
        completed_modules=_no_repeats(completed, f"{path}.completed_modules"),
        fixed_sessions=_no_repeats(fixed, f"{path}.fixed_sessions"),
    )


def _windows(value: object, owner: str) -> tuple[Window, ...]:
    path = f"{owner}.availability"
    return _list(
        value,
        path,
        lambda v, p: _window(_object(v, p, required=("day", "start", "end")), p),
    )


def _window(fields: Mapping[str, object], path: str) -> Window:
    day = _choice(fields["day"], f"{path}.day", DAYS)
    start = _time(fields["start"], f"{path}.start", allow_midnight_end=False)
    end = _time(fields["end"], f"{path}.end", allow_midnight_end=True)
    if end <= start:
        raise ProblemError(
            f"{path}.end",
            f"{_show(fields['end'])} is not after start {_show(fields['start'])}",
        )
    return Window(DAYS.index(day), start, end)


# --- values -----------------------------------------------------------------------


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
