"""Which measures are due, and which are overdue (pure: no Django). See docs/algorithms/measures.md.

A program's cadence is a list of :class:`Rule` rows: an instrument given at intake, at admission
and/or every *n* days. :func:`due_measures` answers, for one client on one day, what is open:

- **intake**: satisfied by an administration on or after ``admission − INTAKE_LOOKBACK_DAYS``
  (any time, if the client is not admitted yet: then it is due today).
- **admission**: satisfied by an administration on or after ``admission − ADMISSION_LOOKBACK_DAYS``
  (a PHQ-9 taken at the assessment a few days before admission is the baseline). Due on the
  admission date.
- **repeat** (every *n* days): due *n* days after the latest administration of this episode, or
  *n* days after admission when there is none (when the row is also "at admission", the
  admission occasion comes first and the repeat waits for it).

An occasion is ``upcoming`` before its due date, ``due`` from the due date through ``grace_days``
after it, and ``overdue`` after that. Administrations dated after ``today`` are ignored.
"""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

GRACE_DAYS = 2
ADMISSION_LOOKBACK_DAYS = 7
INTAKE_LOOKBACK_DAYS = 60

type Status = Literal["upcoming", "due", "overdue"]
type Occasion = Literal["intake", "admission", "repeat"]

_STATUS_ORDER: dict[str, int] = {"overdue": 0, "due": 1, "upcoming": 2}


@dataclass(frozen=True, slots=True)
class Rule:
    instrument: str
    at_intake: bool = False
    at_admission: bool = False
    every_n_days: int | None = None
    track: str = ""  # "" applies to every track of the program

    def __post_init__(self) -> None:
        if self.every_n_days is not None and self.every_n_days < 1:
            raise ValueError(f"every_n_days must be at least 1, got {self.every_n_days}")
        if not (self.at_intake or self.at_admission or self.every_n_days):
            raise ValueError(f"cadence for {self.instrument} says neither when nor how often")


@dataclass(frozen=True, slots=True)
class Due:
    instrument: str
    occasion: Occasion
    due_on: dt.date
    status: Status
    last_done: dt.date | None
    every_n_days: int | None = None

    def days_late(self, today: dt.date) -> int:
        return max(0, (today - self.due_on).days)


def status_on(due_on: dt.date, today: dt.date, grace_days: int = GRACE_DAYS) -> Status:
    if today < due_on:
        return "upcoming"
    if today <= due_on + dt.timedelta(days=grace_days):
        return "due"
    return "overdue"


def rules_for_track(rules: Iterable[Rule], track: str) -> list[Rule]:
    """The rows that apply to an episode on ``track``: a row naming the track replaces the
    program-wide row ("" track) for the same instrument; rows for other tracks do not apply."""
    chosen: dict[str, Rule] = {}
    for rule in rules:
        if rule.track and rule.track != track:
            continue
        if rule.instrument in chosen and not rule.track:
            continue
        chosen[rule.instrument] = rule
    return list(chosen.values())


def due_measures(
    *,
    admission: dt.date | None,
    rules: Iterable[Rule],
    done: Mapping[str, Iterable[dt.date]],
    today: dt.date,
    track: str = "",
    grace_days: int = GRACE_DAYS,
) -> list[Due]:
    """Open occasions for one client, most urgent first.

    ``admission`` is the active episode's admission date (None: not admitted yet, so only intake
    measures apply); ``done`` maps an instrument code to the dates it was administered.
    """
    found: list[Due] = []
    for rule in rules_for_track(rules, track):
        dates = sorted(d for d in done.get(rule.instrument, ()) if d <= today)
        last = dates[-1] if dates else None
        if admission is None:
            since = today - dt.timedelta(days=INTAKE_LOOKBACK_DAYS)
            if rule.at_intake and not any(d >= since for d in dates):
                found.append(Due(rule.instrument, "intake", today, "due", last))
            continue

        if rule.at_intake:
            since = admission - dt.timedelta(days=INTAKE_LOOKBACK_DAYS)
            if not any(d >= since for d in dates):
                found.append(Due(rule.instrument, "intake", admission, status_on(admission, today, grace_days), last))

        episode_dates = [d for d in dates if d >= admission - dt.timedelta(days=ADMISSION_LOOKBACK_DAYS)]
        if rule.at_admission and not episode_dates:
            found.append(Due(rule.instrument, "admission", admission, status_on(admission, today, grace_days), last))
            continue  # the repeat counts from the admission administration, once there is one

        if rule.every_n_days:
            anchor = episode_dates[-1] if episode_dates else admission
            due_on = anchor + dt.timedelta(days=rule.every_n_days)
            found.append(
                Due(
                    rule.instrument,
                    "repeat",
                    due_on,
                    status_on(due_on, today, grace_days),
                    episode_dates[-1] if episode_dates else last,
                    rule.every_n_days,
                )
            )
    found.sort(key=lambda d: (_STATUS_ORDER[d.status], d.due_on, d.instrument))
    return found
