"""``openiop schedule export --site S --week YYYY-MM-DD [-o PROBLEM.json] [--previous-out SOLUTION.json]``.

Writes the schedule-v1 problem the app would solve for that site and week, so any week can be
reproduced outside the app (``openiop schedule solve``). ``--previous-out`` also writes last
week's placements in this week's ids, the ``--previous`` hint the app passes to the solver.
Exit codes: 0 written, 2 bad arguments (unknown site, not a date, a week outside the planning
horizon, an output that cannot be written; nothing written and no audit event).
"""

import argparse
import json
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from django.db import transaction

from openiop.accounts.models import Site
from openiop.audit.models import Action
from openiop.audit.services import record_read
from openiop.core import bounds
from openiop.core.cli import ExitError, Parser, iso_date
from openiop.scheduling.export import build_problem, pk_of, previous_for_week
from openiop.scheduling.services.runs import plan_week_error

USAGE_ERROR = 2
MAX_TIME_LIMIT_S = 3600.0


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    problem = bounds.finite_problem(value, minimum=0.001, maximum=MAX_TIME_LIMIT_S)
    if problem or value <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds in (0, {MAX_TIME_LIMIT_S:g}]")
    return value


def run_export(argv: Sequence[str], stdout: IO[str], stderr: IO[str]) -> int:
    """``argv`` excludes ``schedule export``."""
    parser = Parser(stderr, prog="openiop schedule export", description="Write a week's schedule problem.")
    parser.add_argument("--site", required=True, help="site name or id")
    parser.add_argument("--week", required=True, type=iso_date, help="any date of the week (its Monday is used)")
    parser.add_argument("-o", "--output", help="write here instead of to stdout")
    parser.add_argument("--previous-out", metavar="FILE", help="also write last week's placements (solver hint)")
    parser.add_argument("--time-limit", type=_seconds, default=None, metavar="S", help="settings.time_limit_s")
    try:
        args = parser.parse_args(list(argv))
    except ExitError as done:
        return done.code
    by_pk = args.site.isascii() and args.site.isdigit() and int(args.site) <= bounds.INT32_MAX
    query = Site.objects.filter(pk=int(args.site)) if by_pk else Site.objects.filter(name=args.site)
    site = query.first()
    if site is None:
        names = ", ".join(Site.objects.order_by("name").values_list("name", flat=True))
        stderr.write(f"--site: no site {args.site!r} (sites: {names or 'none'})\n")
        return USAGE_ERROR
    refused = plan_week_error(site, args.week)
    if refused:
        stderr.write(f"--week: {refused}\n")
        return USAGE_ERROR
    export = build_problem(site=site, week_start=args.week, time_limit_s=args.time_limit)
    outputs: list[tuple[str, str | None, dict[str, Any]]] = [("-o", args.output, export.problem)]
    if args.previous_out:
        outputs.append(("--previous-out", args.previous_out, previous_for_week(export) or {"clients": []}))
    # Files first, the audit event after: a failed export leaves neither a file nor an event.
    written: list[Path] = []
    with transaction.atomic():
        for option, target, document in outputs:
            try:
                written += _write(document, target, stdout)
            except OSError as error:
                for path in written:
                    path.unlink(missing_ok=True)
                stderr.write(f"{option} {target}: cannot write: {error.strerror or error}\n")
                return USAGE_ERROR
        record_read(
            user=None,
            action=Action.EXPORT,
            object_type="schedule_problem",
            site_id=site.pk,
            channel="cli",
            detail={"week": export.week_start.isoformat(), "clients": sorted(pk_of(k) for k in export.clients)},
        )
    for warning in export.warnings:
        stderr.write(f"note: {warning}\n")
    return 0


def _write(document: dict[str, Any], target: str | None, stdout: IO[str]) -> list[Path]:
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if target in (None, "-"):
        stdout.write(text)
        return []
    path = Path(str(target))
    path.write_text(text, encoding="utf-8")
    return [path]
