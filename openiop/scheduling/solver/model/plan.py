"""Objective tiers, a previous week's placements and a plan (the model's inputs and outputs)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from ..problem import DAYS, ProblemError
from ..rules import Slot

CONTRACT_TIERS = (
    ("clients_at_min", True),
    ("shortfall_minutes", False),
    ("new_modules", True),
    ("attendance_days", False),
)
MOVES_TIER = "moved_placements"


@dataclass
class Tier:
    """One objective: ``constant + sum(coefficient * variable)``."""

    name: str
    maximize: bool
    constant: int = 0
    variables: list[cp_model.IntVar] = field(default_factory=list)
    coefficients: list[int] = field(default_factory=list)

    def add(self, var: cp_model.IntVar, coefficient: int = 1) -> None:
        self.variables.append(var)
        self.coefficients.append(coefficient)

    @property
    def expr(self) -> cp_model.LinearExprT:
        return cp_model.LinearExpr.weighted_sum(self.variables, self.coefficients) + self.constant

    def value(self, values: Mapping[int, int]) -> int:
        """The tier's value under ``values`` (variable index -> value)."""
        return self.constant + sum(c * values[v.index] for v, c in zip(self.variables, self.coefficients, strict=True))


@dataclass(frozen=True)
class Previous:
    """Last week's plan, used as a hint and as the reference for counting moves."""

    sessions: Mapping[str, frozenset[str]]
    individual: Mapping[str, tuple[int, int]]  # client id -> (day, start)


@dataclass(frozen=True)
class Plan:
    """A decoded assignment: each client's sessions and individual slot."""

    sessions: Mapping[str, tuple[str, ...]]
    individual: Mapping[str, Slot | None]


# (start, end, variable) of one possible placement, in minutes.
def parse_previous(document: object) -> Previous:
    """Read the parts of a previous solution (format v1) that the hint uses.

    Unknown session ids are ignored, not rejected: last week's sessions need not exist
    this week, and a client who left simply has nothing to keep.
    """
    if not isinstance(document, dict) or not isinstance(document.get("clients"), list):
        raise ProblemError("previous", "is not a schedule solution (no clients list)")
    sessions: dict[str, frozenset[str]] = {}
    individual: dict[str, tuple[int, int]] = {}
    for index, entry in enumerate(document["clients"]):
        path = f"previous.clients[{index}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            raise ProblemError(path, "is not a client entry with an id")
        placed = entry.get("sessions", [])
        if not isinstance(placed, list) or not all(isinstance(s, str) for s in placed):
            raise ProblemError(f"{path}.sessions", "is not a list of session ids")
        sessions[entry["id"]] = frozenset(placed)
        slot = entry.get("individual")
        if isinstance(slot, dict) and slot.get("day") in DAYS:
            start = slot.get("start")
            if isinstance(start, str) and len(start) == 5 and start[2] == ":":
                hours, minutes = start.split(":")
                if hours.isdigit() and minutes.isdigit():
                    day = DAYS.index(slot["day"])
                    individual[entry["id"]] = (day, int(hours) * 60 + int(minutes))
    return Previous(sessions, individual)
