"""The parsed problem: frozen dataclasses and the format's constants."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Protocol

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


def format_time(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
