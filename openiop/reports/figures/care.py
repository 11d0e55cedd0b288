"""Attendance against prescribed hours, no-shows, response and remission, outcomes by length of
stay, alumni follow-ups and satisfaction (pure)."""

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence

from openiop.reports.figures.rows import AttendanceRow, EpisodeRow, ScoreRow
from openiop.reports.figures.table import Cell, Table, rate

# Site-local start hour: morning before noon, afternoon until 17:00, evening from 17:00.
TIMES_OF_DAY = (("morning", 0, 12), ("afternoon", 12, 17), ("evening", 17, 24))
NO_SHOW = "absent"  # clinical AttendanceStatus; excused absences are not no-shows
INSTRUMENTS = (("phq9", "PHQ-9"), ("gad7", "GAD-7"), ("bam", "BAM use"))
AT_DAYS = (30, 60, 90)
BASELINE_BEFORE, BASELINE_AFTER = 30, 7  # days around admission a baseline may come from
WINDOW = 14  # a score "at day t" is the one nearest to t within ±14 days
STAY_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("0-29", 0, 29),
    ("30-59", 30, 59),
    ("60-89", 60, 89),
    ("90+", 90, None),
)


def time_of_day(hour: int) -> str:
    return next(name for name, low, high in TIMES_OF_DAY if low <= hour < high)


def _days_in_care(e: EpisodeRow, start: dt.date, end: dt.date) -> int:
    first = max(e.admitted, start)
    last = min(e.discharged or end, end)
    return max(0, (last - first).days + 1)


def attendance_vs_prescribed(
    episodes: Sequence[EpisodeRow], attendance: Sequence[AttendanceRow], start: dt.date, end: dt.date
) -> Table:
    """Hours attended against hours prescribed (prescribed per week × days in care ÷ 7), by track."""
    minutes: Counter[int] = Counter()
    for a in attendance:
        if start <= a.day <= end:
            minutes[a.episode_id] += a.minutes
    by_track: dict[str, list[EpisodeRow]] = defaultdict(list)
    for e in episodes:
        if _days_in_care(e, start, end):
            by_track[e.track or "(no track)"].append(e)
    rows: list[tuple[Cell, ...]] = []
    for track in [*sorted(by_track), "all tracks"]:
        group = [e for es in by_track.values() for e in es] if track == "all tracks" else by_track[track]
        prescribed = sum(e.prescribed_hours * _days_in_care(e, start, end) / 7 for e in group)
        attended = sum(minutes[e.id] for e in group) / 60
        share = round(100 * attended / prescribed, 1) if prescribed else None
        rows.append((track, len(group), round(attended, 1), round(prescribed, 1), share))
    return Table(
        "attendance",
        "Attendance against prescribed hours",
        ("track", "episodes", "hours attended", "hours prescribed", "attended %"),
        tuple(rows),
        counts=frozenset({1}),
        derived={2: (1,), 3: (1,), 4: (1,)},
        note="Prescribed hours count each day in care in the period (weekly hours ÷ 7).",
    )


def no_shows(attendance: Sequence[AttendanceRow], start: dt.date, end: dt.date) -> Table:
    """Share of recorded attendance that was an unexcused absence, by session track and time of day."""
    groups: dict[tuple[str, str], list[AttendanceRow]] = defaultdict(list)
    for a in attendance:
        if start <= a.day <= end:
            groups[(a.track, time_of_day(a.hour))].append(a)
    order = {name: i for i, (name, _, _) in enumerate(TIMES_OF_DAY)}
    rows: list[tuple[Cell, ...]] = []
    for track, when in sorted(groups, key=lambda k: (k[0], order[k[1]])):
        group = groups[(track, when)]
        missed = sum(1 for a in group if a.status == NO_SHOW)
        rows.append((track, when, len(group), missed, rate(missed, len(group))))
    return Table(
        "no_shows",
        "No-shows by track and time of day",
        ("track", "time of day", "recorded", "no-shows", "no-show %"),
        tuple(rows),
        counts=frozenset({2, 3}),
        derived={4: (2, 3)},
        note="A no-show is an unexcused absence; morning before 12:00, evening from 17:00 (site time).",
    )


def _series(scores: Sequence[ScoreRow]) -> dict[tuple[int, str], list[ScoreRow]]:
    series: dict[tuple[int, str], list[ScoreRow]] = defaultdict(list)
    for s in sorted(scores, key=lambda s: s.day):
        series[(s.episode_id, s.instrument)].append(s)
    return series


def baseline(e: EpisodeRow, series: Sequence[ScoreRow]) -> ScoreRow | None:
    low = e.admitted - dt.timedelta(days=BASELINE_BEFORE)
    high = e.admitted + dt.timedelta(days=BASELINE_AFTER)
    return next((s for s in series if low <= s.day <= high), None)


