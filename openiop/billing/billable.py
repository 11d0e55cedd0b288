"""Billable lines from one week of a client's attended services (pure; no Django).

The rules are the payer's, as data (``PayerRules``); the facts are clinical reference §7:

- H0015 is an alcohol/drug IOP of at least 3 hours a day and 3 days a week; S9480 is the
  psychiatric IOP per diem; hospital programs bill one revenue code (0905 psychiatric, 0906
  chemical dependency — UNVERIFIED, hence a setting) and one unit per day attended.
- Medicare IOP bills condition code 92 with a per diem for 3 services a day and another for 4 or
  more (CMHC APCs 5851/5852); a week needs at least 9 hours.
- 90853 group psychotherapy records the number of participants (at most 12); 90832 = 16–37
  minutes, 90834 = 38–52, 90837 = 53 or more.

Three modes (docs/algorithms/billable-days.md):

``per_diem``   one line per qualifying day with the per-diem code (and revenue code on an
               institutional claim); a day qualifies when its documented minutes reach the daily
               minimum, and a week's days are billed only when enough days qualify.
``per_service`` one line per documented service (90853 with participants, 9083x by minutes).
``medicare_iop`` one line per documented service on a day with at least 3 services, tagged with
               the per-diem tier ("3" or "4+"); the week needs the weekly minimum minutes.

Every day with attendance that does not produce a line is returned as a ``HeldDay`` with the
reason. Late arrivals and early departures are already in the minutes; a make-up drop-in counts
as a group. Only services with signed documentation are billed; a day that would qualify but for
unsigned notes is held as such, so billing can chase the note instead of losing the day.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

PER_DIEM = "per_diem"
PER_SERVICE = "per_service"
MEDICARE_IOP = "medicare_iop"
MODES = (PER_DIEM, PER_SERVICE, MEDICARE_IOP)

GROUP_KINDS = frozenset({"group", "make_up"})
GROUP_CODE = "90853"
# (low, high or None, code): psychotherapy by minutes, clinical reference §7.
TIME_CODES: tuple[tuple[int, int | None, str], ...] = ((16, 37, "90832"), (38, 52, "90834"), (53, None, "90837"))

REASONS = {
    "below_day_minimum": "below the daily minimum",
    "unsigned_documentation": "documentation not signed",
    "week_below_minimum_days": "too few billable days that week",
    "week_below_minimum_minutes": "too few hours that week",
    "week_in_progress": "the week is not over yet",
    "too_few_services": "fewer services than the per diem needs",
    "group_too_large": "group larger than the payer allows",
    "too_short": "session too short for a psychotherapy code",
    "no_authorization": "no authorization covers the day",
    "authorization_exhausted": "authorization has no units left",
    "not_counted": "no service the payer counts",
}


@dataclass(frozen=True)
class PayerRules:
    mode: str = PER_DIEM
    claim_type: str = "professional"  # or "institutional"
    per_diem_code: str = "H0015"
    revenue_code: str = ""  # institutional claims: 0905 / 0906
    min_minutes_per_day: int = 180
    min_days_per_week: int = 3
    min_minutes_per_week: int = 0  # Medicare IOP: 9 hours = 540
    counts_toward_day: frozenset[str] = frozenset({"group", "individual", "family"})
    unit_minutes: int = 0  # 0: one unit a day; otherwise whole units of this many documented minutes
    max_group_participants: int = 12
    medicare_min_services: int = 3
    requires_authorization: bool = True

    def counts(self, kind: str) -> bool:
        return ("group" if kind in GROUP_KINDS else kind) in self.counts_toward_day


@dataclass(frozen=True)
class Service:
    day: dt.date
    kind: str  # group, make_up, individual, family, case_management
    minutes: int
    documented: bool  # a signed note covers it
    code: str = ""  # the note's code, when the clinician chose one
    participants: int | None = None  # groups: how many attended
    ref: str = ""  # where it came from (attendance or note id), carried to the line


@dataclass(frozen=True)
class Authorization:
    ref: str
    start: dt.date
    end: dt.date
    units_remaining: int
    codes: frozenset[str] = frozenset()  # empty: any code

    def covers(self, day: dt.date, code: str) -> bool:
        return self.start <= day <= self.end and (not self.codes or code in self.codes)


@dataclass(frozen=True)
class Line:
    day: dt.date
    code: str
    units: int
    minutes: int
    revenue_code: str = ""
    services: int = 1
    tier: str = ""  # Medicare IOP per-diem tier: "3" or "4+"
    participants: int | None = None
    authorization: str = ""
    refs: tuple[str, ...] = ()


@dataclass(frozen=True)
class HeldDay:
    day: dt.date
    reason: str  # a key of REASONS
    detail: str


@dataclass(frozen=True)
class WeekResult:
    lines: tuple[Line, ...]
    held: tuple[HeldDay, ...]
    units_used: dict[str, int] = field(default_factory=dict)


def time_code(minutes: int) -> str | None:
    for low, high, code in TIME_CODES:
        if minutes >= low and (high is None or minutes <= high):
            return code
    return None


def service_code(service: Service) -> str | None:
    """The CPT a documented service bills under: 90853 for groups, the clinician's or the time code otherwise."""
    if service.kind in GROUP_KINDS:
        return GROUP_CODE
    return service.code or time_code(service.minutes)


