"""What would help the clients a plan leaves below target (pure).

Candidates are copies of the week's existing groups (same times and who may join) on any day of
the week: a second section of a full group, or a track's group on a day it does not meet yet,
are the changes a director can make most easily. A candidate
serves a short client when the client could join it under the hard rules given the rest of
their plan: eligible, inside their availability, overlapping nothing of theirs, under their
maximum hours, and — on a day they do not attend yet — long enough for the daily minimum.
Candidates are ranked by clients served, then by the shortfall minutes they would cover.
"""

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace

from openiop.scheduling.hand_moves import DAY_NAMES, Individual
from openiop.scheduling.solver.problem import Client, Problem, Session
from openiop.scheduling.solver.rules import ineligibility, inside, overlaps


@dataclass(frozen=True)
class Suggestion:
    like: Session  # the existing group the extra one would copy
    clients: tuple[str, ...]  # ids of the short clients it would serve
    minutes: int  # shortfall minutes it would cover, summed over those clients
    full: bool  # whether a group of this kind already meets then and is full
    exists: bool  # whether a group of this kind already meets then

    @property
    def when(self) -> str:
        s = self.like
        return f"{DAY_NAMES[s.day]} {s.start // 60:02d}:{s.start % 60:02d}–{s.end // 60:02d}:{s.end % 60:02d}"


def _shape(session: Session) -> tuple[object, ...]:
    return (session.day, session.start, session.end, session.population, session.gender, session.focus)


def _serves(
    problem: Problem, client: Client, template: Session, placed: Sequence[Session], individual: Individual | None
) -> bool:
    if ineligibility(client, template) is not None:
        return False
    if not inside(client.availability, template.day, template.start, template.end):
        return False
    if any(s.day == template.day and overlaps(s.start, s.end, template.start, template.end) for s in placed):
        return False
    if (
        individual is not None
        and individual.day == template.day
        and overlaps(template.start, template.end, individual.start, individual.end)
    ):
        return False
    used = sum(s.minutes for s in placed) + (individual.minutes if individual else 0)
    if used + template.minutes > client.max_minutes:
        return False
    minimum = problem.settings.min_minutes_per_day
    if minimum and not any(s.day == template.day for s in placed):
        own = individual.minutes if individual is not None and individual.day == template.day else 0
        if template.minutes + own < minimum:
            return False
    return True


def extra_sessions(
    problem: Problem,
    placements: Mapping[str, Sequence[str]],
    individuals: Mapping[str, Individual | None],
    *,
    closed: Collection[int] = (),
    limit: int = 3,
) -> list[Suggestion]:
    """The extra groups that would serve the most clients below target, best first.

    ``closed``: weekdays (0 = Monday) the site is closed this week, never suggested.
    """
    sessions = problem.sessions_by_id
    enrolled: dict[str, int] = {}
    for ids in placements.values():
        for session_id in ids:
            enrolled[session_id] = enrolled.get(session_id, 0) + 1
    short = []
    for client in problem.clients:
        placed = [sessions[s] for s in placements.get(client.id, ()) if s in sessions]
        individual = individuals.get(client.id)
        minutes = sum(s.minutes for s in placed) + (individual.minutes if individual else 0)
        if minutes < client.target_minutes:
            short.append((client, placed, individual, client.target_minutes - minutes))
    existing = {_shape(x): x for x in problem.sessions}
    seen: set[tuple[object, ...]] = set()
    found = []
    for model in problem.sessions:
        for day in (d for d in range(7) if d not in closed):
            template = replace(model, day=day)
            shape = _shape(template)
            if shape in seen:
                continue
            seen.add(shape)
            served = [
                (client.id, min(gap, template.minutes))
                for client, placed, individual, gap in short
                if _serves(problem, client, template, placed, individual)
            ]
            if not served:
                continue
            twin = existing.get(shape)
            found.append(
                Suggestion(
                    like=template,
                    clients=tuple(c for c, _ in served),
                    minutes=sum(m for _, m in served),
                    full=twin is not None and enrolled.get(twin.id, 0) >= twin.capacity,
                    exists=twin is not None,
                )
            )
    found.sort(key=lambda s: (-len(s.clients), -s.minutes, s.like.day, s.like.start, s.like.id))
    return found[:limit]
