"""The scheduled refresh of feeds with a URL, its last result shown to staff, and the pages that
log participation (staff entry, client self-report)."""

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import Cast
from openiop.aftercare import cli
from openiop.aftercare.models import ImportStatus, Meeting, MeetingSource, ParticipationEntry
from openiop.aftercare.services import meetings as services
from openiop.aftercare.services.plans import aftercare_plan_add_meeting
from openiop.core.time import site_today

LA = (Path(__file__).parent / "fixtures" / "meeting-guide-la.json").read_bytes()


@pytest.fixture
def feeds(db: None, monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """URL → body served instead of the network; an unknown URL fails to fetch."""
    served: dict[str, bytes] = {}

    def fake_fetch(url: str, *, timeout: float = 30) -> bytes:
        if url not in served:
            raise services.FetchFailed("could not fetch the feed: connection refused")
        return served[url]

    monkeypatch.setattr(services, "fetch", fake_fetch)
    return served


def source(slug: str, url: str, **kw: object) -> MeetingSource:
    return MeetingSource.objects.create(slug=slug, url=url, **kw)


def test_only_active_feeds_with_a_url_whose_interval_passed_are_refreshed(feeds: dict[str, bytes]) -> None:
    now = timezone.now()
    feeds["https://la.example/meetings.json"] = LA
    due = source("la", "https://la.example/meetings.json", refresh_hours=24, last_run_at=now - dt.timedelta(hours=25))
    source("fresh", "https://fresh.example/", refresh_hours=24, last_run_at=now - dt.timedelta(hours=1))
    source("paused", "https://paused.example/", active=False)
    MeetingSource.objects.create(slug="file-only")
    assert services.meeting_feeds_refresh_due(now=now) == {"la": ImportStatus.OK}
    due.refresh_from_db()
    assert due.last_status == ImportStatus.OK and due.last_report["meetings"] == 8


def test_the_refresh_command_queues_the_task_which_records_each_outcome(feeds: dict[str, bytes]) -> None:
    feeds["https://la.example/"] = LA
    feeds["https://broken.example/"] = b"<html>Service unavailable</html>"
    source("la", "https://la.example/")
    source("broken", "https://broken.example/")
    source("down", "https://down.example/")
    out, err = io.StringIO(), io.StringIO()
    assert cli.run_cli(["refresh"], out, err) == 0, err.getvalue()
    assert json.loads(out.getvalue())["status"] == "SUCCESSFUL"  # the immediate backend in tests
    status = dict(MeetingSource.objects.values_list("slug", "last_status"))
    assert status == {"la": "ok", "broken": "refused", "down": "failed"}
    assert Meeting.objects.filter(source__slug="la").count() == 8
    assert not Meeting.objects.exclude(source__slug="la").exists()


def test_a_refused_refresh_keeps_the_meetings_and_says_why_on_the_feeds_page(
    cast: Cast, feeds: dict[str, bytes]
) -> None:
    feeds["https://la.example/"] = LA
    la = source("la", "https://la.example/")
    services.meeting_source_refresh(actor=None, source=la)
    feeds["https://la.example/"] = b'{"error": "rate limited"}'
    la.refresh_from_db()
    assert services.meeting_source_refresh(actor=None, source=la) == ImportStatus.REFUSED
    assert Meeting.objects.filter(source=la, retired_at__isnull=True).count() == 8
    http = HttpClient()
    http.force_login(cast.bob)
    page = http.get("/aftercare/feeds/").content.decode()
    assert "Refused (not JSON or not a list)" in page and "not a list of meetings" in page
    assert "Refresh now" not in page  # only directors refresh
    http.force_login(cast.dana)
    assert "Refresh now" in http.get("/aftercare/feeds/").content.decode()


def test_a_director_adds_a_feed(cast: Cast) -> None:
    http = HttpClient()
    http.force_login(cast.dana)
    response = http.post(
        "/aftercare/feeds/new/",
        {
            "slug": "sf",
            "url": "https://sf.example/feed.json",
            "format": "meeting-guide",
            "refresh_hours": "12",
            "active": "on",
        },
    )
    assert response.status_code == 302
    assert MeetingSource.objects.get(slug="sf").refresh_hours == 12
    bad = http.post("/aftercare/feeds/new/", {"slug": "has spaces", "format": "csv", "refresh_hours": "0"})
    assert bad.status_code == 422


def test_staff_log_a_meeting_and_the_client_reports_one_in_the_portal(cast: Cast) -> None:
    today = site_today(cast.site_a).isoformat()
    http = HttpClient()
    http.force_login(cast.alice)
    url = f"/aftercare/clients/{cast.erin.pk}/participation/"
    assert http.post(url, {"kind": "meeting", "on": today, "meeting_name": "Noon Hope"}).status_code == 302
    assert http.post(url, {"kind": "meeting", "on": "2999-01-01", "meeting_name": "x"}).status_code == 422
    http.force_login(cast.erin_user)
    response = http.post("/aftercare/my/participation/", {"kind": "sponsor", "on": today}, HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 302
    entries = ParticipationEntry.objects.filter(client=cast.erin).order_by("pk")
    assert [(e.kind, e.self_reported) for e in entries] == [("meeting", False), ("sponsor", True)]
    page = http.get("/aftercare/my/participation/").content.decode()
    assert "1 meeting in the last 30 days" in page and "Noon Hope" in page


def test_the_plan_page_runs_the_same_queries_with_more_meetings(cast: Cast) -> None:
    src = MeetingSource.objects.create(slug="la")
    http = HttpClient()
    http.force_login(cast.alice)

    def add(n: int) -> None:
        meeting = Meeting.objects.create(
            source=src,
            slug=f"m{n}",
            name=f"Meeting {n}",
            days=[n % 7],
            time=dt.time(18),
            attendance="in_person",
            changed_at=timezone.now(),
        )
        aftercare_plan_add_meeting(actor=cast.alice, client=cast.erin, meeting=meeting, day=n % 7)

    def page(expected: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = http.get(f"/aftercare/clients/{cast.erin.pk}/plan/")
        assert response.status_code == 200 and expected in response.content.decode()
        return len(queries)

    add(0)
    small = page("Meeting 0")
    for n in range(1, 8):
        add(n)
    assert page("Meeting 7") == small
