"""The staff home page shows the site's wall clock, never UTC's (Site A is in Los Angeles)."""

import datetime as dt

from django.test import Client as HttpClient

from conftest import Cast
from openiop.clinical.tests.conftest import make_clients, make_session
from openiop.core.time import aware, site_today


def test_the_staff_home_shows_a_9_am_group_at_9_am_site_time_not_utc(cast: Cast) -> None:
    site = cast.site_a
    assert site.time_zone == "America/Los_Angeles"
    make_session(cast, starts_at=aware(site, site_today(site), dt.time(9, 0)), clients=make_clients(cast, 1))
    http = HttpClient()
    http.force_login(cast.alice)
    html = http.get("/home/").content.decode()
    assert "9:00 AM Adult mornings" in html  # the clinician's day
    assert "09:00–10:30" in html  # today's groups
    assert "5:00 PM" not in html and "4:00 PM" not in html  # 09:00 Pacific in UTC (PST, PDT)
