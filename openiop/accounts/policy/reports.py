"""Who may see the program's outcomes and reports (the director's dashboard, its exports).

| action                                              | who                                      |
|-----------------------------------------------------|------------------------------------------|
| the outcomes dashboard of a site, its CSV and PDF   | the site's directors                     |
| export runs (background) and their files            | the director who asked, at that site     |

Minimum necessary: the dashboard aggregates every client of the site, substance-use treatment
included (42 CFR Part 2), and names the intake funnel's referral sources; directors already see
every client of their site, so they alone get it. Clinicians see their own caseload, intake sees
inquiries, billing sees attendance and codes, the auditor sees the trail, not charts; none of
them needs program-wide clinical aggregates for their work, so none gets them. Clients never do.
TEDS files leave the system by the ``openiop teds export`` command run by the operator, not a page.
"""

from __future__ import annotations

from openiop.accounts.policy.sites import DIRECTOR_ROLES, directs_site, sites_with
from openiop.accounts.types import Viewer

REPORT_ROLES = DIRECTOR_ROLES


def report_sites(user: Viewer) -> list[int]:
    """Sites whose outcomes the user may see."""
    return sites_with(user, REPORT_ROLES)


def can_see_reports(user: Viewer, site_id: int) -> bool:
    return directs_site(user, site_id)
