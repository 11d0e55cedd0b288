"""Writes of the scheduling app: client availability, plan runs (start, run, adjust, accept), feeds.

Planning is the director's. A run exports the week (export/), solves it in a background task
(tasks.py) and stores the proposal as rows; the director may move single placements — each move
re-checked against the hard rules (hand_moves.py) — and accepting applies the plan to rosters
through the program services, so every roster change is audited like one made by hand.

Split by sub-domain; every public name is importable from here.
"""

from openiop.scheduling.services.apply import plan_accept
from openiop.scheduling.services.availability import (
    client_availability_add,
    client_availability_remove,
    client_availability_replace,
    client_plan_profile_set,
    module_completions_set,
)
from openiop.scheduling.services.feeds import (
    calendar_feed_create_for_client,
    calendar_feed_create_for_staff,
    calendar_feed_revoke,
)
from openiop.scheduling.services.moves import plan_move, plan_move_check
from openiop.scheduling.services.runs import (
    LeaseLostError,
    plan_run_execute,
    plan_run_recover,
    plan_run_start,
    plan_week_error,
)

__all__ = [
    "LeaseLostError",
    "calendar_feed_create_for_client",
    "calendar_feed_create_for_staff",
    "calendar_feed_revoke",
    "client_availability_add",
    "client_availability_remove",
    "client_availability_replace",
    "client_plan_profile_set",
    "module_completions_set",
    "plan_accept",
    "plan_move",
    "plan_move_check",
    "plan_run_execute",
    "plan_run_recover",
    "plan_run_start",
    "plan_week_error",
]
