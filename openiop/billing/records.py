"""The utilization-review packet as a kind of record a disclosure releases (codes and figures, no narrative).

What a payer's reviewer asks for at a concurrent review (clinical reference §7): the level of
care, recent scores with their trend, attended hours against the prescription, treatment-plan
progress and current risk. Objectives are counted by status, never quoted.
"""

import datetime as dt
from collections import Counter
from typing import Any

from openiop.clients.models import Client, EpisodeStatus
from openiop.consents.records import RecordKind
from openiop.core.time import site_today

WEEKS = 4
SCORE_DAYS = 90


def packet_context(client: Client) -> dict[str, Any]:
    from openiop.clinical.models import Objective
    from openiop.clinical.selectors.hours import week_hours_for
    from openiop.measures.models import Administration, Alert

    site = client.site
    today = site_today(site)
    episode = client.episodes.filter(status=EpisodeStatus.ACTIVE).order_by("-admission_date").first()
    since = today - dt.timedelta(days=SCORE_DAYS)
    scores: dict[str, list[Administration]] = {}
    for row in Administration.objects.filter(client=client, administered_at__date__gte=since).order_by(
        "instrument", "administered_at"
    ):
        scores.setdefault(row.instrument, []).append(row)
    trends = [
        {
            "instrument": code,
            "first": rows[0],
            "last": rows[-1],
            "count": len(rows),
            "change": (rows[-1].total - rows[0].total)
            if rows[-1].total is not None and rows[0].total is not None
            else None,
        }
        for code, rows in sorted(scores.items())
    ]
    client.active_episodes = [episode] if episode else []  # type: ignore[attr-defined]
    weeks = []
    for back in range(WEEKS, 0, -1):
        week = week_hours_for([client], site=site, week_of=today - dt.timedelta(days=7 * back))[client.pk]
        weeks.append(week)
    objectives = Counter(
        Objective.objects.filter(problem__plan__client=client, problem__plan__status="active").values_list(
            "status", flat=True
        )
    )
    risks = list(Alert.objects.filter(client=client, status="open").values_list("kind", "severity").order_by("kind"))
    return {
        "episode": episode,
        "trends": trends,
        "weeks": weeks,
        "objectives": sorted(objectives.items()),
        "risks": risks,
    }


UTILIZATION_REVIEW = RecordKind(
    key="utilization_review",
    label="Utilization review packet (level of care, scores, hours, plan progress, risk)",
    template="billing/records/utilization_review.html",
    context=packet_context,
    narrative=False,
    order=90,
)
