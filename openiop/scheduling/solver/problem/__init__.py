"""The weekly schedule problem (format ``openiop.schedule.v1``): parsing and validation.

The JSON document is checked field by field in a fixed order (format, week_of,
settings, staff, sessions, clients) and the first problem found is raised as a
:class:`ProblemError` carrying its JSON path, so the CLI and the app report the same
message for the same input. Times become minutes after midnight and hours become whole
minutes, so the model works in integers only.

Split into the types, the sections and the value checks; every public name is importable from here.
"""

from .sections import parse_problem
from .types import (
    DAYS,
    FOCUSES,
    FORMAT,
    MINUTES_PER_DAY,
    POPULATIONS,
    SESSION_GENDERS,
    Client,
    Problem,
    ProblemError,
    Session,
    Settings,
    Staff,
    Window,
    format_time,
)

__all__ = [
    "DAYS",
    "FOCUSES",
    "FORMAT",
    "MINUTES_PER_DAY",
    "POPULATIONS",
    "SESSION_GENDERS",
    "Client",
    "Problem",
    "ProblemError",
    "Session",
    "Settings",
    "Staff",
    "Window",
    "format_time",
    "parse_problem",
]
