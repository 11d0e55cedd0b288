"""``openiop teds export --site S --from D --to D --kind admission|discharge -o FILE.csv``.

Writes the file and prints the validation report; exit 0 when every record is complete, 1 when
some have missing or invalid required fields (the file is still written, with −9), 2 for a bad
argument (named; nothing written).
"""

import argparse
import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO, cast

from openiop.accounts.models import Site
from openiop.reports.teds import export

EXIT_OK, EXIT_INCOMPLETE, EXIT_INVALID = 0, 1, 2
USAGE = (
    "usage: openiop teds export --site SITE --from YYYY-MM-DD --to YYYY-MM-DD --kind admission|discharge -o FILE.csv\n"
)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class _ArgumentError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _ArgumentError(message)


def _parser() -> _Parser:
    parser = _Parser(prog="openiop teds export", add_help=False)
    parser.add_argument("--site", required=True)
    parser.add_argument("--from", dest="start", required=True)
    parser.add_argument("--to", dest="end", required=True)
    parser.add_argument("--kind", required=True)
    parser.add_argument("-o", "--output", required=True)
    return parser


def _date(name: str, value: str) -> dt.date:
    try:
        if not _DATE.match(value):
            raise ValueError
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise _ArgumentError(f"{name}: {value!r} is not a date as YYYY-MM-DD") from None
    if not dt.date(1900, 1, 1) <= day <= dt.date(2100, 12, 31):
        raise _ArgumentError(f"{name}: must be between 1900-01-01 and 2100-12-31")
    return day


def _site(value: str) -> Site:
    by_id = value.isdigit() and len(value) <= 18
    site = Site.objects.filter(pk=int(value)).first() if by_id else Site.objects.filter(name=value).first()
    if site is None:
        raise _ArgumentError(f"--site: no site {value!r} (give its id or its exact name)")
    return site


def run_cli(argv: Sequence[str], stdout: TextIO, stderr: TextIO) -> int:
    if list(argv) in (["-h"], ["--help"]):
        stdout.write(USAGE)
        return EXIT_OK
    if not argv or argv[0] != "export":
        stderr.write(USAGE)
        return EXIT_INVALID
    try:
        args = _parser().parse_args(list(argv[1:]))
        start, end = _date("--from", args.start), _date("--to", args.end)
        if end < start:
            raise _ArgumentError("--to: is before --from")
        if args.kind not in ("admission", "discharge"):
            raise _ArgumentError(f"--kind: {args.kind!r} is not admission or discharge")
        output = Path(args.output)
        if not output.parent.is_dir():
            raise _ArgumentError(f"-o: the folder {str(output.parent)!r} does not exist")
        site = _site(args.site)
    except _ArgumentError as error:
        stderr.write(f"{error}\n{USAGE}")
        return EXIT_INVALID
    kind = cast(export.Kind, args.kind)
    rows = export.records(export.episode_facts(site, start, end, kind), kind)
    try:
        export.write_csv(output, rows, kind)
    except OSError as error:
        stderr.write(f"-o: cannot write {str(output)!r}: {error.strerror or error}\n")
        return EXIT_INVALID
    export.record_export(site, start, end, kind, rows)
    stdout.write("\n".join(export.report_lines(rows, kind)) + "\n")
    return EXIT_INCOMPLETE if any(r.problems for r in rows) else EXIT_OK
