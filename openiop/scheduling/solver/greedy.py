"""Greedy plans: the solver's warm start, and the bookkeeping the benchmark baseline uses.

CP-SAT improves a plan far faster than it builds one from nothing, so solve() first
builds a plan here and hands it over as a hint. The hint need not be optimal; it only
has to be a sensible, mostly valid starting point (CP-SAT repairs or discards the rest).
"""

from __future__ import annotations

from collections import Counter, defaultdict

from .model import Plan, Previous
from .problem import Client, Problem, Session
from .rules import Slot, candidate_sessions, candidate_slots, longest_disjoint, overlaps


class Ledger:
    """A plan under construction that keeps rules 3, 4, 5 and 6 as it grows.

    Rule 7 (the daily minimum) is the caller's to keep, because it depends on the whole
    day: callers fill a day and take it back if it falls short.
    """

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.enrolled: Counter[str] = Counter()
        self.sessions: dict[str, list[Session]] = defaultdict(list)
        self.individual: dict[str, Slot] = {}
        self._clients = {client.id: client for client in problem.clients}
        # Booked individual sessions by (counselor, day), to find clashes quickly.
        self._booked: dict[tuple[str, int], dict[str, Slot]] = defaultdict(dict)
        self._options: dict[str, list[Session]] = {}
        self._slots: dict[str, list[Slot]] = {}

    def options(self, client: Client) -> list[Session]:
        """The client's candidate sessions (rules 1 and 2), computed once."""
        if client.id not in self._options:
            self._options[client.id] = candidate_sessions(self.problem, client)
        return self._options[client.id]

    def slots(self, client: Client) -> list[Slot]:
        """The client's candidate individual slots, computed once."""
        if client.id not in self._slots:
            self._slots[client.id] = candidate_slots(self.problem, client)
        return self._slots[client.id]

    def minutes(self, client: Client, day: int | None = None) -> int:
        items = [(s.day, s.minutes) for s in self.sessions[client.id]]
        slot = self.individual.get(client.id)
        if slot is not None:
            items.append((slot.day, slot.end - slot.start))
        return sum(m for d, m in items if day is None or d == day)

    def busy(self, client: Client, day: int, start: int, end: int) -> bool:
        """Whether the client already has something overlapping ``[start, end)``."""
        slot = self.individual.get(client.id)
        taken = [(s.day, s.start, s.end) for s in self.sessions[client.id]]
        if slot is not None:
            taken.append((slot.day, slot.start, slot.end))
        return any(d == day and overlaps(start, end, s, e) for d, s, e in taken)

    def has_room(self, session: Session) -> bool:
        return self.enrolled[session.id] < session.capacity

    def can_join(self, client: Client, session: Session) -> bool:
        return (
            self.has_room(session)
            and session not in self.sessions[client.id]
            and not self.busy(client, session.day, session.start, session.end)
            and self.minutes(client) + session.minutes <= client.max_minutes
        )

    def join(self, client: Client, session: Session) -> None:
        self.sessions[client.id].append(session)
        self.enrolled[session.id] += 1

    def leave(self, client: Client, session: Session) -> None:
        self.sessions[client.id].remove(session)
        self.enrolled[session.id] -= 1

    def try_day(self, client: Client, sessions: list[Session]) -> list[Session]:
        """Join ``sessions`` (one day's) in order where they fit; keep them only if the
        day then reaches the daily minimum (rule 7). Returns the sessions kept."""
        joined = []
        for session in sessions:
            if self.can_join(client, session):
                self.join(client, session)
                joined.append(session)
        if joined and self.minutes(client, joined[0].day) < self.problem.settings.min_minutes_per_day:
            for session in joined:
                self.leave(client, session)
            return []
        return joined

    def book_individual(self, client: Client, prefer: tuple[int, int] | None = None, *, repair: bool = True) -> bool:
        """Book a slot free for both the client and the counselor: ``prefer`` (day,
        start) if possible, else the earliest that clashes least with the client's
        possible groups. With ``repair``, a slot held by one
        other client may be taken if that client can move to another slot."""
        groups = self.options(client)

        def cost(slot: Slot) -> tuple[bool, int]:
            # Keep clear of the client's possible groups: they are optional, the
            # individual session is not, and booking it first must not block them.
            clash = sum(
                s.minutes for s in groups if s.day == slot.day and overlaps(slot.start, slot.end, s.start, s.end)
            )
            return (slot.day, slot.start) != prefer, clash

        slots = sorted(self.slots(client), key=cost)
        for slot in slots:
            if not self.busy(client, slot.day, slot.start, slot.end) and not self._holders(slot):
                self.book(client, slot)
                return True
        for slot in slots if repair else []:
            holders = self._holders(slot)
            if len(holders) != 1 or self.busy(client, slot.day, slot.start, slot.end):
                continue
            other = self._clients[holders[0]]
            moved_from = self.unbook(other)
            self.book(client, slot)
            if self.book_individual(other, repair=False):
                return True
            self.unbook(client)
            self.book(other, moved_from)
        return False

    def _holders(self, slot: Slot) -> list[str]:
        """Clients whose individual session with the same counselor overlaps ``slot``."""
        booked = self._booked[slot.staff, slot.day]
        return [cid for cid, other in booked.items() if overlaps(slot.start, slot.end, other.start, other.end)]

    def book(self, client: Client, slot: Slot) -> None:
        self.individual[client.id] = slot
        self._booked[slot.staff, slot.day][client.id] = slot

    def unbook(self, client: Client) -> Slot:
        slot = self.individual.pop(client.id)
        del self._booked[slot.staff, slot.day][client.id]
        return slot

    def plan(self) -> Plan:
        return Plan(
            {cid: tuple(s.id for s in sessions) for cid, sessions in self.sessions.items()},
            dict(self.individual),
        )


