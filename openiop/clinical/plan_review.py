"""When a treatment plan's next review falls due (pure; no Django).

The next review is ``interval_days`` (site setting, default 30) after the last review, or after
the plan took effect when it has none. The plan is *due* from ``warning_days`` (7) before that
date and *overdue* the day after it.
"""

import datetime as dt
from dataclasses import dataclass

from openiop.core.bounds import safe_add_days

DEFAULT_INTERVAL_DAYS = 30
WARNING_DAYS = 7


@dataclass(frozen=True)
class ReviewStatus:
    next_review: dt.date
    state: str  # "ok", "due", "overdue"


def review_status(
    *, effective: dt.date, last_review: dt.date | None, today: dt.date, interval_days: int = DEFAULT_INTERVAL_DAYS
) -> ReviewStatus:
    # Clamped: a legacy review dated 9999-12-31 must not turn the chart into a 500.
    next_review = safe_add_days(last_review or effective, interval_days)
    if today > next_review:
        state = "overdue"
    elif today >= safe_add_days(next_review, -WARNING_DAYS):
        state = "due"
    else:
        state = "ok"
    return ReviewStatus(next_review, state)
