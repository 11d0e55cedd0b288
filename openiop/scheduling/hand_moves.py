"""Re-checking a hand-made change to a proposed plan against the hard rules of schedule-v1 (pure).

The director moves one client at a time: out of one session, into another, or both. The change
is allowed only if the client's week still keeps every hard rule the solver keeps; each refusal
names the rule in plain words. Eligibility and "inside a window" come from the solver's own
rules module, so the board and the solver cannot disagree about them.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from openiop.scheduling.solver.problem import Client, Problem, Session
from openiop.scheduling.solver.rules import ineligibility, inside, overlaps

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class Individual:
    day: int
    start: int
    end: int

    @property
    def minutes(self) -> int:
        return self.end - self.start


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def when(session: Session) -> str:
    return f"{DAY_NAMES[session.day]} {_hhmm(session.start)}–{_hhmm(session.end)}"


def hours_text(minutes: int) -> str:
    """ "3 h", "1 h 50 min", "40 min"."""
    hours, rest = divmod(minutes, 60)
    if not rest:
        return f"{hours} h"
    return f"{hours} h {rest} min" if hours else f"{rest} min"


def change_problems(
    problem: Problem,
    client_id: str,
    current: Sequence[str],
    *,
    add: str | None,
    remove: str | None,
    individual: Individual | None,
    enrolled: Mapping[str, int],
) -> list[str]:
    """Why moving the client (out of ``remove``, into ``add``) breaks a hard rule; empty if it does not.

    ``current`` is the client's sessions in the plan now; ``enrolled`` counts each session's
    placements in the plan now (the client included where placed).
    """
    client = next((c for c in problem.clients if c.id == client_id), None)
    if client is None:
        return ["The client is not part of this week's plan."]
    if add is None and remove is None:
        return ["Choose a session to leave, a session to join, or both."]
    sessions = problem.sessions_by_id
    reasons: list[str] = []
    after = [s for s in current if s != remove]
    if remove is not None:
        if remove not in current:
            reasons.append("The client is not in the session to leave.")
        elif remove in client.fixed_sessions:
            reasons.append(
                f"The {when(sessions[remove])} session was promised (added to the roster by hand); "
                "take the client off that roster first."
            )
    if add is not None:
        session = sessions.get(add)
        if session is None:
            return [*reasons, "That session is not part of this week's plan."]
        if add in after:
            reasons.append("The client is already in that session.")
        else:
            reasons += _joining_problems(client, session, after, individual, enrolled.get(add, 0))
            after.append(add)
    reasons += _week_problems(problem, client, after, individual, days=_days(sessions, add, remove))
    return reasons


def _joining_problems(
    client: Client, session: Session, others: Sequence[str], individual: Individual | None, enrolled: int
) -> list[str]:
    reasons = []
    why = ineligibility(client, session)
    if why is not None:
        reasons.append(f"Not eligible: {why}.")
    if not inside(client.availability, session.day, session.start, session.end):
        reasons.append(f"{when(session)} is outside the client's availability.")
    if enrolled >= session.capacity:
        reasons.append(f"The {when(session)} session is full ({enrolled} of {session.capacity}).")
    if (
        individual is not None
        and individual.day == session.day
        and overlaps(session.start, session.end, individual.start, individual.end)
    ):
        reasons.append(
            f"It overlaps the client's individual session ({_hhmm(individual.start)}–{_hhmm(individual.end)})."
        )
    return reasons


def _days(sessions: Mapping[str, Session], *ids: str | None) -> set[int]:
    return {sessions[i].day for i in ids if i is not None and i in sessions}


def _week_problems(
    problem: Problem, client: Client, chosen: Sequence[str], individual: Individual | None, *, days: set[int]
) -> list[str]:
    sessions = [problem.sessions_by_id[s] for s in chosen if s in problem.sessions_by_id]
    reasons = []
    for i, a in enumerate(sessions):
        for b in sessions[i + 1 :]:
            if a.day == b.day and overlaps(a.start, a.end, b.start, b.end):
                reasons.append(f"The {when(a)} and {when(b)} sessions overlap.")
    total = sum(s.minutes for s in sessions) + (individual.minutes if individual else 0)
    if total > client.max_minutes:
        reasons.append(
            f"That makes {hours_text(total)} this week, above the maximum of {hours_text(client.max_minutes)}."
        )
    minimum = problem.settings.min_minutes_per_day
    for day in sorted(days):
        groups = [s for s in sessions if s.day == day]
        if not groups or not minimum:
            continue
        minutes = sum(s.minutes for s in groups)
        if individual is not None and individual.day == day:
            minutes += individual.minutes
        if minutes < minimum:
            reasons.append(
                f"{DAY_NAMES[day]} would have {hours_text(minutes)}, under the {hours_text(minimum)} daily minimum "
                "of a billable IOP day."
            )
    return reasons