def warm_start(problem: Problem, previous: Previous | None = None) -> Plan:
    """A good plan quickly: promises first, last week's routine next, then the least
    flexible clients first, each given whole days (fullest first) until their target,
    which fills hours and keeps attendance days low at once.
    """
    ledger = Ledger(problem)
    for client in problem.clients:
        for session_id in client.fixed_sessions:
            ledger.join(client, problem.sessions_by_id[session_id])
    options = {c.id: ledger.options(c) for c in problem.clients}
    for client in sorted(problem.clients, key=lambda c: len(ledger.slots(c))):
        if client.individual_minutes:
            ledger.book_individual(client, previous.individual.get(client.id) if previous else None)
    if previous is not None:
        for client in problem.clients:
            kept = [s for s in options[client.id] if s.id in previous.sessions.get(client.id, ())]
            for day in sorted({s.day for s in kept}):
                ledger.try_day(client, [s for s in kept if s.day == day])

    wanted = Counter(s.id for sessions in options.values() for s in sessions)

    def flexibility(client: Client) -> float:
        return sum(s.minutes for s in options[client.id]) / max(client.target_minutes, 1)

    for client in sorted(problem.clients, key=flexibility):
        # Days already started (by promised sessions) must reach the daily minimum.
        for day in sorted({s.day for s in ledger.sessions[client.id]}):
            ledger.try_day(client, _best_day(ledger, client, options[client.id], day))
        _fill_to_target(ledger, client, wanted)
    for client in problem.clients:
        if ledger.minutes(client) < client.target_minutes and client.id in ledger.individual:
            _rebook_after_groups(ledger, client, wanted)
    return ledger.plan()


def _fill_to_target(ledger: Ledger, client: Client, wanted: Counter[str]) -> None:
    """Give the client whole days, the fullest first, until their target."""
    options = ledger.options(client)
    days = {s.day for s in options} - {s.day for s in ledger.sessions[client.id]}
    while ledger.minutes(client) < client.target_minutes and days:
        fills = {day: _best_day(ledger, client, options, day) for day in days}
        # The fullest day; between equals, the one whose groups fewer clients want.
        day = max(
            sorted(fills),
            key=lambda d: (
                sum(s.minutes for s in fills[d]),
                -max((wanted[s.id] / max(s.capacity, 1) for s in fills[d]), default=0),
            ),
        )
        days.discard(day)
        ledger.try_day(client, fills[day])


def _rebook_after_groups(ledger: Ledger, client: Client, wanted: Counter[str]) -> None:
    """A client left short may be short because their individual session sits in a
    group block: take it out, fill the days, then book it again around the groups. If it
    no longer fits anywhere, everything goes back as it was."""
    before = list(ledger.sessions[client.id])
    slot = ledger.unbook(client)
    _fill_to_target(ledger, client, wanted)
    if not ledger.book_individual(client, (slot.day, slot.start)):
        for session in [s for s in ledger.sessions[client.id] if s not in before]:
            ledger.leave(client, session)
        ledger.book(client, slot)


def _best_day(ledger: Ledger, client: Client, options: list[Session], day: int) -> list[Session]:
    """The open sessions that fill the client's day the most, within max_hours."""
    chosen = longest_disjoint([s for s in options if s.day == day and ledger.can_join(client, s)])
    room = client.max_minutes - ledger.minutes(client)
    while chosen and sum(s.minutes for s in chosen) > room:
        chosen.pop()
    return chosen
