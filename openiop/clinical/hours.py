"""Attended hours against the prescription and the billable-day minimum (pure; no Django).

A *contact* is one service the client attended on a local calendar day: a group (scheduled or a
make-up drop-in) with the minutes actually attended, or an individual or family session with its
length. Late arrivals and early departures are already in the minutes; absences and excused
absences are contacts of zero minutes and only matter for the run of missed sessions.

Rules (docs/algorithms/attendance-hours.md):

- weeks run Monday to Sunday in the site's time zone;
- a day is *billable* when its minutes reach the billable-day minimum (default 180 minutes: H0015
  describes an IOP of at least 3 hours a day and 3 days a week, clinical reference §7);
- a week is *below prescription* when its minutes are under the prescribed hours × 60, judged only
  once the week is over and only for weeks that started on or after admission (a partial first
  week is not held against the client);
- a run of *missed sessions* counts absences in a row, newest first; an excused absence neither
  counts nor breaks the run; any attendance (present, late, left early) ends it.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

DEFAULT_BILLABLE_DAY_MINUTES = 180
ATTENDED = frozenset({"present", "late", "left_early"})
MISSED = "absent"
EXCUSED = "excused"


@dataclass(frozen=True)
class Contact:
    day: dt.date
    minutes: int
    kind: str = "group"  # group, make-up, individual, family


@dataclass(frozen=True)
class DayHours:
    day: dt.date
    minutes: int
    billable: bool


@dataclass(frozen=True)
class WeekHours:
    week_start: dt.date
    minutes: int
    prescribed_minutes: int
    days: tuple[DayHours, ...]

    @property
    def hours(self) -> Decimal:
        return (Decimal(self.minutes) / 60).quantize(Decimal("0.1"))

    @property
    def prescribed_hours(self) -> Decimal:
        return (Decimal(self.prescribed_minutes) / 60).quantize(Decimal("0.1"))

    @property
    def billable_days(self) -> int:
        return sum(1 for d in self.days if d.billable)

    @property
    def shortfall_minutes(self) -> int:
        return max(0, self.prescribed_minutes - self.minutes)

    def below_prescription(self, *, today: dt.date, admitted_on: dt.date) -> bool:
        """True once the week has ended with fewer minutes than prescribed (full weeks in care only)."""
        week_over = today > self.week_start + dt.timedelta(days=6)
        return week_over and self.week_start >= admitted_on and self.minutes < self.prescribed_minutes


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def attended_minutes(*, status: str, scheduled_minutes: int, minutes: int | None) -> int:
    """Minutes that count for a group: what was recorded, never more than the session lasted."""
    if status not in ATTENDED:
        return 0
    if minutes is None:
        return scheduled_minutes if status == "present" else 0
    return max(0, min(minutes, scheduled_minutes))


def prescribed_minutes(hours_per_week: Decimal) -> int:
    return int((hours_per_week * 60).to_integral_value())


def week_hours(
    contacts: Iterable[Contact],
    *,
    week_of: dt.date,
    prescribed_hours: Decimal,
    billable_day_minutes: int = DEFAULT_BILLABLE_DAY_MINUTES,
) -> WeekHours:
    """The week (Monday to Sunday) containing ``week_of``: minutes per day and in total."""
    start = week_start(week_of)
    per_day = {start + dt.timedelta(days=i): 0 for i in range(7)}
    for contact in contacts:
        if contact.day in per_day:
            per_day[contact.day] += max(0, contact.minutes)
    days = tuple(DayHours(day=day, minutes=m, billable=m >= billable_day_minutes) for day, m in sorted(per_day.items()))
    return WeekHours(
        week_start=start,
        minutes=sum(per_day.values()),
        prescribed_minutes=prescribed_minutes(prescribed_hours),
        days=days,
    )


def billable_days(
    contacts: Iterable[Contact], *, billable_day_minutes: int = DEFAULT_BILLABLE_DAY_MINUTES
) -> list[dt.date]:
    """Every day whose attended minutes reach the minimum, in order."""
    per_day: dict[dt.date, int] = {}
    for contact in contacts:
        per_day[contact.day] = per_day.get(contact.day, 0) + max(0, contact.minutes)
    return sorted(day for day, minutes in per_day.items() if minutes >= billable_day_minutes)


def missed_in_a_row(statuses_oldest_first: Sequence[str]) -> int:
    """How many sessions the client has missed in a row, counting back from the newest."""
    run = 0
    for status in reversed(statuses_oldest_first):
        if status == MISSED:
            run += 1
        elif status == EXCUSED:
            continue
        else:
            break
    return run
