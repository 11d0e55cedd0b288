"""The CP-SAT model of one week: variables, hard rules and the objective tiers.

See docs/algorithms/scheduling.md for the why. In short, a Boolean says "client c is in
session s" and another says "client c's individual session is this slot"; rules 1, 2
and the static part of rule 6 are applied before the model exists (rules.py), and every
other rule becomes a linear constraint here. The objective tiers are kept apart (one
expression each) so solve.py can optimise them one after the other.

Split into the plan records, the model builder and the solver configuration; every public
name is importable from here.
"""

from .builder import ScheduleModel
from .config import configure
from .plan import CONTRACT_TIERS, MOVES_TIER, Plan, Previous, Tier, parse_previous

__all__ = ["CONTRACT_TIERS", "MOVES_TIER", "Plan", "Previous", "ScheduleModel", "Tier", "configure", "parse_previous"]
