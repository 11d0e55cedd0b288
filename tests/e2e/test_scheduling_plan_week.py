"""The director plans next week of the demo, moves a client by hand (a move that breaks a hard rule
is refused with the reason), accepts, and the client's calendar feed lists the new sessions."""

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from openiop.clients.models import Client
from openiop.core.demo_data import DEMO_PASSWORD, seed_demo
from openiop.program.models import GroupSession
from openiop.scheduling import services
from openiop.scheduling.models import PlanAssignment, PlanRun
from tests.e2e.conftest import log_in


@pytest.fixture
def demo(transactional_db: None) -> Iterator[None]:
    seed_demo()
    yield


def _a_valid_swap(run: PlanRun, client: Client) -> tuple[GroupSession, GroupSession] | None:
    """One of the client's sessions and another one they could take instead, by the hard rules."""
    mine = [a.session for a in PlanAssignment.objects.filter(run=run, client=client).select_related("session")]
    assert run.problem is not None
    week = [int(s["id"][2:]) for s in run.problem["sessions"]]
    others = GroupSession.objects.filter(pk__in=week).exclude(pk__in=[s.pk for s in mine])
    for leave in mine:
        for join in others.order_by("starts_at"):
            if not services.plan_move_check(run=run, client=client, remove=leave, add=join):
                return leave, join
    return None


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def test_the_director_plans_a_week_adjusts_it_and_the_client_sees_it_in_their_calendar(page: Page, demo: None) -> None:
    log_in(page, "dana@westside.example", DEMO_PASSWORD)
    page.goto("/scheduling/")
    page.get_by_role("link", name="Next week →").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Weekly plans at Westside IOP")
    page.get_by_label("Time limit (seconds)").fill("5")
    page.get_by_role("button", name="Plan week").click()

    expect(page.get_by_role("heading", name="Week board")).to_be_visible(timeout=60_000)
    expect(page.get_by_role("table").first).to_contain_text("Adult substance use — mornings")
    run = PlanRun.objects.filter(site__name="Westside IOP").order_by("-pk").first()
    assert run is not None and run.accepted_at is None and run.problem is not None
    erin = Client.objects.get(legal_last_name="Castillo")
    week = [int(s["id"][2:]) for s in run.problem["sessions"]]
    teens = GroupSession.objects.filter(pk__in=week, track__name="Adolescent afternoons").order_by("starts_at").first()
    assert teens is not None

    # A move that breaks a hard rule: the live check says so, and pressing Move is refused with the reason.
    page.get_by_label("Client *").select_option(label="Erin Castillo")
    page.get_by_label("Put into").select_option(value=str(teens.pk))
    expect(page.locator("#move-check")).to_contain_text("the session is for the adolescent population")
    page.get_by_role("button", name="Move", exact=True).click()
    refused = page.get_by_role("alert").filter(has_text="Refused")
    expect(refused).to_contain_text("Not eligible: the session is for the adolescent population.")
    assert not PlanAssignment.objects.filter(run=run, client=erin, session=teens).exists()

    # A move that keeps every rule is made.
    swap = _a_valid_swap(run, erin)
    assert swap is not None, "the demo week should leave Erin another group she could take"
    leave, join = swap
    page.get_by_label("Client *").select_option(label="Erin Castillo")
    page.get_by_label("Take out of").select_option(value=str(leave.pk))
    page.get_by_label("Put into").select_option(value=str(join.pk))
    expect(page.locator("#move-check")).to_contain_text("keeps every hard rule for Erin Castillo")
    page.get_by_role("button", name="Move", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="Moved Erin Castillo")).to_be_visible()
    expect(page.locator("#clients").get_by_role("row", name=re.compile("^Erin Castillo"))).to_contain_text("(by hand)")

    page.get_by_role("button", name="Accept plan").click()
    expect(page.get_by_role("status").filter(has_text="Plan accepted")).to_be_visible(timeout=30_000)

    # Erin's chart: make her calendar link; the feed lists next week's sessions, the new one included.
    page.goto(f"/clients/{erin.pk}/")
    page.get_by_role("button", name=re.compile("Make a (new )?calendar link")).click()
    url = page.get_by_label("Subscription address (iCalendar)").input_value()
    assert "/scheduling/feeds/" in url and url.endswith(".ics")
    feed = page.request.get(url)
    assert feed.ok and feed.headers["content-type"].startswith("text/calendar")
    body = feed.text()
    assert "SUMMARY:Group session" in body and "Erin" not in body
    placed = PlanAssignment.objects.filter(run=run, client=erin).select_related("session")
    assert join.pk in {a.session_id for a in placed} and leave.pk not in {a.session_id for a in placed}
    for assignment in placed:
        assert f"DTSTART:{_utc(assignment.session.starts_at)}" in body
    assert f"UID:group-{leave.pk}@openiop" not in body
