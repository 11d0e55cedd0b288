"""The intake rules that are not placement: pure, documented in docs/algorithms/intake.md.

Nothing here imports Django, so the rules are tested with tables and no database. Services call
these functions and refuse whatever they refuse.
"""

from dataclasses import dataclass
from typing import Literal

# Statuses ---------------------------------------------------------------------------

NEW = "new"
CONTACTED = "contacted"
SCREENED = "screened"
ASSESSMENT_BOOKED = "assessment_booked"
ADMITTED = "admitted"
REFERRED_OUT = "referred_out"
NOT_A_FIT = "not_a_fit"
LOST = "lost"

STATUSES = (NEW, CONTACTED, SCREENED, ASSESSMENT_BOOKED, ADMITTED, REFERRED_OUT, NOT_A_FIT, LOST)
CLOSED = frozenset({REFERRED_OUT, NOT_A_FIT, LOST})
_ENDINGS = (REFERRED_OUT, NOT_A_FIT, LOST)

# from → the statuses it may move to. ``admitted`` is final; a closed inquiry may be reopened.
TRANSITIONS: dict[str, frozenset[str]] = {
    NEW: frozenset({CONTACTED, SCREENED, *_ENDINGS}),
    CONTACTED: frozenset({SCREENED, *_ENDINGS}),
    SCREENED: frozenset({ASSESSMENT_BOOKED, *_ENDINGS}),
    # Back to screened when the booked assessment is cancelled.
    ASSESSMENT_BOOKED: frozenset({ADMITTED, SCREENED, *_ENDINGS}),
    ADMITTED: frozenset(),
    REFERRED_OUT: frozenset({CONTACTED}),
    NOT_A_FIT: frozenset({CONTACTED}),
    LOST: frozenset({CONTACTED}),
}
# Reached only through the step that causes them (a screening, a booking, an admission).
SYSTEM_TARGETS = frozenset({SCREENED, ASSESSMENT_BOOKED, ADMITTED})
# Closing an inquiry says why.
NOTE_REQUIRED = frozenset(_ENDINGS)


def can_transition(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, frozenset())


def manual_targets(current: str) -> list[str]:
    """Where staff may move an inquiry by hand, in board order."""
    allowed = TRANSITIONS.get(current, frozenset()) - SYSTEM_TARGETS
    return [status for status in STATUSES if status in allowed]


# Duplicates -------------------------------------------------------------------------


def phone_digits(raw: str) -> str:
    """Digits only; a US number written with its leading 1 matches the same number without it."""
    digits = "".join(c for c in raw if c.isdigit())
    # Eleven digits starting with 1 is the North American country code (+1), written or not.
    if len(digits) == 11 and digits.startswith("1"):
        return digits[1:]
    return digits


def normal_email(raw: str) -> str:
    return raw.strip().lower()


# Screening disposition --------------------------------------------------------------

Disposition = Literal["book_assessment", "refer_higher", "emergency"]
DISPOSITIONS: tuple[Disposition, ...] = ("book_assessment", "refer_higher", "emergency")  # least to most urgent
RECENT_USE_DAYS = 7  # a seizure or DT history matters while withdrawal is still possible


@dataclass(frozen=True)
class ScreeningFacts:
    cssrs_risk: str | None  # none, low, moderate, high; None when not asked
    phq2_positive: bool | None
    auditc_positive: bool | None
    dast10_positive: bool | None
    scoff_positive: bool | None
    withdrawal_seizures: bool
    delirium_tremens: bool
    days_since_last_use: int | None  # None when unknown
    available_hours_per_week: float | None
    adolescent: bool = False


@dataclass(frozen=True)
class ScreeningAdvice:
    disposition: Disposition
    reasons: list[str]
    flags: list[str]


FLAG_SUICIDE_RISK_HIGH = "suicide-risk-high"
FLAG_SUICIDE_RISK_MODERATE = "suicide-risk-moderate"
FLAG_DEPRESSION_POSITIVE = "depression-screen-positive"
FLAG_ALCOHOL_POSITIVE = "alcohol-screen-positive"
FLAG_DRUG_POSITIVE = "drug-screen-positive"
FLAG_EATING_POSITIVE = "eating-screen-positive"
FLAG_WITHDRAWAL_HISTORY = "complicated-withdrawal-history"
FLAG_FEW_HOURS = "hours-below-iop-minimum"

