"""Build the problem of one site and week from the database."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db.models import Prefetch

from openiop.accounts.models import Site, User
from openiop.clients.models import Client, Episode, EpisodeStatus
from openiop.core.time import local, monday_of, week_bounds
from openiop.program.models import (
    WEEKDAYS,
    EnrollmentSource,
    Focus,
    GenderRule,
    GroupSeries,
    GroupSession,
    SessionEnrollment,
    SessionStatus,
    StaffAbsence,
    StaffAvailability,
    Track,
)
from openiop.scheduling.export.common import (
    FOCUS_CODES,
    MIN_HOURS_PER_DAY,
    SESSION_GENDER,
    SLOT_MINUTES,
    Export,
    Minutes,
    _hhmm,
    _merge,
    _minutes,
    availability_windows,
    client_key,
    group_gender,
    hour_targets,
    session_key,
    staff_key,
)
from openiop.scheduling.export.settle import _settle_promises
from openiop.scheduling.models import ClientAvailability, ModuleCompletion
from openiop.scheduling.solver.problem import FORMAT, parse_problem


def problem_for_week(*, site: Site, week_start: dt.date, time_limit_s: float | None = None) -> dict[str, Any]:
    """The schedule-v1 problem of ``site`` for the week containing ``week_start``."""
    return build_problem(site=site, week_start=week_start, time_limit_s=time_limit_s).problem


def _active_clients(site: Site) -> list[Client]:
    active = Episode.objects.filter(status=EpisodeStatus.ACTIVE, site=site).select_related("primary_clinician")
    return list(
        Client.objects.filter(site=site, episodes__status=EpisodeStatus.ACTIVE, episodes__site=site)
        .distinct()
        .select_related("plan_profile")
        .prefetch_related(
            Prefetch("episodes", queryset=active, to_attr="active_episodes"),
            Prefetch("availability", queryset=ClientAvailability.objects.current().order_by("weekday", "start_time")),
            Prefetch(
                "completed_modules",
                queryset=ModuleCompletion.objects.select_related("module"),
                to_attr="completions",
            ),
        )
        .order_by("pk")
    )


def closed_days(site: Site, monday: dt.date) -> set[dt.date]:
    """Days of the week the site's groups skip as holidays (any series' exception dates)."""
    week = {monday + dt.timedelta(days=i) for i in range(7)}
    dates: set[dt.date] = set()
    for listed in GroupSeries.objects.filter(site=site).values_list("exception_dates", flat=True):
        dates |= {dt.date.fromisoformat(d) for d in listed or []} & week
    return dates


def _staff_windows(site: Site, users: Iterable[int], monday: dt.date) -> dict[int, list[dict[str, str]]]:
    """Each staff member's weekly hours this week, without their days away and the site's holidays."""
    users = list(users)
    sunday = monday + dt.timedelta(days=6)
    closed = closed_days(site, monday)
    away: dict[int, set[dt.date]] = defaultdict(lambda: set(closed))
    for absence in StaffAbsence.objects.filter(
        site=site, user_id__in=users, first_day__lte=sunday, last_day__gte=monday
    ):
        for offset in range(7):
            day = monday + dt.timedelta(days=offset)
            if absence.first_day <= day <= absence.last_day:
                away[absence.user_id].add(day)
    spans: dict[int, dict[int, list[Minutes]]] = defaultdict(lambda: defaultdict(list))
    for window in StaffAvailability.objects.filter(site=site, user_id__in=users):
        if monday + dt.timedelta(days=window.weekday) not in away[window.user_id]:
            spans[window.user_id][window.weekday].append((_minutes(window.start_time), _minutes(window.end_time)))
    return {
        user: [
            {"day": WEEKDAYS[day], "start": _hhmm(a), "end": _hhmm(b)}
            for day in range(7)
            for a, b in _merge(spans[user].get(day, []))
        ]
        for user in users
    }


def build_problem(*, site: Site, week_start: dt.date, time_limit_s: float | None = None) -> Export:
    monday = monday_of(week_start)
    start, end = week_bounds(site, monday)
    limit = float(time_limit_s or int(getattr(settings, "OPENIOP_SCHEDULE_TIME_LIMIT_S", 10)))
    export = Export(site=site, week_start=monday, problem={})
    warnings = export.warnings

    rows = list(
        GroupSession.objects.filter(site=site, status=SessionStatus.SCHEDULED, starts_at__gte=start, starts_at__lt=end)
        .select_related("track", "module")
        .prefetch_related("facilitators")
        .order_by("starts_at", "pk")
    )
    clients = _active_clients(site)
    client_ids = {c.pk for c in clients}
    enrollments = list(
        SessionEnrollment.objects.filter(session__in=[s.pk for s in rows]).values_list(
            "session_id", "client_id", "source"
        )
    )
    outside: dict[int, int] = defaultdict(int)  # seats held by people the plan does not place
    promised: dict[int, list[int]] = defaultdict(list)  # client -> sessions staff put them in by hand
    for session_pk, client_pk, source in enrollments:
        if client_pk not in client_ids:
            outside[session_pk] += 1
        elif source != EnrollmentSource.PLAN:
            promised[client_pk].append(session_pk)

    sessions: list[dict[str, Any]] = []
    staff_users: dict[int, User] = {}
    for row in rows:
        begin, finish = local(site, row.starts_at), local(site, row.ends_at)
        to_midnight = finish.time() == dt.time() and finish.date() == begin.date() + dt.timedelta(days=1)
        if begin.date() != finish.date() and not to_midnight:
            warnings.append(f"{row.track.name} on {begin:%a %d %b} runs past midnight and was left out of the plan.")
            continue
        key = session_key(row.pk)
        export.sessions[key] = row
        facilitators = list(row.facilitators.all())
        for person in facilitators:
            staff_users[person.pk] = person
        end_minutes = 24 * 60 if to_midnight else finish.hour * 60 + finish.minute
        sessions.append(
            {
                "id": key,
                "day": WEEKDAYS[begin.weekday()],
                "start": _hhmm(begin.hour * 60 + begin.minute),
                "end": _hhmm(end_minutes),
                "capacity": max(0, row.capacity - outside[row.pk]),
                "population": row.track.population,
                "gender": SESSION_GENDER[GenderRule(row.track.gender_rule)],
                "focus": FOCUS_CODES[Focus(row.track.focus)],
                "module": row.module.slug if row.module else None,
                "staff": [staff_key(p.pk) for p in facilitators],
            }
        )
    taught = {str(s["module"]) for s in sessions if s["module"]}
    in_week = {row.pk for row in export.sessions.values()}

    tracks = {t.name: t for t in Track.objects.filter(site=site)}
    entries = []
    for client in clients:
        episode = client.active_episodes[0]  # type: ignore[attr-defined]
        key = client_key(client.pk)
        export.clients[key] = client
        low, target, high = hour_targets(episode)
        track = tracks.get(episode.track)
        if episode.track and track is None:
            warnings.append(
                f"{client.display_name}: the episode's track “{episode.track}” is not a track of {site.name}."
            )
        focus = FOCUS_CODES[Focus(track.focus)] if track is not None else None
        windows, recorded = availability_windows(list(client.availability.all()))
        if not recorded:
            warnings.append(f"{client.display_name}: no availability recorded; assumed open Mon–Sat 07:00–22:00.")
        profile = getattr(client, "plan_profile", None)
        individual = profile.individual_minutes if profile is not None else 50
        counselor = episode.primary_clinician
        if counselor is None or not counselor.is_active:
            if individual:
                warnings.append(f"{client.display_name}: no primary clinician, so no individual session is planned.")
            individual, counselor = 0, None
        if counselor is not None:
            staff_users[counselor.pk] = counselor
        entries.append(
            {
                "id": key,
                "population": episode.population,
                "gender": group_gender(client),
                "focus": [focus] if focus else [],
                "min_hours": float(low),
                "target_hours": float(target),
                "max_hours": float(high),
                "availability": windows,
                "counselor": staff_key(counselor.pk) if counselor is not None else None,
                "individual_minutes": individual,
                "completed_modules": sorted(
                    {c.module.slug for c in client.completions if c.module.slug in taught}  # type: ignore[attr-defined]
                ),
                "fixed_sessions": [session_key(pk) for pk in sorted(promised.get(client.pk, [])) if pk in in_week],
            }
        )

    windows_by_user = _staff_windows(site, staff_users, monday)
    export.staff = {staff_key(pk): user for pk, user in staff_users.items()}
    problem: dict[str, Any] = {
        "format": FORMAT,
        "week_of": monday.isoformat(),
        "settings": {
            "time_limit_s": limit,
            "min_hours_per_day": MIN_HOURS_PER_DAY,
            "individual_slot_minutes": SLOT_MINUTES,
        },
        "staff": [{"id": staff_key(pk), "availability": windows_by_user[pk]} for pk in sorted(staff_users)],
        "sessions": sessions,
        "clients": entries,
    }
    _settle_promises(export, problem)
    export.problem = problem
    export.parsed = parse_problem(problem)
    return export
