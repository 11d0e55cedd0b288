"""Demo scheduling: each active client's week (work, school, childcare, open times), a little
curriculum progress, and an accepted plan for the current week at both sites so rosters,
individual sessions and calendar feeds exist from the start.

The plan is made the way a director makes it (``plan_run_start`` then ``plan_accept``); with the
immediate task backend of the demo it is solved during the seed. Idempotent: clients who already
have availability are left alone, and a week that already has a plan is not planned again.
"""

import datetime as dt
from typing import Any

from openiop.accounts.models import Site, User
from openiop.clients.models import Client, EpisodeStatus
from openiop.core.time import monday_of
from openiop.program.models import Module
from openiop.scheduling import services
from openiop.scheduling.models import ClientAvailability, ModuleCompletion, PlanRun, PlanStatus

WEEKDAYS = (0, 1, 2, 3, 4)
# Track name → [(days, start, end, kind)]: the shape of a typical client's week on that track.
WEEKS: dict[str, list[tuple[tuple[int, ...], str, str, str]]] = {
    "Adult substance use — mornings": [
        (WEEKDAYS, "08:00", "13:00", "available"),
        ((0, 2, 3), "09:00", "12:00", "preferred"),
        (WEEKDAYS, "14:00", "22:00", "work"),
    ],
    "Adult substance use — evenings": [
        (WEEKDAYS, "07:00", "22:00", "available"),
        (WEEKDAYS, "09:00", "17:00", "work"),
        ((5,), "09:00", "13:00", "available"),
    ],
    "Mood and anxiety": [
        (WEEKDAYS, "08:00", "18:00", "available"),
        (WEEKDAYS, "15:00", "18:00", "childcare"),
    ],
    "Eating disorders": [
        (WEEKDAYS, "09:00", "21:00", "available"),
        ((0, 2, 4), "17:00", "21:00", "school"),
    ],
    "Adolescent afternoons": [
        (WEEKDAYS, "08:00", "21:00", "available"),
        (WEEKDAYS, "08:00", "15:00", "school"),
    ],
}
# A few clients whose week does not fit the usual shape, so the plan has someone to explain.
EXCEPTIONS: dict[str, list[tuple[tuple[int, ...], str, str, str]]] = {
    "Cohen": [((0, 1), "08:00", "13:00", "available"), ((2, 3, 4), "07:00", "19:00", "work")],
    "Kim": [(WEEKDAYS, "17:00", "22:00", "available")],
}
DONE_BY_WEEKS = ["stages-of-change", "relapse-prevention", "brain-chemistry", "early-recovery-skills"]


def _hhmm(text: str) -> dt.time:
    return dt.time.fromisoformat(text)


def _client_week(client: Client, actor: User) -> int:
    episode = client.active_episodes[0]  # type: ignore[attr-defined]
    shape = EXCEPTIONS.get(client.legal_last_name) or WEEKS.get(episode.track)
    if shape is None:
        return 0
    count = 0
    for days, start, end, kind in shape:
        for day in days:
            services.client_availability_add(
                actor=actor, client=client, weekday=day, start_time=_hhmm(start), end_time=_hhmm(end), kind=kind
            )
            count += 1
    return count


def _progress(client: Client, actor: User, today: dt.date, modules: dict[str, Module]) -> int:
    episode = client.active_episodes[0]  # type: ignore[attr-defined]
    weeks_in = (today - episode.admission_date).days // 7
    done = [modules[s] for s in DONE_BY_WEEKS[: min(len(DONE_BY_WEEKS), weeks_in // 2)] if s in modules]
    if not done:
        return 0
    services.module_completions_set(actor=actor, client=client, modules=done, on=today)
    return len(done)


def seed(*, people: dict[str, User], sites: dict[str, Site], today: dt.date) -> dict[str, int]:
    from django.db.models import Prefetch

    from openiop.clients.models import Episode

    created = {"availability windows": 0, "completed modules": 0, "accepted plans": 0}
    modules = {m.slug: m for m in Module.objects.all()}
    directors = {"Westside IOP": people["dana"], "Pasadena IOP": people["omar"]}
    for name, site in sites.items():
        director = directors[name]
        active = Episode.objects.filter(status=EpisodeStatus.ACTIVE, site=site)
        clients: list[Any] = list(
            Client.objects.filter(site=site, episodes__status=EpisodeStatus.ACTIVE)
            .distinct()
            .prefetch_related(Prefetch("episodes", queryset=active, to_attr="active_episodes"))
            .order_by("pk")
        )
        for client in clients:
            if ClientAvailability.objects.filter(client=client).current().exists():
                continue
            created["availability windows"] += _client_week(client, director)
            if not ModuleCompletion.objects.filter(client=client).exists():
                created["completed modules"] += _progress(client, director, today, modules)
        week = monday_of(today)
        if not PlanRun.objects.filter(site=site, week_start=week).exists() and clients:
            run = services.plan_run_start(actor=director, site=site, week_start=week, time_limit_s=5)
            if run.status == PlanStatus.DONE and run.solver_status != "infeasible":
                services.plan_accept(actor=director, run=run)
                created["accepted plans"] += 1
    return created
