"""The retention core (docs/algorithms/retention.md): Kaplan–Meier with the issue's censoring rules."""

import datetime as dt
import json
import random

import pytest

from openiop.reports.retention import Stay, estimate, loglog_interval, to_dict

AS_OF = dt.date(2026, 3, 31)
D0 = dt.date(2026, 1, 1)


def stay(ident: str, admitted_day: int, length: int | None, reason: int | None = None) -> Stay:
    """A stay admitted ``admitted_day`` days after 2026-01-01 and lasting ``length`` days (None: open)."""
    admitted = D0 + dt.timedelta(days=admitted_day)
    discharged = None if length is None else admitted + dt.timedelta(days=length)
    return Stay(ident, admitted, discharged, reason)


# (case, stays, expected curve rows (day, at_risk, events, censored, survival), median)
CURVES = [
    (
        "ties: two events and a censoring on the same day",
        [stay("a", 0, 10, 2), stay("b", 0, 10, 3), stay("c", 0, 10, 1), stay("d", 0, 20, 2)],
        [(10, 4, 2, 1, 0.5), (20, 1, 1, 0, 0.0)],
        10,
    ),
    (
        "censoring on an event day counts as at risk on it",
        [stay("a", 0, 5, 2), stay("b", 0, 5, 4), stay("c", 0, 9, 2)],
        [(5, 3, 1, 1, 2 / 3), (9, 1, 1, 0, 0.0)],
        9,
    ),
    (
        "all censored: survival stays 1, no median",
        [stay("a", 0, 10, 1), stay("b", 0, 20, 4), stay("c", 0, None)],
        [(10, 3, 0, 1, 1.0), (20, 2, 0, 1, 1.0), (89, 1, 0, 1, 1.0)],
        None,
    ),
    (
        "all events: survival falls to 0",
        [stay("a", 0, 3, 2), stay("b", 0, 7, 3), stay("c", 0, 7, 2), stay("d", 0, 12, 3)],
        [(3, 4, 1, 0, 0.75), (7, 3, 2, 0, 0.25), (12, 1, 1, 0, 0.0)],
        7,
    ),
    (
        "same-day discharge is day 0 and its event counts on day 0",
        [stay("a", 0, 0, 2), stay("b", 0, 0, 1), stay("c", 0, 30, 1)],
        [(0, 3, 1, 1, 2 / 3), (30, 1, 0, 1, 2 / 3)],
        None,
    ),
    (
        "admissions after as_of are left out; a discharge after as_of is censored at as_of",
        [stay("a", 100, None), stay("b", 80, 30, 2), stay("c", 0, 40, 2)],
        [(9, 2, 0, 1, 1.0), (40, 1, 1, 0, 0.0)],
        40,
    ),
    (
        "the only ending reasons that count as leaving early are 2 and 3",
        [stay(str(r), 0, 10, r) for r in range(1, 8)] + [stay("none", 0, 10, None)],
        [(10, 8, 2, 6, 0.75)],
        None,
    ),
    ("no episodes", [], [], None),
]


@pytest.mark.parametrize(("case", "stays", "rows", "median"), CURVES, ids=[c[0] for c in CURVES])
def test_the_curve_follows_the_censoring_rules(
    case: str, stays: list[Stay], rows: list[tuple[int, int, int, int, float]], median: int | None
) -> None:
    result = estimate(stays, AS_OF)
    got = [(r.day, r.at_risk, r.events, r.censored, r.survival) for r in result.curve]
    assert [g[:4] for g in got] == [r[:4] for r in rows]
    assert [g[4] for g in got] == pytest.approx([r[4] for r in rows])
    assert result.median_days == median
    assert result.n == (rows[0][1] if rows else 0)
    assert result.events == sum(r[2] for r in rows)


# (case, stays, day, expected survival or None, whether an interval is given)
AT = [
    (
        "before any event survival is 1 and the interval undefined",
        [stay("a", 0, 40, 2), stay("b", 0, 50)],
        30,
        1.0,
        False,
    ),
    ("after the last follow-up the estimate is unknown", [stay("a", 0, 10, 2), stay("b", 0, 20, 1)], 30, None, False),
    ("after everyone left early it stays 0", [stay("a", 0, 10, 2), stay("b", 0, 20, 3)], 30, 0.0, False),
    (
        "an event on day t counts at day t",
        [stay("a", 0, 30, 2), stay("b", 0, 30, 1), stay("c", 0, 89)],
        30,
        2 / 3,
        True,
    ),
]


@pytest.mark.parametrize(("case", "stays", "day", "survival", "interval"), AT, ids=[a[0] for a in AT])
def test_survival_at_a_day(case: str, stays: list[Stay], day: int, survival: float | None, interval: bool) -> None:
    at = estimate(stays, AS_OF, at_days=(day,)).at[day]
    assert at.survival == (None if survival is None else pytest.approx(survival))
    assert (at.ci_low is not None and at.ci_high is not None) is interval


