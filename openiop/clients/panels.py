"""The stay on the staff home page: clients proposed for administrative discharge, follow-ups due
(constant queries)."""

from typing import Any

from django.http import HttpRequest

from openiop.clients.stay_selectors import discharge_proposals

SHOWN = 10


def home_stay(request: HttpRequest) -> dict[str, Any]:
    from openiop.aftercare.followups_selectors import followups_due_shown

    proposals = discharge_proposals(user=request.user)
    followups, due_count = followups_due_shown(user=request.user, limit=SHOWN)
    return {
        "proposals": proposals[:SHOWN],
        "proposal_count": len(proposals),
        "followups": followups,
        "followup_count": due_count,
    }
