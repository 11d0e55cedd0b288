"""Acceptance 2, the whole path: intake screens by phone, books an assessment; the clinician completes it
(CIWA-Ar 6, highest rating 2), sees the recommendation 2.1, signs and admits; the client signs the required
consents on the staff device (the optional TPO consent is left for later); the episode is active and the
signed PDFs open from the chart."""

import re

from playwright.sync_api import Page, expect

from conftest import PASSWORD, Cast
from openiop.clients.models import Episode
from openiop.consents.models import ConsentDocument
from openiop.intake.models import Assessment, Inquiry
from tests.e2e.conftest import log_in

# CIWA-Ar 6: tremor 2, sweats 1, anxiety 2, headache 1; every other item 0.
CIWA = {1: "0", 2: "2", 3: "1", 4: "2", 5: "0", 6: "0", 7: "0", 8: "0", 9: "1", 10: "0"}
RATINGS = {1: "1", 2: "0", 3: "2", 4: "1", 5: "2", 6: "1"}


def test_from_a_phone_call_to_an_active_episode(page: Page, e2e_cast: Cast) -> None:
    # Intake: the call, the phone screen, the client record, the booking.
    log_in(page, "ivan@a.test")
    page.goto("/intake/inquiries/new/")
    page.get_by_label("Name").fill("Casey Morgan")
    page.get_by_label("Phone", exact=True).fill("(213) 555-0144")
    page.get_by_label("Alcohol").check()
    page.get_by_label("Agrees to be contacted").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Casey Morgan")

    page.get_by_role("button", name="Screen by phone").click()
    for item in ("1", "2", "6"):
        page.locator(f"#id_cssrs_screen__{item}_0").check()  # no
    page.locator("#id_phq2__1_0").check()
    page.locator("#id_phq2__2_1").check()
    page.get_by_label("Hours a week they could attend").fill("12")
    page.get_by_label("Book an assessment").check()
    page.get_by_role("button", name="Save screening").click()
    expect(page.locator("#disposition")).to_contain_text("Book an assessment")

    page.get_by_role("link", name="Casey Morgan").click()
    page.get_by_role("button", name="Make a client record").click()
    page.get_by_label("Date of birth").fill("1990-04-05")
    page.get_by_label("Sex assigned at birth").select_option("female")
    page.get_by_role("button", name="Make client record").click()
    page.get_by_role("button", name="Book an assessment").click()
    page.get_by_label("Assessing clinician").select_option(label="Alice")
    page.get_by_label("Date and time").fill("2026-12-03T10:00")
    page.get_by_role("button", name="Book").click()
    expect(page.locator("#inquiry-status")).to_have_text("Assessment booked")
    page.get_by_role("button", name="Log out").click()

    # The clinician completes the assessment and watches the recommendation follow the ratings.
    log_in(page, "alice@a.test")
    page.goto("/intake/assessments/")
    page.get_by_role("link", name="Casey Morgan").click()
    page.get_by_role("button", name="Edit assessment").click()
    page.get_by_label("Presenting problem").fill("Drinking daily since losing a job; wants to stop.")
    for number, value in CIWA.items():
        page.locator(f"#id_ciwa_ar__{number}").select_option(value)
    for dimension, rating in RATINGS.items():
        page.locator(f"#id_dimension_{dimension}").select_option(rating)
        page.locator(f"#id_dimension_{dimension}_rationale").fill(f"Rationale {dimension}.")
    recommendation = page.locator("#recommendation")
    expect(page.locator("#recommended-level")).to_have_text("2.1")
    expect(recommendation).to_contain_text("Decision support")
    expect(recommendation).to_contain_text("CIWA-Ar 6")
    page.get_by_role("button", name="Save assessment").click()

    expect(page.locator("#recommended-level")).to_have_text("2.1")
    expect(page.get_by_label("Level of care decided")).to_have_value("2.1")
    page.get_by_label("I have reviewed this assessment").check()
    page.get_by_label("Your password (to sign)").fill(PASSWORD)
    page.get_by_role("button", name="Sign assessment").click()
    expect(page.locator("#assessment-status")).to_have_text("Signed")
    assert Assessment.objects.get().recommended_level == "2.1"

    page.get_by_role("button", name="Admit to IOP").click()
    page.get_by_label("Prescribed hours a week").fill("12")
    page.get_by_label("Track").fill("Adult substance use — evenings")
    page.get_by_role("button", name="Admit").click()

    # Admission lands on the documents to sign; the client signs each required one on this device.
    page.wait_for_url(re.compile(r"/consents/clients/\d+/admission/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Admission documents")
    required = page.locator("#admission-documents tbody tr", has_text="required")
    expect(required).to_have_count(2)
    to_sign = required.get_by_role("button", name=re.compile("^Sign "))
    for _ in range(2):
        to_sign.first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Please read and sign, Casey Morgan")
        page.get_by_label("Type your full legal name").fill("Casey Morgan")
        page.get_by_label("I have read this document and I agree to it").check()
        page.get_by_role("button", name="Sign").click()
        expect(page.get_by_role("status").first).to_contain_text("Signed:")
    expect(to_sign).to_have_count(0)
    all_signed = "The consent to treatment and the client rights are signed."
    expect(page.get_by_role("status").filter(has_text=all_signed)).to_be_visible()
    signed = ConsentDocument.objects.filter(client__legal_last_name="Morgan", status="signed")
    assert signed.count() == 2 and not any(d.is_part2 for d in signed)

    episode = Episode.objects.get(client__legal_last_name="Morgan")
    assert episode.status == "active" and episode.level_of_care == "2.1" and episode.primary_clinician == e2e_cast.alice
    assert Inquiry.objects.get().status == "admitted"

    # The clinician opens the chart and each signed document's PDF from it.
    page.get_by_role("link", name="Back to the chart").click()
    expect(page.locator("#client-name")).to_have_text("Casey Morgan")
    expect(page.locator(".chart-header")).to_contain_text("Level 2.1")
    pdf_links = page.locator("#consents").get_by_role("link", name=re.compile("^PDF of "))
    expect(pdf_links).to_have_count(2)
    for link in pdf_links.all():
        href = link.get_attribute("href")
        assert href is not None
        response = page.request.get(href)
        assert response.status == 200 and response.headers["content-type"] == "application/pdf"
        assert response.body().startswith(b"%PDF")