def _hm(minutes: int) -> str:
    return f"{minutes // 60} h {minutes % 60:02d} min"


def bill_week(
    services: Iterable[Service],
    rules: PayerRules,
    authorizations: Sequence[Authorization] = (),
    *,
    exempt_from_week_minimum: bool = False,
    week_over: bool = True,
) -> WeekResult:
    """Lines and held days for one Monday–Sunday week of one client under one payer.

    ``exempt_from_week_minimum`` is for a week cut short by admission or discharge: its days are
    judged one by one (a client admitted on Thursday cannot attend three days that week). While
    ``week_over`` is false, days of a week that has not yet met its minimum wait ("in progress")
    instead of being held for good.
    """
    if rules.mode not in MODES:
        raise ValueError(f"unknown billing mode {rules.mode!r}")
    by_day: dict[dt.date, list[Service]] = defaultdict(list)
    for s in services:
        by_day[s.day].append(s)
    held: list[HeldDay] = []
    candidates: list[Line] = []
    if rules.mode == PER_DIEM:
        candidates = _per_diem_days(by_day, rules, held)
    elif rules.mode == PER_SERVICE:
        candidates = _per_service_lines(by_day, rules, held)
    else:
        candidates = _medicare_days(by_day, rules, held)
    candidates = _week_minimum(candidates, rules, held, exempt=exempt_from_week_minimum, week_over=week_over)
    lines, used = _authorize(candidates, rules, authorizations, held)
    held.sort(key=lambda h: h.day)
    return WeekResult(lines=tuple(lines), held=tuple(held), units_used=used)


def _per_diem_days(by_day: dict[dt.date, list[Service]], rules: PayerRules, held: list[HeldDay]) -> list[Line]:
    lines: list[Line] = []
    for day in sorted(by_day):
        counted = [s for s in by_day[day] if rules.counts(s.kind) and s.minutes > 0]
        if not counted:
            if any(s.minutes > 0 for s in by_day[day]):
                held.append(HeldDay(day, "not_counted", "Attended services this payer does not count toward a day."))
            continue
        documented = [s for s in counted if s.documented]
        minutes = sum(s.minutes for s in documented)
        attended = sum(s.minutes for s in counted)
        minimum = rules.min_minutes_per_day
        if minutes < minimum:
            if attended >= minimum:
                held.append(HeldDay(day, "unsigned_documentation", f"{_hm(attended)} attended, {_hm(minutes)} signed."))
            else:
                held.append(HeldDay(day, "below_day_minimum", f"{_hm(attended)} of the {_hm(minimum)} a day needs."))
            continue
        units = 1 if rules.unit_minutes == 0 else minutes // rules.unit_minutes
        lines.append(
            Line(
                day=day,
                code=rules.per_diem_code,
                units=units,
                minutes=minutes,
                revenue_code=rules.revenue_code,
                services=len(documented),
                refs=tuple(s.ref for s in documented),
            )
        )
    return lines


def _service_line(service: Service, rules: PayerRules, held: list[HeldDay]) -> Line | None:
    code = service_code(service)
    if code is None:
        held.append(HeldDay(service.day, "too_short", f"A {service.minutes}-minute {service.kind} session."))
        return None
    if code == GROUP_CODE and (service.participants or 0) > rules.max_group_participants:
        held.append(
            HeldDay(
                service.day,
                "group_too_large",
                f"{service.participants} participants; at most {rules.max_group_participants}.",
            )
        )
        return None
    return Line(
        day=service.day,
        code=code,
        units=1,
        minutes=service.minutes,
        revenue_code=rules.revenue_code,
        participants=service.participants if code == GROUP_CODE else None,
        refs=(service.ref,),
    )


