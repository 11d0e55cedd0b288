"""Overdue measures of a user's caseload and of the sites they direct."""

import datetime as dt
from collections import defaultdict

from django.db.models import Q

from openiop.accounts import policy
from openiop.accounts.types import Viewer
from openiop.audit.services import record_list
from openiop.clients.models import Episode, EpisodeStatus
from openiop.core.bounds import safe_add_days, safe_combine
from openiop.measures import cadence
from openiop.measures.models import Administration
from openiop.measures.selectors.common import HOME_LIST_LIMIT, cadence_rules, local_date, local_today
from openiop.measures.selectors.dto import OverdueRow


def overdue_for_user(*, user: Viewer) -> list[OverdueRow]:
    """Overdue measures of the user's caseload (clinicians) and of every active client at the
    sites they direct (directors), most overdue first. Three queries."""
    directed = policy.directed_sites(user)
    treating = policy.clinician_sites(user)
    if not directed and not treating:
        return []
    episodes = list(
        Episode.objects.filter(status=EpisodeStatus.ACTIVE, client__in=policy.clients_for(user))
        .filter(Q(site_id__in=directed) | Q(site_id__in=treating, primary_clinician=user))
        .select_related("client", "site")
        .order_by("pk")
    )
    if not episodes:
        return []
    rules = cadence_rules(site_ids={e.site_id for e in episodes})
    # Clamped: a legacy episode admitted in year 1 must not break every caseload home.
    earliest = safe_add_days(min(e.admission_date for e in episodes), -(cadence.INTAKE_LOOKBACK_DAYS + 1))
    done: dict[tuple[int, str], list[dt.date]] = defaultdict(list)
    sites = {e.site_id: e.site for e in episodes}
    rows = Administration.objects.filter(
        client_id__in=[e.client_id for e in episodes],
        administered_at__gte=safe_combine(earliest, dt.time.min, dt.UTC),
    ).values_list("client_id", "site_id", "instrument", "administered_at")
    for client_id, site_id, code, moment in rows:
        site = sites.get(site_id)
        day = local_date(moment, site) if site is not None else moment.date()
        done[(client_id, code)].append(day)

    found: list[OverdueRow] = []
    todays: dict[int, dt.date] = {}
    for episode in episodes:
        today = todays.setdefault(episode.site_id, local_today(episode.site))
        site_rules = rules.get(episode.site_id, [])
        client_done = {rule.instrument: done.get((episode.client_id, rule.instrument), []) for rule in site_rules}
        for due in cadence.due_measures(
            admission=episode.admission_date, rules=site_rules, done=client_done, today=today, track=episode.track
        ):
            if due.status == "overdue":
                found.append(OverdueRow(episode.client, due, due.days_late(today)))
    found.sort(key=lambda r: (-r.days_late, r.client.legal_last_name, r.due.instrument))
    return found


def overdue_for_home(*, user: Viewer) -> tuple[list[OverdueRow], int]:
    """The first rows of ``overdue_for_user`` for the home page and how many there are; the
    clients shown are recorded."""
    rows = overdue_for_user(user=user)
    shown = rows[:HOME_LIST_LIMIT]
    if shown:
        record_list(user=user, object_type="overdue_measures", shown=sorted({r.client.pk for r in shown}))
    return shown, len(rows)
