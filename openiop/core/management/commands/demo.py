import os
from argparse import ArgumentParser
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from openiop.core.demo_data import DEMO_PASSWORD, demo_logins


class Command(BaseCommand):
    help = "Migrate, seed the demo data and serve on 127.0.0.1:$PORT (default 8000)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="Prepare the data and stop.")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("seed_demo")
        port = os.environ.get("PORT", "8000")
        self.stdout.write(f"\nopeniop demo: http://127.0.0.1:{port}/   password for every login: {DEMO_PASSWORD}")
        for name, email, what in demo_logins():
            self.stdout.write(f"  {email:28} {name:20} {what}")
        if not options["no_serve"]:
            call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)
