"""Who may read and change the program (tracks, modules, rooms, sessions, rosters) and the schedule.

| action                                         | who                                                |
|------------------------------------------------|----------------------------------------------------|
| read the program, the week, plan runs          | directors and clinicians of the site               |
| design the program, plan and apply schedules   | the site's directors (``directs_site``)            |
| open a session's roster                        | any clinical role at the site (``CLINICAL_ROLES``) |
| change a session's roster, run it              | the site's directors, or its facilitators who are  |
|                                                | clinicians there (``can_run_session``)             |
| facilitate a group                             | directors, clinicians and medical staff            |
| another staff member's hours                   | the site's directors, or the member themself       |
"""

from __future__ import annotations

from typing import Any

from openiop.accounts.models import Role
from openiop.accounts.policy.clinical import can_run_session
from openiop.accounts.policy.sites import DIRECTOR_ROLES, TREATING_ROLES, directs_site, sites_with
from openiop.accounts.types import Viewer

PROGRAM_READ_ROLES = TREATING_ROLES
PROGRAM_WRITE_ROLES = DIRECTOR_ROLES
FACILITATOR_ROLES = frozenset({Role.DIRECTOR, Role.CLINICIAN, Role.MEDICAL})


def program_sites_for(user: Viewer) -> list[int]:
    """Sites whose program (and schedule) the user may read."""
    return sites_with(user, PROGRAM_READ_ROLES)


def can_change_roster(user: Viewer, session: Any) -> bool:
    """ "Director or facilitator": the same rule as running the session."""
    return can_run_session(user, session)


def can_see_staff_hours(user: Viewer, site_id: int, member_id: int) -> bool:
    return directs_site(user, site_id) or user.pk == member_id
