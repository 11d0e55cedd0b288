"""The ScheduleModel: variables, hard rules and the objective tiers."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from ..problem import DAYS, MINUTES_PER_DAY, Client, Problem
from ..rules import Slot, candidate_sessions, candidate_slots
from .plan import CONTRACT_TIERS, MOVES_TIER, Plan, Previous, Tier

_Interval = tuple[int, int, cp_model.IntVar]


@dataclass
class _Day:
    """One client's possible placements on one day."""

    groups: list[_Interval] = field(default_factory=list)
    slots: list[_Interval] = field(default_factory=list)


class ScheduleModel:
    """Builds the model for ``clients`` (all by default).

    ``capacity=False`` drops rule 3, which turns the model into "what could this client
    get if every session had room" for diagnostics.
    """

    def __init__(
        self,
        problem: Problem,
        *,
        clients: Sequence[Client] | None = None,
        capacity: bool = True,
        previous: Previous | None = None,
    ) -> None:
        self.problem = problem
        self.model = cp_model.CpModel()
        self.variables: list[cp_model.IntVar] = []
        self.placements: dict[tuple[str, str], cp_model.IntVar] = {}
        self.slots: dict[str, list[tuple[Slot, cp_model.IntVar]]] = {}
        directions = list(CONTRACT_TIERS)
        if previous is not None:
            directions.append((MOVES_TIER, False))
        self.tiers = [Tier(name, maximize) for name, maximize in directions]
        self._tier = {tier.name: tier for tier in self.tiers}
        self._counselor_slots: dict[str, list[tuple[Slot, cp_model.IntVar]]] = defaultdict(list)
        # Auxiliary variables and how to compute their best value from the placements.
        self._derived: list[tuple[cp_model.IntVar, Callable[[Mapping[int, int]], int]]] = []
        for client in problem.clients if clients is None else clients:
            self._add_client(client, previous)
        if capacity:
            self._add_capacity()
        self._add_counselor_overlaps()

    # --- reading a solution -------------------------------------------------------

    def plan(self, values: Mapping[int, int]) -> Plan:
        """Decode a solution (variable index -> value) into a plan."""
        chosen = {index for index, value in values.items() if value}
        sessions: dict[str, list[str]] = defaultdict(list)
        for (client_id, session_id), var in self.placements.items():
            if var.index in chosen:
                sessions[client_id].append(session_id)
        individual = {
            client_id: next((slot for slot, var in slots if var.index in chosen), None)
            for client_id, slots in self.slots.items()
        }
        return Plan({k: tuple(v) for k, v in sessions.items()}, individual)

    def hint(self, plan: Plan) -> dict[int, int]:
        """A complete solver hint (every variable) that encodes ``plan``."""
        values = {
            var.index: int(session_id in plan.sessions.get(client_id, ()))
            for (client_id, session_id), var in self.placements.items()
        }
        for client_id, slots in self.slots.items():
            for slot, var in slots:
                values[var.index] = int(plan.individual.get(client_id) == slot)
        return self.complete(values)

    def complete(self, values: Mapping[int, int]) -> dict[int, int]:
        """``values`` with every auxiliary variable at the best value the placements allow.

        CP-SAT's own values for variables outside the current objective are arbitrary
        (any valid value will do); resetting them gives the next phase a hint whose
        objective is already as good as its placements.
        """
        completed = dict(values)
        for var, rule in self._derived:
            completed[var.index] = rule(completed)
        return completed

    def combine(self, major: Tier, minor: Tier) -> Tier:
        """One objective (maximised) that ranks by ``major`` first and ``minor`` second.

        Every variable here has lower bound 0, so ``minor`` can move by at most its span,
        the sum of |coefficient| x upper bound. Weighting ``major`` by span + 1 makes one
        unit of ``major`` outweigh any change in ``minor``: the order stays strict.
        """
        domains = self.model.proto.variables
        span = sum(
            # max(), not [-1]: the proto's repeated field does not take negative indexes.
            abs(c) * max(domains[v.index].domain)
            for v, c in zip(minor.variables, minor.coefficients, strict=True)
        )
        major_sign = (span + 1) * (1 if major.maximize else -1)
        minor_sign = 1 if minor.maximize else -1
        return Tier(
            f"{major.name}, then {minor.name}",
            maximize=True,
            constant=major_sign * major.constant + minor_sign * minor.constant,
            variables=major.variables + minor.variables,
            coefficients=[major_sign * c for c in major.coefficients] + [minor_sign * c for c in minor.coefficients],
        )

    # --- building -----------------------------------------------------------------

    def _bool(self, name: str) -> cp_model.IntVar:
        var = self.model.new_bool_var(name)
        self.variables.append(var)
        return var

    def _add_client(self, client: Client, previous: Previous | None) -> None:
        model = self.model
        by_day: dict[int, _Day] = defaultdict(_Day)
        x: dict[str, cp_model.IntVar] = {}
        for session in candidate_sessions(self.problem, client):
            var = self._bool(f"x[{client.id},{session.id}]")
            x[session.id] = var
            self.placements[client.id, session.id] = var
            by_day[session.day].groups.append((session.start, session.end, var))
        for session_id in client.fixed_sessions:
            if session_id in x:
                model.add(x[session_id] == 1)  # rule 8
            else:
                model.add_bool_or([])  # a promised session breaks rule 1, 2 or 5

        slots = []
        if client.individual_minutes > 0:
            for slot in candidate_slots(self.problem, client):
                var = self._bool(f"y[{client.id},{DAYS[slot.day]} {slot.start}]")
                slots.append((slot, var))
                by_day[slot.day].slots.append((slot.start, slot.end, var))
                self._counselor_slots[slot.staff].append((slot, var))
            model.add_exactly_one(var for _, var in slots)  # rule 6 (empty: infeasible)
        self.slots[client.id] = slots

        for day, items in by_day.items():
            self._add_client_day(client, day, items)
        self._add_client_hours(client, x)
        if previous is not None:
            self._add_moves(client, x, slots, previous)

    def _add_client_day(self, client: Client, day: int, items: _Day) -> None:
        model = self.model
        everything = items.groups + items.slots
        # Rule 4. Cliques where only slots meet are left out: add_exactly_one already
        # keeps a client's own slots apart.
        _at_most_one_per_point(model, everything, {v.index for _, _, v in items.groups})

        # attends: the day counts towards tier 4 if anything is placed on it.
        attends = self._bool(f"attends[{client.id},{DAYS[day]}]")
        self._derived.append((attends, _any_of(v for _, _, v in everything)))
        self._tier["attendance_days"].add(attends)
        triggers = [v for _, _, v in items.slots]

        min_day = self.problem.settings.min_minutes_per_day
        if min_day > 0 and items.groups:
            # Rule 7: a group day must reach the daily minimum; a day with only the
            # individual session is allowed, so the trigger is the groups alone.
            group_day = self._bool(f"group_day[{client.id},{DAYS[day]}]")
            for _, _, var in items.groups:
                model.add_implication(var, group_day)
            self._derived.append((group_day, _any_of(v for _, _, v in items.groups)))
            day_minutes = cp_model.LinearExpr.weighted_sum(
                [v for _, _, v in everything], [e - s for s, e, _ in everything]
            )
            model.add(day_minutes >= min_day * group_day)
            triggers.append(group_day)  # groups reach attends through group_day
        else:
            triggers += [v for _, _, v in items.groups]
        for var in triggers:
            model.add_implication(var, attends)

    def _add_client_hours(
        self,
        client: Client,
        x: Mapping[str, cp_model.IntVar],
    ) -> None:
        model = self.model
        tiers = self._tier
        variables = list(x.values())
        lengths = [self.problem.sessions_by_id[sid].minutes for sid in x]
        minutes = cp_model.LinearExpr.weighted_sum(variables, lengths)
        model.add(minutes <= client.max_minutes - client.individual_minutes)  # rule 5

        def group_minutes(values: Mapping[int, int]) -> int:
            return sum(m * values[v.index] for v, m in zip(variables, lengths, strict=True))

        # Group minutes needed on top of the individual session, which is always given.
        need_min = client.min_minutes - client.individual_minutes
        if need_min <= 0:
            tiers["clients_at_min"].constant += 1
        else:
            at_min = self._bool(f"at_min[{client.id}]")
            model.add(minutes >= need_min * at_min)
            tiers["clients_at_min"].add(at_min)
            self._derived.append((at_min, lambda v: int(group_minutes(v) >= need_min)))

        need_target = client.target_minutes - client.individual_minutes
        if need_target > 0:
            short = model.new_int_var(0, need_target, f"short[{client.id}]")
            self.variables.append(short)
            model.add(short >= need_target - minutes)
            tiers["shortfall_minutes"].add(short)
            self._derived.append((short, lambda v: max(0, need_target - group_minutes(v))))

        by_module: dict[str, list[cp_model.IntVar]] = defaultdict(list)
        for session_id, var in x.items():
            module = self.problem.sessions_by_id[session_id].module
            if module is not None and module not in client.completed_modules:
                by_module[module].append(var)
        for module, teaching in sorted(by_module.items()):
            new = self._bool(f"new[{client.id},{module}]")
            model.add(new <= cp_model.LinearExpr.sum(teaching))
            tiers["new_modules"].add(new)
            self._derived.append((new, _any_of(teaching)))

    def _add_moves(
        self,
        client: Client,
        x: Mapping[str, cp_model.IntVar],
        slots: Sequence[tuple[Slot, cp_model.IntVar]],
        previous: Previous,
    ) -> None:
        """Count changes against last week (Hamming distance)."""
        if client.id not in previous.sessions and client.id not in previous.individual:
            return  # a new client has no routine to keep
        before = previous.sessions.get(client.id, frozenset())
        moves = self._tier[MOVES_TIER]
        for session_id, var in x.items():
            kept = session_id in before
            # A dropped placement counts 1 - x, a new one counts x.
            moves.constant += kept
            moves.add(var, -1 if kept else 1)
        slot_before = previous.individual.get(client.id)
        for slot, var in slots:
            kept = (slot.day, slot.start) == slot_before
            if kept:
                moves.constant += 1
                moves.add(var, -1)

    def _add_capacity(self) -> None:
        enrolled: dict[str, list[cp_model.IntVar]] = defaultdict(list)
        for (_, session_id), var in self.placements.items():
            enrolled[session_id].append(var)
        for session_id, variables in enrolled.items():
            capacity = self.problem.sessions_by_id[session_id].capacity
            if len(variables) > capacity:
                self.model.add(cp_model.LinearExpr.sum(variables) <= capacity)  # rule 3

    def _add_counselor_overlaps(self) -> None:
        # Rule 6: a counselor's individual sessions never overlap one another.
        for items in self._counselor_slots.values():
            week = [
                (
                    slot.day * MINUTES_PER_DAY + slot.start,
                    slot.day * MINUTES_PER_DAY + slot.end,
                    var,
                )
                for slot, var in items
            ]
            _at_most_one_per_point(self.model, week)


