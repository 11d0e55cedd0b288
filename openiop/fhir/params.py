"""FHIR search parameter values (pure, no Django): dates with prefixes, tokens, references, counts.

Each parser raises ``BadParameterError`` naming the parameter; the view answers 400 with an
OperationOutcome. A date without a time zone is read in UTC (docs/formats/fhir.md).
"""

import datetime as dt
import re
from dataclasses import dataclass

DATE_PREFIXES = ("eq", "ne", "lt", "gt", "le", "ge")
_DATE = re.compile(
    r"^(?P<prefix>[a-z]{2})?(?P<year>\d{4})(-(?P<month>\d{2})(-(?P<day>\d{2})"
    r"(T(?P<hour>\d{2}):(?P<minute>\d{2})(:(?P<second>\d{2})(\.\d+)?)?(?P<tz>Z|[+-]\d{2}:\d{2})?)?)?)?$"
)
_ID = re.compile(r"^[A-Za-z0-9\-.]{1,64}$")
MAX_COUNT = 100
DEFAULT_COUNT = 20
# Far enough for any offset a real client pages to, small enough for the database's integers.
MAX_OFFSET = 1_000_000


class BadParameterError(ValueError):
    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message


@dataclass(frozen=True)
class DateRange:
    """A date search: ``prefix`` against the half-open interval [start, end) the value denotes."""

    prefix: str
    start: dt.datetime
    end: dt.datetime


def _zone(text: str | None) -> dt.tzinfo:
    if text is None or text == "Z":
        return dt.UTC
    sign = 1 if text[0] == "+" else -1
    hours, minutes = int(text[1:3]), int(text[4:6])
    if hours > 14 or minutes > 59:
        raise ValueError("offset")
    return dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))


def parse_date(name: str, value: str) -> DateRange:
    """``ge2026-01-01``, ``2026-01``, ``lt2026-11-02T10:00:00-08:00`` … (prefixes eq ne lt gt le ge)."""
    match = _DATE.match(value.strip())
    if match is None:
        raise BadParameterError(name, f"{value!r} is not a FHIR date (e.g. 2026-11-02 or ge2026-11-02T09:00:00Z).")
    prefix = match["prefix"] or "eq"
    if prefix not in DATE_PREFIXES:
        supported = ", ".join(DATE_PREFIXES)
        raise BadParameterError(name, f"the prefix {prefix!r} is not supported (use one of {supported}).")
    try:
        year = int(match["year"])
        if match["hour"] is not None:
            if match["tz"] is None:
                raise BadParameterError(name, f"{value!r} has a time but no time zone (add Z or ±hh:mm).")
            start = dt.datetime(
                year,
                int(match["month"]),
                int(match["day"]),
                int(match["hour"]),
                int(match["minute"]),
                int(match["second"] or 0),
                tzinfo=_zone(match["tz"]),
            )
            end = start + dt.timedelta(seconds=1)
        elif match["day"] is not None:
            start = dt.datetime(year, int(match["month"]), int(match["day"]), tzinfo=dt.UTC)
            end = start + dt.timedelta(days=1)
        elif match["month"] is not None:
            month = int(match["month"])
            start = dt.datetime(year, month, 1, tzinfo=dt.UTC)
            end = dt.datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=dt.UTC)
        else:
            start = dt.datetime(year, 1, 1, tzinfo=dt.UTC)
            end = dt.datetime(year + 1, 1, 1, tzinfo=dt.UTC)
    except (ValueError, OverflowError):
        raise BadParameterError(name, f"{value!r} is not a real date or time.") from None
    if not 1900 <= start.year <= 2100:
        raise BadParameterError(name, f"{value!r} is outside the years 1900–2100.")
    return DateRange(prefix=prefix, start=start, end=end)


def parse_instant(name: str, value: str) -> dt.datetime:
    """A FHIR instant (``_since``): a date and time with its zone."""
    found = parse_date(name, value)
    if found.prefix != "eq" or found.end - found.start != dt.timedelta(seconds=1):
        raise BadParameterError(name, f"{value!r} is not an instant (e.g. 2026-11-02T09:00:00Z).")
    return found.start


def parse_count(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= MAX_COUNT:
        raise BadParameterError("_count", f"give a whole number from 1 to {MAX_COUNT}.")
    return int(value)


def parse_offset(value: str) -> int:
    if not value.isdigit() or int(value) > MAX_OFFSET:
        raise BadParameterError("_offset", f"give a whole number from 0 to {MAX_OFFSET}.")
    return int(value)


def parse_ids(name: str, value: str) -> list[str]:
    ids = [part.strip() for part in value.split(",")]
    if not ids or any(not _ID.match(part) for part in ids):
        raise BadParameterError(name, "give one or more resource ids separated by commas.")
    return ids


def parse_reference(name: str, value: str, resource_type: str) -> list[str]:
    """``Patient/12``, ``12`` or a comma list of them: the ids."""
    ids = []
    for part in value.split(","):
        part = part.strip()
        if "/" in part:
            kind, _, part = part.rpartition("/")
            if kind.rsplit("/", 1)[-1] != resource_type:
                raise BadParameterError(name, f"this parameter refers to a {resource_type}.")
        if not _ID.match(part):
            raise BadParameterError(name, f"give {resource_type}/<id> or the id.")
        ids.append(part)
    return ids


@dataclass(frozen=True)
class Token:
    system: str | None  # None: any system; "": no system
    code: str


def parse_tokens(name: str, value: str) -> list[Token]:
    """``code``, ``system|code`` or ``|code`` (comma list: any of them)."""
    found = []
    for part in value.split(","):
        if not part.strip():
            raise BadParameterError(name, "an empty code.")
        if "|" in part:
            system, _, code = part.partition("|")
            found.append(Token(system=system, code=code))
        else:
            found.append(Token(system=None, code=part))
        if not found[-1].code:
            raise BadParameterError(name, "a code after the | is needed.")
    return found


def numeric_ids(name: str, ids: list[str]) -> list[int]:
    """Ids of rows keyed by number (an id that is not a number matches nothing)."""
    return [int(i) for i in ids if i.isdigit() and len(i) < 12]
