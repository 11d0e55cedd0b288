"""``openiop teds export …``; the work is in reports/teds_cli.py (docs/formats/teds.md)."""

import sys

from django.core.management.base import BaseCommand

from openiop.reports.teds_cli import run_cli


class Command(BaseCommand):
    help = "TEDS admission or discharge records: teds export --site S --from D --to D --kind K -o FILE.csv"

    def run_from_argv(self, argv: list[str]) -> None:
        sys.exit(run_cli(argv[2:], sys.stdout, sys.stderr))
