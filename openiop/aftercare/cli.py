"""``openiop meetings import|search|refresh`` (docs/algorithms/meetings.md).

Exit codes: 0 done; 2 bad arguments or a refused file (not JSON, not a list, unreadable path:
nothing changed), naming the option; 1 a URL that could not be fetched (nothing changed).
"""

import argparse
import json
import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any, NoReturn

from openiop.aftercare.meetings import feed
from openiop.aftercare.meetings.search import ATTENDING, Query, parse_day

USAGE_ERROR = 2
FETCH_ERROR = 1
MAX_MILES = 12_500.0  # half the Earth's circumference: anything farther is a typo
MAX_LIMIT = 10_000
_SLUG = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


class _ExitError(Exception):
    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


class _Parser(argparse.ArgumentParser):
    def __init__(self, stderr: IO[str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._err = stderr

    def _print_message(self, message: str, file: object = None) -> None:
        if message:
            self._err.write(message)

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            self._err.write(message)
        raise _ExitError(status)


def _slug(text: str) -> str:
    if not _SLUG.match(text):
        raise argparse.ArgumentTypeError(f"{text!r} is not a slug (letters, digits, - and _; up to 64)")
    return text


def _near(text: str) -> tuple[float, float]:
    try:
        lat_text, lon_text = text.split(",")
        lat, lon = float(lat_text), float(lon_text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not LAT,LON") from None
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        raise argparse.ArgumentTypeError(f"{text!r} is not LAT,LON (latitude −90…90, longitude −180…180)")
    return lat, lon


def _miles(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or not 0 < value <= MAX_MILES:
        raise argparse.ArgumentTypeError(f"{text!r} is not a distance in miles (0, {MAX_MILES:g}]")
    return value


def _days(text: str) -> frozenset[int]:
    try:
        return frozenset(parse_day(part) for part in text.split(","))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _clock(text: str) -> Any:
    try:
        value = feed.parse_time(text)
    except ValueError:
        value = None
    if value is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not a time (HH:MM)")
    return value


def _types(text: str) -> tuple[str, ...]:
    codes = tuple(c.strip() for c in text.split(",") if c.strip())
    if not codes:
        raise argparse.ArgumentTypeError("name at least one type code (e.g. W,S)")
    return codes


def _attendance(text: str) -> frozenset[str]:
    values = frozenset(v.strip() for v in text.split(","))
    unknown = sorted(values - set(ATTENDING))
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown attendance {', '.join(unknown)} (in_person, hybrid, online)")
    return values


def _limit(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= MAX_LIMIT:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number 1–{MAX_LIMIT}")
    return int(text)


def _read(location: str) -> bytes:
    from openiop.aftercare.services.meetings import fetch

    if location.lower().startswith(("http://", "https://")):
        return fetch(location)
    return Path(location).read_bytes()


def run_import(argv: Sequence[str], stdout: IO[str], stderr: IO[str]) -> int:
    from openiop.aftercare.services.meetings import FetchFailed, meetings_import

    parser = _Parser(stderr, prog="openiop meetings import", description="Import a meeting feed.")
    parser.add_argument("location", metavar="PATH_OR_URL")
    parser.add_argument("--source", required=True, type=_slug, metavar="SLUG")
    parser.add_argument("--format", choices=feed.FORMATS, default="meeting-guide")
    try:
        args = parser.parse_args(list(argv))
    except _ExitError as done:
        return done.code
    try:
        data = _read(args.location)
    except FetchFailed as exc:
        stderr.write(f"PATH_OR_URL: {exc}\n")
        return FETCH_ERROR
    except OSError as exc:
        stderr.write(f"PATH_OR_URL: cannot read {args.location!r}: {exc.strerror or exc}\n")
        return USAGE_ERROR
    try:
        report = meetings_import(actor=None, source=args.source, data=data, fmt=args.format)
    except feed.FeedRefused as exc:
        stderr.write(f"PATH_OR_URL: refused, nothing imported: {exc}\n")
        return USAGE_ERROR
    stdout.write(json.dumps(report, ensure_ascii=False) + "\n")
    return 0


def search_parser(stderr: IO[str]) -> _Parser:
    parser = _Parser(stderr, prog="openiop meetings search", description="Search imported meetings.")
    parser.add_argument("--source", type=_slug, metavar="SLUG")
    parser.add_argument("--near", type=_near, metavar="LAT,LON")
    parser.add_argument("--miles", type=_miles, metavar="R")
    parser.add_argument("--day", type=_days, metavar="sun..sat", help="one day or a list: mon,wed")
    parser.add_argument("--from", dest="start_from", type=_clock, metavar="HH:MM", help="start at or after")
    parser.add_argument("--to", dest="start_to", type=_clock, metavar="HH:MM", help="start before")
    parser.add_argument("--types", type=_types, default=(), metavar="W,S", help="every code required")
    parser.add_argument("--attendance", type=_attendance, metavar="in_person,hybrid,online")
    parser.add_argument("--include-inactive", action="store_true", help="also temporarily closed meetings")
    parser.add_argument("--limit", type=_limit, metavar="N")
    parser.add_argument("--format", choices=("json",), default="json")
    return parser


def query_from(args: argparse.Namespace) -> Query:
    return Query(
        source=args.source,
        near=args.near,
        miles=args.miles,
        days=args.day,
        start_from=args.start_from,
        start_to=args.start_to,
        types=args.types,
        attendance=args.attendance,
        include_inactive=args.include_inactive,
        limit=args.limit,
    )


def run_search(argv: Sequence[str], stdout: IO[str], stderr: IO[str]) -> int:
    from openiop.aftercare.selectors.meetings import meetings_search

    parser = search_parser(stderr)
    try:
        args = parser.parse_args(list(argv))
    except _ExitError as done:
        return done.code
    if args.miles is not None and args.near is None:
        stderr.write("--miles: give --near LAT,LON too\n")
        return USAGE_ERROR
    if args.start_from is not None and args.start_to is not None and args.start_to <= args.start_from:
        stderr.write("--to: must be later than --from (a window does not wrap past midnight)\n")
        return USAGE_ERROR
    rows = meetings_search(query_from(args))
    stdout.write(json.dumps([row.as_dict() for row in rows], ensure_ascii=False, indent=2) + "\n")
    return 0


def run_refresh(argv: Sequence[str], stdout: IO[str], stderr: IO[str]) -> int:
    """Queue the refresh of every feed that is due (cron runs this; the task worker does the work)."""
    from openiop.aftercare.tasks import refresh_meeting_feeds

    parser = _Parser(stderr, prog="openiop meetings refresh", description="Queue the refresh of due feeds.")
    try:
        parser.parse_args(list(argv))
    except _ExitError as done:
        return done.code
    result = refresh_meeting_feeds.enqueue()
    stdout.write(json.dumps({"task": str(result.id), "status": str(result.status)}) + "\n")
    return 0


COMMANDS = {"import": run_import, "search": run_search, "refresh": run_refresh}


def run_cli(argv: Sequence[str], stdout: IO[str], stderr: IO[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        stderr.write("usage: openiop meetings {import,search,refresh} ...\n")
        return USAGE_ERROR
    return COMMANDS[argv[0]](argv[1:], stdout, stderr)
