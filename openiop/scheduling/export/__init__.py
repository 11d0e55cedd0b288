"""The database → a schedule-v1 problem for one site and week (docs/algorithms/planning-in-the-app.md).

Ids are stable and carry the row's key: ``c-<client pk>``, ``g-<group session pk>``,
``s-<user pk>``; modules go by their slug. The problem is checked by the solver's own parser
before it is returned, and two things that would make the whole week infeasible for one
person's sake are settled here instead, each with a warning the director sees: a client whose
availability leaves no slot with their counselor gets no individual session this week, and a
hand-made enrolment that breaks a hard rule is kept on the roster but not promised to the solver.

Split by step; every public name is importable from here.
"""

from openiop.scheduling.export.common import (
    DEFAULT_OPEN,
    FOCUS_CODES,
    GENDER_OF_IDENTITY,
    HEADROOM,
    IOP_CEILING,
    IOP_FLOOR,
    MIN_HOURS_PER_DAY,
    SESSION_GENDER,
    SLOT_MINUTES,
    Export,
    Minutes,
    availability_windows,
    client_key,
    group_gender,
    hour_targets,
    pk_of,
    session_key,
    staff_key,
)
from openiop.scheduling.export.previous import previous_for_week
from openiop.scheduling.export.week import build_problem, closed_days, problem_for_week

__all__ = [
    "DEFAULT_OPEN",
    "FOCUS_CODES",
    "GENDER_OF_IDENTITY",
    "HEADROOM",
    "IOP_CEILING",
    "IOP_FLOOR",
    "MIN_HOURS_PER_DAY",
    "SESSION_GENDER",
    "SLOT_MINUTES",
    "Export",
    "Minutes",
    "availability_windows",
    "build_problem",
    "client_key",
    "closed_days",
    "group_gender",
    "hour_targets",
    "pk_of",
    "previous_for_week",
    "problem_for_week",
    "session_key",
    "staff_key",
]
