"""Pages render even when a stored row is outside today's bounds (written before they existed)."""

import datetime as dt
import io
from collections.abc import Callable

import pytest
from django.core.management import CommandError, call_command
from django.test import Client as HttpClient
from django.utils import timezone

from conftest import Cast
from openiop.clients.models import Episode
from openiop.clinical.models import Note, PlanReview, TreatmentPlan
from openiop.clinical.tests.conftest import active_plan, draft_note

FAR = dt.date(9999, 12, 31)
NEAR = dt.date(1, 1, 1)
FAR_AT = dt.datetime(9999, 12, 31, 23, 0, tzinfo=dt.UTC)
NEAR_AT = dt.datetime(1, 1, 1, 0, 30, tzinfo=dt.UTC)


def plan_review_in_9999(cast: Cast) -> None:
    plan = active_plan(cast)
    review = PlanReview.objects.create(
        plan=plan, reviewed_on=dt.date(2026, 11, 10), reviewer=cast.alice, summary="s", signed_at=timezone.now()
    )
    PlanReview.objects.filter(pk=review.pk).update(reviewed_on=FAR)


def plan_effective_in_year_1(cast: Cast) -> None:
    TreatmentPlan.objects.filter(pk=active_plan(cast).pk).update(effective_on=NEAR)


def plan_effective_in_9999(cast: Cast) -> None:
    TreatmentPlan.objects.filter(pk=active_plan(cast).pk).update(effective_on=FAR)


def note_in_year_1(cast: Cast) -> None:
    Note.objects.filter(pk=draft_note(cast).pk).update(starts_at=NEAR_AT, ends_at=NEAR_AT + dt.timedelta(hours=1))


def note_in_9999(cast: Cast) -> None:
    Note.objects.filter(pk=draft_note(cast).pk).update(starts_at=FAR_AT, ends_at=FAR_AT + dt.timedelta(minutes=50))


def episode_in_9999(cast: Cast) -> None:
    Episode.objects.filter(client=cast.erin).update(admission_date=FAR)


def episode_in_year_1(cast: Cast) -> None:
    Episode.objects.filter(client=cast.erin).update(admission_date=NEAR)


def birth_in_9999(cast: Cast) -> None:
    type(cast.erin).objects.filter(pk=cast.erin.pk).update(date_of_birth=FAR)


def birth_tomorrow(cast: Cast) -> None:
    type(cast.erin).objects.filter(pk=cast.erin.pk).update(date_of_birth=timezone.localdate() + dt.timedelta(days=1))


LEGACY: list[Callable[[Cast], None]] = [
    plan_review_in_9999,
    plan_effective_in_year_1,
    plan_effective_in_9999,
    note_in_year_1,
    note_in_9999,
    episode_in_9999,
    episode_in_year_1,
    birth_in_9999,
    birth_tomorrow,
]


def _pages(cast: Cast) -> list[str]:
    pages = [
        f"/clients/{cast.erin.pk}/",
        f"/clinical/clients/{cast.erin.pk}/plan/",
        "/home/",
        "/clinical/notes/",
        f"/clinical/clients/{cast.erin.pk}/screens/",
    ]
    pages += [f"/clinical/notes/{n.pk}/" for n in Note.objects.filter(client=cast.erin)]
    pages += [f"/clinical/notes/{n.pk}/edit/" for n in Note.objects.filter(client=cast.erin)]
    return pages


@pytest.mark.parametrize("legacy", LEGACY, ids=lambda f: f.__name__)
def test_a_legacy_out_of_range_row_does_not_break_the_pages_that_show_it(
    cast: Cast, legacy: Callable[[Cast], None]
) -> None:
    legacy(cast)
    client = HttpClient(raise_request_exception=False)
    client.force_login(cast.alice)
    broken = {}
    for url in _pages(cast):
        response = client.get(url)
        if response.status_code >= 500 or response.status_code == 404:
            broken[url] = response.status_code
    assert broken == {}


def test_check_data_exits_0_when_every_stored_date_is_within_bounds(cast: Cast) -> None:
    out = io.StringIO()
    call_command("check", "data", stdout=out)
    assert "data ok" in out.getvalue()


def test_check_data_lists_each_row_outside_the_bounds_and_exits_1(cast: Cast) -> None:
    plan_review_in_9999(cast)
    note_in_year_1(cast)
    birth_tomorrow(cast)
    episode_in_year_1(cast)
    out = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("check", "data", stdout=out)
    assert refused.value.returncode == 1
    rows = {tuple(line.split("\t")[:3]) for line in out.getvalue().splitlines()[1:]}
    review = PlanReview.objects.get()
    note = Note.objects.get()
    episode = Episode.objects.get(client=cast.erin)
    assert rows == {
        ("clinical.planreview", str(review.pk), "reviewed_on"),
        ("clinical.note", str(note.pk), "starts_at"),
        ("clinical.note", str(note.pk), "ends_at"),
        ("clients.client", str(cast.erin.pk), "date_of_birth"),
        ("clients.episode", str(episode.pk), "admission_date"),
    }
    assert "9999-12-31\tEnter a date between 1900-01-01 and 2100-12-31." in out.getvalue()
