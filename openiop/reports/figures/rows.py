"""The plain rows the figures read, and the dashboard's filters (pure)."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

# Age at admission; adolescents first (IOP serves 13–17), then the usual adult bands.
AGE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("13-17", 13, 17),
    ("18-25", 18, 25),
    ("26-34", 26, 34),
    ("35-44", 35, 44),
    ("45-54", 45, 54),
    ("55-64", 55, 64),
    ("65+", 65, None),
)


def age_band(age: int) -> str:
    for name, low, high in AGE_BANDS:
        if age >= low and (high is None or age <= high):
            return name
    return "under 13"


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


@dataclass(frozen=True)
class EpisodeRow:
    id: int
    client_id: int
    admitted: dt.date
    discharged: dt.date | None
    reason: int | None  # TEDS REASON 1–7
    track: str
    level: str
    gender: str  # the client's gender identity code ("" when not recorded)
    age: int  # at admission
    language: str
    prescribed_hours: float  # per week


@dataclass(frozen=True)
class InquiryRow:
    id: int
    referral_source: str
    first_call: dt.date
    screened: bool
    assessed: bool  # a signed assessment
    admitted: dt.date | None
    language: str


@dataclass(frozen=True)
class AttendanceRow:
    episode_id: int
    day: dt.date
    hour: int  # site-local start hour of the session
    track: str  # the session's track
    status: str  # clinical.AttendanceStatus value
    minutes: int


@dataclass(frozen=True)
class ScoreRow:
    episode_id: int
    instrument: str  # "phq9", "gad7" or "bam" (the BAM use subscale)
    day: dt.date
    value: float


@dataclass(frozen=True)
class Filters:
    """Empty strings mean "any"."""

    track: str = ""
    level: str = ""
    gender: str = ""
    age_band: str = ""
    language: str = ""

    def admits(self, e: EpisodeRow) -> bool:
        return (
            (not self.track or e.track == self.track)
            and (not self.level or e.level == self.level)
            and (not self.gender or e.gender == self.gender)
            and (not self.age_band or age_band(e.age) == self.age_band)
            and (not self.language or e.language == self.language)
        )

    def as_dict(self) -> dict[str, str]:
        return {k: v for k, v in vars(self).items() if v}


def keep(episodes: Iterable[EpisodeRow], filters: Filters) -> list[EpisodeRow]:
    return [e for e in episodes if filters.admits(e)]


def overlaps(e: EpisodeRow, start: dt.date, end: dt.date) -> bool:
    return e.admitted <= end and (e.discharged is None or e.discharged >= start)
