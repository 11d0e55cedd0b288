"""The database → a schedule-v1 problem for one site and week (docs/algorithms/planning-in-the-app.md).

Ids are stable and carry the row's key: ``c-<client pk>``, ``g-<group session pk>``,
``s-<user pk>``; modules go by their slug. The problem is checked by the solver's own parser
before it is returned, and two things that would make the whole week infeasible for one
person's sake are settled here instead, each with a warning the director sees: a client whose
availability leaves no slot with their counselor gets no individual session this week, and a
hand-made enrolment that breaks a hard rule is kept on the roster but not promised to the solver.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, Q
from ortools.sat.python import cp_model

from openiop.accounts.models import Site, User
from openiop.clients.models import Client, Episode, EpisodeStatus, Population
from openiop.program.models import (
    WEEKDAY_NAMES,
    WEEKDAYS,
    EnrollmentSource,
    Focus,
    GenderRule,
    GroupSeries,
    GroupSession,
    IndividualSession,
    SessionEnrollment,
    SessionStatus,
    StaffAbsence,
    StaffAvailability,
    Track,
)
from openiop.program.times import local, monday_of, week_bounds
from openiop.scheduling.models import OPEN_KINDS, ClientAvailability, ModuleCompletion
from openiop.scheduling.solver.problem import FORMAT, Problem, parse_problem
from openiop.scheduling.solver.problem import Client as ProblemClient
from openiop.scheduling.solver.rules import Slot, candidate_slots, ineligibility, inside

MIN_HOURS_PER_DAY = 3  # payers bill an IOP day from 3 hours (clinical reference §7)
SLOT_MINUTES = 15
# Prescribed hours are the target; the floor is the IOP minimum (TIP 47: ≥ 9 h adults, ≥ 6 h
# adolescents) and the ceiling leaves room for three hours more, below the 20 h where IOP ends.
IOP_FLOOR = {Population.ADULT: Decimal(9), Population.ADOLESCENT: Decimal(6)}
HEADROOM = Decimal(3)
IOP_CEILING = Decimal(19)
# A client with no recorded availability is assumed open in the program's usual hours.
DEFAULT_OPEN = [(day, dt.time(7), dt.time(22)) for day in range(6)]
FOCUS_CODES = {Focus.GENERAL: None, Focus.SUBSTANCE: "sud", Focus.EATING: "eating", Focus.MOOD: "mood"}
SESSION_GENDER = {GenderRule.ANY: "any", GenderRule.WOMEN: "female", GenderRule.MEN: "male"}
GENDER_OF_IDENTITY = {"woman": "female", "trans-woman": "female", "man": "male", "trans-man": "male"}

Minutes = tuple[int, int]


def client_key(pk: int) -> str:
    return f"c-{pk}"


def session_key(pk: int) -> str:
    return f"g-{pk}"


def staff_key(pk: int) -> str:
    return f"s-{pk}"


def pk_of(key: str) -> int:
    return int(key.split("-", 1)[1])


def group_gender(client: Client) -> str:
    """The gender that decides women's and men's groups: the gender identity the client gave;
    without one, the sex recorded at birth; a non-binary client joins mixed groups only."""
    if client.gender_identity in GENDER_OF_IDENTITY:
        return GENDER_OF_IDENTITY[client.gender_identity]
    if client.gender_identity:
        return client.gender_identity
    return client.sex_assigned_at_birth if client.sex_assigned_at_birth in ("female", "male") else "unspecified"


def hour_targets(episode: Episode) -> tuple[Decimal, Decimal, Decimal]:
    """(min, target, max) weekly hours from the prescription."""
    target = Decimal(episode.prescribed_hours_per_week)
    floor = IOP_FLOOR.get(Population(episode.population), IOP_FLOOR[Population.ADULT])
    return min(target, floor), target, max(target, min(IOP_CEILING, target + HEADROOM))


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _minutes(time: dt.time) -> int:
    return time.hour * 60 + time.minute


def _merge(spans: Iterable[Minutes]) -> list[Minutes]:
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(a, b) for a, b in merged]


def _subtract(opens: list[Minutes], busy: list[Minutes]) -> list[Minutes]:
    result = opens
    for b_start, b_end in _merge(busy):
        pieces: list[Minutes] = []
        for start, end in result:
            if b_end <= start or end <= b_start:
                pieces.append((start, end))
                continue
            if start < b_start:
                pieces.append((start, b_start))
            if b_end < end:
                pieces.append((b_end, end))
        result = pieces
    return result


def availability_windows(rows: Sequence[ClientAvailability]) -> tuple[list[dict[str, str]], bool]:
    """The client's open windows of the week (open kinds minus commitments), merged per day.

    Returns the windows and whether the client's own open windows were used (False: none
    recorded, the program's usual hours were assumed).
    """
    opens: dict[int, list[Minutes]] = defaultdict(list)
    busy: dict[int, list[Minutes]] = defaultdict(list)
    for row in rows:
        target = opens if row.kind in OPEN_KINDS else busy
        target[row.weekday].append((_minutes(row.start_time), _minutes(row.end_time)))
    recorded = bool(opens)
    if not recorded:
        for day, start, end in DEFAULT_OPEN:
            opens[day].append((_minutes(start), _minutes(end)))
    windows = []
    for day in range(7):
        for begin, finish in _subtract(_merge(opens.get(day, [])), busy.get(day, [])):
            windows.append({"day": WEEKDAYS[day], "start": _hhmm(begin), "end": _hhmm(finish)})
    return windows, recorded


@dataclass
class Export:
    """A problem with what the app needs to read its solution back."""

    site: Site
    week_start: dt.date
    problem: dict[str, Any]
    warnings: list[str] = field(default_factory=list)
    sessions: dict[str, GroupSession] = field(default_factory=dict)
    clients: dict[str, Client] = field(default_factory=dict)
    staff: dict[str, User] = field(default_factory=dict)
    parsed: Problem | None = None


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
            Prefetch("availability", queryset=ClientAvailability.objects.order_by("weekday", "start_time")),
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


def _settle_promises(export: Export, problem: dict[str, Any]) -> None:
    """Drop the promises one person's data would turn into an infeasible week (see module doc)."""
    parsed = parse_problem(problem)
    by_id = {c["id"]: c for c in problem["clients"]}
    seats = {s["id"]: s for s in problem["sessions"]}
    for client in parsed.clients:
        entry = by_id[client.id]
        name = export.clients[client.id].display_name
        kept = []
        for session_id in client.fixed_sessions:
            session = parsed.sessions_by_id[session_id]
            why = ineligibility(client, session)
            if why is None and not inside(client.availability, session.day, session.start, session.end):
                why = "it is outside the client's availability"
            if why is None:
                kept.append(session_id)
            else:
                export.warnings.append(
                    f"{name}: added by hand to the {WEEKDAY_NAMES[session.day]} {_hhmm(session.start)} group, "
                    f"but {why}; the plan keeps the seat and does not count it."
                )
                seats[session_id]["capacity"] = max(0, seats[session_id]["capacity"] - 1)
        entry["fixed_sessions"] = kept
    _settle_counselors(export, parsed, by_id)