def _any_of(variables: Iterable[cp_model.IntVar]) -> Callable[[Mapping[int, int]], int]:
    indexes = [v.index for v in variables]
    return lambda values: int(any(values[i] for i in indexes))


def _at_most_one_per_point(
    model: cp_model.CpModel,
    intervals: Iterable[_Interval],
    must_touch: set[int] | None = None,
) -> None:
    """Forbid every overlap among ``intervals`` with one clique per start time.

    Two half-open intervals overlap iff the later start lies inside both, so the
    intervals open at each start time are exactly the ones that may not coexist. A
    clique that the next start time's clique contains is skipped (nothing closed in
    between), which leaves only the maximal ones. With ``must_touch``, only cliques
    holding one of those variable indices are added.
    """
    ordered = sorted(intervals, key=lambda item: (item[0], item[1], item[2].index))
    open_now: list[_Interval] = []
    for position, item in enumerate(ordered):
        open_now = [other for other in open_now if other[1] > item[0]]
        open_now.append(item)
        next_start = ordered[position + 1][0] if position + 1 < len(ordered) else None
        if next_start == item[0]:
            continue  # more intervals start at this point
        if next_start is not None and all(end > next_start for _, end, _ in open_now):
            continue  # all still open at the next start: that clique contains this one
        if len(open_now) > 1 and (must_touch is None or any(v.index in must_touch for _, _, v in open_now)):
            model.add_at_most_one(v for _, _, v in open_now)
