"""The dashboard's figures on a written fixture, against values computed by hand (no database).

Period 2026-01-01 to 2026-03-31, today 2026-04-15 (so as_of is 2026-03-31).

| episode | admitted   | discharged | days | reason | track   | gender | PHQ-9 (day: score)          |
|---------|------------|------------|------|--------|---------|--------|-----------------------------|
| e1      | 2026-01-05 | 2026-02-04 | 30   | 1      | Evening | woman  | 01-05: 16, 02-04: 6         |
| e2      | 2026-01-05 | 2026-01-15 | 10   | 2      | Evening | man    | 01-05: 15                   |
| e3      | 2026-01-12 | open       | (78) | —      | Morning | woman  | 01-12: 10, 02-10: 4         |
| e4      | 2025-12-01 | 2026-01-20 | 50   | 1      | Morning | man    | 12-01: 12, 01-20: 4         |
| e5      | 2026-02-02 | 2026-03-20 | 46   | 3      | Evening | woman  | 02-02: 20, 03-04: 14, 03-18: 9 |
| e6      | 2025-06-01 | 2025-08-01 | —    | 1      | Morning | woman  | (outside the period)        |
"""

import datetime as dt

from openiop.reports.figures import AttendanceRow, EpisodeRow, Filters, InquiryRow, ScoreRow, build
from openiop.reports.figures.table import suppressed


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def ep(
    i: int, admitted: str, discharged: str | None, reason: int | None, track: str, gender: str, age: int
) -> EpisodeRow:
    return EpisodeRow(
        i, 100 + i, d(admitted), d(discharged) if discharged else None, reason, track, "2.1", gender, age, "en", 12.0
    )


EPISODES = [
    ep(1, "2026-01-05", "2026-02-04", 1, "Evening", "woman", 30),
    ep(2, "2026-01-05", "2026-01-15", 2, "Evening", "man", 40),
    ep(3, "2026-01-12", None, None, "Morning", "woman", 22),
    ep(4, "2025-12-01", "2026-01-20", 1, "Morning", "man", 50),
    ep(5, "2026-02-02", "2026-03-20", 3, "Evening", "woman", 35),
    ep(6, "2025-06-01", "2025-08-01", 1, "Morning", "woman", 60),
]
PHQ9 = {
    1: [("2026-01-05", 16), ("2026-02-04", 6)],
    2: [("2026-01-05", 15)],
    3: [("2026-01-12", 10), ("2026-02-10", 4)],
    4: [("2025-12-01", 12), ("2026-01-20", 4)],
    5: [("2026-02-02", 20), ("2026-03-04", 14), ("2026-03-18", 9)],
}
SCORES = [ScoreRow(e, "phq9", d(day), float(v)) for e, pairs in PHQ9.items() for day, v in pairs]
INQUIRIES = [
    InquiryRow(1, "self", d("2026-01-02"), True, True, d("2026-01-05"), "en"),
    InquiryRow(2, "self", d("2026-01-03"), True, False, None, "en"),
    InquiryRow(3, "court", d("2026-01-04"), True, True, d("2026-01-12"), "en"),
    InquiryRow(4, "court", d("2026-01-10"), False, False, None, "en"),
    InquiryRow(5, "self", d("2026-01-20"), True, True, d("2026-02-02"), "en"),
    InquiryRow(6, "self", d("2025-12-20"), True, True, d("2026-01-05"), "en"),
]
ATTENDANCE = [
    *(AttendanceRow(1, d(day), 18, "Evening", "present", 180) for day in ("2026-01-05", "2026-01-06", "2026-01-07")),
    AttendanceRow(1, d("2026-01-08"), 18, "Evening", "absent", 0),
    AttendanceRow(2, d("2026-01-05"), 18, "Evening", "present", 180),
    AttendanceRow(2, d("2026-01-06"), 18, "Evening", "excused", 0),
    AttendanceRow(3, d("2026-01-13"), 9, "Morning", "absent", 0),
]


BOARD = build(
    episodes=EPISODES,
    inquiries=INQUIRIES,
    attendance=ATTENDANCE,
    scores=SCORES,
    start=d("2026-01-01"),
    end=d("2026-03-31"),
    today=d("2026-04-15"),
)


def test_census_counts_people_in_care_and_the_weeks_admissions_and_discharges() -> None:
    rows = BOARD.table("census").rows
    assert rows[:3] == (("2026-01-01", 1, 2, 0), ("2026-01-08", 3, 1, 0), ("2026-01-15", 4, 0, 2))
    assert len(rows) == 13  # 91 days: 13 weeks


def test_the_funnel_by_referral_source_with_median_days_to_admission() -> None:
    funnel = BOARD.table("funnel")
    assert funnel.row("self") == ("self", 3, 3, 2, 2, 66.7, 8.0)
    assert funnel.row("court") == ("court", 2, 1, 1, 1, 50.0, 8.0)
    assert funnel.row("all sources") == ("all sources", 5, 4, 3, 3, 60.0, 8.0)


