"""The billable-day core, rule by rule (clinical reference §7; docs/algorithms/billable-days.md)."""

import datetime as dt

import pytest

from openiop.billing.billable import (
    MEDICARE_IOP,
    PER_DIEM,
    PER_SERVICE,
    Authorization,
    PayerRules,
    Service,
    bill_week,
    time_code,
)

MON = dt.date(2026, 11, 2)
TUE, WED, THU, FRI = (MON + dt.timedelta(days=n) for n in range(1, 5))

H0015 = PayerRules(mode=PER_DIEM, per_diem_code="H0015")  # ">=3 h/day and >=3 days/week"
S9480_UB04 = PayerRules(mode=PER_DIEM, claim_type="institutional", per_diem_code="S9480", revenue_code="0905")
CPT = PayerRules(mode=PER_SERVICE, min_days_per_week=0, min_minutes_per_day=0)
MEDICARE = PayerRules(
    mode=MEDICARE_IOP,
    claim_type="institutional",
    revenue_code="0906",
    min_days_per_week=0,
    min_minutes_per_week=540,  # ">=9 h/week"
    requires_authorization=False,
)
OPEN = (Authorization("AUTH-1", MON, FRI + dt.timedelta(days=30), units_remaining=100),)


def group(day: dt.date, minutes: int = 180, *, signed: bool = True, kind: str = "group", n: int = 8) -> Service:
    return Service(day=day, kind=kind, minutes=minutes, documented=signed, participants=n, ref=f"{day}-{kind}")


def individual(day: dt.date, minutes: int, *, signed: bool = True, kind: str = "individual") -> Service:
    return Service(day=day, kind=kind, minutes=minutes, documented=signed, ref=f"{day}-{kind}-{minutes}")


def three_full_days() -> list[Service]:
    return [group(MON), group(WED), group(FRI)]


@pytest.mark.parametrize(
    ("services", "billed_days", "held"),
    [
        # H0015: ">=3 h/day and >=3 days/week".
        (three_full_days(), [MON, WED, FRI], {}),
        # A late arrival: 170 of the 180 minutes a day needs.
        ([group(MON), group(WED, 170), group(FRI), group(THU)], [MON, THU, FRI], {WED: "below_day_minimum"}),
        # An early departure makes the week fall to two days: the whole week is held.
        (
            [group(MON), group(WED), group(FRI, 120)],
            [],
            {MON: "week_below_minimum_days", WED: "week_below_minimum_days", FRI: "below_day_minimum"},
        ),
        # A make-up drop-in counts as a group toward the day.
        ([group(MON), group(WED, 90), group(WED, 90, kind="make_up"), group(FRI)], [MON, WED, FRI], {}),
        # A group plus an individual session make the day (both count under this payer).
        ([group(MON), group(WED, 120), individual(WED, 60), group(FRI)], [MON, WED, FRI], {}),
        # A day that would qualify but for an unsigned note is held as such, and so is the week.
        (
            [group(MON), group(WED, signed=False), group(FRI)],
            [],
            {WED: "unsigned_documentation", MON: "week_below_minimum_days", FRI: "week_below_minimum_days"},
        ),
    ],
)
def test_per_diem_days(services: list[Service], billed_days: list[dt.date], held: dict[dt.date, str]) -> None:
    result = bill_week(services, H0015, OPEN)
    assert [line.day for line in result.lines] == billed_days
    assert {h.day: h.reason for h in result.held} == held
    assert all(line.code == "H0015" and line.units == 1 for line in result.lines)


def test_case_management_does_not_count_toward_the_day_unless_the_payer_says_so() -> None:
    services = [*three_full_days(), individual(TUE, 60, kind="case_management")]
    assert {h.day: h.reason for h in bill_week(services, H0015, OPEN).held} == {TUE: "not_counted"}
    with_cm = PayerRules(counts_toward_day=frozenset({"group", "individual", "family", "case_management"}))
    assert {h.day: h.reason for h in bill_week(services, with_cm, OPEN).held} == {TUE: "below_day_minimum"}


def test_a_week_not_over_yet_waits_instead_of_being_held() -> None:
    result = bill_week([group(MON), group(TUE)], H0015, OPEN, week_over=False)
    assert (result.lines, {h.reason for h in result.held}) == ((), {"week_in_progress"})


def test_a_week_cut_short_by_admission_is_judged_day_by_day() -> None:
    result = bill_week([group(THU), group(FRI)], H0015, OPEN, exempt_from_week_minimum=True)
    assert [line.day for line in result.lines] == [THU, FRI]


