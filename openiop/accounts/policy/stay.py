"""The stay and after: episodes of care, discharge, the support network and alumni follow-ups.

| action                                                  | who                                                   |
|---------------------------------------------------------|-------------------------------------------------------|
| step up/down, change prescribed hours, discharge,       | directors and clinicians of the site who may see the  |
| readmit, sign the discharge summary                     | client (``can_manage_episode``)                       |
| decide a change (named as "decided by")                 | a director or clinician of the episode's site         |
| transfer to another site                                | a director of the episode's site; the other site is   |
|                                                         | in the same organization                              |
| be the primary clinician after a transfer               | a clinician or director of the new site               |
| add, edit, retire support contacts                      | ``can_change_client`` (intake too, before admission)  |
| record family session attendees, share with a contact   | ``can_write_notes`` (directors, clinicians)           |
| see and act on alumni follow-ups                        | the assigned clinician, and the site's directors      |
| see administrative-discharge proposals                  | directors (their sites) and clinicians (their own     |
|                                                         | primary clients)                                      |
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from openiop.accounts.models import Role
from openiop.accounts.policy.sites import TREATING_ROLES, can_view_client, directs_site, roles_at, sites_with

if TYPE_CHECKING:
    from openiop.clients.models import Episode

STAY_ROLES = TREATING_ROLES


def can_manage_episode(user: Any, episode: Episode) -> bool:
    return bool(roles_at(user, episode.site_id) & STAY_ROLES) and can_view_client(user, episode.client)


def can_decide_level_at(user: Any, site_id: int) -> bool:
    """May be named as the one who decided a change of the episode (a director or clinician there)."""
    return bool(roles_at(user, site_id) & STAY_ROLES)


def can_transfer_episode(user: Any, episode: Episode, to_site: Any) -> bool:
    return (
        directs_site(user, episode.site_id)
        and to_site.pk != episode.site_id
        and to_site.organization_id == episode.site.organization_id
    )


def stay_sites(user: Any) -> list[int]:
    """Sites whose episodes, proposals and follow-ups the user works on."""
    return sites_with(user, STAY_ROLES)


def sees_whole_site_stays(user: Any, site_id: int) -> bool:
    """Directors see every proposal and follow-up of their site; clinicians only their own."""
    return Role.DIRECTOR in roles_at(user, site_id)


def can_follow_up(user: Any, followup: Any) -> bool:
    held = roles_at(user, followup.site_id)
    if Role.DIRECTOR in held:
        return True
    return Role.CLINICIAN in held and followup.assigned_to_id == user.pk


def stay_staff_ids(site_id: int) -> list[int]:
    """Users who may decide a change at the site, or be primary clinician there (for choosers)."""
    from openiop.accounts.models import Membership

    return list(
        Membership.objects.filter(site_id=site_id, role__in=sorted(STAY_ROLES))
        .values_list("user_id", flat=True)
        .distinct()
    )
