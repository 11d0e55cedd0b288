"""TEDS records from what intake and discharge record (pure; no Django).

Codes are the public-file codes of the clinical reference §8; −9 means missing. Each record comes
with the problems of its required fields (missing or invalid), which the validation report lists
before anything is submitted. docs/formats/teds.md has every column and its source.
"""

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

MISSING = -9

# Level of care → SERVICES. ASAM 2.1 and 2.5 are ambulatory intensive outpatient (TEDS: ≥2 h a day
# on ≥3 days a week), 1 is non-intensive outpatient; residential and inpatient levels have no
# single code without the stay's setting, so they are reported rather than guessed.
SERVICES = {"1": 7, "2.1": 6, "2.5": 6}
NONE_SUBSTANCE = 1  # SUB2/SUB3 "none" when fewer substances were recorded
# DAYWAIT public-file codes: 0 days, 1–7, 8–14, 15–30, 31+.
DAYWAIT_BANDS = ((0, 0, 0), (1, 7, 1), (8, 14, 2), (15, 30, 3), (31, None, 4))
# FRSTUSE public-file codes by age at first use: ≤11, 12–14, 15–17, 18–20, 21–24, 25–29, 30+.
FRSTUSE_BANDS = ((0, 11, 1), (12, 14, 2), (15, 17, 3), (18, 20, 4), (21, 24, 5), (25, 29, 6), (30, None, 7))
# LOS public-file codes: 1–30 days as themselves, then 31–45, 46–60, 61–90, 91–120, 121–180,
# 181–365, 366+ as 31–37. A same-day discharge is 1 day.
LOS_BANDS = ((31, 45, 31), (46, 60, 32), (61, 90, 33), (91, 120, 34), (121, 180, 35), (181, 365, 36), (366, None, 37))
# Self-help (mutual-help) meetings in the 30 days before discharge: none, 1–3, 4–7, 8–15, 16+.
SELF_HELP_BANDS = ((0, 0, 1), (1, 3, 2), (4, 7, 3), (8, 15, 4), (16, None, 5))

ADMISSION_COLUMNS = (
    "CASEID", "ADMDATE", "SERVICES", "PSOURCE", "NOPRIOR", "DAYWAIT",
    "SUB1", "ROUTE1", "FREQ1", "FRSTUSE1",
    "SUB2", "ROUTE2", "FREQ2", "FRSTUSE2",
    "SUB3", "ROUTE3", "FREQ3", "FRSTUSE3",
)  # fmt: skip
DISCHARGE_COLUMNS = (
    "CASEID", "ADMDATE", "DISDATE", "SERVICES_D", "LOS", "REASON", "SUB1", "FREQ1_D", "FREQ_ATND_SELF_HELP_D",
)  # fmt: skip
PSOURCE_CODES = range(1, 8)
REASON_CODES = range(1, 8)
SUBSTANCE_CODES = range(1, 20)
ROUTE_CODES = range(1, 6)
FREQ_CODES = range(1, 4)


@dataclass(frozen=True)
class Substance:
    code: int
    route: int | None = None
    frequency: int | None = None
    age_at_first_use: int | None = None


@dataclass(frozen=True)
class EpisodeFacts:
    """What openiop holds about one episode; None where nothing was recorded."""

    episode_id: int
    admitted: dt.date
    level_of_care: str
    discharged: dt.date | None = None
    first_contact: dt.date | None = None  # the inquiry's first call (DAYWAIT)
    psource: int | None = None  # already mapped from the referral source (intake.codes.PSOURCE)
    prior_treatment: int | None = None  # 0–5, 5 = five or more
    substances: Sequence[Substance] = field(default_factory=tuple)  # by rank
    reason: int | None = None
    use_frequency_at_discharge: int | None = None
    self_help_30d: int | None = None


@dataclass(frozen=True)
class Record:
    episode_id: int
    values: Mapping[str, int | str]
    problems: tuple[str, ...]  # "SUB1: missing (no substance recorded at the assessment)"

    @property
    def valid(self) -> bool:
        return not self.problems


def band(value: int, bands: Sequence[tuple[int, int | None, int]]) -> int:
    return next(code for low, high, code in bands if value >= low and (high is None or value <= high))


class _Checker:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def code(self, column: str, value: int | None, allowed: range, why_missing: str) -> int:
        if value is None:
            self.problems.append(f"{column}: missing ({why_missing})")
            return MISSING
        if value not in allowed:
            self.problems.append(f"{column}: invalid ({value} is not a TEDS code)")
            return MISSING
        return value


def _services(check: _Checker, column: str, level: str) -> int:
    code = SERVICES.get(level)
    if code is None:
        check.problems.append(f"{column}: invalid (no TEDS service code for level of care {level!r})")
        return MISSING
    return code


