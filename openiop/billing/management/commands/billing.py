"""``openiop billing claims …`` and ``openiop billing charges …`` (see ``openiop.billing.cli``).

Arguments go straight to the billing CLI's own parser so that options and exit codes (2 for bad
arguments, naming the option) are exactly those documented there."""

import sys
from argparse import REMAINDER, ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from openiop.billing.cli import run_billing


class Command(BaseCommand):
    help = "Billing: `openiop billing claims --site S --from D --to D --format 837i|837p -o FILE`."

    def run_from_argv(self, argv: list[str]) -> None:
        sys.exit(run_billing(argv[2:], sys.stdout, sys.stderr))

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("arguments", nargs=REMAINDER)

    def handle(self, *args: Any, **options: Any) -> None:
        code = run_billing([*args, *options["arguments"]], self.stdout, self.stderr)  # type: ignore[arg-type]
        if code:
            raise CommandError(f"billing exited with status {code}", returncode=code)
