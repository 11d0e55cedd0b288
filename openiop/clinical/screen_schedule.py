"""A randomized weekly drug-testing schedule suggestion (pure; no Django).

Clinical reference §3: test "at least weekly and no more often than every 3 days" early in
treatment; ASAM: random, unannounced, and after weekends, holidays and paydays. So, for one
Monday-to-Sunday week:

- candidate days are the client's program days that week (Monday to Friday when none are known);
- a day is *weighted* ×3 when it follows a weekend, a holiday or a payday (Mondays always do);
- one or two tests are drawn (two with probability ``second_test_chance``, early in treatment
  only), never closer than ``min_gap_days`` (3) to each other or to the previous test;
- at least one test is always suggested: when no program day keeps the gap, any later weekday that
  does is used, and failing that the last day of the week.

The draw uses ``random.Random(seed)``: the same seed gives the same schedule (stable on reload),
and a seed made from the client and the week keeps it unpredictable for the client.
"""

import datetime as dt
import random
from collections.abc import Iterable
from dataclasses import dataclass

MIN_GAP_DAYS = 3
EARLY_TREATMENT_DAYS = 90


@dataclass(frozen=True)
class ScreenDay:
    day: dt.date
    reason: str  # "random", "after weekend", "after holiday", "after payday"


def _reason(day: dt.date, holidays: set[dt.date], paydays: set[dt.date]) -> str:
    before = day - dt.timedelta(days=1)
    if before in holidays:
        return "after holiday"
    friday_before_monday = day - dt.timedelta(days=3) if day.weekday() == 0 else None
    if before in paydays or friday_before_monday in paydays:
        return "after payday"
    if day.weekday() == 0:
        return "after weekend"
    return "random"


def suggest_week(
    *,
    week_start: dt.date,
    seed: int,
    program_days: Iterable[dt.date] = (),
    last_test: dt.date | None = None,
    admitted_on: dt.date | None = None,
    holidays: Iterable[dt.date] = (),
    paydays: Iterable[dt.date] = (),
    min_gap_days: int = MIN_GAP_DAYS,
    second_test_chance: float = 0.5,
) -> list[ScreenDay]:
    if week_start.weekday() != 0:
        raise ValueError("week_start must be a Monday")
    rng = random.Random(seed)  # noqa: S311 - unpredictability for the client, not security
    week = [week_start + dt.timedelta(days=i) for i in range(7)]
    holiday_set, payday_set = set(holidays), set(paydays)
    candidates = sorted({d for d in program_days if d in week}) or week[:5]

    def keeps_gap(day: dt.date, chosen: list[dt.date]) -> bool:
        others = [*chosen, *([last_test] if last_test else [])]
        return all(abs((day - other).days) >= min_gap_days for other in others)

    early = admitted_on is None or (week_start - admitted_on).days < EARLY_TREATMENT_DAYS
    wanted = 2 if early and rng.random() < second_test_chance else 1
    chosen: list[dt.date] = []
    for _ in range(wanted):
        pool = [d for d in candidates if keeps_gap(d, chosen)]
        if not pool:
            break
        weights = [3 if _reason(d, holiday_set, payday_set) != "random" else 1 for d in pool]
        chosen.append(rng.choices(pool, weights=weights, k=1)[0])
    if not chosen:
        fallback = [d for d in week if keeps_gap(d, [])]
        chosen.append(fallback[0] if fallback else week[-1])
    return [ScreenDay(d, _reason(d, holiday_set, payday_set)) for d in sorted(chosen)]