def test_units_by_minutes_when_the_payer_counts_them() -> None:
    hourly = PayerRules(unit_minutes=60)
    result = bill_week([group(MON, 200), group(WED), group(FRI, 239)], hourly, OPEN)
    assert [line.units for line in result.lines] == [3, 3, 3]
    assert result.units_used == {"AUTH-1": 9}


def test_an_institutional_per_diem_carries_the_revenue_code() -> None:
    result = bill_week(three_full_days(), S9480_UB04, OPEN)
    assert {(line.code, line.revenue_code) for line in result.lines} == {("S9480", "0905")}


@pytest.mark.parametrize(
    ("authorizations", "billed", "held"),
    [
        ((), [], {MON: "no_authorization", WED: "no_authorization", FRI: "no_authorization"}),
        # Starts on Tuesday: Monday is held, the rest bill.
        ((Authorization("A", TUE, FRI, 10),), [WED, FRI], {MON: "no_authorization"}),
        # Two units left: the third day is held as exhausted.
        ((Authorization("A", MON, FRI, 2),), [MON, WED], {FRI: "authorization_exhausted"}),
        # Authorized for another code only.
        (
            (Authorization("A", MON, FRI, 10, codes=frozenset({"S9480"})),),
            [],
            {MON: "no_authorization", WED: "no_authorization", FRI: "no_authorization"},
        ),
        # A second authorization picks up where the first ran out.
        ((Authorization("A", MON, TUE, 5), Authorization("B", WED, FRI, 5)), [MON, WED, FRI], {}),
    ],
)
def test_a_day_without_a_valid_authorization_is_held(
    authorizations: tuple[Authorization, ...], billed: list[dt.date], held: dict[dt.date, str]
) -> None:
    result = bill_week(three_full_days(), H0015, authorizations)
    assert [line.day for line in result.lines] == billed
    assert {h.day: h.reason for h in result.held} == held


@pytest.mark.parametrize(
    ("minutes", "code"),
    [(15, None), (16, "90832"), (37, "90832"), (38, "90834"), (52, "90834"), (53, "90837"), (90, "90837")],
)
def test_psychotherapy_time_codes(minutes: int, code: str | None) -> None:
    """ "90832 = 16–37 min; 90834 = 38–52 min; 90837 = >=53 min"."""
    assert time_code(minutes) == code


def test_per_service_lines_bill_groups_with_participants_and_individual_by_minutes() -> None:
    services = [group(MON, 90, n=9), individual(MON, 45), individual(TUE, 12), individual(WED, 55, signed=False)]
    result = bill_week(services, CPT, OPEN)
    assert [(line.code, line.participants) for line in result.lines] == [("90853", 9), ("90834", None)]
    assert {h.day: h.reason for h in result.held} == {TUE: "too_short", WED: "unsigned_documentation"}


def test_a_group_of_thirteen_is_not_billed_as_90853() -> None:
    """ "≤12 participants"."""
    result = bill_week([group(MON, 90, n=13)], CPT, OPEN)
    assert result.lines == ()
    assert [h.reason for h in result.held] == ["group_too_large"]


def _services(day: dt.date, count: int) -> list[Service]:
    return [group(day, 60, n=8)] * (count - 1) + [individual(day, 50)]


@pytest.mark.parametrize(
    ("per_day", "tiers", "held"),
    [
        # "per-diem APCs for 3 services/day and for >=4"; a week needs ">=9 h".
        ({MON: 3, WED: 4, FRI: 4}, {MON: "3", WED: "4+", FRI: "4+"}, {}),
        ({MON: 2, WED: 4, FRI: 4, THU: 4}, {WED: "4+", THU: "4+", FRI: "4+"}, {MON: "too_few_services"}),
        # Three days of three services of about an hour: under 9 hours, the week is held.
        ({MON: 3, WED: 3}, {}, {MON: "week_below_minimum_minutes", WED: "week_below_minimum_minutes"}),
    ],
)
def test_medicare_iop_per_diem_tiers(
    per_day: dict[dt.date, int], tiers: dict[dt.date, str], held: dict[dt.date, str]
) -> None:
    services = [s for day, n in per_day.items() for s in _services(day, n)]
    result = bill_week(services, MEDICARE)
    assert {line.day: line.tier for line in result.lines} == tiers
    assert {h.day: h.reason for h in result.held} == held
    assert {line.revenue_code for line in result.lines} <= {"0906"}


def test_an_unknown_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown billing mode"):
        bill_week([], PayerRules(mode="capitation"))