def test_the_worked_example_of_the_algorithm_page() -> None:
    """docs/algorithms/retention.md, "A worked example", computed by hand there."""
    stays = [
        Stay("A", dt.date(2026, 1, 1), dt.date(2026, 1, 11), 2),
        Stay("B", dt.date(2026, 1, 1), dt.date(2026, 1, 11), 1),
        Stay("C", dt.date(2026, 1, 5), dt.date(2026, 1, 15), 3),
        Stay("D", dt.date(2026, 1, 10), dt.date(2026, 2, 9), 2),
        Stay("E", dt.date(2026, 1, 10), None, None),
        Stay("F", dt.date(2026, 2, 1), dt.date(2026, 3, 3), 4),
        Stay("G", dt.date(2026, 3, 1), dt.date(2026, 4, 15), 2),
        Stay("H", dt.date(2026, 4, 2), None, None),
        Stay("I", dt.date(2026, 1, 2), dt.date(2026, 3, 18), 2),
    ]
    out = to_dict(estimate(stays, AS_OF))
    assert out["n"] == 8
    assert out["events"] == 4
    assert out["median_days"] == 75
    assert out["curve"] == [
        {"day": 10, "at_risk": 8, "events": 2, "censored": 1, "survival": 0.75},
        {"day": 30, "at_risk": 5, "events": 1, "censored": 2, "survival": 0.6},
        {"day": 75, "at_risk": 2, "events": 1, "censored": 0, "survival": 0.3},
        {"day": 80, "at_risk": 1, "events": 0, "censored": 1, "survival": 0.3},
    ]
    assert out["at"]["30"] == {"survival": 0.6, "ci_low": 0.195496, "ci_high": 0.852254}
    assert out["at"]["60"] == out["at"]["30"]
    assert out["at"]["90"] == {"survival": None, "ci_low": None, "ci_high": None}
    json.dumps(out)  # the CLI prints it as it is


def test_the_interval_is_greenwood_on_the_log_log_scale() -> None:
    # S = 0.6, V = 2/(8·6) + 1/(5·4) = 0.0916…: the page's hand computation.
    low, high = loglog_interval(0.6, 2 / 48 + 1 / 20)
    assert low == pytest.approx(0.195496, abs=1e-6)
    assert high == pytest.approx(0.852254, abs=1e-6)
    assert loglog_interval(1.0, 0.0) == (None, None)
    assert loglog_interval(0.0, float("inf")) == (None, None)


@pytest.mark.parametrize("seed", range(12))
def test_it_agrees_with_lifelines_on_random_data(seed: int) -> None:
    lifelines = pytest.importorskip("lifelines")
    rng = random.Random(seed)
    stays = [
        stay(
            str(i),
            rng.randint(0, 60),
            rng.choice([None, rng.randint(0, 60), rng.randint(0, 120)]),
            rng.choice([1, 2, 2, 3, 4, 7, None]),
        )
        for i in range(rng.randint(5, 80))
    ]
    for i, s in enumerate(stays):  # an open stay has no reason
        if s.discharged is None:
            stays[i] = Stay(s.id, s.admitted)
    result = estimate(stays, AS_OF)
    times = [r.day for r in result.curve]
    durations, observed = _durations(stays)
    kmf = lifelines.KaplanMeierFitter().fit(durations, observed)
    theirs = kmf.survival_function_at_times(times).to_list()
    assert [r.survival for r in result.curve] == pytest.approx(theirs)
    ci = kmf.confidence_interval_
    for r in result.curve:
        low, high = loglog_interval(r.survival, _greenwood(result.curve, r.day))
        if low is None or high is None:
            continue
        assert low == pytest.approx(ci.loc[float(r.day)].iloc[0])
        assert high == pytest.approx(ci.loc[float(r.day)].iloc[1])
    median = kmf.median_survival_time_
    assert result.median_days == (None if median == float("inf") else int(median))
    for t in (30, 60, 90):
        at = result.at[t]
        if at.ci_low is not None:
            day = max(d for d in times if d <= t)
            assert at.ci_low == pytest.approx(ci.loc[float(day)].iloc[0])


def _durations(stays: list[Stay]) -> tuple[list[int], list[int]]:
    """The issue's rules written out again, independently of the core, for lifelines."""
    durations, observed = [], []
    for s in stays:
        if s.admitted > AS_OF:
            continue
        ended = s.discharged is not None and s.discharged <= AS_OF
        end = s.discharged if ended and s.discharged is not None else AS_OF
        durations.append((end - s.admitted).days)
        observed.append(1 if ended and s.reason in (2, 3) else 0)
    return durations, observed


def _greenwood(curve: tuple, day: int) -> float:  # type: ignore[type-arg]
    total = 0.0
    for r in curve:
        if r.day > day:
            break
        if r.events:
            if r.events == r.at_risk:
                return float("inf")
            total += r.events / (r.at_risk * (r.at_risk - r.events))
    return total