FLAG_LABELS = {
    FLAG_SUICIDE_RISK_HIGH: "C-SSRS high risk",
    FLAG_SUICIDE_RISK_MODERATE: "C-SSRS moderate risk",
    FLAG_DEPRESSION_POSITIVE: "PHQ-2 positive",
    FLAG_ALCOHOL_POSITIVE: "AUDIT-C positive",
    FLAG_DRUG_POSITIVE: "DAST-10 positive",
    FLAG_EATING_POSITIVE: "SCOFF positive",
    FLAG_WITHDRAWAL_HISTORY: "Withdrawal seizures or DTs in the past",
    FLAG_FEW_HOURS: "Fewer hours than IOP needs",
}
URGENT_FLAGS = frozenset({FLAG_SUICIDE_RISK_HIGH, FLAG_SUICIDE_RISK_MODERATE, FLAG_DEPRESSION_POSITIVE})


def advise_disposition(facts: ScreeningFacts) -> ScreeningAdvice:
    """The suggested disposition of a phone screen, with its reasons and the flags to show.

    1. C-SSRS high → emergency (warm hand-off to 988 or 911 while on the phone).
    2. A history of withdrawal seizures or delirium tremens with use in the last 7 days (or an
       unknown last use) → refer to a higher level now: withdrawal needs medical management
       that an IOP does not give.
    3. Otherwise → book an assessment. Positive screens add flags for the assessing clinician.
    """
    flags: list[str] = []
    reasons: list[str] = []
    if facts.cssrs_risk == "high":
        flags.append(FLAG_SUICIDE_RISK_HIGH)
    elif facts.cssrs_risk == "moderate":
        flags.append(FLAG_SUICIDE_RISK_MODERATE)
    for positive, flag in (
        (facts.phq2_positive, FLAG_DEPRESSION_POSITIVE),
        (facts.auditc_positive, FLAG_ALCOHOL_POSITIVE),
        (facts.dast10_positive, FLAG_DRUG_POSITIVE),
        (facts.scoff_positive, FLAG_EATING_POSITIVE),
    ):
        if positive:
            flags.append(flag)
    complicated = facts.withdrawal_seizures or facts.delirium_tremens
    if complicated:
        flags.append(FLAG_WITHDRAWAL_HISTORY)
    minimum = 6 if facts.adolescent else 9
    hours = facts.available_hours_per_week
    if hours is not None and hours < minimum:
        flags.append(FLAG_FEW_HOURS)

    if facts.cssrs_risk == "high":
        reasons.append("C-SSRS risk is high: emergency evaluation now (988 or 911 while on the phone).")
        return ScreeningAdvice("emergency", reasons, flags)
    recent = facts.days_since_last_use is None or facts.days_since_last_use <= RECENT_USE_DAYS
    if complicated and recent:
        when = (
            "last use is unknown"
            if facts.days_since_last_use is None
            else f"last use was {facts.days_since_last_use} day(s) ago"
        )
        reasons.append(
            f"Withdrawal seizures or delirium tremens in the past and {when} "
            f"(within {RECENT_USE_DAYS} days): withdrawal needs medical management first."
        )
        return ScreeningAdvice("refer_higher", reasons, flags)
    if facts.cssrs_risk == "moderate":
        reasons.append("C-SSRS risk is moderate: book the assessment and have a clinician check safety today.")
    reasons.append("No finding calls for another level now: book an assessment.")
    return ScreeningAdvice("book_assessment", reasons, flags)


def disposition_needs_note(suggested: str, chosen: str) -> bool:
    """Choosing a less urgent disposition than the suggested one needs a note saying why."""
    return DISPOSITIONS.index(chosen) < DISPOSITIONS.index(suggested)


# Placement decision -----------------------------------------------------------------

IOP_LEVEL = "2.1"
COSIGN_LEVELS = frozenset({"crisis", "3.7-WM", "2-WM"})


def decision_needs_reason(recommended: str, decided: str) -> bool:
    return recommended != decided


def cosignature_required(recommended: str, decided: str) -> bool:
    """Admitting to IOP against a crisis or withdrawal-management recommendation needs medical sign-off."""
    return decided == IOP_LEVEL and recommended in COSIGN_LEVELS
