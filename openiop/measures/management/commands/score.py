"""``openiop score CODE ANSWER... [--sex female|male]``; the work is in score_cli."""

import sys

from django.core.management.base import BaseCommand

from openiop.measures.score_cli import run_cli


class Command(BaseCommand):
    help = "Score one administration of an instrument: score CODE ANSWER... [--sex female|male]"

    def run_from_argv(self, argv: list[str]) -> None:
        # argv is ["openiop", "score", ...]; Django's argparse would exit 1 on bad input and
        # choke on answers such as "-", so the CLI parses the rest itself.
        sys.exit(run_cli(argv[2:], sys.stdout, sys.stderr))
