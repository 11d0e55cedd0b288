"""Writes to the program: tracks, rooms, staff hours, group series and sessions, rosters.

Program design is the director's (design, "Who uses it"); a facilitator may add or remove a
drop-in on their own session. Every write validates, saves and records an audit event in one
transaction. Double-booking a room or a facilitator is refused with the clash named.

Split by sub-domain; every public name is importable from here.
"""

from openiop.program.services.bookings import Booking, booking_conflicts
from openiop.program.services.enrolment import enrollment_add, enrollment_remove
from openiop.program.services.individual import individual_session_cancel, individual_session_create
from openiop.program.services.series import (
    MATERIALISE_WEEKS,
    series_create,
    series_materialise,
    session_cancel,
    session_create,
    session_move,
    site_materialise,
)
from openiop.program.services.staff import (
    staff_absence_add,
    staff_absence_remove,
    staff_availability_add,
    staff_availability_remove,
)
from openiop.program.services.structure import TRACK_FIELDS, curriculum_ensure, room_create, track_create, track_update

__all__ = [
    "MATERIALISE_WEEKS",
    "TRACK_FIELDS",
    "Booking",
    "booking_conflicts",
    "curriculum_ensure",
    "enrollment_add",
    "enrollment_remove",
    "individual_session_cancel",
    "individual_session_create",
    "room_create",
    "series_create",
    "series_materialise",
    "session_cancel",
    "session_create",
    "session_move",
    "site_materialise",
    "staff_absence_add",
    "staff_absence_remove",
    "staff_availability_add",
    "staff_availability_remove",
    "track_create",
    "track_update",
]
