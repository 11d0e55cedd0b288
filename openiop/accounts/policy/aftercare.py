"""Who may find meetings, manage meeting feeds, write aftercare plans and log participation.

| action                                              | who                                                   |
|-----------------------------------------------------|-------------------------------------------------------|
| use the meeting finder, see the feeds' last results | every staff role but the auditor (``FINDER_ROLES``); |
|                                                     | clients in the portal                                 |
| add a feed, import or refresh it from the page      | a program director (of any site: feeds are shared)    |
| read a client's aftercare plan and participation    | ``can_view_narratives`` (billing never); the client   |
|                                                     | their own, in the portal                              |
| write and sign the aftercare plan                   | directors and clinicians who may see the client       |
| log meetings, sponsor contact, step work            | directors and clinicians who may see the client; the  |
|                                                     | client for themself (self-report)                     |
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from openiop.accounts.policy.sites import (
    CLINICAL_ROLES,
    TREATING_ROLES,
    can_view_client,
    can_view_narratives,
    directed_sites,
    is_client_user,
    roles_at,
    sites_with,
)
from openiop.accounts.types import Viewer

if TYPE_CHECKING:
    from openiop.clients.models import Client

FINDER_ROLES = CLINICAL_ROLES
AFTERCARE_WRITE_ROLES = TREATING_ROLES


def can_find_meetings(user: Viewer) -> bool:
    return bool(sites_with(user, FINDER_ROLES)) or is_client_user(user)


def can_manage_meeting_feeds(user: Viewer) -> bool:
    return bool(directed_sites(user))


def can_read_aftercare(user: Viewer, client: Client) -> bool:
    return can_view_narratives(user, client)


def can_write_aftercare(user: Viewer, client: Client) -> bool:
    return bool(roles_at(user, client.site_id) & AFTERCARE_WRITE_ROLES) and can_view_client(user, client)


def can_log_participation(user: Viewer, client: Client) -> bool:
    """Staff who write the plan, or the client for themself (a self-report)."""
    if is_client_user(user):
        return can_view_client(user, client)
    return can_write_aftercare(user, client)
