import re
import sys
from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand

from openiop.accounts.models import User
from openiop.accounts.services import api_token_create

# "api" (the JSON API) or a SMART read scope: patient|user|system / * or a resource type . read|r|rs|*
SCOPE = re.compile(r"api|(patient|user|system)/(\*|[A-Z][A-Za-z]{1,63})\.(read|r|rs|\*)")


class Command(BaseCommand):
    help = (
        "Print a new API bearer token for the user with this e-mail (shown once). It expires after "
        "OPENIOP_API_TOKEN_DAYS days unless --days says otherwise, and carries the scope 'api' unless "
        "--scope names others (repeat it: --scope api --scope 'system/*.read')."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--scope", action="append", dest="scopes", metavar="SCOPE", help="repeatable")
        parser.add_argument("--days", type=int, help="lifetime in days (1-3650)")
        parser.add_argument("--label", default="", help="what the token is for (shown in the token list)")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email__iexact=options["email"], is_active=True).first()
        if user is None:
            self.stderr.write(f"email: no active user with e-mail {options['email']!r}")
            sys.exit(2)
        bad = [scope for scope in options["scopes"] or [] if not SCOPE.fullmatch(scope)]
        if bad:
            self.stderr.write(f"scope: {bad[0]!r} is not 'api' or a read scope like 'system/*.read'")
            sys.exit(2)
        if len(options["label"]) > 100:
            self.stderr.write("label: at most 100 characters")
            sys.exit(2)
        try:
            token = api_token_create(user=user, scopes=options["scopes"], days=options["days"], label=options["label"])
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                self.stderr.write(f"{field}: {' '.join(errors)}")
            sys.exit(2)
        self.stdout.write(token)
