import json
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from openiop.audit.chain import checkpoint_write
from openiop.audit.models import Checkpoint
from openiop.audit.verify import audit_verify, read_checkpoint_file


class Command(BaseCommand):
    help = (
        "Audit trail tools. `verify` checks the keyed chain, its head and every checkpoint (also those in"
        " --checkpoints FILE, an auditor's copy); `checkpoint` signs and stores one now; `checkpoints`"
        " prints them all (--format json|jsonl) for an auditor to keep."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["verify", "checkpoint", "checkpoints"])
        parser.add_argument(
            "--checkpoints", action="append", default=[], metavar="FILE", help="exported checkpoints (verify)"
        )
        parser.add_argument("--format", choices=["json", "jsonl"], default="json", help="checkpoints: output format")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "checkpoint":
            made = checkpoint_write()
            self.stdout.write(json.dumps(made.as_dict(), sort_keys=True))
            return
        if options["action"] == "checkpoints":
            rows = [c.as_dict() for c in Checkpoint.objects.order_by("count", "id")]
            if options["format"] == "json":
                self.stdout.write(json.dumps(rows, indent=2, sort_keys=True))
            else:
                for row in rows:
                    self.stdout.write(json.dumps(row, sort_keys=True))
            return
        extra: list[tuple[str, dict[str, Any]]] = []
        for name in options["checkpoints"]:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"--checkpoints: {name} is not a readable file", returncode=2)
            try:
                extra += [(f"checkpoint of {c['created_at']} in {name}", c) for c in read_checkpoint_file(path)]
            except ValueError as exc:
                raise CommandError(f"--checkpoints: {exc}", returncode=2) from None
        checked, broken = audit_verify(checkpoints=extra)
        if broken is not None:
            so_far = f"{checked} events ok before it" if broken.event_id else f"{checked} events checked"
            self.stderr.write(f"audit chain {broken.message()} ({so_far})")
            sys.exit(1)
        self.stdout.write(f"audit chain ok: {checked} events verified")
