"""``openiop billing claims --site S --from D --to D --format 837i|837p -o FILE`` and
``openiop billing charges --site S --week D``.

``claims`` writes one X12 file of claims for the site's unbilled, authorized, documented days in
the dates (the charges move onto the claims, as from the billing page) and prints a JSON summary;
``charges`` computes one week's charges and held days. Exit codes: 0 done (also when there was
nothing to claim: no file is written then), 2 bad arguments naming the option (unknown site, not a
date, dates in the wrong order, an unknown format, an output that cannot be written; nothing
changes).
"""

import json
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from django.core.exceptions import ValidationError
from django.db import transaction

from openiop.accounts.models import Site
from openiop.billing.services.charges import charges_compute
from openiop.billing.services.claims import claims_generate
from openiop.core.cli import ExitError, Parser, bounded_date

USAGE_ERROR = 2


def _site(text: str, stderr: IO[str]) -> Site | None:
    by_pk = text.isascii() and text.isdigit() and len(text) < 10
    site = (Site.objects.filter(pk=int(text)) if by_pk else Site.objects.filter(name=text)).first()
    if site is None:
        names = ", ".join(Site.objects.order_by("name").values_list("name", flat=True))
        stderr.write(f"--site: no site {text!r} (sites: {names or 'none'})\n")
    return site


def run_billing(argv: Sequence[str], stdout: IO[str], stderr: IO[str]) -> int:
    parser = Parser(stderr, prog="openiop billing", description="Charges and claim files.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    claims = commands.add_parser("claims", help="write an 837I or 837P file", stderr=stderr)
    claims.add_argument("--site", required=True, help="site name or id")
    claims.add_argument("--from", dest="first_day", required=True, type=bounded_date, metavar="YYYY-MM-DD")
    claims.add_argument("--to", dest="last_day", required=True, type=bounded_date, metavar="YYYY-MM-DD")
    claims.add_argument("--format", required=True, choices=["837i", "837p"])
    claims.add_argument("-o", "--output", required=True, help="the X12 file to write")
    charges = commands.add_parser("charges", help="compute a week's charges", stderr=stderr)
    charges.add_argument("--site", required=True, help="site name or id")
    charges.add_argument("--week", required=True, type=bounded_date, metavar="YYYY-MM-DD", help="any day of the week")
    try:
        args = parser.parse_args(list(argv))
    except ExitError as done:
        return done.code
    site = _site(args.site, stderr)
    if site is None:
        return USAGE_ERROR
    if args.command == "charges":
        run = charges_compute(actor=None, site=site, week_start=args.week)
        stdout.write(
            json.dumps(
                {"week": run.week_start.isoformat(), "clients": run.clients, "charges": run.charges, "held": run.held}
            )
            + "\n"
        )
        return 0
    if args.last_day < args.first_day:
        stderr.write("--to: the last day is before --from\n")
        return USAGE_ERROR
    target = Path(args.output)
    if not target.parent.is_dir():
        stderr.write(f"-o {args.output}: no such folder\n")
        return USAGE_ERROR
    try:
        with transaction.atomic():
            export = claims_generate(
                actor=None, site=site, first_day=args.first_day, last_day=args.last_day, kind=args.format
            )
            if export.file is not None:
                try:
                    target.write_text(export.text, encoding="ascii")
                except OSError as error:
                    stderr.write(f"-o {args.output}: cannot write: {error.strerror or error}\n")
                    transaction.set_rollback(True)
                    return USAGE_ERROR
    except ValidationError as error:
        for field, problems in error.message_dict.items():
            stderr.write(f"--{field}: {' '.join(problems)}\n")
        return USAGE_ERROR
    summary = {
        "file": str(target) if export.file else None,
        "control_number": export.file.control_number if export.file else None,
        "claims": [c.control_number for c in export.claims],
        "total": str(sum((c.total for c in export.claims), 0)),
        "skipped": {str(k): v for k, v in sorted(export.skipped.items())},
    }
    stdout.write(json.dumps(summary) + "\n")
    return 0
