"""Reads of administrations, cadences and alerts, always through the access policy.

Every function here runs a fixed number of queries whatever the number of administrations, so
the chart and the home page stay flat as a client's history grows.
"""

import base64
import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from openiop.accounts import policy
from openiop.accounts.models import Site
from openiop.audit.services import record_list, record_read
from openiop.clients.models import Client, Episode, EpisodeStatus
from openiop.core import time
from openiop.core.bounds import safe_add_days, safe_combine
from openiop.measures import cadence, charts, trends
from openiop.measures.fhir import administration_to_fhir
from openiop.measures.instruments import REGISTRY, SCORING_VERSION, Instrument
from openiop.measures.models import AdministeredRole, Administration, Alert, AlertStatus, Cadence, ScoringConfig

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


# ---------------------------------------------------------------- a program's cut-offs

CUTOFFS_DEFAULT = "Cut-offs: openiop defaults (sources disagree — configurable per program)"
CUTOFFS_PROGRAM = "Cut-offs set by this program"


def scoring_config(*, site_id: int, code: str) -> dict[str, Any] | None:
    """The program's own scoring config for an instrument, or None for openiop's defaults.
    One query, and none for an instrument without configurable cut-offs."""
    instrument = REGISTRY.get(code)
    if instrument is None or not instrument.configurable:
        return None
    row = ScoringConfig.objects.filter(site_id=site_id, instrument=code).values_list("config", flat=True).first()
    return dict(row) if isinstance(row, dict) else None


def cutoff_note(code: str, *, configured: bool) -> str:
    """The plain note shown with an instrument whose defaults are UNVERIFIED ("" for others)."""
    instrument = REGISTRY.get(code)
    if instrument is None or not instrument.configurable:
        return ""
    return CUTOFFS_PROGRAM if configured else CUTOFFS_DEFAULT


def episode_start(episode: Episode, site: Site) -> dt.datetime:
    """Administrations from this moment on belong to the episode (a baseline taken at the
    assessment a few days before admission counts)."""
    first_day = episode.admission_date - dt.timedelta(days=cadence.ADMISSION_LOOKBACK_DAYS)
    return start_of_day(first_day, site)


def administration_fhir(*, administration: Administration) -> tuple[QuestionnaireResponse, Observation]:
    """A stored administration as FHIR R4 resources, with its stored (not recomputed) score."""
    performer = (
        f"Patient/{administration.client_id}"
        if administration.administered_role == AdministeredRole.CLIENT
        else f"Practitioner/{administration.administered_by_id}"
    )
    return administration_to_fhir(
        instrument_code=administration.instrument,
        answers=list(administration.answers),
        score=administration.score,
        patient_reference=f"Patient/{administration.client_id}",
        authored=administration.administered_at,
        administration_id=str(administration.pk),
        performer_reference=performer,
    )


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


# ---------------------------------------------------------------- the chart's Measures panel


@dataclass(frozen=True)
class DueView:
    due: cadence.Due
    name: str  # short name, e.g. "PHQ-9"

    @property
    def code(self) -> str:
        return self.due.instrument


def due_views(due: Iterable[cadence.Due]) -> list[DueView]:
    return [DueView(d, short_name(d.instrument)) for d in due]


@dataclass(frozen=True)
class InstrumentTrend:
    instrument: Instrument
    trend: trends.Trend
    chart: str  # data: URI of the SVG
    summary: str  # one sentence for the figcaption
    cutoff_note: str = ""  # where the cut-offs come from, for instruments with UNVERIFIED defaults


@dataclass(frozen=True)
class MeasuresOverview:
    today: dt.date
    episode: Episode | None
    due: list[DueView]
    has_cadence: bool
    latest: list[Administration]  # latest administration of each instrument, newest first
    trends: list[InstrumentTrend]
    count: int
    cutoff_notes: list[tuple[str, str]] = field(default_factory=list)  # (short name, note) for latest


def _chart_uri(trend: trends.Trend) -> str:
    rows = [(r.when.isoformat(), r.total, sorted(r.subscales.items())) for r in trend.rows]
    key = "measures:chart:" + hashlib.sha256(repr((trend.code, rows, SCORING_VERSION)).encode()).hexdigest()
    uri: str | None = cache.get(key)
    if uri is None:
        svg = charts.trend_svg(trend)
        uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
        cache.set(key, uri, timeout=24 * 3600)
    return uri


def _number(value: object) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.2f}"
    return str(int(value)) if isinstance(value, float) else str(value)


