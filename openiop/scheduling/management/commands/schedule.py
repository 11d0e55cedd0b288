"""``openiop schedule solve PROBLEM.json [-o SOLUTION.json] [--time-limit S]`` and
``openiop schedule export --site S --week YYYY-MM-DD [-o PROBLEM.json]``.

The command line lives in the pure ``solver.cli.run_cli``; this command only passes its
arguments through, bypassing Django's own parser so that options and exit codes are
exactly those of the solver's CLI.
"""

import sys
from argparse import REMAINDER, ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from openiop.scheduling.solver.cli import run_cli


class Command(BaseCommand):
    help = "Weekly schedules: `openiop schedule solve PROBLEM.json [-o SOLUTION.json] [--time-limit S]`."

    def run_from_argv(self, argv: list[str]) -> None:
        sys.exit(_run(argv[2:]))

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("arguments", nargs=REMAINDER)

    def handle(self, *args: Any, **options: Any) -> None:
        # Reached through call_command(); the command line goes through run_from_argv.
        code = _run([*args, *options["arguments"]])
        if code:
            raise CommandError(f"schedule exited with status {code}", returncode=code)


def _run(arguments: list[str]) -> int:
    if arguments[:1] == ["export"]:
        from openiop.scheduling.export_cli import run_export

        return run_export(arguments[1:], sys.stdout, sys.stderr)
    return run_cli(arguments, sys.stdin, sys.stdout, sys.stderr)
