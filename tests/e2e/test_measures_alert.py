"""Issue 3, acceptance 3: a PHQ-9 with item 9 = 1 raises an alert on the chart and on the
clinician's home page; closing it needs a documented action; the audit trail has both."""

import re

from playwright.sync_api import Page, expect

from conftest import Cast
from openiop.audit.models import AuditEvent
from openiop.measures.models import Alert
from tests.e2e.conftest import log_in


def test_a_phq9_with_item_9_raises_an_alert_that_closes_only_with_a_documented_action(
    page: Page, e2e_cast: Cast
) -> None:
    erin = e2e_cast.erin
    log_in(page, "alice@a.test")
    page.goto(f"/clients/{erin.pk}/")
    expect(page.locator("#client-alerts")).to_contain_text("No open alerts.")

    page.get_by_role("link", name="Record a measure").click()
    page.get_by_role("link", name="Patient Health Questionnaire-9 (PHQ-9)").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Patient Health Questionnaire-9")
    for number in range(1, 9):
        page.get_by_role("group", name=re.compile(rf"^{number}\. ")).get_by_label("0 — Not at all").check()
    # Item 9 from the keyboard: focus its first option, arrow to "Several days".
    item9 = page.get_by_role("group", name=re.compile(r"^9\. Thoughts that you would be better off dead"))
    item9.get_by_label("0 — Not at all").focus()
    page.keyboard.press("ArrowRight")
    expect(item9.get_by_label("1 — Several days")).to_be_checked()
    page.get_by_role("button", name="Save PHQ-9").click()

    # The alert is on the chart header at once, assigned to Alice.
    alerts = page.locator("#client-alerts")
    expect(alerts).to_contain_text("Suicidal ideation")
    expect(alerts).to_contain_text("PHQ-9 item 9 (thoughts of death or self-harm) answered 1 — Several days.")
    expect(alerts).to_contain_text("assigned to Alice")
    expect(page.get_by_role("status").first).to_contain_text("PHQ-9 recorded: total 1, band minimal")

    # And on Alice's home page.
    page.goto("/home/")
    home_alerts = page.locator("#home-alerts")
    expect(home_alerts).to_contain_text("Erin Castillo")
    expect(home_alerts).to_contain_text("Suicidal ideation")
    home_alerts.get_by_role("link", name="Erin Castillo").click()

    # Closing without an action is refused with a field message; nothing changes.
    page.locator("#client-alerts").get_by_role("button", name="Close alert").click()
    expect(page.get_by_role("alert")).to_contain_text("Action taken")
    expect(page.locator(".field.has-error")).to_contain_text("Choose the action taken before closing the alert.")
    alert = Alert.objects.get(client=erin)
    assert alert.status == "open"

    # With a documented action it closes.
    page.get_by_label("Action taken").select_option(label="Safety plan reviewed")
    page.get_by_label("Note").fill("Reviewed her safety plan together; she has her sister's number.")
    page.get_by_role("button", name="Close alert").click()
    expect(page.locator("#client-alerts")).to_contain_text("No open alerts.")
    expect(page.get_by_role("status").first).to_contain_text("Alert closed: Safety plan reviewed.")
    alert.refresh_from_db()
    assert (alert.status, alert.closing_action, alert.closed_by) == ("closed", "safety-plan-reviewed", e2e_cast.alice)

    # The audit trail has both the raise and the close, by Alice, on Erin's record.
    events = AuditEvent.objects.filter(object_type="alert", object_id=str(alert.pk)).order_by("id")
    assert [(e.action, e.user_id, e.client_id) for e in events if e.action != "view"] == [
        ("create", e2e_cast.alice.pk, erin.pk),
        ("update", e2e_cast.alice.pk, erin.pk),
    ]
    assert events.get(action="update").detail["closing_action"] == "safety-plan-reviewed"
    page.goto("/home/")
    expect(page.locator("#home-alerts")).to_contain_text("No open alerts.")
