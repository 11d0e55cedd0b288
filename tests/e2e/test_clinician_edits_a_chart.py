import re

from playwright.sync_api import Page, expect

from conftest import Cast
from tests.e2e.conftest import log_in


def test_a_clinician_searches_opens_a_chart_fixes_a_phone_and_logs_out(page: Page, e2e_cast: Cast) -> None:
    log_in(page, "alice@a.test")
    expect(page).to_have_url(re.compile(r"/home/$"))

    page.get_by_role("link", name="Clients").click()
    page.get_by_label("Search by name").fill("Castillo")
    results = page.locator("#results")
    expect(results).to_contain_text("1 client")
    results.get_by_role("link", name=re.compile("Castillo")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Erin Castillo")

    page.get_by_role("link", name="Edit", exact=True).click()
    page.get_by_label("Phone", exact=True).fill("55-12")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Phone")
    expect(page.locator(".field.has-error")).to_contain_text("Enter a phone number of 10 digits")
    e2e_cast.erin.refresh_from_db()
    assert e2e_cast.erin.phone == "(310) 555-0142"

    page.get_by_label("Phone", exact=True).fill("(213) 555-0199")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#client-phone")).to_have_text("(213) 555-0199")
    e2e_cast.erin.refresh_from_db()
    assert e2e_cast.erin.phone == "(213) 555-0199"

    page.get_by_role("button", name="Log out").click()
    page.goto("/clients/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
