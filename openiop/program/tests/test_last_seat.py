"""The last seat of a group goes to one client: two enrolments at once, in real transactions on
separate connections, end with one on the roster and the other refused. Replacing a client's
week twice at once leaves one of the two weeks, never a mix of both."""

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection

from openiop.program import services
from openiop.program.models import SessionEnrollment
from openiop.program.tests.world import World
from openiop.scheduling import services as scheduling
from openiop.scheduling.models import ClientAvailability

pytestmark = pytest.mark.django_db(transaction=True)


def _at_once(*calls: Callable[[], Any]) -> list[object]:
    """Run the calls in threads released together; each result or the exception it raised."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = call()
        except Exception as exc:  # the outcome is what the test looks at
            results[index] = exc
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def _refused(outcome: object) -> bool:
    """Refused as full; on SQLite the loser may instead find the database locked (answered 503)."""
    if isinstance(outcome, ValidationError):
        return "full" in str(outcome)
    return connection.vendor == "sqlite" and isinstance(outcome, OperationalError)


def test_two_enrolments_for_the_last_seat_at_once_leave_one_on_the_roster(world: World) -> None:
    session = world.monday
    session.capacity = SessionEnrollment.objects.filter(session=session).count() + 1
    session.save(update_fields=["capacity"])
    dana = world.cast.dana
    outcomes = _at_once(
        lambda: services.enrollment_add(actor=dana, session=session, client=world.cast.erin),
        lambda: services.enrollment_add(actor=dana, session=session, client=world.cast.frank),
    )
    assert SessionEnrollment.objects.filter(session=session).count() == session.capacity
    enrolled = [o for o in outcomes if isinstance(o, SessionEnrollment)]
    assert len(enrolled) == 1 and sum(_refused(o) for o in outcomes) == 1, outcomes


def test_two_replaces_of_a_clients_week_at_once_leave_one_of_the_weeks(world: World) -> None:
    erin, dana = world.cast.erin, world.cast.dana
    mornings = [{"weekday": d, "start_time": dt.time(8), "end_time": dt.time(12)} for d in range(5)]
    evenings = [{"weekday": d, "start_time": dt.time(17), "end_time": dt.time(21)} for d in (0, 2)]
    outcomes = _at_once(
        lambda: scheduling.client_availability_replace(actor=dana, client=erin, windows=mornings),
        lambda: scheduling.client_availability_replace(actor=dana, client=erin, windows=evenings),
    )
    stored = sorted((w.weekday, w.start_time, w.end_time) for w in ClientAvailability.objects.filter(client=erin))
    weeks = [sorted((w["weekday"], w["start_time"], w["end_time"]) for w in week) for week in (mornings, evenings)]
    assert stored in weeks, outcomes
    assert any(isinstance(o, list) for o in outcomes)
