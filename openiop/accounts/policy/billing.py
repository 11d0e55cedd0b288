"""Billing: payers, coverage, authorizations, reviews, charges, claims and remittances.

| role      | billing pages and files | narratives |
|-----------|-------------------------|------------|
| billing   | yes, at their sites     | never      |
| director  | yes, at their sites     | as always  |
| others    | no                      | —          |

Billing staff may also release records to a payer for payment (the review packet).

Billing staff see demographics, insurance, attendance and codes — never a note's words (design,
"Who uses it"); claim files and billing pages carry codes only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from openiop.accounts.models import Role
from openiop.accounts.policy.sites import can_view_client, sites_with
from openiop.accounts.types import Viewer

if TYPE_CHECKING:
    from openiop.clients.models import Client

BILLING_ROLES = frozenset({Role.BILLING, Role.DIRECTOR})


def billing_sites(user: Viewer) -> list[int]:
    return sites_with(user, BILLING_ROLES)


def can_bill_at(user: Viewer, site_id: int) -> bool:
    return site_id in billing_sites(user)


def can_disclose_for_payment(user: Viewer, client: Client, purpose: str) -> bool:
    """Billing staff release records to a payer for payment (a utilization-review packet) — never
    narratives, which the disclosure service checks separately."""
    return purpose == "payment" and can_bill_at(user, client.site_id) and can_view_client(user, client)
