"""Client list, search and chart at scale: times each page on a throw-away test database.

Prints, for 1,000 and 10,000 clients, the median time and the query count of the client list,
a name search and a chart. The query counts must not grow with the data (the unit tests assert
it too); the times show what a clinician waits for.
"""

import datetime as dt
import os
import statistics
import sys
import time
from decimal import Decimal


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openiop.settings")
    os.environ.setdefault("OPENIOP_ENV", "test")
    import django

    django.setup()


def _time(http: object, url: str, repeat: int = 7) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    samples = []
    queries = 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = http.get(url)  # type: ignore[attr-defined]
            samples.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(ctx.captured_queries)
    return statistics.median(samples) * 1000, queries


def main(argv: list[str]) -> None:
    _setup()
    from django.db import connection
    from django.test import Client as HttpClient
    from django.test.utils import setup_test_environment

    from openiop.accounts.models import Membership, Organization, Role, Site, User
    from openiop.clients.models import Client, Episode

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        org = Organization.objects.create(name="Bench")
        site = Site.objects.create(organization=org, name="Bench site")
        director = User.objects.create_user("bench@x.test", "bench-password-1", full_name="Bench Director")
        Membership.objects.create(user=director, site=site, role=Role.DIRECTOR)
        http = HttpClient()
        http.force_login(director)
        total = 0
        print(f"{'clients':>8} {'page':<10} {'median ms':>10} {'queries':>8}")
        for size in (1_000, 10_000):
            batch = [
                Client(
                    site=site,
                    legal_first_name=f"First{i}",
                    legal_last_name=f"Last{i:05d}",
                    date_of_birth=dt.date(1980, 1, 1) + dt.timedelta(days=i % 9000),
                    sex_assigned_at_birth="female",
                )
                for i in range(total, size)
            ]
            created = Client.objects.bulk_create(batch, batch_size=2000)
            Episode.objects.bulk_create(
                (
                    Episode(
                        client=c,
                        site=site,
                        admission_date=dt.date(2026, 11, 1),
                        primary_clinician=director,
                        prescribed_hours_per_week=Decimal(12),
                    )
                    for c in created
                ),
                batch_size=2000,
            )
            total = size
            one = Client.objects.order_by("pk").first()
            assert one is not None
            for label, url in (
                ("list", "/clients/"),
                ("search", "/clients/?q=Last00042"),
                ("chart", f"/clients/{one.pk}/"),
            ):
                ms, queries = _time(http, url)
                print(f"{size:>8} {label:<10} {ms:>10.1f} {queries:>8}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main(sys.argv[1:])
