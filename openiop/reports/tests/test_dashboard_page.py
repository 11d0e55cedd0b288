"""The director's dashboard page, its exports in the background and its JSON twin."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import Cast
from openiop.audit.models import AuditEvent
from openiop.clients.models import Client, Episode, EpisodeStatus
from openiop.measures.models import Administration
from openiop.reports.models import ReportRun, RunStatus

START, END = dt.date(2026, 1, 1), dt.date(2026, 3, 31)
QUERY = f"?start={START}&end={END}"


def _director(cast: Cast) -> HttpClient:
    http = HttpClient()
    http.force_login(cast.dana)
    return http


def _episodes(cast: Cast, count: int) -> None:
    """``count`` clients of site A, each with one episode in the period (every third discharged,
    every fifth of those as dropped out), and a PHQ-9 at admission for every tenth."""
    clients = Client.objects.bulk_create(
        Client(
            site=cast.site_a,
            legal_first_name=f"P{i}",
            legal_last_name="Load",
            date_of_birth=dt.date(1980 + i % 30, 1 + i % 12, 1),
            sex_assigned_at_birth="female" if i % 2 else "male",
            gender_identity="woman" if i % 2 else "man",
        )
        for i in range(count)
    )
    episodes = Episode.objects.bulk_create(
        Episode(
            client=c,
            site=cast.site_a,
            admission_date=START + dt.timedelta(days=i % 60),
            track="Adult substance use — evenings" if i % 2 else "Adult substance use — mornings",
            prescribed_hours_per_week=Decimal(12),
            status=EpisodeStatus.DISCHARGED if i % 3 == 0 else EpisodeStatus.ACTIVE,
            discharge_date=START + dt.timedelta(days=i % 60 + 20) if i % 3 == 0 else None,
            discharge_teds_reason=(2 if i % 5 == 0 else 1) if i % 3 == 0 else None,
        )
        for i, c in enumerate(clients)
    )
    Administration.objects.bulk_create(
        Administration(
            client_id=e.client_id,
            site=cast.site_a,
            episode=e,
            instrument="phq9",
            answers=[1] * 9,
            total=9,
            scoring_version="1",
            administered_by=cast.dana,
            administered_role="clinician",
            administered_at=timezone.make_aware(dt.datetime.combine(e.admission_date, dt.time(17))),
        )
        for e in episodes[::10]
    )


@pytest.mark.django_db
def test_the_director_sees_every_figure_with_a_table_beside_its_chart(cast: Cast) -> None:
    _episodes(cast, 30)
    response = _director(cast).get("/reports/" + QUERY)
    assert response.status_code == 200
    page = response.content.decode()
    for title in (
        "Census, admissions and discharges by week",
        "Intake conversion by referral source",
        "Retention: still in treatment",
        "Length of stay and completion",
        "Attendance against prescribed hours",
        "No-shows by track and time of day",
        "Response and remission at 30, 60 and 90 days",
        "Outcomes by length of stay",
        "No follow-ups recorded yet.",
        "No ratings yet.",
    ):
        assert title in page
    assert page.count('src="data:image/svg+xml;base64,') == 5
    assert page.count("<table>") == 9  # no attendance recorded, no follow-ups, no ratings
    event = AuditEvent.objects.filter(object_type="outcomes", action="view").get()
    assert event.site_id == cast.site_a.pk
    assert event.detail["start"] == "2026-01-01"


@pytest.mark.django_db
def test_filters_narrow_the_figures_and_are_named_on_the_page(cast: Cast) -> None:
    _episodes(cast, 30)
    http = _director(cast)
    page = http.get("/reports/" + QUERY + "&gender=woman&track=Adult+substance+use+—+evenings").content.decode()
    assert "gender: woman" in page
    # 15 women, all in the evening track (odd i); the 5 discharged among them (i = 3, 9, 15, 21, 27).
    assert '<th scope="row">5</th>' in page  # the stays table's first cell: discharged


@pytest.mark.django_db
def test_a_bad_period_is_a_field_error_not_a_500(cast: Cast) -> None:
    response = _director(cast).get("/reports/?start=2026-03-01&end=2026-01-01")
    assert response.status_code == 200
    assert "The period ends before it starts." in response.content.decode()
    response = _director(cast).get("/reports/?start=nonsense&gender=robot")
    assert response.status_code == 200
    assert "Enter a valid date." in response.content.decode()


@pytest.mark.django_db
def test_the_page_runs_a_constant_number_of_queries(cast: Cast) -> None:
    http = _director(cast)
    _episodes(cast, 100)
    http.get("/reports/" + QUERY)  # warm the session and the content types
    with CaptureQueriesContext(connection) as small:
        assert http.get("/reports/" + QUERY).status_code == 200
    _episodes(cast, 4_900)
    with CaptureQueriesContext(connection) as large:
        assert http.get("/reports/" + QUERY).status_code == 200
    assert len(large) == len(small) <= 25, [q["sql"][:120] for q in large.captured_queries]


@pytest.mark.django_db
def test_the_csv_export_runs_in_the_background_and_suppresses_small_groups(cast: Cast) -> None:
    _episodes(cast, 30)
    http = _director(cast)
    response = http.post("/reports/export/", {"start": START, "end": END, "gender": "woman", "format": "csv"})
    run = ReportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/reports/runs/{run.pk}/"
    assert (run.status, run.progress) == (RunStatus.DONE, 100)  # the immediate backend in tests
    page = http.get(response["Location"]).content.decode()
    assert "Download CSV" in page
    download = http.get(f"/reports/runs/{run.pk}/download/")
    assert download["Content-Type"].startswith("text/csv")
    text = download.content.decode()
    assert "filters,gender=woman" in text
    assert "<11" in text
    assert ",5," not in text  # five discharges: a group smaller than 11
    assert AuditEvent.objects.filter(object_type="outcomes", action="export", object_id=str(run.pk)).exists()


@pytest.mark.django_db
def test_the_pdf_export_is_a_pdf(cast: Cast) -> None:
    _episodes(cast, 12)
    http = _director(cast)
    http.post("/reports/export/", {"start": START, "end": END, "format": "pdf"})
    run = ReportRun.objects.get()
    assert run.status == RunStatus.DONE, run.error
    download = http.get(f"/reports/runs/{run.pk}/download/")
    assert download["Content-Type"] == "application/pdf"
    assert io.BytesIO(download.content).read(5) == b"%PDF-"


@pytest.mark.django_db
def test_an_export_run_is_only_its_requesters(cast: Cast) -> None:
    run = ReportRun.objects.create(
        site=cast.site_a, requested_by=cast.ava, format="csv", params={"start": "2026-01-01", "end": "2026-01-02"}
    )
    assert _director(cast).get(f"/reports/runs/{run.pk}/").status_code == 404


@pytest.mark.django_db
def test_the_api_answers_the_same_figures_and_422_for_a_bad_period(cast: Cast) -> None:
    _episodes(cast, 30)
    http = _director(cast)
    base = f"/api/v1/outcomes?site_id={cast.site_a.pk}"
    body = http.get(f"{base}&start={START}&end={END}&gender=woman").json()
    assert [t["key"] for t in body["tables"]][:3] == ["census", "funnel", "retention"]
    assert body["filters"] == {"gender": "woman"}
    bad = http.get(f"{base}&start={END}&end={START}")
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["field"] == "end"
    assert http.get(f"{base}&start={START}&end={END}&gender=robot").status_code == 422


@pytest.mark.django_db
def test_the_directors_home_page_links_to_the_dashboard_and_a_clinicians_does_not(cast: Cast) -> None:
    assert 'href="/reports/"' in _director(cast).get("/home/").content.decode()
    http = HttpClient()
    http.force_login(cast.alice)
    assert 'href="/reports/"' not in http.get("/home/").content.decode()
