import re
from pathlib import Path

from playwright.sync_api import Page, expect

from conftest import PASSWORD, Cast
from openiop.aftercare.models import AftercarePlan
from openiop.aftercare.services.meetings import meetings_import
from openiop.consents.models import Provider
from tests.e2e.conftest import log_in

FEED = Path(__file__).parents[2] / "openiop/aftercare/tests/fixtures/meeting-guide-la.json"


def test_a_clinician_builds_an_aftercare_plan_with_two_nearby_meetings_and_the_client_reads_it_in_spanish(
    page: Page, e2e_cast: Cast
) -> None:
    meetings_import(actor=None, source="la", data=FEED.read_bytes())
    erin = e2e_cast.erin
    erin.postal_code = "90210"
    erin.save(update_fields=["postal_code"])
    Provider.objects.create(
        site=e2e_cast.site_a, name="Westside Outpatient", levels=["1"], phone="(310) 555-0100", address="1 Main St"
    )

    log_in(page, "alice@a.test")
    page.goto(f"/clients/{erin.pk}/")
    page.get_by_role("link", name="Aftercare plan").click()
    page.get_by_role("button", name="Write the aftercare plan with the client").click()
    page.get_by_label("Step-down level of care").select_option(label="1 — Outpatient")
    page.get_by_label("Provider (from the site's directory)").select_option(label="Westside Outpatient")
    page.get_by_label("Sponsor").fill("Maria, 310-555-0123")
    page.get_by_label("Relapse warning signs").fill("Skipping meetings, isolating")
    page.get_by_label("What to do when they appear").fill("Call Maria and go to a meeting that day")
    page.get_by_role("button", name="Save the plan").click()
    expect(page.get_by_role("status")).to_contain_text("Aftercare plan saved")

    # The finder starts at Erin's ZIP code (90210) and lists the nearest meetings first.
    page.get_by_role("button", name="Find meetings to add").click()
    expect(page.get_by_label("ZIP code")).to_have_value("90210")
    page.get_by_role("button", name="Find meetings").click()
    results = page.locator("table.meetings tbody tr")
    expect(results.first).to_contain_text("Sunday Serenity")
    expect(results.first).to_contain_text("1.2 mi")
    expect(page.locator("table.meetings")).not_to_contain_text("Young People Online")  # approximate location
    page.get_by_role("button", name="Add Sunday Serenity on Sunday to the plan").click()
    expect(page.get_by_role("status")).to_contain_text("Added to the aftercare plan: Sunday Serenity")
    page.get_by_role("button", name="Add Mujeres en Recuperación on Wednesday to the plan").click()
    expect(page.get_by_role("status")).to_contain_text("Mujeres en Recuperación")

    page.get_by_role("link", name="Aftercare plan").click()
    chosen = page.locator(".plan-meetings li")
    expect(chosen).to_have_count(2)
    page.get_by_label("Written with the client, who agrees to it").check()
    page.get_by_label("Your password (to sign)").fill(PASSWORD)
    page.get_by_role("button", name="Sign version 1").click()
    expect(page.get_by_role("status")).to_contain_text("Aftercare plan version 1 signed")
    plan = AftercarePlan.objects.get(client=erin)
    assert plan.is_signed and plan.plan_meetings.count() == 2

    page.get_by_role("button", name="Log out").click()
    log_in(page, "erin@client.test")
    page.get_by_label("Language").select_option("es")
    page.get_by_role("button", name="Change").click()
    page.get_by_role("link", name="Mi plan de cuidado continuo").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mi plan de cuidado continuo")
    expect(page.get_by_text(re.compile("^Versión 1, firmada el"))).to_be_visible()
    expect(page.get_by_text("Siguiente nivel de atención")).to_be_visible()
    expect(page.get_by_text("Call Maria and go to a meeting that day")).to_be_visible()
    expect(chosen.filter(has_text="Sunday Serenity")).to_contain_text("Domingo 18:00")
    expect(chosen.filter(has_text="Mujeres en Recuperación")).to_contain_text("Miércoles 19:00")
