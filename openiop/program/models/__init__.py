"""Program structure: tracks, the curriculum, rooms, staff hours and the group calendar.

Split by sub-domain: ``structure`` (tracks, modules, rooms), ``staff`` (weekly hours and
absences) and ``sessions`` (series, sessions, enrolment, individual sessions). Every model and
enum is re-exported here, so ``from openiop.program.models import X`` keeps working.
"""

from openiop.program.models.sessions import (
    EnrollmentSource,
    GroupSeries,
    GroupSession,
    IndividualSession,
    SeriesModule,
    SessionEnrollment,
    SessionStatus,
)
from openiop.program.models.staff import StaffAbsence, StaffAvailability
from openiop.program.models.structure import (
    WEEKDAY_NAMES,
    WEEKDAYS,
    Focus,
    GenderRule,
    Modality,
    Module,
    Room,
    Track,
    validate_blocks,
)

__all__ = [
    "WEEKDAYS",
    "WEEKDAY_NAMES",
    "EnrollmentSource",
    "Focus",
    "GenderRule",
    "GroupSeries",
    "GroupSession",
    "IndividualSession",
    "Modality",
    "Module",
    "Room",
    "SeriesModule",
    "SessionEnrollment",
    "SessionStatus",
    "StaffAbsence",
    "StaffAvailability",
    "Track",
    "validate_blocks",
]
