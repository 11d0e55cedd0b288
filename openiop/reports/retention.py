"""Retention in treatment: the Kaplan–Meier estimate of staying (pure; no Django).

Input: ``as_of`` and episodes (admitted, discharged or None, TEDS discharge reason or None).
An episode's time is whole days from admission to discharge, or to ``as_of`` when it is still
open or was discharged after ``as_of`` (censored). Episodes admitted after ``as_of`` are left
out. The event is leaving early: TEDS REASON 2 (dropped out) or 3 (terminated by facility);
every other ending is censored. Survival at day t includes the events of day t; censorings on an
event day count as at risk on it. Confidence intervals: Greenwood's variance on the log(−log)
scale. docs/algorithms/retention.md has the contract, the decisions and a worked example.
"""

import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import NormalDist
from typing import Any

EVENT_REASONS = frozenset({2, 3})  # TEDS REASON: dropped out, terminated by facility
REASONS = range(1, 8)  # TEDS REASON 1–7
AT_DAYS = (30, 60, 90)
Z_95 = NormalDist().inv_cdf(0.975)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_EARLIEST, _LATEST = dt.date(1900, 1, 1), dt.date(2100, 12, 31)
_EPISODE_KEYS = frozenset({"id", "admitted", "discharged", "reason"})


class RetentionInputError(ValueError):
    """Bad input; ``field`` names it as a path (``episodes[3].admitted``)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Stay:
    id: str
    admitted: dt.date
    discharged: dt.date | None = None
    reason: int | None = None


@dataclass(frozen=True)
class CurveRow:
    day: int
    at_risk: int
    events: int
    censored: int
    survival: float


@dataclass(frozen=True)
class Estimate:
    """Survival at a day; ``None`` throughout when nobody was followed that long, the interval
    ``None`` when the survival is 1 or 0 (the log(−log) interval is undefined there)."""

    survival: float | None
    ci_low: float | None
    ci_high: float | None


@dataclass(frozen=True)
class Retention:
    n: int
    events: int
    median_days: int | None
    curve: tuple[CurveRow, ...]
    at: Mapping[int, Estimate]


@dataclass(frozen=True)
class _Observation:
    days: int
    event: bool


def observe(stays: Sequence[Stay], as_of: dt.date) -> list[_Observation]:
    """Each stay admitted on or before ``as_of`` as (days, event)."""
    observed = []
    for stay in stays:
        if stay.admitted > as_of:
            continue
        if stay.discharged is None or stay.discharged > as_of:
            observed.append(_Observation((as_of - stay.admitted).days, False))
        else:
            observed.append(_Observation((stay.discharged - stay.admitted).days, stay.reason in EVENT_REASONS))
    return observed


def estimate(stays: Sequence[Stay], as_of: dt.date, *, at_days: Sequence[int] = AT_DAYS) -> Retention:
    observed = observe(stays, as_of)
    days = sorted({o.days for o in observed})
    events = dict.fromkeys(days, 0)
    censored = dict.fromkeys(days, 0)
    for o in observed:
        if o.event:
            events[o.days] += 1
        else:
            censored[o.days] += 1
    at_risk = len(observed)
    survival = 1.0
    greenwood = 0.0  # Σ d / (n (n − d)) over event days so far; inf once survival reaches 0
    curve: list[CurveRow] = []
    variance: dict[int, float] = {}
    for day in days:
        d = events[day]
        if d:
            survival *= 1 - d / at_risk
            greenwood = math.inf if d == at_risk else greenwood + d / (at_risk * (at_risk - d))
        curve.append(CurveRow(day, at_risk, d, censored[day], survival))
        variance[day] = greenwood
        at_risk -= d + censored[day]
    median = next((row.day for row in curve if row.survival <= 0.5), None)
    at = {t: _estimate_at(curve, variance, t) for t in at_days}
    return Retention(len(observed), sum(events.values()), median, tuple(curve), at)


def _estimate_at(curve: Sequence[CurveRow], variance: Mapping[int, float], t: int) -> Estimate:
    if not curve:
        return Estimate(None, None, None)
    if curve[-1].day < t:
        # Nobody was followed to day t: unknown, unless everyone had already left (survival 0).
        return Estimate(0.0, None, None) if curve[-1].survival == 0 else Estimate(None, None, None)
    row = [r for r in curve if r.day <= t]
    if not row:
        return Estimate(1.0, None, None)
    last = row[-1]
    return Estimate(last.survival, *loglog_interval(last.survival, variance[last.day]))


def loglog_interval(survival: float, greenwood: float, z: float = Z_95) -> tuple[float | None, float | None]:
    """exp(−exp(log(−log S) ± z·√V / |log S|)), V the Greenwood sum; undefined at S = 1 and S = 0."""
    if survival >= 1 or survival <= 0 or math.isinf(greenwood):
        return None, None
    log_s = math.log(survival)
    theta = math.log(-log_s)
    spread = z * math.sqrt(greenwood) / abs(log_s)
    return math.exp(-math.exp(theta + spread)), math.exp(-math.exp(theta - spread))


def parse_input(data: object) -> tuple[dt.date, list[Stay]]:
    """The CLI's JSON as (as_of, stays); raises RetentionInputError naming the first bad field."""
    if not isinstance(data, dict):
        raise RetentionInputError("(top level)", "must be an object with as_of and episodes")
    unknown = sorted(set(data) - {"as_of", "episodes"})
    if unknown:
        raise RetentionInputError(unknown[0], "unknown field")
    as_of = _date(data.get("as_of"), "as_of", required=True)
    assert as_of is not None  # noqa: S101 - required above
    episodes = data.get("episodes")
    if not isinstance(episodes, list):
        raise RetentionInputError("episodes", "must be a list")
    stays: list[Stay] = []
    seen: set[str] = set()
    for i, item in enumerate(episodes):
        stay = _stay(item, f"episodes[{i}]")
        if stay.id in seen:
            raise RetentionInputError(f"episodes[{i}].id", f"duplicate id {stay.id!r}")
        seen.add(stay.id)
        stays.append(stay)
    return as_of, stays


