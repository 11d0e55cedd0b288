import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from openiop.accounts.models import User
from openiop.accounts.services import api_token_create


class Command(BaseCommand):
    help = "Print a new API bearer token for the user with this e-mail (shown once)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("email")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email__iexact=options["email"], is_active=True).first()
        if user is None:
            self.stderr.write(f"email: no active user with e-mail {options['email']!r}")
            sys.exit(2)
        self.stdout.write(api_token_create(user=user))
