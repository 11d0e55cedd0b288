"""Who may record measures, rescore them and act on alerts.

| action                                     | who                                                      |
|--------------------------------------------|----------------------------------------------------------|
| record an administration                   | directors, clinicians, intake (recorded as "clinician"), |
|                                            | medical staff ("medical") who see the client; the client |
|                                            | themself ("client")                                      |
| see and close a client's alerts            | staff who read the client's narratives                   |
| alerts and overdue measures on the home    | a clinician's own; every one at the sites they direct    |
| rescore a stored administration            | a director of the client's site                          |
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from openiop.accounts.models import Role
from openiop.accounts.policy.sites import (
    TREATING_ROLES,
    can_view_client,
    can_view_narratives,
    directs_site,
    is_staff_member,
    roles_at,
)
from openiop.accounts.types import Viewer

if TYPE_CHECKING:
    from openiop.clients.models import Client

RECORD_ROLES = frozenset({Role.DIRECTOR, Role.CLINICIAN, Role.MEDICAL, Role.INTAKE})
_RECORDS_AS_CLINICIAN = frozenset({Role.DIRECTOR, Role.CLINICIAN, Role.INTAKE})
ALERT_HOME_ROLES = TREATING_ROLES


def recording_role(user: Viewer, client: Client) -> str | None:
    """The role an administration by ``user`` is recorded under, or None if they may not record.

    Directors, clinicians and intake staff record as "clinician", medical staff as "medical",
    the client themself as "client" (the portal, later).
    """
    from openiop.measures.models import AdministeredRole

    if not can_view_client(user, client):
        return None
    if not is_staff_member(user):
        return AdministeredRole.CLIENT
    roles = roles_at(user, client.site_id)
    if roles & _RECORDS_AS_CLINICIAN:
        return AdministeredRole.CLINICIAN
    if Role.MEDICAL in roles:
        return AdministeredRole.MEDICAL
    return None


def can_record_measures(user: Viewer, client: Client) -> bool:
    """Staff with a recording role at the client's site (no client query: the chart already
    opened the client through the policy)."""
    return bool(roles_at(user, client.site_id) & RECORD_ROLES)


def can_act_on_alerts(user: Viewer, client: Client) -> bool:
    """Staff who may read the client's clinical record may see and close its alerts."""
    return is_staff_member(user) and can_view_narratives(user, client)


def can_rescore(user: Viewer, client: Client) -> bool:
    return directs_site(user, client.site_id)