def _stay(item: Any, where: str) -> Stay:
    if not isinstance(item, dict):
        raise RetentionInputError(where, "must be an object with id, admitted, discharged and reason")
    unknown = sorted(set(item) - _EPISODE_KEYS)
    if unknown:
        raise RetentionInputError(f"{where}.{unknown[0]}", "unknown field")
    ident = item.get("id")
    if isinstance(ident, bool) or not isinstance(ident, str | int) or ident == "":
        raise RetentionInputError(f"{where}.id", "must be a non-empty string or an integer")
    admitted = _date(item.get("admitted"), f"{where}.admitted", required=True)
    assert admitted is not None  # noqa: S101 - required above
    discharged = _date(item.get("discharged"), f"{where}.discharged", required=False)
    if discharged is not None and discharged < admitted:
        raise RetentionInputError(f"{where}.discharged", "is before admitted")
    reason = item.get("reason")
    if reason is not None:
        if isinstance(reason, bool) or not isinstance(reason, int) or reason not in REASONS:
            raise RetentionInputError(f"{where}.reason", "must be a TEDS discharge reason 1–7 or null")
        if discharged is None:
            raise RetentionInputError(f"{where}.reason", "is given for an episode without a discharge date")
    return Stay(str(ident), admitted, discharged, reason)


def _date(value: object, field: str, *, required: bool) -> dt.date | None:
    if value is None:
        if required:
            raise RetentionInputError(field, "is required (YYYY-MM-DD)")
        return None
    if not isinstance(value, str) or not _DATE.match(value):
        raise RetentionInputError(field, "must be a date as YYYY-MM-DD")
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise RetentionInputError(field, f"{value!r} is not a calendar date") from None
    if not _EARLIEST <= day <= _LATEST:
        raise RetentionInputError(field, "must be between 1900-01-01 and 2100-12-31")
    return day


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def to_dict(result: Retention) -> dict[str, Any]:
    """The CLI's output (floats rounded to 6 decimals)."""
    return {
        "n": result.n,
        "events": result.events,
        "median_days": result.median_days,
        "curve": [
            {
                "day": r.day,
                "at_risk": r.at_risk,
                "events": r.events,
                "censored": r.censored,
                "survival": _round(r.survival),
            }
            for r in result.curve
        ],
        "at": {
            str(t): {"survival": _round(e.survival), "ci_low": _round(e.ci_low), "ci_high": _round(e.ci_high)}
            for t, e in result.at.items()
        },
    }
