"""The clinician's day (home panel): today's groups, notes to finish, alerts, reviews, hours; constant queries."""

import datetime as dt

import pytest
from django.test import Client as HttpClient
from django.test import RequestFactory
from django.utils import timezone

from conftest import Cast
from openiop.clinical.services import groups
from openiop.clinical.services.groups import Mark
from openiop.clinical.tests.conftest import draft_note, make_clients, make_session
from openiop.core.extensions import render_home_parts


def _day(cast: Cast, user: object) -> str:
    request = RequestFactory().get("/home/")
    request.user = user  # type: ignore[assignment]
    return "".join(html for _, html in render_home_parts(request, "clinician" if user != cast.dana else "director"))


def _busy_day(cast: Cast, size: int) -> None:
    clients = make_clients(cast, size)
    now = timezone.now()
    make_session(cast, starts_at=now.replace(hour=17, minute=0, second=0, microsecond=0), clients=clients)
    past = make_session(cast, starts_at=now - dt.timedelta(days=1), clients=clients)
    groups.attendance_record(actor=cast.alice, session=past, marks=[Mark(c.pk, "present") for c in clients])
    draft_note(cast)


def test_the_day_lists_groups_notes_to_finish_late_notes_and_caseload_hours(cast: Cast) -> None:
    _busy_day(cast, 3)
    html = _day(cast, cast.alice)
    assert "My day" in html and "Adult mornings" in html
    assert "group note not signed" in html
    assert "late" in html  # the draft of Nov 16 is long past 72 hours
    assert "Erin Castillo" in html and "12.0" in html  # caseload hours vs prescribed


def test_directors_see_the_whole_site(cast: Cast) -> None:
    _busy_day(cast, 2)
    html = _day(cast, cast.dana)
    assert "The day at Site A" in html and "Frank Reyes" in html


# The whole home page, every app's panels included (measured: the same at 5 and 50 clients).
HOME_QUERY_BUDGET = 60


@pytest.mark.parametrize("size", [5, 50])
def test_the_home_page_runs_a_constant_number_of_queries(
    cast: Cast, size: int, django_assert_max_num_queries: object
) -> None:
    _busy_day(cast, size)
    http = HttpClient()
    http.force_login(cast.alice)
    with django_assert_max_num_queries(HOME_QUERY_BUDGET):  # type: ignore[operator]
        assert http.get("/home/").status_code == 200
    with django_assert_max_num_queries(48):  # type: ignore[operator]  # every home part (the stay worklist too)
        _day(cast, cast.alice)
