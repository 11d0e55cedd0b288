"""What is due for a client, and everything the chart's Measures panel shows, in a fixed number of queries."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Exists, OuterRef

from openiop.clients.models import Client, Episode
from openiop.measures import cadence, trends
from openiop.measures.instruments import REGISTRY
from openiop.measures.models import Administration, ScoringConfig
from openiop.measures.selectors.charts import chart_uri, trend_summary
from openiop.measures.selectors.common import (
    active_episode,
    administrations_for_client,
    cadence_rules,
    episode_start,
    local_date,
    local_today,
    short_name,
)
from openiop.measures.selectors.cutoffs import cutoff_note
from openiop.measures.selectors.dto import InstrumentTrend, MeasuresOverview, due_views


def _due(
    client: Client,
    episode: Episode | None,
    rules: list[cadence.Rule],
    administrations: Iterable[Administration],
    today: dt.date,
) -> list[cadence.Due]:
    done: dict[str, list[dt.date]] = defaultdict(list)
    for adm in administrations:
        done[adm.instrument].append(local_date(adm.administered_at, client.site))
    return cadence.due_measures(
        admission=episode.admission_date if episode else None,
        rules=rules,
        done=done,
        today=today,
        track=episode.track if episode else "",
    )


def due_for_client(*, client: Client, today: dt.date | None = None) -> list[cadence.Due]:
    """What is due for a client already opened through the policy (two queries)."""
    rules = cadence_rules(site_ids=[client.site_id]).get(client.site_id, [])
    administrations = Administration.objects.filter(client=client, instrument__in=[r.instrument for r in rules])
    return _due(client, active_episode(client), rules, administrations, today or local_today(client.site))


def measures_overview(*, client: Client, today: dt.date | None = None) -> MeasuresOverview:
    """Everything the chart's Measures panel shows, in two queries (administrations, cadence)."""
    site = client.site
    today = today or local_today(site)
    episode = active_episode(client)
    # Whether the program set its own cut-offs rides on the same query (no extra one).
    administrations = list(
        administrations_for_client(client=client).annotate(
            program_cutoffs=Exists(
                ScoringConfig.objects.filter(site_id=OuterRef("site_id"), instrument=OuterRef("instrument"))
            )
        )
    )
    configured = {adm.instrument: bool(getattr(adm, "program_cutoffs", False)) for adm in administrations}
    rules = cadence_rules(site_ids=[client.site_id]).get(client.site_id, [])
    due = _due(client, episode, rules, administrations, today)

    latest_by_code: dict[str, Administration] = {}
    for adm in administrations:
        latest_by_code[adm.instrument] = adm
    latest = sorted(latest_by_code.values(), key=lambda a: (a.administered_at, a.pk), reverse=True)

    window = [a for a in administrations if episode is None or a.administered_at >= episode_start(episode, site)]
    by_code: dict[str, list[trends.Point]] = defaultdict(list)
    for adm in window:
        score = adm.score
        by_code[adm.instrument].append(
            trends.Point(
                when=local_date(adm.administered_at, site),
                total=score.total,
                band=score.band,
                subscales=score.subscales,
                flags=tuple(score.flags),
            )
        )
    found: list[InstrumentTrend] = []
    for code in REGISTRY:  # the registry's order: depression, anxiety, alcohol, drugs, …
        points = by_code.get(code)
        if not points:
            continue
        trend = trends.trend(code, points)
        # A single result (an intake screen) is a table row, not a trend.
        chartable = len(points) >= 2 and (trend.has_totals or bool(trend.subscale_names))
        found.append(
            InstrumentTrend(
                instrument=REGISTRY[code],
                trend=trend,
                chart=chart_uri(trend) if chartable else "",
                summary=trend_summary(REGISTRY[code], trend),
                cutoff_note=cutoff_note(code, configured=configured.get(code, False)),
            )
        )
    return MeasuresOverview(
        today=today,
        episode=episode,
        due=due_views(due),
        has_cadence=bool(rules),
        latest=latest,
        trends=found,
        count=len(administrations),
        cutoff_notes=[
            (short_name(adm.instrument), note)
            for adm in latest
            if (note := cutoff_note(adm.instrument, configured=configured.get(adm.instrument, False)))
        ],
    )
