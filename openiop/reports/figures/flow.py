"""Census, admissions and discharges, the intake funnel, retention and stays (pure)."""

import datetime as dt
from collections import Counter
from collections.abc import Sequence

from openiop.reports import retention
from openiop.reports.figures.rows import EpisodeRow, InquiryRow
from openiop.reports.figures.table import Cell, Table, median, rate

REASON_NAMES = {
    1: "Completed",
    2: "Dropped out",
    3: "Terminated by facility",
    4: "Transferred",
    5: "Incarcerated",
    6: "Death",
    7: "Other",
}


def census(episodes: Sequence[EpisodeRow], start: dt.date, end: dt.date) -> Table:
    """One row per 7-day period from ``start``: people in care on its first day, admitted and
    discharged during it (a person is in care from admission to discharge day, both included)."""
    rows: list[tuple[Cell, ...]] = []
    day = start
    while day <= end:
        last = min(day + dt.timedelta(days=6), end)
        in_care = sum(1 for e in episodes if e.admitted <= day and (e.discharged is None or e.discharged >= day))
        admitted = sum(1 for e in episodes if day <= e.admitted <= last)
        discharged = sum(1 for e in episodes if e.discharged is not None and day <= e.discharged <= last)
        rows.append((day.isoformat(), in_care, admitted, discharged))
        day += dt.timedelta(days=7)
    return Table(
        "census",
        "Census, admissions and discharges by week",
        ("week from", "in care on the first day", "admitted", "discharged"),
        tuple(rows),
        counts=frozenset({1, 2, 3}),
    )


def funnel(inquiries: Sequence[InquiryRow]) -> Table:
    """Inquiry → screened → assessed (signed) → admitted, by referral source, and the median days
    from the first call to admission among those admitted."""
    sources = sorted({i.referral_source for i in inquiries})
    rows = [_funnel_row(source, [i for i in inquiries if i.referral_source == source]) for source in sources]
    rows.append(_funnel_row("all sources", list(inquiries)))
    return Table(
        "funnel",
        "Intake conversion by referral source",
        ("referral source", "inquiries", "screened", "assessed", "admitted", "admitted %", "median days to admission"),
        tuple(rows),
        counts=frozenset({1, 2, 3, 4}),
        derived={5: (1, 4), 6: (4,)},
        note="Inquiries first made in the period; filters by track, level, gender and age do not apply "
        "(an inquiry records none of them), the language filter does.",
    )


def _funnel_row(label: str, group: Sequence[InquiryRow]) -> tuple[Cell, ...]:
    admitted = [i for i in group if i.admitted is not None]
    waits = [float((i.admitted - i.first_call).days) for i in admitted if i.admitted is not None]
    return (
        label,
        len(group),
        sum(1 for i in group if i.screened),
        sum(1 for i in group if i.assessed),
        len(admitted),
        rate(len(admitted), len(group)),
        median(waits),
    )


def retention_tables(episodes: Sequence[EpisodeRow], start: dt.date, as_of: dt.date) -> tuple[Table, Table]:
    """Kaplan–Meier over the episodes admitted from ``start`` to ``as_of`` (the retention core)."""
    stays = [
        retention.Stay(str(e.id), e.admitted, e.discharged, e.reason) for e in episodes if start <= e.admitted <= as_of
    ]
    result = retention.estimate(stays, as_of)
    curve = Table(
        "retention",
        "Retention: still in treatment (not dropped out or terminated), Kaplan–Meier",
        ("day", "at risk", "left early", "censored", "survival %"),
        tuple((r.day, r.at_risk, r.events, r.censored, round(100 * r.survival, 1)) for r in result.curve),
        counts=frozenset({1, 2, 3}),
        derived={4: (1,)},
        note=f"{result.n} episodes admitted in the period, {result.events} left early; "
        f"median {result.median_days if result.median_days is not None else 'not reached'} days.",
    )
    at = Table(
        "retention_at",
        "Retention at 30, 60 and 90 days (95 % interval)",
        ("day", "episodes", "survival %", "low %", "high %"),
        tuple(
            (t, result.n, *(None if v is None else round(100 * v, 1) for v in (e.survival, e.ci_low, e.ci_high)))
            for t, e in result.at.items()
        ),
        counts=frozenset({1}),
        derived={2: (1,), 3: (1,), 4: (1,)},
    )
    return curve, at


def discharges(episodes: Sequence[EpisodeRow], start: dt.date, end: dt.date) -> tuple[Table, Table]:
    """Length of stay and completion over the episodes discharged in the period."""
    out = [e for e in episodes if e.discharged is not None and start <= e.discharged <= end]
    stays = [float((e.discharged - e.admitted).days) for e in out if e.discharged is not None]
    coded = [e for e in out if e.reason is not None]
    completed = sum(1 for e in coded if e.reason == 1)
    summary = Table(
        "stays",
        "Length of stay and completion (discharges in the period)",
        ("discharged", "median days", "mean days", "with a coded reason", "completed", "completion %"),
        (
            (
                len(out),
                median(stays),
                round(sum(stays) / len(stays), 1) if stays else None,
                len(coded),
                completed,
                rate(completed, len(coded)),
            ),
        ),
        counts=frozenset({0, 3, 4}),
        derived={1: (0,), 2: (0,), 5: (3, 4)},
        note="Completion: TEDS reason 1 among discharges with a coded reason.",
    )
    reasons = Counter(e.reason for e in coded)
    by_reason = Table(
        "reasons",
        "Discharges by reason (TEDS)",
        ("reason", "discharged", "share %"),
        tuple((REASON_NAMES[code], reasons[code], rate(reasons[code], len(coded))) for code in REASON_NAMES),
        counts=frozenset({1}),
        derived={2: (1,)},
    )
    return summary, by_reason
