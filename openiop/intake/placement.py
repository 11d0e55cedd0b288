"""openiop's own level-of-care placement rules: decision support, not ASAM's algorithm.

Pure: dataclasses in, dataclasses out, nothing from Django. The rules, their order and
every threshold are documented in docs/algorithms/placement.md; keep the two in step.
"""

import json
from dataclasses import dataclass
from typing import ClassVar, Literal

Population = Literal["adult", "adolescent"]
CssrsRisk = Literal["none", "low", "moderate", "high"]
WithdrawalManagement = Literal["none", "ambulatory", "inpatient"]
Level = Literal["crisis", "3.7-WM", "2-WM", "4", "3.5", "2.5", "2.1", "1"]

POPULATIONS: tuple[Population, ...] = ("adult", "adolescent")
# Lowest to highest, so a configured crisis threshold means "this risk or higher".
CSSRS_RISKS: tuple[CssrsRisk, ...] = ("none", "low", "moderate", "high")
DIMENSIONS = range(1, 7)
RATING_MAX = 4
CIWA_AR_MAX = 67
COWS_MAX = 48
HOURS_IN_A_WEEK = 168

LEVEL_NAMES: dict[Level, str] = {
    "crisis": "Emergency evaluation now",
    "3.7-WM": "Inpatient withdrawal management",
    "2-WM": "Ambulatory withdrawal management",
    "4": "Hospital inpatient treatment",
    "3.5": "Residential treatment with 24-hour structure",
    "2.5": "Partial hospitalization",
    "2.1": "Intensive outpatient",
    "1": "Outpatient",
}

FLAG_MOTIVATIONAL_WORK_FIRST = "motivational-work-first"
FLAG_HOURS_BELOW_IOP_MINIMUM = "hours-below-iop-minimum"


@dataclass(frozen=True)
class PlacementInput:
    """One assessment. Build it with parse_input() from untrusted data."""

    population: Population
    ciwa_ar: int | None
    cows: int | None
    cssrs_risk: CssrsRisk | None
    dimensions: dict[int, int]  # dimension 1..6 -> rating 0..4
    available_hours_per_week: float | None


@dataclass(frozen=True)
class PlacementThresholds:
    """Every cut-off of the rules, so a program can configure its own.

    Each is a minimum: the rule fires when the value is at or above it.
    """

    # Rule 1
    crisis_cssrs_risk: CssrsRisk = "high"
    # Rule 2
    inpatient_wm_ciwa_ar: int = 19
    inpatient_wm_cows: int = 25
    inpatient_wm_dimension_1: int = 3
    ambulatory_wm_ciwa_ar: int = 10
    ambulatory_wm_cows: int = 13
    ambulatory_wm_dimension_1: int = 2
    # Rule 3
    hospital_dimensions_2_3: int = 4
    residential_dimensions_5_6: int = 4
    # Rule 4
    residential_dimension_6: int = 3
    partial_hospitalization_dimensions_2_3_5: int = 3
    # Rule 5
    iop_dimensions_2_to_6: int = 2
    motivational_work_dimension_4: int = 3
    # Rule 6
    iop_minimum_hours_adult: float = 9
    iop_minimum_hours_adolescent: float = 6


DEFAULT_THRESHOLDS = PlacementThresholds()


@dataclass(frozen=True)
class Recommendation:
    level: Level
    next_level: Level | None  # where to step down once withdrawal is managed
    iop_appropriate: bool
    withdrawal_management: WithdrawalManagement
    reasons: list[str]
    flags: list[str]
    # A label for every screen and document that shows a recommendation.
    decision_support: ClassVar[bool] = True

    @property
    def name(self) -> str:
        return LEVEL_NAMES[self.level]


@dataclass(frozen=True)
class _Finding:
    level: Level
    reasons: list[str]
    flags: list[str]


@dataclass(frozen=True)
class _Withdrawal:
    kind: WithdrawalManagement
    level: Level
    reason: str


