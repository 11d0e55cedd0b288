"""The whole dashboard from plain rows (pure): filter the episodes, compute every figure."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from openiop.reports.figures import care, flow
from openiop.reports.figures.rows import AttendanceRow, EpisodeRow, Filters, InquiryRow, ScoreRow, keep, overlaps
from openiop.reports.figures.table import Table, by_key


@dataclass(frozen=True)
class Dashboard:
    start: dt.date
    end: dt.date
    as_of: dt.date  # the period's end, or today when the period runs into the future
    filters: Filters
    tables: tuple[Table, ...]

    def table(self, key: str) -> Table:
        return by_key(self.tables)[key]


def build(
    *,
    episodes: Sequence[EpisodeRow],
    inquiries: Sequence[InquiryRow],
    attendance: Sequence[AttendanceRow],
    scores: Sequence[ScoreRow],
    start: dt.date,
    end: dt.date,
    today: dt.date,
    filters: Filters = Filters(),  # noqa: B008 - frozen
    followup_statuses: Sequence[str] | None = None,
    ratings: Sequence[int] | None = None,
) -> Dashboard:
    as_of = min(end, today)
    kept = [e for e in keep(episodes, filters) if overlaps(e, start, end)]
    ids = {e.id for e in kept}
    visits = [a for a in attendance if a.episode_id in ids]
    asked = [
        i
        for i in inquiries
        if start <= i.first_call <= end and (not filters.language or i.language == filters.language)
    ]
    curve, at = flow.retention_tables(kept, start, as_of)
    stays, reasons = flow.discharges(kept, start, end)
    follow, satisfaction = care.followups(followup_statuses, ratings)
    tables = (
        flow.census(kept, start, end),
        flow.funnel(asked),
        curve,
        at,
        stays,
        reasons,
        care.attendance_vs_prescribed(kept, visits, start, as_of),
        care.no_shows(visits, start, as_of),
        care.scores(kept, [s for s in scores if s.episode_id in ids], as_of),
        care.outcome_by_stay(kept, [s for s in scores if s.episode_id in ids], start, end),
        follow,
        satisfaction,
    )
    return Dashboard(start, end, as_of, filters, tables)
