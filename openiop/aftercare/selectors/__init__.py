"""Reads of the aftercare app: meetings (search, feeds), plans and the participation log.

``self_help_count(client, until)`` is what a discharge records as self-help attendance in the
last 30 days (TEDS), and the stay helper's ``Episode.discharge_self_help_30d`` is filled from it.
"""

from openiop.aftercare.selectors.participation import participation_for, self_help_count
from openiop.aftercare.selectors.plans import current_plan, plan_versions, signed_plan_for_client

__all__ = ["current_plan", "participation_for", "plan_versions", "self_help_count", "signed_plan_for_client"]
