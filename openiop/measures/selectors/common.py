"""Shared helpers of the measures reads: the site's dates, short names, a client's active
episode and administrations, the cadence rules of sites."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.db.models import QuerySet

from openiop.accounts.models import Site
from openiop.clients.models import Client, Episode, EpisodeStatus
from openiop.core import time
from openiop.measures import cadence
from openiop.measures.instruments import REGISTRY, Instrument
from openiop.measures.models import Administration, Cadence

HOME_LIST_LIMIT = 50


# ---------------------------------------------------------------- dates in the site's time zone


def local_date(moment: dt.datetime, site: Site) -> dt.date:
    return time.local_date(site, moment)


def local_today(site: Site) -> dt.date:
    return time.site_today(site)


def start_of_day(day: dt.date, site: Site) -> dt.datetime:
    return time.day_start(site, day)


def short_name(code: str) -> str:
    """The short name in brackets, e.g. "PHQ-9" from "Patient Health Questionnaire-9 (PHQ-9)"."""
    name = REGISTRY[code].name
    if name.endswith(")") and " (" in name:
        return name.rsplit(" (", 1)[1].rstrip(")")
    return name


# ---------------------------------------------------------------- administrations


def active_episode(client: Client) -> Episode | None:
    """The client's active episode at their own site (uses the chart's prefetch when present)."""
    episodes: Iterable[Episode]
    prefetched = getattr(client, "active_episodes", None)
    if prefetched is not None:
        episodes = prefetched
    else:
        episodes = client.episodes.filter(status=EpisodeStatus.ACTIVE).select_related("primary_clinician")
    return next((e for e in episodes if e.site_id == client.site_id), None)


def administrations_for_client(*, client: Client) -> QuerySet[Administration]:
    """Administrations of a client already opened through ``client_get_for_user``."""
    return (
        Administration.objects.filter(client=client).select_related("administered_by").order_by("administered_at", "pk")
    )


def episode_start(episode: Episode, site: Site) -> dt.datetime:
    """Administrations from this moment on belong to the episode (a baseline taken at the
    assessment a few days before admission counts)."""
    first_day = episode.admission_date - dt.timedelta(days=cadence.ADMISSION_LOOKBACK_DAYS)
    return start_of_day(first_day, site)


# ---------------------------------------------------------------- cadence


def cadence_rules(*, site_ids: Iterable[int]) -> dict[int, list[cadence.Rule]]:
    rules: dict[int, list[cadence.Rule]] = defaultdict(list)
    for row in Cadence.objects.filter(site_id__in=list(site_ids)).order_by("site_id", "track", "instrument"):
        rules[row.site_id].append(
            cadence.Rule(
                instrument=row.instrument,
                at_intake=row.at_intake,
                at_admission=row.at_admission,
                every_n_days=row.every_n_days,
                track=row.track,
            )
        )
    return rules


def instruments_in_order(codes: Sequence[str]) -> list[Instrument]:
    return [REGISTRY[code] for code in codes if code in REGISTRY]
