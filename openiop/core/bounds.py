"""Sane bounds for what may be stored: dates, datetimes and numbers (pure; no Django).

One place for every bound. Each ``*_problem`` function returns ``None`` when the value is fine and
otherwise the message to show next to the field; models (``clean_fields``), forms, services, the
API and ``openiop check data`` all ask these same functions, so a value refused on input is exactly
a value the data check reports among the rows stored before the bounds existed.

The ``safe_*`` helpers are for *rendering*: a legacy row (stored before these bounds, or written
around validation) must never turn date arithmetic into an ``OverflowError`` and a page into a 500.
"""

import datetime as dt
import math

# Absolute bounds for any date or datetime in the record: never year 1 or 9999.
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)

# Birth dates: after 1900-01-01 (the database's own check), never in the future.
EARLIEST_BIRTH_DATE = dt.date(1900, 1, 2)

# Clinical events (plan reviews, notes, drug screens, measures) fall within the client's episode,
# give or take this margin (intake measures come up to 60 days before admission; late notes after
# discharge), and never further than the margin into the future.
CLINICAL_MARGIN_DAYS = 180

# Program dates (series, absences, sessions): no further ahead than this, no further back than that.
PROGRAM_HORIZON_DAYS = 2 * 366
PROGRAM_PAST_DAYS = 10 * 366

# Integers that reach the database: a signed 32-bit column is the narrowest we store into.
INT32_MAX = 2**31 - 1


def date_problem(value: dt.date | None) -> str | None:
    """Any date or datetime: between 1900-01-01 and 2100-12-31."""
    if value is None:
        return None
    day = value.date() if isinstance(value, dt.datetime) else value
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        return f"Enter a date between {EARLIEST_DATE.isoformat()} and {LATEST_DATE.isoformat()}."
    return None


def datetime_problem(value: dt.datetime | None) -> str | None:
    """A datetime: within the absolute date bounds and carrying a time zone."""
    if value is None:
        return None
    if value.tzinfo is None or value.utcoffset() is None:
        return "Enter a date and time with a time zone."
    return date_problem(value)


def birth_date_problem(value: dt.date | None, *, today: dt.date) -> str | None:
    if value is None:
        return None
    if value < EARLIEST_BIRTH_DATE:
        return f"A date of birth must be after {EARLIEST_DATE.isoformat()}."
    if value > today:
        return "The date of birth cannot be in the future."
    return None


def clinical_date_problem(
    value: dt.date | None,
    *,
    episodes: list[tuple[dt.date, dt.date | None]],
    today: dt.date,
    margin_days: int = CLINICAL_MARGIN_DAYS,
) -> str | None:
    """A clinical event: within one of the client's episodes (admission, discharge or None while
    open) give or take the margin, and never more than the margin after today. With no episode
    (before admission) only the future limit applies."""
    if value is None:
        return None
    day = value.date() if isinstance(value, dt.datetime) else value
    absolute = date_problem(day)
    if absolute:
        return absolute
    margin = dt.timedelta(days=margin_days)
    latest = safe_add_days(today, margin_days)
    if day > latest:
        return f"This date is more than {margin_days} days in the future."
    if not episodes:
        return None
    for admitted, discharged in episodes:
        start = safe_add_days(admitted, -margin_days)
        end = safe_add_days(discharged or today, margin_days)
        if start <= day <= end:
            return None
    first = min(a for a, _ in episodes)
    return (
        f"This date is outside the client's episode of care (from {first.isoformat()}) by more than {margin.days} days."
    )


def program_date_problem(value: dt.date | None, *, today: dt.date) -> str | None:
    """A program date (a series, an absence, a session): within the planning horizon."""
    if value is None:
        return None
    day = value.date() if isinstance(value, dt.datetime) else value
    absolute = date_problem(day)
    if absolute:
        return absolute
    if day > safe_add_days(today, PROGRAM_HORIZON_DAYS):
        return f"Program dates can be at most {PROGRAM_HORIZON_DAYS // 366} years ahead."
    if day < safe_add_days(today, -PROGRAM_PAST_DAYS):
        return f"Program dates can be at most {PROGRAM_PAST_DAYS // 366} years back."
    return None


def int_problem(value: int, *, minimum: int = 0, maximum: int = INT32_MAX) -> str | None:
    if not minimum <= value <= maximum:
        return f"Enter a whole number between {minimum} and {maximum}."
    return None


def ascii_int_problem(text: str, *, minimum: int = 0, maximum: int = INT32_MAX) -> str | None:
    """A whole number typed as ASCII digits only (``int()`` also accepts ``"٣"`` and ``"1_0"``)."""
    stripped = text.strip()
    digits = stripped[1:] if stripped[:1] in "+-" else stripped
    if not digits or not digits.isascii() or not digits.isdigit():
        return "Enter a whole number written with the digits 0–9."
    return int_problem(int(stripped), minimum=minimum, maximum=maximum)


def finite_problem(value: float, *, minimum: float, maximum: float) -> str | None:
    if not math.isfinite(value) or not minimum <= value <= maximum:
        return f"Enter a number between {minimum:g} and {maximum:g}."
    return None


def safe_add_days(day: dt.date, days: int | float) -> dt.date:
    """``day + days``, clamped to the calendar instead of raising ``OverflowError``."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max if days > 0 else dt.date.min


def safe_shift(moment: dt.datetime, delta: dt.timedelta) -> dt.datetime:
    """``moment + delta``, clamped to the calendar."""
    try:
        return moment + delta
    except OverflowError:
        edge = dt.datetime.max if delta > dt.timedelta(0) else dt.datetime.min  # noqa: DTZ901 (zone set below)
        return edge.replace(tzinfo=moment.tzinfo)


def safe_combine(day: dt.date, time: dt.time, tzinfo: dt.tzinfo) -> dt.datetime:
    """``datetime.combine`` in a zone whose conversions stay inside the calendar (a local
    midnight of 0001-01-01 west of UTC, or of 9999-12-31 east of it, cannot be converted)."""
    clamped = min(max(day, dt.date.min + dt.timedelta(days=1)), dt.date.max - dt.timedelta(days=1))
    return dt.datetime.combine(clamped, time, tzinfo=tzinfo)


def safe_localtime(moment: dt.datetime, tzinfo: dt.tzinfo) -> dt.datetime:
    """The moment in a zone; at the calendar's edge, where the conversion overflows, the stored
    value as it is (naive, so that nothing downstream converts it again)."""
    try:
        return moment.astimezone(tzinfo)
    except OverflowError:
        return moment.replace(tzinfo=None)