def _per_service_lines(by_day: dict[dt.date, list[Service]], rules: PayerRules, held: list[HeldDay]) -> list[Line]:
    lines: list[Line] = []
    for day in sorted(by_day):
        for s in by_day[day]:
            if not rules.counts(s.kind) or s.minutes <= 0:
                continue
            if not s.documented:
                held.append(HeldDay(day, "unsigned_documentation", f"The {s.kind} session's note is not signed."))
                continue
            line = _service_line(s, rules, held)
            if line is not None:
                lines.append(line)
    return lines


def _medicare_days(by_day: dict[dt.date, list[Service]], rules: PayerRules, held: list[HeldDay]) -> list[Line]:
    lines: list[Line] = []
    for day in sorted(by_day):
        counted = [s for s in by_day[day] if rules.counts(s.kind) and s.minutes > 0]
        documented = [s for s in counted if s.documented]
        needed = rules.medicare_min_services
        if len(documented) < needed:
            if len(counted) >= needed:
                held.append(
                    HeldDay(
                        day, "unsigned_documentation", f"{len(counted)} services attended, {len(documented)} signed."
                    )
                )
            elif counted:
                held.append(HeldDay(day, "too_few_services", f"{len(counted)} services; the per diem needs {needed}."))
            continue
        day_lines = [line for s in documented if (line := _service_line(s, rules, held)) is not None]
        if len(day_lines) < needed:
            held.append(HeldDay(day, "too_few_services", f"{len(day_lines)} billable services; needs {needed}."))
            continue
        tier = "3" if len(day_lines) == needed else f"{needed + 1}+"
        lines.extend(replace(x, tier=tier) for x in day_lines)
    return lines


def _week_minimum(
    lines: list[Line], rules: PayerRules, held: list[HeldDay], *, exempt: bool, week_over: bool
) -> list[Line]:
    if exempt or not lines or rules.mode == PER_SERVICE:
        return lines
    days = sorted({line.day for line in lines})
    minutes = sum(line.minutes for line in lines)
    if len(days) < rules.min_days_per_week:
        reason = "week_below_minimum_days"
        detail = f"{len(days)} billable days; the payer needs {rules.min_days_per_week}."
    elif minutes < rules.min_minutes_per_week:
        reason = "week_below_minimum_minutes"
        detail = f"{_hm(minutes)} documented; the payer needs {_hm(rules.min_minutes_per_week)}."
    else:
        return lines
    if not week_over:
        reason, detail = "week_in_progress", f"{detail} Billable once the week reaches it."
    held.extend(HeldDay(day, reason, detail) for day in days)
    return []


def _authorize(
    lines: list[Line], rules: PayerRules, authorizations: Sequence[Authorization], held: list[HeldDay]
) -> tuple[list[Line], dict[str, int]]:
    """Each line takes its units from the first authorization covering its day and code; a day
    with any line left uncovered is held whole (a per diem is never billed in part)."""
    used: dict[str, int] = defaultdict(int)
    if not rules.requires_authorization:
        return lines, {}
    out: list[Line] = []
    by_day: dict[dt.date, list[Line]] = defaultdict(list)
    for line in lines:
        by_day[line.day].append(line)
    for day in sorted(by_day):
        taken: dict[str, int] = defaultdict(int)
        day_lines: list[Line] = []
        problem: HeldDay | None = None
        for line in by_day[day]:
            covering = [a for a in authorizations if a.covers(day, line.code)]
            chosen = next(
                (a for a in covering if a.units_remaining - used[a.ref] - taken[a.ref] >= line.units),
                None,
            )
            if chosen is None:
                problem = (
                    HeldDay(day, "authorization_exhausted", f"{covering[0].ref} has no {line.code} units left.")
                    if covering
                    else HeldDay(day, "no_authorization", f"No authorization for {line.code} on {day.isoformat()}.")
                )
                break
            taken[chosen.ref] += line.units
            day_lines.append(replace(line, authorization=chosen.ref))
        if problem is not None:
            held.append(problem)
            continue
        for ref, units in taken.items():
            used[ref] += units
        out.extend(day_lines)
    return out, dict(used)