def _settle_counselors(export: Export, parsed: Problem, by_id: dict[str, dict[str, Any]]) -> None:
    """Keep rule 6 satisfiable: each counselor's individual sessions must fit together.

    Per counselor, a small CP-SAT model places as many of their clients' individual sessions as
    the counselor's free hours allow (each client one of their possible slots, no two
    overlapping); a client left without one gets no individual session this week, with a note.
    The solver then never reports the whole week infeasible for one counselor's lack of hours.
    """
    options: dict[str, list[tuple[ProblemClient, list[Slot]]]] = defaultdict(list)
    for client in parsed.clients:
        if not client.individual_minutes or client.counselor is None:
            continue
        slots = candidate_slots(parsed, client)
        if not slots:
            by_id[client.id]["individual_minutes"] = 0
            export.warnings.append(
                f"{export.clients[client.id].display_name}: no {client.individual_minutes}-minute time fits both "
                "the client's availability and the counselor's hours outside their groups; no individual session "
                "is planned this week."
            )
            continue
        options[client.counselor].append((client, slots))
    for counselor, wanted in sorted(options.items()):
        placed = _most_individual_sessions(wanted)
        for client, _ in wanted:
            if client.id in placed:
                continue
            by_id[client.id]["individual_minutes"] = 0
            export.warnings.append(
                f"{export.clients[client.id].display_name}: {export.staff[counselor]}'s hours have no free "
                f"{client.individual_minutes}-minute slot left that suits the client this week; no individual "
                "session is planned (book one by hand, or add hours for the counselor)."
            )


