"""Ids, hour targets and availability windows shared by the export steps; the Export record."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from openiop.accounts.models import Site, User
from openiop.clients.models import Client, Episode, Population
from openiop.program.models import (
    WEEKDAYS,
    Focus,
    GenderRule,
    GroupSession,
)
from openiop.scheduling.models import OPEN_KINDS, ClientAvailability
from openiop.scheduling.solver.problem import Problem

MIN_HOURS_PER_DAY = 3  # payers bill an IOP day from 3 hours (clinical reference §7)
SLOT_MINUTES = 15
# Prescribed hours are the target; the floor is the IOP minimum (TIP 47: ≥ 9 h adults, ≥ 6 h
# adolescents) and the ceiling leaves room for three hours more, below the 20 h where IOP ends.
IOP_FLOOR = {Population.ADULT: Decimal(9), Population.ADOLESCENT: Decimal(6)}
HEADROOM = Decimal(3)
IOP_CEILING = Decimal(19)
# A client with no recorded availability is assumed open in the program's usual hours.
DEFAULT_OPEN = [(day, dt.time(7), dt.time(22)) for day in range(6)]
FOCUS_CODES = {Focus.GENERAL: None, Focus.SUBSTANCE: "sud", Focus.EATING: "eating", Focus.MOOD: "mood"}
SESSION_GENDER = {GenderRule.ANY: "any", GenderRule.WOMEN: "female", GenderRule.MEN: "male"}
GENDER_OF_IDENTITY = {"woman": "female", "trans-woman": "female", "man": "male", "trans-man": "male"}

Minutes = tuple[int, int]


def client_key(pk: int) -> str:
    return f"c-{pk}"


def session_key(pk: int) -> str:
    return f"g-{pk}"


def staff_key(pk: int) -> str:
    return f"s-{pk}"


def pk_of(key: str) -> int:
    return int(key.split("-", 1)[1])


def group_gender(client: Client) -> str:
    """The gender that decides women's and men's groups: the gender identity the client gave;
    without one, the sex recorded at birth; a non-binary client joins mixed groups only."""
    if client.gender_identity in GENDER_OF_IDENTITY:
        return GENDER_OF_IDENTITY[client.gender_identity]
    if client.gender_identity:
        return client.gender_identity
    return client.sex_assigned_at_birth if client.sex_assigned_at_birth in ("female", "male") else "unspecified"


def hour_targets(episode: Episode) -> tuple[Decimal, Decimal, Decimal]:
    """(min, target, max) weekly hours from the prescription."""
    target = Decimal(episode.prescribed_hours_per_week)
    floor = IOP_FLOOR.get(Population(episode.population), IOP_FLOOR[Population.ADULT])
    return min(target, floor), target, max(target, min(IOP_CEILING, target + HEADROOM))


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _minutes(time: dt.time) -> int:
    return time.hour * 60 + time.minute


def _merge(spans: Iterable[Minutes]) -> list[Minutes]:
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(a, b) for a, b in merged]


def _subtract(opens: list[Minutes], busy: list[Minutes]) -> list[Minutes]:
    result = opens
    for b_start, b_end in _merge(busy):
        pieces: list[Minutes] = []
        for start, end in result:
            if b_end <= start or end <= b_start:
                pieces.append((start, end))
                continue
            if start < b_start:
                pieces.append((start, b_start))
            if b_end < end:
                pieces.append((b_end, end))
        result = pieces
    return result


def availability_windows(rows: Sequence[ClientAvailability]) -> tuple[list[dict[str, str]], bool]:
    """The client's open windows of the week (open kinds minus commitments), merged per day.

    Returns the windows and whether the client's own open windows were used (False: none
    recorded, the program's usual hours were assumed).
    """
    opens: dict[int, list[Minutes]] = defaultdict(list)
    busy: dict[int, list[Minutes]] = defaultdict(list)
    for row in rows:
        target = opens if row.kind in OPEN_KINDS else busy
        target[row.weekday].append((_minutes(row.start_time), _minutes(row.end_time)))
    recorded = bool(opens)
    if not recorded:
        for day, start, end in DEFAULT_OPEN:
            opens[day].append((_minutes(start), _minutes(end)))
    windows = []
    for day in range(7):
        for begin, finish in _subtract(_merge(opens.get(day, [])), busy.get(day, [])):
            windows.append({"day": WEEKDAYS[day], "start": _hhmm(begin), "end": _hhmm(finish)})
    return windows, recorded


@dataclass
class Export:
    """A problem with what the app needs to read its solution back."""

    site: Site
    week_start: dt.date
    problem: dict[str, Any]
    warnings: list[str] = field(default_factory=list)
    sessions: dict[str, GroupSession] = field(default_factory=dict)
    clients: dict[str, Client] = field(default_factory=dict)
    staff: dict[str, User] = field(default_factory=dict)
    parsed: Problem | None = None