def score_at(e: EpisodeRow, series: Sequence[ScoreRow], first: ScoreRow, t: int) -> ScoreRow | None:
    target = e.admitted + dt.timedelta(days=t)
    near = [s for s in series if s.day > first.day and abs((s.day - target).days) <= WINDOW]
    return min(near, key=lambda s: (abs((s.day - target).days), s.day), default=None)


def responded(first: float, later: float) -> bool:
    """A drop of at least half from a baseline above 0."""
    return first > 0 and later <= first / 2


def remitted(instrument: str, value: float) -> bool:
    """PHQ-9 and GAD-7 below 5; BAM: no use (use subscale 0)."""
    return value == 0 if instrument == "bam" else value < 5


def scores(episodes: Sequence[EpisodeRow], rows: Sequence[ScoreRow], as_of: dt.date) -> Table:
    """Response and remission at 30/60/90 days among episodes that have reached the day and have
    a baseline and a score near it."""
    series = _series(rows)
    table: list[tuple[Cell, ...]] = []
    for code, name in INSTRUMENTS:
        for t in AT_DAYS:
            pairs = []
            for e in episodes:
                if e.admitted + dt.timedelta(days=t) > as_of:
                    continue
                own = series.get((e.id, code), [])
                first = baseline(e, own)
                later = score_at(e, own, first, t) if first else None
                if first and later:
                    pairs.append((first.value, later.value))
            response = sum(1 for a, b in pairs if responded(a, b))
            remission = sum(1 for _, b in pairs if remitted(code, b))
            table.append(
                (name, t, len(pairs), response, rate(response, len(pairs)), remission, rate(remission, len(pairs)))
            )
    return Table(
        "scores",
        "Response and remission at 30, 60 and 90 days",
        ("measure", "day", "with baseline and score", "response", "response %", "remission", "remission %"),
        tuple(table),
        counts=frozenset({2, 3, 5}),
        derived={4: (2, 3), 6: (2, 5)},
        note="Response: a drop of at least 50 % from the baseline (first score from 30 days before to 7 days "
        "after admission). Remission: PHQ-9 or GAD-7 below 5 (GAD-7 cut-off unverified), BAM use subscale 0. "
        "The score at day t is the one nearest to it within 14 days.",
    )


def stay_band(days: int) -> str:
    return next(name for name, low, high in STAY_BANDS if days >= low and (high is None or days <= high))


def outcome_by_stay(episodes: Sequence[EpisodeRow], rows: Sequence[ScoreRow], start: dt.date, end: dt.date) -> Table:
    """Completion and PHQ-9 remission at the last score, by length of stay, with the counts."""
    series = _series(rows)
    bands: dict[str, list[EpisodeRow]] = {name: [] for name, _, _ in STAY_BANDS}
    for e in episodes:
        if e.discharged is not None and start <= e.discharged <= end:
            bands[stay_band((e.discharged - e.admitted).days)].append(e)
    table: list[tuple[Cell, ...]] = []
    for name, group in bands.items():
        completed = sum(1 for e in group if e.reason == 1)
        scored = remission = 0
        for e in group:
            own = series.get((e.id, "phq9"), [])
            first = baseline(e, own)
            last = [s for s in own if first and first.day < s.day <= (e.discharged or s.day)]
            if first and last:
                scored += 1
                remission += remitted("phq9", last[-1].value)
        table.append(
            (name, len(group), completed, rate(completed, len(group)), scored, remission, rate(remission, scored))
        )
    return Table(
        "outcome_by_stay",
        "Outcomes by length of stay (discharges in the period)",
        (
            "days in treatment",
            "discharged",
            "completed",
            "completed %",
            "with PHQ-9 baseline and last score",
            "PHQ-9 below 5 at the last score",
            "remission %",
        ),
        tuple(table),
        counts=frozenset({1, 2, 4, 5}),
        derived={3: (1, 2), 6: (4, 5)},
        note="Associations only: who stays longer differs from who leaves early in more ways than the stay.",
    )


def followups(statuses: Sequence[str] | None, ratings: Sequence[int] | None) -> tuple[Table, Table]:
    """Alumni follow-up status counts and satisfaction ratings, when those records exist."""
    status_counts = Counter(statuses or [])
    follow = Table(
        "followups",
        "Alumni follow-ups",
        ("status", "follow-ups"),
        tuple(sorted(status_counts.items())),
        counts=frozenset({1}),
        note="" if statuses else "No follow-ups recorded yet.",
    )
    rating_counts = Counter(ratings or [])
    satisfaction = Table(
        "satisfaction",
        "Satisfaction",
        ("rating", "ratings"),
        tuple(sorted(rating_counts.items())),
        counts=frozenset({1}),
        note="" if ratings else "No ratings yet.",
    )
    return follow, satisfaction