def test_retention_follows_the_core_over_admissions_in_the_period() -> None:
    assert BOARD.table("retention").rows == (
        (10, 4, 1, 0, 75.0),
        (30, 3, 0, 1, 75.0),
        (46, 2, 1, 0, 37.5),
        (78, 1, 0, 1, 37.5),
    )
    assert "median 46 days" in BOARD.table("retention").note
    assert BOARD.table("retention_at").row(30)[:3] == (30, 4, 75.0)


def test_length_of_stay_and_completion_over_discharges_in_the_period() -> None:
    assert BOARD.table("stays").rows == ((4, 38.0, 34.0, 4, 2, 50.0),)
    reasons = BOARD.table("reasons")
    assert reasons.row("Completed") == ("Completed", 2, 50.0)
    assert reasons.row("Dropped out") == ("Dropped out", 1, 25.0)
    assert reasons.row("Terminated by facility") == ("Terminated by facility", 1, 25.0)


def test_attendance_against_prescribed_hours() -> None:
    # Evening: e1 31 days, e2 11, e5 47 in care → 12 h × 89 / 7 = 152.6 h prescribed; 12 h attended.
    assert BOARD.table("attendance").row("Evening") == ("Evening", 3, 12.0, 152.6, 7.9)


def test_no_shows_by_track_and_time_of_day() -> None:
    no_shows = BOARD.table("no_shows")
    assert no_shows.row("Evening") == ("Evening", "evening", 6, 1, 16.7)
    assert no_shows.row("Morning") == ("Morning", "morning", 1, 1, 100.0)


def test_response_and_remission_at_30_and_60_days() -> None:
    rows = {(r[0], r[1]): r[2:] for r in BOARD.table("scores").rows}
    # Day 30: e1 16→6 (response), e3 10→4 (response, remission), e5 20→14; e4 has no score near day 30.
    assert rows[("PHQ-9", 30)] == (3, 2, 66.7, 1, 33.3)
    # Day 60: only e4 (12→4 on day 50) has a score within 14 days; e5 has not reached day 60.
    assert rows[("PHQ-9", 60)] == (1, 1, 100.0, 1, 100.0)
    assert rows[("PHQ-9", 90)] == (0, 0, None, 0, None)
    assert rows[("GAD-7", 30)] == (0, 0, None, 0, None)


def test_outcomes_by_length_of_stay_band_with_counts() -> None:
    table = BOARD.table("outcome_by_stay")
    assert table.row("0-29") == ("0-29", 1, 0, 0.0, 0, 0, None)
    assert table.row("30-59") == ("30-59", 3, 2, 66.7, 3, 1, 33.3)
    assert table.row("90+") == ("90+", 0, 0, None, 0, 0, None)


def test_follow_ups_and_satisfaction_say_so_when_there_are_none() -> None:
    assert BOARD.table("followups").note == "No follow-ups recorded yet."
    assert BOARD.table("satisfaction").note == "No ratings yet."
    assert BOARD.table("satisfaction").rows == ()


def test_filters_keep_only_matching_episodes() -> None:
    women_evening = build(
        episodes=EPISODES,
        inquiries=INQUIRIES,
        attendance=ATTENDANCE,
        scores=SCORES,
        start=d("2026-01-01"),
        end=d("2026-03-31"),
        today=d("2026-04-15"),
        filters=Filters(track="Evening", gender="woman"),
    )
    assert women_evening.table("census").rows[0] == ("2026-01-01", 0, 1, 0)
    assert women_evening.table("stays").rows == ((2, 38.0, 38.0, 2, 1, 50.0),)
    assert women_evening.table("no_shows").rows == (("Evening", "evening", 4, 1, 25.0),)
    assert Filters(age_band="18-25").admits(EPISODES[2])
    assert not Filters(age_band="18-25").admits(EPISODES[0])


def test_exports_suppress_groups_smaller_than_11() -> None:
    funnel = suppressed(BOARD.table("funnel"))
    assert funnel.row("self") == ("self", "<11", "<11", "<11", "<11", "<11", "<11")
    outcome = suppressed(BOARD.table("outcome_by_stay"))
    assert outcome.row("90+") == ("90+", 0, 0, None, 0, 0, None)  # nobody: nothing to hide
    big = BOARD.table("census").__class__(
        "t", "t", ("group", "n", "k", "%"), (("a", 40, 12, 30.0), ("b", 40, 3, 7.5)), frozenset({1, 2}), {3: (1, 2)}
    )
    assert suppressed(big).rows == (("a", 40, 12, 30.0), ("b", 40, "<11", "<11"))