def recommend(inp: PlacementInput, thresholds: PlacementThresholds = DEFAULT_THRESHOLDS) -> Recommendation:
    """Apply rules 1 to 6 in order; the first that gives a level wins."""
    withdrawal = _withdrawal(inp, thresholds)
    if _needs_crisis_evaluation(inp, thresholds):
        # Reassess after the emergency evaluation, so no step-down level is given;
        # a withdrawal need is still reported because the evaluating team needs it.
        return Recommendation(
            level="crisis",
            next_level=None,
            iop_appropriate=False,
            withdrawal_management=withdrawal.kind if withdrawal else "none",
            reasons=[
                f"Rule 1: C-SSRS risk is {inp.cssrs_risk} "
                f"(at or above {thresholds.crisis_cssrs_risk}), "
                "so an emergency evaluation is needed now.",
                *([withdrawal.reason] if withdrawal else []),
            ],
            flags=[],
        )
    finding = _level_from_dimensions(inp, thresholds)
    if withdrawal:
        return Recommendation(
            level=withdrawal.level,
            next_level=finding.level,
            iop_appropriate=False,
            withdrawal_management=withdrawal.kind,
            reasons=[withdrawal.reason, *finding.reasons],
            flags=finding.flags,
        )
    return Recommendation(
        level=finding.level,
        next_level=None,
        iop_appropriate=finding.level == "2.1",
        withdrawal_management="none",
        reasons=finding.reasons,
        flags=finding.flags,
    )


def recommendation_to_dict(recommendation: Recommendation) -> dict[str, object]:
    """The JSON contract: exactly these keys."""
    return {
        "level": recommendation.level,
        "name": recommendation.name,
        "next_level": recommendation.next_level,
        "iop_appropriate": recommendation.iop_appropriate,
        "withdrawal_management": recommendation.withdrawal_management,
        "reasons": list(recommendation.reasons),
        "flags": list(recommendation.flags),
    }


# Rule 1 ----------------------------------------------------------------------------


def _needs_crisis_evaluation(inp: PlacementInput, t: PlacementThresholds) -> bool:
    if inp.cssrs_risk is None:
        return False
    return CSSRS_RISKS.index(inp.cssrs_risk) >= CSSRS_RISKS.index(t.crisis_cssrs_risk)


# Rule 2 ----------------------------------------------------------------------------


def _withdrawal(inp: PlacementInput, t: PlacementThresholds) -> _Withdrawal | None:
    # Inpatient is tried first, so the ambulatory bands need no upper bound.
    inpatient = (
        t.inpatient_wm_ciwa_ar,
        t.inpatient_wm_cows,
        t.inpatient_wm_dimension_1,
    )
    ambulatory = (
        t.ambulatory_wm_ciwa_ar,
        t.ambulatory_wm_cows,
        t.ambulatory_wm_dimension_1,
    )
    options: tuple[tuple[WithdrawalManagement, Level, tuple[int, int, int]], ...] = (
        ("inpatient", "3.7-WM", inpatient),
        ("ambulatory", "2-WM", ambulatory),
    )
    for kind, level, (ciwa_ar, cows, dimension_1) in options:
        triggers = _triggers(
            ("CIWA-Ar is", inp.ciwa_ar, ciwa_ar),
            ("COWS is", inp.cows, cows),
            ("dimension 1 is rated", inp.dimensions[1], dimension_1),
        )
        if triggers:
            reason = (
                f"Rule 2: {triggers}, so {LEVEL_NAMES[level].lower()} ({level}) "
                "comes first; IOP is not appropriate yet."
            )
            return _Withdrawal(kind, level, reason)
    return None


# Rules 3 to 6 ----------------------------------------------------------------------


def _level_from_dimensions(inp: PlacementInput, t: PlacementThresholds) -> _Finding:
    """Rules 3 to 5 give the level; rule 6 and the readiness exception add flags.

    Dimension 4 (readiness) appears only in the rule 5 row, which is how it never
    raises the level above 2.1 on its own.
    """
    rows: tuple[tuple[int, tuple[int, ...], int, Level], ...] = (
        (3, (2, 3), t.hospital_dimensions_2_3, "4"),
        (3, (5, 6), t.residential_dimensions_5_6, "3.5"),
        (4, (6,), t.residential_dimension_6, "3.5"),
        (4, (2, 3, 5), t.partial_hospitalization_dimensions_2_3_5, "2.5"),
        (5, (2, 3, 4, 5, 6), t.iop_dimensions_2_to_6, "2.1"),
    )
    level: Level = "1"
    reasons = [
        "Rule 5: every rating of dimensions 2 to 6 is below "
        f"{t.iop_dimensions_2_to_6}, which points to level 1 ({LEVEL_NAMES['1']})."
    ]
    for rule, dimensions, minimum, row_level in rows:
        triggers = _triggers(*((f"dimension {d} is rated", inp.dimensions[d], minimum) for d in dimensions))
        if triggers:
            level = row_level
            reasons = [f"Rule {rule}: {triggers}, which points to level {level} ({LEVEL_NAMES[level]})."]
            break

    flags: list[str] = []
    readiness = inp.dimensions[4]
    if readiness >= t.motivational_work_dimension_4:
        flags.append(FLAG_MOTIVATIONAL_WORK_FIRST)
        reasons.append(
            f"Rule 5: dimension 4 (readiness) is rated {readiness} "
            f"(at or above {t.motivational_work_dimension_4}); readiness alone never "
            "raises the level above 2.1, so motivational work comes first."
        )
    minimum_hours = t.iop_minimum_hours_adult if inp.population == "adult" else t.iop_minimum_hours_adolescent
    hours = inp.available_hours_per_week
    if level == "2.1" and hours is not None and hours < minimum_hours:
        flags.append(FLAG_HOURS_BELOW_IOP_MINIMUM)
        reasons.append(
            f"Rule 6: {hours:g} available hours a week is below the {inp.population} IOP minimum of {minimum_hours:g}."
        )
    return _Finding(level, reasons, flags)


