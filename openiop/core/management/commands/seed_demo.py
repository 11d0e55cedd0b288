from typing import Any

from django.core.management.base import BaseCommand

from openiop.core.demo_data import seed_demo


class Command(BaseCommand):
    help = "Create the demo organization, staff, clients and episodes (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        created = seed_demo()
        self.stdout.write("demo data: " + ", ".join(f"{n} {kind} created" for kind, n in created.items()))
