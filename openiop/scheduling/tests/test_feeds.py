"""Calendar feeds: secret token URLs (only a hash stored), minimal PHI, changes and cancellations."""

import datetime as dt
from typing import Any

import icalendar
import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client as HttpClient

from openiop.accounts.models import hash_token
from openiop.audit.models import AuditEvent
from openiop.program import services as program
from openiop.program.tests.world import WEEK, World, at
from openiop.scheduling import services
from openiop.scheduling.feeds import render_feed
from openiop.scheduling.models import CalendarFeed

NOW = at(WEEK, 6)


def _events(body: bytes) -> dict[str, Any]:
    return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(body).walk("VEVENT")}


@pytest.fixture
def erin_feed(world: World) -> tuple[CalendarFeed, str]:
    program.enrollment_add(actor=world.cast.dana, session=world.monday, client=world.cast.erin)
    program.enrollment_add(actor=world.cast.dana, session=world.wednesday, client=world.cast.erin)
    program.individual_session_create(
        actor=world.cast.dana,
        client=world.cast.erin,
        clinician=world.cast.alice,
        starts_at=at(WEEK + dt.timedelta(days=1), 10),
        ends_at=at(WEEK + dt.timedelta(days=1), 10, 50),
    )
    return services.calendar_feed_create_for_client(actor=world.cast.alice, client=world.cast.erin)


def test_only_a_hash_of_the_token_is_stored(erin_feed: tuple[CalendarFeed, str]) -> None:
    feed, token = erin_feed
    feed.refresh_from_db()
    assert feed.token_hash == hash_token(token) and token not in feed.token_hash
    assert feed.prefix == token[:8] and len(token) >= 40


def test_the_client_feed_lists_their_sessions_as_plain_group_and_individual_sessions(
    world: World, erin_feed: tuple[CalendarFeed, str]
) -> None:
    feed, _ = erin_feed
    body, count = render_feed(feed, now=NOW)
    events = _events(body)
    assert count == 3 and set(events) == {
        f"group-{world.monday.pk}@openiop",
        f"group-{world.wednesday.pk}@openiop",
        f"individual-{erin_feed[0].client.individual_sessions.get().pk}@openiop",  # type: ignore[union-attr]
    }
    monday = events[f"group-{world.monday.pk}@openiop"]
    assert str(monday["SUMMARY"]) == "Group session" and monday["STATUS"] == "CONFIRMED"
    assert monday.decoded("DTSTART") == at(WEEK, 9)
    text = body.decode()
    for private in ("Erin", "Castillo", "Adult mornings", "Relapse", "Alice"):
        assert private not in text


def test_a_moved_session_keeps_its_uid_with_a_higher_sequence_and_a_cancelled_one_says_so(
    world: World, erin_feed: tuple[CalendarFeed, str]
) -> None:
    feed, _ = erin_feed
    program.session_move(
        actor=world.cast.dana,
        session=world.monday,
        starts_at=at(WEEK, 13),
        ends_at=at(WEEK, 16),
        room=world.room,
        reason="Morning staff training",
    )
    program.session_cancel(actor=world.cast.dana, session=world.wednesday, reason="Holiday")
    events = _events(render_feed(feed, now=NOW)[0])
    moved, cancelled = events[f"group-{world.monday.pk}@openiop"], events[f"group-{world.wednesday.pk}@openiop"]
    assert moved["SEQUENCE"] == 1 and moved.decoded("DTSTART") == at(WEEK, 13)
    assert cancelled["STATUS"] == "CANCELLED" and cancelled["SEQUENCE"] == 1


def test_the_feed_url_needs_no_login_and_its_fetch_is_audited_with_the_owner(
    world: World, erin_feed: tuple[CalendarFeed, str]
) -> None:
    _, token = erin_feed
    response = HttpClient().get(f"/scheduling/feeds/{token}.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert response["Cache-Control"] == "private, no-store"
    event = AuditEvent.objects.filter(object_type="calendar_feed").get()
    assert event.client_id == world.cast.erin.pk and event.channel == "feed"
    assert event.user == world.cast.erin_user and event.detail["owner"] == f"client:{world.cast.erin.pk}"


def test_a_client_without_a_login_is_recorded_as_the_owner(world: World) -> None:
    _, token = services.calendar_feed_create_for_client(actor=world.cast.dana, client=world.cast.frank)
    world.cast.frank.user = None
    world.cast.frank.save()
    assert HttpClient().get(f"/scheduling/feeds/{token}.ics").status_code == 200
    event = AuditEvent.objects.filter(object_type="calendar_feed").get()
    assert event.user is None and event.detail["owner"] == f"client:{world.cast.frank.pk}"


def test_a_revoked_or_replaced_link_stops_working(world: World, erin_feed: tuple[CalendarFeed, str]) -> None:
    _, token = erin_feed
    _, newer = services.calendar_feed_create_for_client(actor=world.cast.dana, client=world.cast.erin)
    assert HttpClient().get(f"/scheduling/feeds/{token}.ics").status_code == 404
    assert HttpClient().get(f"/scheduling/feeds/{newer}.ics").status_code == 200
    services.calendar_feed_revoke(actor=world.cast.alice, feed=CalendarFeed.objects.get(revoked_at__isnull=True))
    assert HttpClient().get(f"/scheduling/feeds/{newer}.ics").status_code == 404


@pytest.mark.parametrize("person", ["bob", "bill", "mel", "carol"])
def test_only_staff_who_may_change_the_client_make_their_link(world: World, person: str) -> None:
    with pytest.raises(PermissionDenied):
        services.calendar_feed_create_for_client(actor=getattr(world.cast, person), client=world.cast.erin)


def test_a_clinicians_feed_lists_their_groups_and_individual_sessions_without_client_names(
    world: World, erin_feed: tuple[CalendarFeed, str]
) -> None:
    feed, token = services.calendar_feed_create_for_staff(actor=world.cast.alice, site=world.cast.site_a)
    body, _ = render_feed(feed, now=NOW)
    events = _events(body)
    assert f"group-{world.monday.pk}@openiop" in events and f"group-{world.teen_tuesday.pk}@openiop" not in events
    assert any(uid.startswith("individual-") for uid in events)
    assert "Erin" not in body.decode() and "Adult mornings" in body.decode()  # staff see which group, not who
    assert HttpClient().get(f"/scheduling/feeds/{token}.ics").status_code == 200
    assert AuditEvent.objects.filter(object_type="calendar_feed").get().user == world.cast.alice


def test_the_pages_make_and_stop_links(world: World) -> None:
    http = HttpClient()
    http.force_login(world.cast.alice)
    page = http.post(f"/scheduling/clients/{world.cast.erin.pk}/calendar/", {"action": "create"})
    assert page.status_code == 200 and "/scheduling/feeds/" in page.content.decode()
    assert http.post(f"/scheduling/clients/{world.cast.erin.pk}/calendar/", {"action": "revoke"}).status_code == 302
    assert not CalendarFeed.objects.filter(revoked_at__isnull=True).exists()
    mine = http.post("/scheduling/my-calendar/", {"action": "create"})
    assert mine.status_code == 200 and CalendarFeed.objects.get(revoked_at__isnull=True).user == world.cast.alice
