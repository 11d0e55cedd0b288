"""Who may write which clinical record (who sees whom is decided in ``sites``).

| action                                   | who                                                        |
|------------------------------------------|------------------------------------------------------------|
| read notes, plans, screens, safety plans | ``can_view_narratives`` (billing never)                    |
| write notes, plans, safety plans         | directors and clinicians who may see the client            |
| record drug screens and medications      | directors, clinicians and medical staff who see the client |
| take attendance, write the group note    | the session's facilitators (clinicians of its site) and    |
|                                          | the site's directors                                       |
| see a site's group sessions              | its directors, clinicians, medical and billing staff       |
| see hours and attendance                 | anyone who may see the client (billing included)           |
| be an intern / supervise one             | an intern is a clinician; the supervisor a clinician or    |
|                                          | director of the site                                       |
| be responsible for an intervention       | anyone with a role at the client's site                    |
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from openiop.accounts.models import Role
from openiop.accounts.policy.sites import TREATING_ROLES, can_view_client, roles_at, sites_with
from openiop.accounts.types import Viewer

if TYPE_CHECKING:
    from openiop.clients.models import Client
    from openiop.clinical.models import Note

NOTE_ROLES = TREATING_ROLES
SCREEN_ROLES = frozenset({Role.DIRECTOR, Role.CLINICIAN, Role.MEDICAL})
SESSION_READ_ROLES = frozenset({Role.DIRECTOR, Role.CLINICIAN, Role.MEDICAL, Role.BILLING})


def can_write_notes(user: Viewer, client: Client) -> bool:
    return bool(roles_at(user, client.site_id) & NOTE_ROLES) and can_view_client(user, client)


def can_record_screens(user: Viewer, client: Client) -> bool:
    return bool(roles_at(user, client.site_id) & SCREEN_ROLES) and can_view_client(user, client)


def can_run_session(user: Viewer, session: Any, *, facilitator_ids: set[int] | None = None) -> bool:
    """Directors of the session's site, or its facilitators who are clinicians there."""
    held = roles_at(user, session.site_id)
    if Role.DIRECTOR in held:
        return True
    if Role.CLINICIAN not in held:
        return False
    ids = facilitator_ids if facilitator_ids is not None else {f.pk for f in session.facilitators.all()}
    return user.pk in ids


def can_see_session(user: Viewer, session: Any) -> bool:
    return bool(roles_at(user, session.site_id) & SESSION_READ_ROLES)


def session_sites(user: Viewer) -> list[int]:
    """Sites whose group sessions the user may open (``can_see_session``)."""
    return sites_with(user, SESSION_READ_ROLES)


def note_sites(user: Viewer) -> list[int]:
    """Sites where the user writes notes and runs groups (their clinical day)."""
    return sites_with(user, NOTE_ROLES)


def can_be_intern_at(user: Viewer, site_id: int) -> bool:
    return Role.CLINICIAN in roles_at(user, site_id)


def can_supervise_at(user: Viewer, site_id: int) -> bool:
    return bool(roles_at(user, site_id) & TREATING_ROLES)


def works_at(user: Viewer, site_id: int) -> bool:
    """Holds any role at the site (e.g. may be responsible for an intervention there)."""
    return bool(roles_at(user, site_id))


def can_cosign_note(user: Viewer, note: Note) -> bool:
    """The author's supervisor at the note's site (an intern's notes await their co-signature)."""
    from openiop.clinical.models import Supervision

    return Supervision.objects.filter(user_id=note.author_id, supervisor_id=user.pk, site_id=note.site_id).exists()
