"""The director filters the outcomes by women in the evening track and downloads the CSV and the PDF."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

from playwright.sync_api import Page, expect

from conftest import Cast
from openiop.clients.models import Client, Episode
from openiop.core.time import site_today
from tests.e2e.conftest import log_in

EVENING = "Adult substance use — evenings"
MORNING = "Adult substance use — mornings"


def _episodes(cast: Cast) -> None:
    """Twelve women and four men in the evening track, four women in the morning track; every
    fourth discharged (completed)."""
    today = site_today(cast.site_a)
    people = [("woman", EVENING)] * 12 + [("man", EVENING)] * 4 + [("woman", MORNING)] * 4
    for i, (gender, track) in enumerate(people):
        client = Client.objects.create(
            site=cast.site_a,
            legal_first_name=f"Person{i}",
            legal_last_name="Outcome",
            date_of_birth=dt.date(1985, 1, 1 + i),
            sex_assigned_at_birth="female" if gender == "woman" else "male",
            gender_identity=gender,
        )
        admitted = today - dt.timedelta(days=20 + 2 * i)
        discharged = i % 4 == 0
        Episode.objects.create(
            client=client,
            site=cast.site_a,
            admission_date=admitted,
            track=track,
            prescribed_hours_per_week=Decimal(12),
            status="discharged" if discharged else "active",
            discharge_date=admitted + dt.timedelta(days=15) if discharged else None,
            discharge_teds_reason=1 if discharged else None,
        )


def test_the_director_filters_women_in_the_evening_track_and_downloads_csv_and_pdf(
    page: Page, e2e_cast: Cast, tmp_path: Path
) -> None:
    _episodes(e2e_cast)
    log_in(page, "dana@a.test")
    page.goto("/reports/")
    expect(page.get_by_role("heading", name="Census, admissions and discharges by week")).to_be_visible()

    page.get_by_label("Track", exact=True).select_option(EVENING)
    page.get_by_label("Gender", exact=True).select_option("woman")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_text("gender: woman")).to_be_visible()
    expect(page.get_by_text(f"track: {EVENING}")).to_be_visible()
    stays = page.get_by_role("table", name="Length of stay and completion (discharges in the period)")
    expect(stays.get_by_role("rowheader")).to_have_text("3")  # women 0, 4 and 8 of the evening track

    page.get_by_role("button", name="Download CSV").click(timeout=30_000)
    expect(page.get_by_role("status")).to_contain_text("Ready.")
    with page.expect_download() as csv_download:
        page.get_by_role("link", name="Download CSV").click()
    csv_path = tmp_path / "outcomes.csv"
    csv_download.value.save_as(csv_path)
    text = csv_path.read_text(encoding="utf-8")
    assert f'filters,"track={EVENING}, gender=woman"' in text
    assert "<11" in text  # three discharges: suppressed in the export

    page.get_by_role("link", name="Back to the dashboard").click()
    expect(page.get_by_text("gender: woman")).to_be_visible()
    page.get_by_role("button", name="Download PDF").click(timeout=60_000)  # WeasyPrint lays it out meanwhile
    expect(page.get_by_role("status")).to_contain_text("Ready.")
    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="Download PDF").click()
    pdf_path = tmp_path / "outcomes.pdf"
    pdf_download.value.save_as(pdf_path)
    assert pdf_path.read_bytes()[:5] == b"%PDF-"
