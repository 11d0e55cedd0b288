import sys
from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand

from openiop.accounts.models import ApiToken, User
from openiop.consents.models import Provider, Purpose, RecipientClass
from openiop.fhir.services import export_recipient_set


class Command(BaseCommand):
    help = (
        "Make a bearer token stand for a recipient outside the program (a provider of the site's "
        "directory): its Bulk Data exports then contain only the clients whose Part 2 consent covers "
        "that provider and purpose, each entered in the accounting of disclosures."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("token_prefix", help="the first 12 characters of the token")
        parser.add_argument("--provider", type=int, required=True, help="the provider's id in the directory")
        parser.add_argument("--purpose", required=True, choices=Purpose.values)
        parser.add_argument("--recipient-class", default="", choices=["", *RecipientClass.values])
        parser.add_argument("--by", required=True, help="e-mail of the site's director making the link")

    def _fail(self, field: str, message: str) -> None:
        self.stderr.write(f"{field}: {message}")
        sys.exit(2)

    def handle(self, *args: Any, **options: Any) -> None:
        actor = User.objects.filter(email__iexact=options["by"], is_active=True).first()
        if actor is None:
            self._fail("by", f"no active user with e-mail {options['by']!r}")
        token = ApiToken.objects.filter(prefix=options["token_prefix"], revoked_at__isnull=True).first()
        if token is None:
            self._fail("token_prefix", "no live token starts with this")
        provider = Provider.objects.filter(pk=options["provider"]).first()
        if provider is None:
            self._fail("provider", f"no provider with id {options['provider']}")
        assert actor is not None and token is not None and provider is not None  # noqa: S101 - _fail exits
        try:
            row = export_recipient_set(
                actor=actor,
                token=token,
                provider=provider,
                purpose=options["purpose"],
                recipient_class=options["recipient_class"],
            )
        except PermissionDenied as exc:
            self._fail("by", str(exc))
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                self.stderr.write(f"{field}: {' '.join(errors)}")
            sys.exit(2)
        self.stdout.write(f"Token {token.prefix}… now stands for {row.provider} ({row.purpose}).")
