import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from openiop.audit.services import audit_verify


class Command(BaseCommand):
    help = "Audit trail tools. `openiop audit verify` checks the hash chain."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        checked, broken = audit_verify()
        if broken is not None:
            self.stderr.write(
                f"audit chain BROKEN at event {broken.event_id}: {broken.reason} ({checked} events ok before it)"
            )
            sys.exit(1)
        self.stdout.write(f"audit chain ok: {checked} events verified")
