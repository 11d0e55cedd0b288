"""Who may change consent wording, the referral directory and referrals.

| action                                       | who                                          |
|----------------------------------------------|----------------------------------------------|
| write a new version of a consent's wording   | a program director (of any site)             |
| add or edit the site's referral directory    | the site's directors                         |
| read the directory                           | any clinical role at the site                |
| make and follow referrals, collect consents  | ``CHANGE_ROLES`` (director, clinician, intake) |
| read the accounting of disclosures           | ``AUDIT_ROLES``                              |
"""

from __future__ import annotations

from openiop.accounts.policy.sites import directed_sites, directs_site
from openiop.accounts.types import Viewer


def can_edit_directory(user: Viewer, site_id: int) -> bool:
    return directs_site(user, site_id)


def can_change_consent_wording(user: Viewer) -> bool:
    return bool(directed_sites(user))
