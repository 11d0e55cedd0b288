"""Reads of the scheduling app: plan runs and the week board, client availability, feeds.

The board is built in a fixed number of queries whatever the number of clients: the run, its
clients, its placements, the week's sessions (with facilitators), and one query for which of
those clients the viewer may see. Clients the viewer may not see are counted, not named.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from openiop.accounts import policy
from openiop.accounts.models import Site
from openiop.accounts.types import Actor, Viewer
from openiop.audit.services import record_list, record_read
from openiop.clients.models import Client
from openiop.core.time import local
from openiop.program.models import GroupSession
from openiop.program.selectors import READ_ROLES
from openiop.scheduling.export import closed_days, pk_of, session_key
from openiop.scheduling.hand_moves import Individual, hours_text
from openiop.scheduling.insights import Suggestion, extra_sessions
from openiop.scheduling.models import (
    CalendarFeed,
    ClientAvailability,
    ClientPlanProfile,
    ModuleCompletion,
    PlanAssignment,
    PlanClient,
    PlanRun,
)
from openiop.scheduling.solver.problem import parse_problem

GROUPINGS = {"track": "track", "room": "room", "clinician": "clinician"}


def plan_runs_for_week(*, site: Site, week_start: dt.date) -> list[PlanRun]:
    return list(PlanRun.objects.filter(site=site, week_start=week_start).select_related("created_by", "accepted_by"))


def accepted_run(*, site: Site, week_start: dt.date) -> PlanRun | None:
    return (
        PlanRun.objects.filter(site=site, week_start=week_start, accepted_at__isnull=False)
        .order_by("-accepted_at")
        .first()
    )


def run_get_for_user(*, user: Viewer, pk: int) -> PlanRun:
    """A run of a site whose program the user may read (directors and clinicians), else 404."""
    run = (
        PlanRun.objects.filter(pk=pk, site_id__in=policy.sites_with(user, READ_ROLES))
        .select_related("site", "created_by", "accepted_by")
        .first()
    )
    if run is None:
        raise Http404("No such plan")
    return run


@dataclass
class BoardSession:
    session: GroupSession
    start: dt.datetime
    end: dt.datetime
    names: list[str]
    hidden: int
    placed: int

    @property
    def full(self) -> bool:
        return self.placed >= self.session.capacity


@dataclass
class BoardRow:
    label: str
    cells: list[list[Any]] = field(default_factory=lambda: [[] for _ in range(7)])


@dataclass
class ClientLine:
    client: Client
    visible: bool
    name: str
    minutes: int
    row: PlanClient
    sessions: list[BoardSession]
    by_hand: set[int]
    individual: tuple[dt.datetime, dt.datetime] | None

    @property
    def planned(self) -> str:
        return hours_text(self.minutes)

    @property
    def prescribed(self) -> str:
        return hours_text(self.row.target_minutes)

    @property
    def status(self) -> str:
        if self.minutes >= self.row.target_minutes:
            return "at target"
        if self.minutes >= self.row.min_minutes:
            return "short of target"
        return "below the IOP minimum"

    @property
    def short(self) -> bool:
        return self.minutes < self.row.target_minutes


@dataclass
class Help:
    suggestion: Suggestion
    label: str
    names: list[str]
    hidden: int
    short_total: int

    @property
    def covers(self) -> str:
        return hours_text(self.suggestion.minutes)


@dataclass
class Board:
    run: PlanRun
    by: str
    days: list[dt.date]
    rows: list[BoardRow]
    clients: list[ClientLine]
    sessions: list[BoardSession]
    help: list[Help]
    hidden_clients: int

    @property
    def short(self) -> list[ClientLine]:
        return [c for c in self.clients if c.short]

    @property
    def at_target(self) -> int:
        return sum(not c.short for c in self.clients)

    @property
    def at_min(self) -> int:
        return sum(c.minutes >= c.row.min_minutes for c in self.clients)


def plan_board(*, user: Viewer, run: PlanRun, by: str = "track") -> Board:
    """The proposed (or accepted) plan as a week board; records one list event naming who is shown."""
    by = GROUPINGS.get(by, "track")
    site = run.site
    rows = list(PlanClient.objects.filter(run=run).select_related("client", "counselor"))
    placements = list(PlanAssignment.objects.filter(run=run).values_list("client_id", "session_id", "by_hand"))
    keys = [s["id"] for s in (run.problem or {}).get("sessions", [])]
    sessions = {
        s.pk: s
        for s in GroupSession.objects.filter(pk__in=[pk_of(k) for k in keys])
        .select_related("track", "room", "module", "site")
        .prefetch_related("facilitators")
    }
    client_ids = [r.client_id for r in rows]
    visible = set(policy.clients_for(user).filter(pk__in=client_ids).values_list("pk", flat=True))

    names = {r.client_id: r.client.display_name for r in rows}
    placed: dict[int, list[int]] = defaultdict(list)
    by_session: dict[int, list[int]] = defaultdict(list)
    hand: dict[int, set[int]] = defaultdict(set)
    for client_pk, session_pk, by_hand in placements:
        placed[client_pk].append(session_pk)
        by_session[session_pk].append(client_pk)
        if by_hand:
            hand[client_pk].add(session_pk)

    board_sessions: dict[int, BoardSession] = {}
    for pk, session in sorted(sessions.items(), key=lambda kv: (kv[1].starts_at, kv[0])):
        members = sorted(by_session.get(pk, []), key=lambda c: names.get(c, ""))
        board_sessions[pk] = BoardSession(
            session=session,
            start=local(site, session.starts_at),
            end=local(site, session.ends_at),
            names=[names[c] for c in members if c in visible],
            hidden=sum(c not in visible for c in members),
            placed=len(members),
        )

    lines = []
    for row in sorted(rows, key=lambda r: (r.client.legal_last_name, r.client.legal_first_name, r.client_id)):
        mine = sorted(
            (board_sessions[s] for s in placed.get(row.client_id, []) if s in board_sessions), key=lambda b: b.start
        )
        individual = None
        if row.individual_starts_at and row.individual_ends_at:
            individual = (local(site, row.individual_starts_at), local(site, row.individual_ends_at))
        seen = row.client_id in visible
        lines.append(
            ClientLine(
                client=row.client,
                visible=seen,
                name=row.client.display_name if seen else "Another client",
                minutes=sum(b.session.minutes for b in mine) + row.individual_minutes,
                row=row,
                sessions=mine,
                by_hand=hand.get(row.client_id, set()),
                individual=individual,
            )
        )
    shown = [line for line in lines if line.visible]
    record_list(
        user=user, object_type="plan_board", object_id=run.pk, shown=[line.client.pk for line in shown], site_id=site.pk
    )
    days = [run.week_start + dt.timedelta(days=i) for i in range(7)]
    return Board(
        run=run,
        by=by,
        days=days,
        rows=_rows(by, list(board_sessions.values()), lines),
        clients=shown,
        sessions=list(board_sessions.values()),
        help=_help(run, lines, placed, sessions, visible),
        hidden_clients=len(lines) - len(shown),
    )


def _rows(by: str, sessions: list[BoardSession], lines: list[ClientLine]) -> list[BoardRow]:
    rows: dict[str, BoardRow] = {}

    def cell(label: str, day: int, item: Any) -> None:
        rows.setdefault(label, BoardRow(label)).cells[day].append(item)

    for item in sessions:
        day = item.start.weekday()
        if by == "room":
            cell(item.session.room.name if item.session.room else "No room", day, item)
        elif by == "clinician":
            for person in item.session.facilitators.all() or ["No facilitator"]:
                cell(str(person), day, item)
        else:
            cell(item.session.track.name, day, item)
    if by == "clinician":
        for line in lines:
            if line.individual and line.row.counselor is not None:
                start, end = line.individual
                cell(str(line.row.counselor), start.weekday(), {"individual": line, "start": start, "end": end})
        for row in rows.values():
            for items in row.cells:
                items.sort(key=lambda i: i["start"] if isinstance(i, dict) else i.start)
    return [rows[label] for label in sorted(rows)]


def _help(
    run: PlanRun,
    lines: list[ClientLine],
    placed: dict[int, list[int]],
    sessions: dict[int, GroupSession],
    visible: set[int],
) -> list[Help]:
    short = [line for line in lines if line.short]
    if not short or not run.problem or run.solver_status == "infeasible":
        return []
    problem = parse_problem(run.problem)
    individuals: dict[str, Individual | None] = {}
    for line in lines:
        individual = None
        if line.individual:
            start, end = line.individual
            individual = Individual(start.weekday(), start.hour * 60 + start.minute, end.hour * 60 + end.minute)
        individuals[f"c-{line.client.pk}"] = individual
    keyed = {f"c-{c}": [session_key(s) for s in ss] for c, ss in placed.items()}
    names = {f"c-{line.client.pk}": line.client.display_name for line in lines}
    found = []
    closed = {d.weekday() for d in closed_days(run.site, run.week_start)}
    for suggestion in extra_sessions(problem, keyed, individuals, closed=closed):
        row = sessions.get(pk_of(suggestion.like.id))
        label = row.track.name if row is not None else "group"
        served = [pk_of(c) for c in suggestion.clients]
        found.append(
            Help(
                suggestion=suggestion,
                label=label,
                names=sorted(names[f"c-{c}"] for c in served if c in visible),
                hidden=sum(c not in visible for c in served),
                short_total=len(short),
            )
        )
    return found


# --- client availability ------------------------------------------------------------------


def availability_for_client(*, client: Client) -> list[ClientAvailability]:
    return list(ClientAvailability.objects.filter(client=client).current().order_by("weekday", "start_time"))


def plan_profile_for_client(*, client: Client) -> ClientPlanProfile | None:
    return ClientPlanProfile.objects.filter(client=client).first()


def completions_for_client(*, client: Client) -> list[ModuleCompletion]:
    return list(ModuleCompletion.objects.filter(client=client).select_related("module").order_by("module__position"))


# --- feeds --------------------------------------------------------------------------------


def active_feed_for_client(*, client: Client) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(client=client, revoked_at__isnull=True).first()


def active_feed_for_user(*, user: Actor) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()


def feed_by_token_hash(*, token_hash: str) -> CalendarFeed | None:
    return (
        CalendarFeed.objects.filter(token_hash=token_hash, revoked_at__isnull=True)
        .select_related("site", "client", "client__user", "user")
        .first()
    )


def planning_sites(user: Viewer) -> QuerySet[Site]:
    return Site.objects.filter(pk__in=policy.directed_sites(user)).order_by("name")


def feed_read(*, token_hash: str) -> tuple[CalendarFeed, bytes]:
    """The live feed with that token hash and its iCalendar text (404 if none); the fetch is a
    read by the feed's owner, recorded."""
    from openiop.scheduling.feeds import render_feed

    found = feed_by_token_hash(token_hash=token_hash)
    if found is None:
        raise Http404("No such calendar")
    body, count = render_feed(found)
    owner_user = found.user if found.user_id is not None else (found.client.user if found.client else None)
    owner = f"staff:{found.user_id}" if found.user_id is not None else f"client:{found.client_id}"
    record_read(
        user=owner_user,
        instance=found,
        object_type="calendar_feed",
        channel="feed",
        detail={"owner": owner, "events": count},
    )
    return found, body
