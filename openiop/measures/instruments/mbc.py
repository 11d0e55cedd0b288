"""Measurement-based care: change between two totals of one instrument (pure).

Definitions from the clinical reference §9:
- PHQ-9 response: a drop of at least 50 % from baseline [S109].
- PHQ-9 remission: total < 5 (HEDIS) [S109]; GAD-7 < 5 is UNVERIFIED.
- IAPT caseness: PHQ-9 ≥ 10, GAD-7 ≥ 8; recovery = a case at baseline and
  not a case now [S110].
- Reliable improvement: PHQ-9 drop ≥ 6, GAD-7 drop ≥ 4 [S110]; reliable
  deterioration is the same size of rise.
- PCL-5: "a change of 5–10 points is reliable" [S41]; openiop uses 10, the
  value every source accepts as reliable (configurable).
- Reliable Change Index (Jacobson–Truax 1991), UNVERIFIED here.

Every instrument here is scored "higher is worse". Results that do not apply
(no rule for the instrument, or a baseline that cannot drop) are None.
"""

import math
from dataclasses import dataclass
from fractions import Fraction

from . import get
from .base import Number, ScoringError

RCI_THRESHOLD = 1.96


@dataclass(frozen=True, slots=True)
class ChangeRules:
    reliable_change: Number | None = None  # points of drop (or rise)
    remission_below: Number | None = None
    response_drop: Fraction | None = None  # share of baseline
    caseness_at: Number | None = None  # a "case" when total ≥ this


RULES: dict[str, ChangeRules] = {
    "phq9": ChangeRules(
        reliable_change=6,
        remission_below=5,
        response_drop=Fraction(1, 2),
        caseness_at=10,
    ),
    "gad7": ChangeRules(
        reliable_change=4,
        remission_below=5,  # UNVERIFIED
        caseness_at=8,
    ),
    "pcl5": ChangeRules(reliable_change=10),
}


@dataclass(frozen=True, slots=True)
class Change:
    code: str
    baseline: Number
    current: Number
    change: Number  # current − baseline; negative is improvement
    response: bool | None
    remission: bool | None
    recovery: bool | None
    reliable_improvement: bool | None
    reliable_deterioration: bool | None


def _number(value: object, name: str) -> Number:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ScoringError(name, f"{name}: {value!r} is not a number")
    if not math.isfinite(value):
        raise ScoringError(name, f"{name}: {value!r} is not a finite number")
    return value


def change_from_baseline(baseline: Number, current: Number) -> Number:
    return _number(current, "current") - _number(baseline, "baseline")


def responded(baseline: Number, current: Number, drop: Fraction) -> bool | None:
    """True when the total fell by at least ``drop`` of baseline.

    None when baseline ≤ 0: there is nothing to fall from.
    """
    if baseline <= 0:
        return None
    return Fraction(baseline) - Fraction(current) >= Fraction(baseline) * drop


def compare(
    code: str,
    baseline: Number,
    current: Number,
    *,
    rules: ChangeRules | None = None,
) -> Change:
    """Compare a follow-up total with the baseline total of instrument ``code``.

    ``rules`` replaces the default rules for ``code`` (per-program settings).
    """
    get(code)
    delta = change_from_baseline(baseline, current)
    active = rules if rules is not None else RULES.get(code, ChangeRules())

    caseness = active.caseness_at
    reliable = active.reliable_change
    return Change(
        code=code,
        baseline=baseline,
        current=current,
        change=delta,
        response=(None if active.response_drop is None else responded(baseline, current, active.response_drop)),
        remission=(None if active.remission_below is None else current < active.remission_below),
        recovery=(None if caseness is None or baseline < caseness else current < caseness),
        reliable_improvement=None if reliable is None else -delta >= reliable,
        reliable_deterioration=None if reliable is None else delta >= reliable,
    )


def reliable_change_index(baseline: Number, current: Number, *, sd: float, reliability: float) -> float:
    """RCI = (x₂ − x₁) / (SD·√2·√(1 − r)); |RCI| > 1.96 is reliable (UNVERIFIED)."""
    if sd <= 0 or not 0 <= reliability < 1:
        raise ValueError("sd must be > 0 and reliability in [0, 1)")
    delta = change_from_baseline(baseline, current)
    return delta / (sd * math.sqrt(2) * math.sqrt(1 - reliability))


def is_reliable_change(rci: float) -> bool:
    return abs(rci) > RCI_THRESHOLD
