"""TEDS records from episode facts (clinical-reference §8; docs/formats/teds.md), no database."""

import datetime as dt

import pytest

from openiop.reports.teds.records import (
    MISSING,
    EpisodeFacts,
    Substance,
    admission_record,
    discharge_record,
)

ADMITTED = dt.date(2026, 3, 10)
FULL = EpisodeFacts(
    episode_id=7,
    admitted=ADMITTED,
    level_of_care="2.1",
    discharged=dt.date(2026, 5, 1),
    first_contact=dt.date(2026, 3, 1),
    psource=7,
    prior_treatment=2,
    substances=(Substance(2, 1, 3, 16), Substance(4, 2, 2, 14)),
    reason=1,
    use_frequency_at_discharge=1,
    self_help_30d=6,
)


def test_a_complete_admission_record_has_every_code_and_no_problems() -> None:
    record = admission_record(FULL)
    assert record.problems == ()
    assert dict(record.values) == {
        "CASEID": 7,
        "ADMDATE": "20260310",
        "SERVICES": 6,  # ambulatory intensive outpatient
        "PSOURCE": 7,
        "NOPRIOR": 2,
        "DAYWAIT": 2,  # 9 days: 8–14
        "SUB1": 2,
        "ROUTE1": 1,
        "FREQ1": 3,
        "FRSTUSE1": 3,  # 16: 15–17
        "SUB2": 4,
        "ROUTE2": 2,
        "FREQ2": 2,
        "FRSTUSE2": 2,  # 14: 12–14
        "SUB3": 1,  # none
        "ROUTE3": MISSING,
        "FREQ3": MISSING,
        "FRSTUSE3": MISSING,
    }


def test_a_complete_discharge_record() -> None:
    record = discharge_record(FULL)
    assert record.problems == ()
    assert dict(record.values) == {
        "CASEID": 7,
        "ADMDATE": "20260310",
        "DISDATE": "20260501",
        "SERVICES_D": 6,
        "LOS": 32,  # 52 days: 46–60
        "REASON": 1,
        "SUB1": 2,
        "FREQ1_D": 1,
        "FREQ_ATND_SELF_HELP_D": 3,  # 6 meetings: 4–7
    }


# (field changed, value, column, expected code, expected problem or None)
ADMISSION_CASES = [
    ("first_contact", ADMITTED, "DAYWAIT", 0, None),
    ("first_contact", ADMITTED - dt.timedelta(days=7), "DAYWAIT", 1, None),
    ("first_contact", ADMITTED - dt.timedelta(days=30), "DAYWAIT", 3, None),
    ("first_contact", ADMITTED - dt.timedelta(days=31), "DAYWAIT", 4, None),
    ("first_contact", None, "DAYWAIT", MISSING, "DAYWAIT: missing (no inquiry before admission)"),
    ("first_contact", ADMITTED + dt.timedelta(days=1), "DAYWAIT", MISSING, "DAYWAIT: invalid"),
    ("psource", None, "PSOURCE", MISSING, "PSOURCE: missing"),
    ("psource", 8, "PSOURCE", MISSING, "PSOURCE: invalid (8 is not a TEDS code)"),
    ("prior_treatment", 5, "NOPRIOR", 5, None),
    ("prior_treatment", None, "NOPRIOR", MISSING, "NOPRIOR: missing"),
    ("level_of_care", "2.5", "SERVICES", 6, None),
    ("level_of_care", "1", "SERVICES", 7, None),
    ("level_of_care", "3.5", "SERVICES", MISSING, "SERVICES: invalid (no TEDS service code for level of care '3.5')"),
    ("substances", (), "SUB1", MISSING, "SUB1: missing (no substance recorded at the assessment)"),
    ("substances", (Substance(1),), "ROUTE1", MISSING, None),  # "none": route does not apply
    ("substances", (Substance(5, None, 3, 20),), "ROUTE1", MISSING, "ROUTE1: missing (route not recorded)"),
    ("substances", (Substance(5, 4, None, 20),), "FREQ1", MISSING, "FREQ1: missing"),
    ("substances", (Substance(5, 4, 3, None),), "FRSTUSE1", MISSING, "FRSTUSE1: missing"),
    ("substances", (Substance(5, 4, 3, 11),), "FRSTUSE1", 1, None),
    ("substances", (Substance(5, 4, 3, 30),), "FRSTUSE1", 7, None),
    ("substances", (Substance(5, 4, 3, 97),), "FRSTUSE1", MISSING, "FRSTUSE1: invalid (age 97 is outside 0–96)"),
    ("substances", (Substance(20, 4, 3, 20),), "SUB1", MISSING, "SUB1: invalid (20 is not a TEDS code)"),
]


@pytest.mark.parametrize(("name", "value", "column", "code", "problem"), ADMISSION_CASES)
def test_each_admission_field_is_coded_or_reported(
    name: str, value: object, column: str, code: int, problem: str | None
) -> None:
    record = admission_record(EpisodeFacts(**{**vars(FULL), name: value}))
    assert record.values[column] == code
    if problem is None:
        assert record.problems == ()
    else:
        assert len(record.problems) == 1 and record.problems[0].startswith(problem)


DISCHARGE_CASES = [
    ("discharged", ADMITTED, "LOS", 1, None),  # same day: one day
    ("discharged", ADMITTED + dt.timedelta(days=30), "LOS", 30, None),
    ("discharged", ADMITTED + dt.timedelta(days=31), "LOS", 31, None),
    ("discharged", ADMITTED + dt.timedelta(days=400), "LOS", 37, None),
    ("discharged", None, "LOS", MISSING, "DISDATE: missing"),
    ("reason", None, "REASON", MISSING, "REASON: missing (no coded discharge reason)"),
    ("reason", 3, "REASON", 3, None),
    ("use_frequency_at_discharge", None, "FREQ1_D", MISSING, "FREQ1_D: missing"),
    ("self_help_30d", 0, "FREQ_ATND_SELF_HELP_D", 1, None),
    ("self_help_30d", 16, "FREQ_ATND_SELF_HELP_D", 5, None),
    ("self_help_30d", None, "FREQ_ATND_SELF_HELP_D", MISSING, "FREQ_ATND_SELF_HELP_D: missing"),
]


@pytest.mark.parametrize(("name", "value", "column", "code", "problem"), DISCHARGE_CASES)
def test_each_discharge_field_is_coded_or_reported(
    name: str, value: object, column: str, code: int, problem: str | None
) -> None:
    record = discharge_record(EpisodeFacts(**{**vars(FULL), name: value}))
    assert record.values[column] == code
    if problem is None:
        assert record.problems == ()
    else:
        assert len(record.problems) == 1 and record.problems[0].startswith(problem)
