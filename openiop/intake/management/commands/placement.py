"""``openiop placement recommend FILE.json``; the work is in placement_cli."""

import sys

from django.core.management.base import BaseCommand

from openiop.intake.placement_cli import run_cli


class Command(BaseCommand):
    help = "Recommend a level of care (decision support): placement recommend FILE.json"

    def run_from_argv(self, argv: list[str]) -> None:
        # argv is ["openiop", "placement", ...]; the CLI parses the rest itself.
        sys.exit(run_cli(argv[2:], sys.stdin, sys.stdout, sys.stderr))
