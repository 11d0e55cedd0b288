import datetime as dt

import pytest

from openiop.clinical.screen_schedule import suggest_week

MON = dt.date(2026, 11, 16)


def _days(**kwargs: object) -> list[dt.date]:
    return [s.day for s in suggest_week(week_start=MON, **kwargs)]  # type: ignore[arg-type]


@pytest.mark.parametrize("seed", range(200))
def test_every_week_has_one_or_two_tests_at_least_three_days_apart(seed: int) -> None:
    days = _days(seed=seed, last_test=MON - dt.timedelta(days=2))
    assert 1 <= len(days) <= 2
    assert all(MON <= d <= MON + dt.timedelta(days=6) for d in days)
    for a, b in zip([MON - dt.timedelta(days=2), *days], days, strict=False):
        assert (b - a).days >= 3


def test_the_same_seed_gives_the_same_schedule() -> None:
    assert _days(seed=42) == _days(seed=42)
    assert len({tuple(_days(seed=s)) for s in range(30)}) > 3  # and different seeds differ


@pytest.mark.parametrize("seed", range(50))
def test_tests_fall_on_the_clients_program_days(seed: int) -> None:
    program = [MON, MON + dt.timedelta(days=2), MON + dt.timedelta(days=4)]
    assert set(_days(seed=seed, program_days=program)) <= set(program)


def test_when_no_program_day_keeps_the_gap_a_later_day_is_used() -> None:
    days = _days(seed=1, program_days=[MON, MON + dt.timedelta(days=1)], last_test=MON - dt.timedelta(days=1))
    assert days and all((d - (MON - dt.timedelta(days=1))).days >= 3 for d in days)


def test_later_in_treatment_one_test_a_week() -> None:
    admitted = MON - dt.timedelta(days=120)
    assert all(len(_days(seed=s, admitted_on=admitted)) == 1 for s in range(50))


def test_days_after_weekends_holidays_and_paydays_are_favoured() -> None:
    wednesday = MON + dt.timedelta(days=2)
    counts = {"monday": 0, "after holiday": 0}
    for seed in range(600):
        schedule = suggest_week(week_start=MON, seed=seed, holidays=[wednesday - dt.timedelta(days=1)])
        counts["monday"] += any(s.day == MON for s in schedule)
        counts["after holiday"] += any(s.reason == "after holiday" for s in schedule)
    # uniform would put about a fifth of the first draws on each weekday; weighting ×3 gives ~3/9
    assert counts["monday"] > 600 * 0.3 and counts["after holiday"] > 600 * 0.3


def test_the_week_must_start_on_a_monday() -> None:
    with pytest.raises(ValueError, match="Monday"):
        suggest_week(week_start=MON + dt.timedelta(days=1), seed=1)