def _most_individual_sessions(wanted: list[tuple[ProblemClient, list[Slot]]]) -> set[str]:
    """The clients of one counselor whose individual sessions fit together, as many as possible."""
    model = cp_model.CpModel()
    chosen: dict[str, list[cp_model.IntVar]] = defaultdict(list)
    intervals = []
    for client, slots in wanted:
        for slot in slots:
            var = model.new_bool_var(f"{client.id}@{slot.day}:{slot.start}")
            chosen[client.id].append(var)
            start = slot.day * 24 * 60 + slot.start
            intervals.append(model.new_optional_fixed_size_interval_var(start, slot.end - slot.start, var, ""))
        model.add_at_most_one(chosen[client.id])
    model.add_no_overlap(intervals)
    model.maximize(sum(sum(v) for v in chosen.values()))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = 2.0
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 0
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return set()
    return {cid for cid, variables in chosen.items() if any(solver.value(v) for v in variables)}


def previous_for_week(export: Export) -> dict[str, Any] | None:
    """Last week's placements, translated to this week's session ids (the solver's ``previous``).

    A session of last week maps to this week's session of the same series on the same weekday
    and local start time; enrolments of any source count, so a change made by hand last week is
    part of the routine this week starts from.
    """
    site = export.site
    last_monday = export.week_start - dt.timedelta(days=7)
    start, end = week_bounds(site, last_monday)
    this_week: dict[tuple[Any, ...], str] = {}
    for key, row in export.sessions.items():
        begin = local(site, row.starts_at)
        this_week[_routine_key(row, begin)] = key
    placed: dict[int, list[str]] = defaultdict(list)
    rows = (
        SessionEnrollment.objects.filter(
            session__site=site,
            session__starts_at__gte=start,
            session__starts_at__lt=end,
            client_id__in=[pk_of(k) for k in export.clients],
        )
        .exclude(session__status=SessionStatus.CANCELLED)
        .select_related("session")
        .order_by("session__starts_at")
    )
    for enrollment in rows:
        begin = local(site, enrollment.session.starts_at)
        mapped = this_week.get(_routine_key(enrollment.session, begin))
        if mapped is not None:
            placed[enrollment.client_id].append(mapped)
    individual: dict[int, dict[str, str]] = {}
    for meeting in IndividualSession.objects.filter(
        Q(site=site, starts_at__gte=start, starts_at__lt=end, status=SessionStatus.SCHEDULED),
        client_id__in=[pk_of(k) for k in export.clients],
    ):
        begin, finish = local(site, meeting.starts_at), local(site, meeting.ends_at)
        individual[meeting.client_id] = {
            "day": WEEKDAYS[begin.weekday()],
            "start": f"{begin:%H:%M}",
            "end": f"{finish:%H:%M}",
            "staff": staff_key(meeting.clinician_id),
        }
    if not placed and not individual:
        return None
    return {
        "clients": [
            {"id": key, "sessions": placed.get(pk_of(key), []), "individual": individual.get(pk_of(key))}
            for key in export.clients
            if pk_of(key) in placed or pk_of(key) in individual
        ]
    }


def _routine_key(row: GroupSession, begin: dt.datetime) -> tuple[Any, ...]:
    owner = ("series", row.series_id) if row.series_id else ("track", row.track_id, row.room_id)
    return (*owner, begin.weekday(), begin.hour, begin.minute)
