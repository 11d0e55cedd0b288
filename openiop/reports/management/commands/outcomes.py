"""``openiop outcomes retention FILE.json``; the work is in reports/retention_cli.py."""

import sys

from django.core.management.base import BaseCommand

from openiop.reports.retention_cli import run_cli


class Command(BaseCommand):
    help = "Program outcomes from the shell: outcomes retention FILE.json"

    def run_from_argv(self, argv: list[str]) -> None:
        sys.exit(run_cli(argv[2:], sys.stdin, sys.stdout, sys.stderr))
