"""Acceptance 1: attendance for 12 clients with the keyboard, the group note with individualized entries,
a warning about two near-identical entries, an edit, the signature, and one note per attending chart."""

import datetime as dt
import re

from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import PASSWORD, Cast
from openiop.clinical.models import Attendance, Note
from openiop.clinical.tests.conftest import make_clients, make_session
from tests.e2e.conftest import log_in

TOPICS = [
    "described the drive home past the old bar as the hardest moment of the week",
    "said weekends alone are the risk and set a Saturday meeting with a sponsor",
    "brought a list of three refusal lines and practised them twice",
    "named payday cash as a trigger and set up direct deposit",
    "talked about sleep problems and agreed to a wind-down routine",
    "stayed quiet, then shared grief about a friend and accepted support",
    "reported 10 days abstinent and celebrated with the group",
    "challenged a peer respectfully about minimising use",
    "worked on a relapse prevention plan for a family wedding",
    "identified anger at work as a cue and chose a breathing skill",
]


def test_a_clinician_takes_attendance_writes_and_signs_the_group_note(page: Page, e2e_cast: Cast) -> None:
    clients = make_clients(e2e_cast, 12)
    session = make_session(e2e_cast, starts_at=timezone.now() - dt.timedelta(hours=2), clients=clients)
    log_in(page, "alice@a.test")
    page.goto(f"/clinical/sessions/{session.pk}/attendance/")
    expect(page.get_by_role("heading", name="Attendance")).to_be_visible()

    # Keyboard only: everyone starts present for 90 minutes; change the exceptions.
    late, gone, sick = clients[2], clients[10], clients[11]
    page.locator(f'tr[data-client="{clients[0].pk}"] input[type=radio][value=present]').focus()
    for _ in range(6):  # status, minutes, reason of rows 1 and 2
        page.keyboard.press("Tab")
    page.keyboard.press("ArrowRight")  # row 3: present → late
    page.keyboard.press("Tab")
    page.keyboard.press("Control+A")
    page.keyboard.type("60")
    for client in (gone, sick):
        page.locator(f'tr[data-client="{client.pk}"] input[type=radio][value=present]').focus()
        for _ in range(3):
            page.keyboard.press("ArrowRight")  # → late → left early → absent
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        page.keyboard.type("Illness")
    page.locator(f"#minutes-{clients[0].pk}").focus()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Group note")).to_be_visible()
    attending = [c for c in clients if c not in (gone, sick)]
    assert e2e_cast.erin not in attending
    page.get_by_label("Topic").fill("Triggers and refusal skills")
    page.get_by_label("Interventions used").fill("Psychoeducation; CBT trigger mapping; role play")
    summary = "Members mapped high-risk situations and practised refusals in pairs."
    page.get_by_label("Summary (group process)").fill(summary)
    for client, topic in zip(attending, TOPICS, strict=True):
        for field, answer in (("participation_level", "active"), ("engagement", "receptive"), ("mood", "euthymic")):
            page.locator(f"#{field}-{client.pk}").select_option(answer)
        page.locator(f"#risk-{client.pk}").select_option("none")
        page.locator(f"#comment-{client.pk}").fill(f"Engaged throughout; {topic}.")
    twin = f"Engaged throughout; {TOPICS[0]}."
    page.locator(f"#comment-{attending[1].pk}").fill(twin.replace("hardest", "worst"))
    page.get_by_role("button", name="Save draft and check").click()

    expect(page.locator("#similar-warning")).to_be_visible()
    expect(page.locator("fieldset.gn-row.similar")).to_have_count(2)
    page.locator(f"#comment-{attending[1].pk}").fill(f"Engaged throughout; {TOPICS[1]}.")
    page.get_by_label("Your password (to sign)").fill(PASSWORD)
    page.get_by_role("button", name="Sign group note").click()
    expect(page.get_by_text(re.compile(r"10 progress notes filed"))).to_be_visible()

    names = {c.pk: (c.legal_first_name, c.legal_last_name) for c in clients}
    for client, topic in zip(attending, TOPICS, strict=True):
        page.goto(f"/clients/{client.pk}/")
        page.locator("#clinical-notes").get_by_role("link", name=re.compile(r"\d{4}")).first.click()
        article = page.locator("#note")
        expect(article).to_contain_text("Members mapped high-risk situations")
        expect(article).to_contain_text(topic)
        expect(article).to_contain_text("Participated actively, contributing without prompting.")
        expect(page.locator("#note-status")).to_contain_text("Signed")
        text = article.inner_text()
        for other, parts in names.items():
            if other != client.pk:
                assert not any(re.search(rf"\b{re.escape(p)}\b", text) for p in parts), (client, parts)
        assert sum(t in text for t in TOPICS) == 1
    for client in (gone, sick):
        page.goto(f"/clients/{client.pk}/")
        expect(page.locator("#clinical-notes")).to_contain_text("No notes yet.")
    assert Note.objects.filter(group_note__session=session).count() == 10
    marked = {a.client_id: (a.status, a.minutes) for a in Attendance.objects.filter(session=session)}
    assert marked[late.pk] == ("late", 60) and marked[sick.pk] == ("absent", 0)
