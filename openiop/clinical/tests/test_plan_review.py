import datetime as dt

import pytest

from openiop.clinical.plan_review import review_status

START = dt.date(2026, 10, 1)


@pytest.mark.parametrize(
    ("last_review", "today", "interval", "next_review", "state"),
    [
        (None, dt.date(2026, 10, 23), 30, dt.date(2026, 10, 31), "ok"),
        (None, dt.date(2026, 10, 24), 30, dt.date(2026, 10, 31), "due"),
        (None, dt.date(2026, 10, 31), 30, dt.date(2026, 10, 31), "due"),
        (None, dt.date(2026, 11, 1), 30, dt.date(2026, 10, 31), "overdue"),
        (dt.date(2026, 10, 28), dt.date(2026, 11, 1), 30, dt.date(2026, 11, 27), "ok"),
        (None, dt.date(2026, 10, 14), 14, dt.date(2026, 10, 15), "due"),
    ],
)
def test_reviews_fall_due_a_week_before_and_overdue_the_day_after(
    last_review: dt.date | None, today: dt.date, interval: int, next_review: dt.date, state: str
) -> None:
    status = review_status(effective=START, last_review=last_review, today=today, interval_days=interval)
    assert (status.next_review, status.state) == (next_review, state)
