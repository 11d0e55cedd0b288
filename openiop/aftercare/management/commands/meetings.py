"""``openiop meetings import PATH_OR_URL --source SLUG [--format meeting-guide|bmlt]``,
``openiop meetings search [...] --format json`` and ``openiop meetings refresh``.

The command line lives in ``aftercare.cli``; this command passes its arguments through,
bypassing Django's parser so that options and exit codes are exactly the CLI's.
"""

import sys
from argparse import REMAINDER, ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from openiop.aftercare.cli import run_cli


class Command(BaseCommand):
    help = "Mutual-help meetings: `openiop meetings import|search|refresh` (docs/algorithms/meetings.md)."

    def run_from_argv(self, argv: list[str]) -> None:
        sys.exit(run_cli(argv[2:], sys.stdout, sys.stderr))

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("arguments", nargs=REMAINDER)

    def handle(self, *args: Any, **options: Any) -> None:
        code = run_cli([*args, *options["arguments"]], self.stdout, self.stderr)  # type: ignore[arg-type]
        if code:
            raise CommandError(f"meetings exited with status {code}", returncode=code)