def _triggers(*checks: tuple[str, int | None, int]) -> str:
    """The checks at or above their minimum, as one phrase ("" when none is)."""
    return " and ".join(
        f"{label} {value} (at or above {minimum})"
        for label, value, minimum in checks
        if value is not None and value >= minimum
    )


# Input -----------------------------------------------------------------------------

INPUT_KEYS = (
    "population",
    "ciwa_ar",
    "cows",
    "cssrs_risk",
    "dimensions",
    "available_hours_per_week",
)


class PlacementInputError(ValueError):
    """Bad input, naming the field (``dimensions.3``) so the caller can point at it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def parse_input(data: object) -> PlacementInput:
    """Validate decoded JSON. Every key is required; scores and hours may be null."""
    obj = _object("input", data, INPUT_KEYS, prefix="")
    ratings = _object(
        "dimensions",
        obj["dimensions"],
        tuple(str(d) for d in DIMENSIONS),
        prefix="dimensions.",
    )
    risk = obj["cssrs_risk"]
    cssrs_risk = None if risk is None else _choice("cssrs_risk", risk, CSSRS_RISKS)
    return PlacementInput(
        population=_choice("population", obj["population"], POPULATIONS),
        ciwa_ar=_optional_score("ciwa_ar", obj["ciwa_ar"], CIWA_AR_MAX),
        cows=_optional_score("cows", obj["cows"], COWS_MAX),
        cssrs_risk=cssrs_risk,
        dimensions={d: _whole_number(f"dimensions.{d}", ratings[str(d)], RATING_MAX) for d in DIMENSIONS},
        available_hours_per_week=_optional_hours("available_hours_per_week", obj["available_hours_per_week"]),
    )


def _object(field: str, value: object, keys: tuple[str, ...], *, prefix: str) -> dict[object, object]:
    """A JSON object with exactly these keys: a typo is an error, not a silent null."""
    if not isinstance(value, dict):
        raise PlacementInputError(field, f"must be a JSON object, got {_shown(value)}")
    for key in keys:
        if key not in value:
            raise PlacementInputError(f"{prefix}{key}", "is required")
    for key in value:
        if key not in keys:
            raise PlacementInputError(f"{prefix}{key}", f"is not expected here (expected: {', '.join(keys)})")
    return value


def _choice[T: str](field: str, value: object, choices: tuple[T, ...]) -> T:
    for choice in choices:
        if value == choice:
            return choice
    raise PlacementInputError(field, f"must be one of {', '.join(choices)}, got {_shown(value)}")


def _whole_number(field: str, value: object, maximum: int) -> int:
    # bool is an int in Python, but true/false is never a score.
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= maximum:
        raise PlacementInputError(field, f"must be a whole number from 0 to {maximum}, got {_shown(value)}")
    return value


def _optional_score(field: str, value: object, maximum: int) -> int | None:
    return None if value is None else _whole_number(field, value, maximum)


def _optional_hours(field: str, value: object) -> float | None:
    if value is None:
        return None
    # The range test also rejects NaN, which compares false with everything.
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= HOURS_IN_A_WEEK:
        raise PlacementInputError(
            field,
            f"must be a number from 0 to {HOURS_IN_A_WEEK}, got {_shown(value)}",
        )
    return float(value)


def _shown(value: object) -> str:
    """The offending value as the JSON user wrote it (true, null), repr() otherwise."""
    try:
        return json.dumps(value, default=repr)
    except (TypeError, ValueError):
        return repr(value)
