"""Who may write which clinical record, built on ``accounts.policy`` (which decides who sees whom).

| action                                   | who                                                        |
|------------------------------------------|------------------------------------------------------------|
| read notes, plans, screens, safety plans | ``policy.can_view_narratives`` (billing never)             |
| write notes, plans, safety plans         | directors and clinicians who may see the client            |
| record drug screens and medications      | directors, clinicians and medical staff who see the client |
| take attendance, write the group note    | the session's facilitators (clinicians of its site) and    |
|                                          | the site's directors                                       |
| see hours and attendance                 | anyone who may see the client (billing included)           |
| co-sign an intern's note                 | the intern's supervisor at the note's site                 |
"""

from typing import Any

from openiop.accounts import policy
from openiop.accounts.models import Role
from openiop.clients.models import Client

NOTE_ROLES = frozenset({Role.DIRECTOR, Role.CLINICIAN})
SCREEN_ROLES = frozenset({Role.DIRECTOR, Role.CLINICIAN, Role.MEDICAL})


def roles_at(user: Any, site_id: int) -> frozenset[str]:
    return policy.site_roles(user).get(site_id, frozenset())


def can_write_notes(user: Any, client: Client) -> bool:
    return bool(roles_at(user, client.site_id) & NOTE_ROLES) and policy.can_view_client(user, client)


def can_record_screens(user: Any, client: Client) -> bool:
    return bool(roles_at(user, client.site_id) & SCREEN_ROLES) and policy.can_view_client(user, client)


def can_run_session(user: Any, session: Any, *, facilitator_ids: set[int] | None = None) -> bool:
    """Directors of the session's site, or its facilitators who are clinicians there."""
    held = roles_at(user, session.site_id)
    if Role.DIRECTOR in held:
        return True
    if Role.CLINICIAN not in held:
        return False
    ids = facilitator_ids if facilitator_ids is not None else {f.pk for f in session.facilitators.all()}
    return user.pk in ids


def can_see_session(user: Any, session: Any) -> bool:
    return bool(roles_at(user, session.site_id) & (NOTE_ROLES | {Role.MEDICAL, Role.BILLING}))
