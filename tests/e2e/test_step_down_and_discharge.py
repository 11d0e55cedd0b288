"""Issue 12, acceptance 1 (the stay's part): Alice steps Erin down from IOP to OP, then discharges
her with a signed summary; the PDF of the summary opens from the episode."""

from playwright.sync_api import Page, expect

from conftest import PASSWORD, Cast
from openiop.clients.models import DischargeSummary, Episode
from openiop.core.time import site_today
from tests.e2e.conftest import log_in


def test_alice_steps_erin_down_from_iop_to_op_and_discharges_her_with_a_signed_summary(
    page: Page, e2e_cast: Cast
) -> None:
    episode = Episode.objects.get(client=e2e_cast.erin)
    today = site_today(e2e_cast.site_a).isoformat()
    log_in(page, "alice@a.test")
    page.goto(f"/clients/{e2e_cast.erin.pk}/")
    page.locator("#episodes").get_by_role("link").first.click()
    expect(page.locator("#episode-level")).to_contain_text("2.1")

    page.get_by_role("button", name="Step up or down").click()
    page.get_by_label("New level of care").select_option("1")
    page.get_by_label("From").fill(today)
    page.get_by_label("Reason").fill("IOP goals met; stable for four weeks")
    page.get_by_label("…or the placement evidence in words").fill("Continued-stay review: dimensions 4–6 at 1")
    page.get_by_role("button", name="Step up or down").click()
    # Outpatient hours are under 9 a week: the form says so and nothing changes.
    expect(page.locator("#form-errors")).to_contain_text("give the new hours")
    page.get_by_label("Prescribed hours a week at the new level").fill("6")
    page.get_by_role("button", name="Step up or down").click()
    expect(page.locator("#episode-level")).to_contain_text("1 — Outpatient")
    expect(page.get_by_role("table")).to_contain_text("Stepped down")

    page.get_by_role("button", name="Discharge").click()
    page.get_by_label("Discharge date").fill(today)
    page.get_by_label("Reason for discharge (TEDS)").select_option("1")
    page.get_by_label("Use of the primary substance in the last 30 days").select_option("1")
    page.get_by_label("Mutual-help meetings attended in the last 30 days").fill("10")
    page.get_by_label("Reason for admission").fill("Alcohol use disorder, moderate")
    page.get_by_label("Course of treatment").fill("Twelve weeks of IOP, then four of OP")
    page.get_by_label("Condition at discharge").fill("Abstinent 90 days")
    page.get_by_label("Recommendations and aftercare").fill("Weekly therapy; AA three times a week")
    page.get_by_label("Your password (to sign)").fill(PASSWORD)
    page.get_by_role("button", name="Discharge").click()

    expect(page.locator("#episode-status")).to_contain_text("Discharged")
    expect(page.locator("#summary-signed")).to_contain_text("Signed by Alice")
    episode.refresh_from_db()
    assert (episode.level_of_care, episode.discharge_teds_reason, episode.discharge_self_help_30d) == ("1", 1, 10)
    assert DischargeSummary.objects.get(episode=episode).is_signed
    response = page.request.get(f"/clients/episodes/{episode.pk}/summary.pdf")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