def _substance_columns(check: _Checker, substances: Sequence[Substance]) -> dict[str, int]:
    values: dict[str, int] = {}
    for n in (1, 2, 3):
        given = substances[n - 1] if len(substances) >= n else None
        if given is None:
            if n == 1:
                check.problems.append("SUB1: missing (no substance recorded at the assessment)")
                values["SUB1"] = MISSING
            else:  # fewer substances than three: TEDS "none"
                values[f"SUB{n}"] = NONE_SUBSTANCE if values["SUB1"] != MISSING else MISSING
            values.update({f"ROUTE{n}": MISSING, f"FREQ{n}": MISSING, f"FRSTUSE{n}": MISSING})
            continue
        values[f"SUB{n}"] = check.code(f"SUB{n}", given.code, SUBSTANCE_CODES, "no substance")
        if given.code == NONE_SUBSTANCE:  # no substance: route, frequency and first use do not apply
            values.update({f"ROUTE{n}": MISSING, f"FREQ{n}": MISSING, f"FRSTUSE{n}": MISSING})
            continue
        values[f"ROUTE{n}"] = check.code(f"ROUTE{n}", given.route, ROUTE_CODES, "route not recorded")
        values[f"FREQ{n}"] = check.code(f"FREQ{n}", given.frequency, FREQ_CODES, "frequency not recorded")
        age = given.age_at_first_use
        if age is None:
            check.problems.append(f"FRSTUSE{n}: missing (age at first use not recorded)")
            values[f"FRSTUSE{n}"] = MISSING
        elif not 0 <= age <= 96:
            check.problems.append(f"FRSTUSE{n}: invalid (age {age} is outside 0–96)")
            values[f"FRSTUSE{n}"] = MISSING
        else:
            values[f"FRSTUSE{n}"] = band(age, FRSTUSE_BANDS)
    return values


def admission_record(facts: EpisodeFacts) -> Record:
    check = _Checker()
    values: dict[str, int | str] = {"CASEID": facts.episode_id, "ADMDATE": facts.admitted.strftime("%Y%m%d")}
    values["SERVICES"] = _services(check, "SERVICES", facts.level_of_care)
    values["PSOURCE"] = check.code("PSOURCE", facts.psource, PSOURCE_CODES, "no inquiry with a referral source")
    values["NOPRIOR"] = check.code(
        "NOPRIOR", facts.prior_treatment, range(6), "prior treatment episodes not recorded at the assessment"
    )
    if facts.first_contact is None:
        check.problems.append("DAYWAIT: missing (no inquiry before admission)")
        values["DAYWAIT"] = MISSING
    elif facts.first_contact > facts.admitted:
        check.problems.append("DAYWAIT: invalid (the first contact is after the admission)")
        values["DAYWAIT"] = MISSING
    else:
        values["DAYWAIT"] = band((facts.admitted - facts.first_contact).days, DAYWAIT_BANDS)
    values.update(_substance_columns(check, facts.substances))
    return Record(facts.episode_id, {c: values[c] for c in ADMISSION_COLUMNS}, tuple(check.problems))


def discharge_record(facts: EpisodeFacts) -> Record:
    check = _Checker()
    values: dict[str, int | str] = {"CASEID": facts.episode_id, "ADMDATE": facts.admitted.strftime("%Y%m%d")}
    if facts.discharged is None:
        check.problems.append("DISDATE: missing (the episode is not discharged)")
        values.update(DISDATE=MISSING, LOS=MISSING)
    else:
        values["DISDATE"] = facts.discharged.strftime("%Y%m%d")
        days = max(1, (facts.discharged - facts.admitted).days)
        values["LOS"] = days if days <= 30 else band(days, LOS_BANDS)
    values["SERVICES_D"] = _services(check, "SERVICES_D", facts.level_of_care)
    values["REASON"] = check.code("REASON", facts.reason, REASON_CODES, "no coded discharge reason")
    values["SUB1"] = check.code(
        "SUB1",
        facts.substances[0].code if facts.substances else None,
        SUBSTANCE_CODES,
        "no substance recorded at the assessment",
    )
    values["FREQ1_D"] = check.code(
        "FREQ1_D", facts.use_frequency_at_discharge, FREQ_CODES, "use in the 30 days before discharge not recorded"
    )
    if facts.self_help_30d is None:
        check.problems.append("FREQ_ATND_SELF_HELP_D: missing (mutual-help attendance at discharge not recorded)")
        values["FREQ_ATND_SELF_HELP_D"] = MISSING
    else:
        values["FREQ_ATND_SELF_HELP_D"] = band(facts.self_help_30d, SELF_HELP_BANDS)
    return Record(facts.episode_id, {c: values[c] for c in DISCHARGE_COLUMNS}, tuple(check.problems))
