"""Which measures are due or overdue (pure rules, docs/algorithms/measures.md "Cadence")."""

import datetime as dt

import pytest

from openiop.measures.cadence import GRACE_DAYS, Due, Rule, due_measures, rules_for_track, status_on

ADMITTED = dt.date(2026, 11, 2)
PHQ9 = Rule("phq9", at_admission=True, every_n_days=7)  # default: admission + weekly
BAM = Rule("bam", every_n_days=7)  # weekly, not at admission
URICA = Rule("urica", at_admission=True, every_n_days=30)
AUDITC = Rule("auditc", at_intake=True)


def day(n: int) -> dt.date:
    """``n`` days after admission."""
    return ADMITTED + dt.timedelta(days=n)


def _one(rule: Rule, done: list[dt.date], today: dt.date, admission: dt.date | None = ADMITTED) -> Due | None:
    found = due_measures(admission=admission, rules=[rule], done={rule.instrument: done}, today=today)
    assert len(found) <= 1
    return found[0] if found else None


@pytest.mark.parametrize(
    ("rule", "done", "today", "expected"),
    [
        # At admission: due on the admission date, overdue after the grace days.
        pytest.param(PHQ9, [], day(0), ("admission", day(0), "due"), id="admission-day-due"),
        pytest.param(PHQ9, [], day(GRACE_DAYS), ("admission", day(0), "due"), id="admission-last-grace-day-due"),
        pytest.param(PHQ9, [], day(GRACE_DAYS + 1), ("admission", day(0), "overdue"), id="admission-after-grace"),
        pytest.param(PHQ9, [], day(-3), ("admission", day(0), "upcoming"), id="admission-not-yet"),
        # A baseline at the assessment up to 7 days before admission counts for admission.
        pytest.param(PHQ9, [day(-7)], day(1), ("repeat", day(0), "due"), id="baseline-7-days-before-counts"),
        pytest.param(PHQ9, [day(-8)], day(1), ("admission", day(0), "due"), id="baseline-8-days-before-does-not"),
        # Weekly: counted from the latest administration of the episode.
        pytest.param(PHQ9, [day(0)], day(6), ("repeat", day(7), "upcoming"), id="weekly-day-before"),
        pytest.param(PHQ9, [day(0)], day(7), ("repeat", day(7), "due"), id="weekly-on-the-day"),
        pytest.param(PHQ9, [day(0)], day(7 + GRACE_DAYS), ("repeat", day(7), "due"), id="weekly-end-of-grace"),
        pytest.param(PHQ9, [day(0)], day(8 + GRACE_DAYS), ("repeat", day(7), "overdue"), id="weekly-overdue"),
        pytest.param(PHQ9, [day(0), day(9)], day(10), ("repeat", day(16), "upcoming"), id="late-one-resets-clock"),
        pytest.param(PHQ9, [day(0), day(30)], day(20), ("repeat", day(7), "overdue"), id="future-dates-ignored"),
        # Weekly without "at admission": first due a week after admission.
        pytest.param(BAM, [], day(3), ("repeat", day(7), "upcoming"), id="bam-first-week"),
        pytest.param(BAM, [], day(10), ("repeat", day(7), "overdue"), id="bam-never-given"),
        pytest.param(BAM, [day(7)], day(14), ("repeat", day(14), "due"), id="bam-second-week"),
        # Monthly.
        pytest.param(URICA, [day(0)], day(29), ("repeat", day(30), "upcoming"), id="monthly-not-yet"),
        pytest.param(URICA, [day(0)], day(33), ("repeat", day(30), "overdue"), id="monthly-overdue"),
        # At intake: any time from 60 days before admission; else due at admission.
        pytest.param(AUDITC, [day(-60)], day(5), None, id="intake-60-days-before-counts"),
        pytest.param(AUDITC, [day(-61)], day(1), ("intake", day(0), "due"), id="intake-61-days-before-does-not"),
        pytest.param(AUDITC, [], day(3), ("intake", day(0), "overdue"), id="intake-missed"),
        pytest.param(AUDITC, [day(4)], day(6), None, id="intake-late-still-satisfied"),
    ],
)
def test_due_and_overdue_follow_the_cadence(
    rule: Rule, done: list[dt.date], today: dt.date, expected: tuple[str, dt.date, str] | None
) -> None:
    found = _one(rule, done, today)
    assert (None if found is None else (found.occasion, found.due_on, found.status)) == expected


@pytest.mark.parametrize(
    ("rule", "done", "expected"),
    [
        pytest.param(AUDITC, [], ("intake", "due"), id="intake-due-before-admission"),
        pytest.param(AUDITC, [day(-100)], ("intake", "due"), id="old-screen-does-not-count"),
        pytest.param(AUDITC, [day(-20)], None, id="recent-screen-counts"),
        pytest.param(PHQ9, [], None, id="nothing-else-before-admission"),
        pytest.param(BAM, [], None, id="no-repeats-before-admission"),
    ],
)
def test_a_client_not_yet_admitted_owes_only_intake_measures(
    rule: Rule, done: list[dt.date], expected: tuple[str, str] | None
) -> None:
    today = day(-10)
    found = _one(rule, done, today, admission=None)
    assert (None if found is None else (found.occasion, found.status)) == expected
    if found is not None:
        assert found.due_on == today


def test_the_last_administration_is_reported() -> None:
    found = _one(PHQ9, [day(0), day(7)], day(20))
    assert found is not None and found.last_done == day(7) and found.days_late(day(20)) == 6


def test_results_come_most_urgent_first() -> None:
    found = due_measures(
        admission=ADMITTED,
        rules=[PHQ9, BAM, URICA, AUDITC],
        done={"phq9": [day(0)], "urica": [day(0)], "auditc": [day(-2)]},
        today=day(12),
    )
    assert [(d.instrument, d.status) for d in found] == [("bam", "overdue"), ("phq9", "overdue"), ("urica", "upcoming")]


@pytest.mark.parametrize(
    ("rules", "track", "expected"),
    [
        pytest.param([PHQ9, BAM], "Evenings", {"phq9": PHQ9, "bam": BAM}, id="site-wide-rows-apply-to-every-track"),
        pytest.param(
            [PHQ9, Rule("phq9", every_n_days=14, track="Evenings")],
            "Evenings",
            {"phq9": Rule("phq9", every_n_days=14, track="Evenings")},
            id="a-track-row-replaces-the-site-row",
        ),
        pytest.param(
            [Rule("phq9", every_n_days=14, track="Evenings"), PHQ9],
            "Evenings",
            {"phq9": Rule("phq9", every_n_days=14, track="Evenings")},
            id="whatever-the-order",
        ),
        pytest.param([Rule("scoff", at_admission=True, track="Eating disorders")], "Evenings", {}, id="other-track"),
    ],
)
def test_track_rows_narrow_the_cadence(rules: list[Rule], track: str, expected: dict[str, Rule]) -> None:
    assert {r.instrument: r for r in rules_for_track(rules, track)} == expected


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"every_n_days": 0}, "at least 1"), ({}, "neither when nor how often")],
)
def test_a_rule_must_say_when(kwargs: dict[str, int], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Rule("phq9", every_n_days=kwargs.get("every_n_days"))


@pytest.mark.parametrize(
    ("offset", "status"), [(-1, "upcoming"), (0, "due"), (GRACE_DAYS, "due"), (GRACE_DAYS + 1, "overdue")]
)
def test_status_is_upcoming_due_then_overdue(offset: int, status: str) -> None:
    assert status_on(ADMITTED, day(offset)) == status
