"""Acceptance 1: the public form rejects bad input and stores nothing, accepts good input, the inquiry
appears on the staff board, and 20 rapid posts from one address are throttled."""

import re

from playwright.sync_api import Page, expect

from conftest import Cast
from openiop.intake.models import Inquiry
from tests.e2e.conftest import log_in


def test_a_visitor_asks_for_help_and_the_inquiry_reaches_the_intake_board(page: Page, e2e_cast: Cast) -> None:
    page.goto("/intake/get-help")
    expect(page.get_by_role("complementary").first).to_contain_text("988")

    # Bad input: field errors, nothing stored.
    page.get_by_label("Phone", exact=True).fill("555-12")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("alert")).to_contain_text("Your name")
    expect(page.locator(".field.has-error")).to_contain_text(["This field is required.", "Enter a phone number"])
    expect(page.locator("#id_consent_to_contact_error")).to_contain_text("agree to be contacted")
    assert not Inquiry.objects.exists()

    # Ticking "thoughts of harming myself" shows 988 at once.
    help_now = page.locator("#help-now")
    expect(help_now).to_be_hidden()
    page.get_by_label("Thoughts of harming myself").check()
    expect(help_now).to_be_visible()
    expect(help_now).to_contain_text("988")
    page.get_by_label("Thoughts of harming myself").uncheck()
    expect(help_now).to_be_hidden()

    # Good input.
    page.get_by_label("Your name").fill("Robin Reyes")
    page.get_by_label("Phone", exact=True).fill("(213) 555-0123")
    page.get_by_label("E-mail", exact=True).fill("robin@example.org")
    page.get_by_label("Evening (5–8)").check()
    page.get_by_label("Myself", exact=True).check()
    page.get_by_label("Alcohol").check()
    page.get_by_label("You may contact me").check()
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you. We received your request.")
    inquiry = Inquiry.objects.get()
    assert inquiry.name == "Robin Reyes" and inquiry.channel == "web"

    # It is on Ivan's board, in the New column.
    log_in(page, "ivan@a.test")
    page.goto("/intake/")
    expect(page.locator("#column-new")).to_contain_text("Robin Reyes")
    page.locator("#column-new").get_by_role("link", name="Robin Reyes").click()
    expect(page.locator("#inquiry-status")).to_have_text("New")


def test_twenty_rapid_posts_from_one_address_are_throttled(page: Page, e2e_cast: Cast) -> None:
    page.goto("/intake/get-help?lang=es")
    expect(page.get_by_role("heading", level=1)).to_have_text("Obtener ayuda")
    token = page.locator("input[name=csrfmiddlewaretoken]").input_value()
    statuses = []
    for i in range(20):
        response = page.request.post(
            "/intake/get-help",
            form={
                "csrfmiddlewaretoken": token,
                "name": f"Flood {i}",
                "phone": f"(213) 555-01{i:02d}",
                "best_time": "any",
                "who_for": "self",
                "consent_to_contact": "on",
            },
            max_redirects=0,
        )
        statuses.append(response.status)
    assert statuses[:5] == [302] * 5 and set(statuses[5:]) == {429}, statuses
    assert Inquiry.objects.count() == 5
    page.goto("/intake/get-help")
    page.get_by_label("Your name").fill("One more")
    page.get_by_label("Phone", exact=True).fill("(213) 555-0199")
    page.get_by_label("You may contact me").check()
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Too many requests"))