def _summary(instrument: Instrument, trend: trends.Trend) -> str:
    baseline, latest = trend.baseline, trend.latest
    if baseline is None or latest is None or latest.total is None:
        if latest is None:
            return f"{instrument.name}: no results."
        return f"{instrument.name}: {len(trend.rows)} result(s), latest {latest.when:%b %-d, %Y}."
    parts = [f"{instrument.name}: baseline {_number(baseline.total)} on {baseline.when:%b %-d, %Y}"]
    if latest is not baseline:
        change = latest.change if latest.change is not None else 0
        sign = "+" if change > 0 else ""
        parts.append(f"latest {_number(latest.total)} on {latest.when:%b %-d, %Y} ({sign}{_number(change)})")
    if trend.response_on:
        parts.append(f"response reached {trend.response_on:%b %-d}")
    if trend.remission_on:
        parts.append(f"remission reached {trend.remission_on:%b %-d}")
    return "; ".join(parts) + "."


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
                chart=_chart_uri(trend) if chartable else "",
                summary=_summary(REGISTRY[code], trend),
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


# ---------------------------------------------------------------- alerts


def alert_open_exists(*, client_id: int, kind: str) -> bool:
    """Whether the client already has an open alert of this kind (services raise one at a time)."""
    return Alert.objects.filter(client_id=client_id, kind=kind, status=AlertStatus.OPEN).exists()


def alerts_open_for_client(*, client: Client) -> list[Alert]:
    return list(
        Alert.objects.filter(client=client, status=AlertStatus.OPEN)
        .select_related("assigned_to", "source")
        .order_by("-opened_at", "-pk")
    )


def _alert_home_q(user: Any) -> Q:
    directed = policy.directed_sites(user)
    return Q(assigned_to=user) | Q(site_id__in=directed)


def alerts_open_for_home(*, user: Any) -> list[Alert]:
    """Open alerts assigned to the user, and every open alert at the sites they direct; the
    clients shown are recorded."""
    alerts = list(
        Alert.objects.filter(_alert_home_q(user), status=AlertStatus.OPEN, client__in=policy.clients_for(user))
        .select_related("client", "assigned_to", "source")
        .order_by("-opened_at", "-pk")[:HOME_LIST_LIMIT]
    )
    if alerts:
        record_list(user=user, object_type="alert", shown=sorted({a.client_id for a in alerts}))
    return alerts


def alert_get_for_user(*, user: Any, pk: int, record: bool = False) -> Alert:
    """The alert if the user may see the client (else 404); 403 if they may see the client but
    not its clinical record (billing). ``record``: the alert is shown to the user (a read)."""
    alert = (
        Alert.objects.filter(pk=pk, client__in=policy.clients_for(user))
        .select_related("client", "client__site", "assigned_to", "source")
        .first()
    )
    if alert is None:
        raise Http404("No such alert")
    if not policy.can_act_on_alerts(user, alert.client):
        raise PermissionDenied("Your role does not give access to clinical alerts.")
    if record:
        record_read(user=user, instance=alert)
    return alert


def administrations_read(*, user: Any, client: Client) -> list[Administration]:
    """A client's administrations (with their alerts) for a user who may act on its measures
    (403 otherwise); the read is recorded."""
    if not policy.can_act_on_alerts(user, client):
        raise PermissionDenied("Your role does not give access to clinical measures.")
    record_read(user=user, instance=client, object_type="administrations")
    return list(administrations_for_client(client=client).prefetch_related("alerts"))


def client_for_recording(*, user: Any, pk: int, code: str, showing_form: bool) -> Client:
    """The client if the user may record measures for them (404/403); showing the form for
    instrument ``code`` is a read of the client's record and is recorded."""
    from openiop.clients.selectors import client_get_for_user

    client = client_get_for_user(user=user, pk=pk, action=None)
    if not policy.can_record_measures(user, client):
        raise PermissionDenied("Your role may not record measures for this client.")
    if showing_form:
        record_read(user=user, instance=client, object_type="administration_form", object_id=code)
    return client


# ---------------------------------------------------------------- overdue measures for a caseload


@dataclass(frozen=True)
class OverdueRow:
    client: Client
    due: cadence.Due
    days_late: int

    @property
    def instrument_name(self) -> str:
        return REGISTRY[self.due.instrument].name


def overdue_for_user(*, user: Any) -> list[OverdueRow]:
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


def instruments_in_order(codes: Sequence[str]) -> list[Instrument]:
    return [REGISTRY[code] for code in codes if code in REGISTRY]


def overdue_for_home(*, user: Any) -> tuple[list[OverdueRow], int]:
    """The first rows of ``overdue_for_user`` for the home page and how many there are; the
    clients shown are recorded."""
    rows = overdue_for_user(user=user)
    shown = rows[:HOME_LIST_LIMIT]
    if shown:
        record_list(user=user, object_type="overdue_measures", shown=sorted({r.client.pk for r in shown}))
    return shown, len(rows)
