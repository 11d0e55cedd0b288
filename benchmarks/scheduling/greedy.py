"""The baseline: greedy first-fit, roughly what a coordinator does in a spreadsheet.

Clients are taken in the order given. Each keeps their promised sessions, gets the
first individual slot free for them and their counselor, then goes through their days
in order, joining every group that still has a seat and fits, until their target is
reached. A day that cannot reach the daily minimum is given back.
"""

from __future__ import annotations

from openiop.scheduling.solver.greedy import Ledger
from openiop.scheduling.solver.model import Plan
from openiop.scheduling.solver.problem import Problem
from openiop.scheduling.solver.rules import candidate_sessions


def first_fit(problem: Problem) -> Plan:
    ledger = Ledger(problem)
    for client in problem.clients:
        for session_id in client.fixed_sessions:
            ledger.join(client, problem.sessions_by_id[session_id])
        if client.individual_minutes:
            ledger.book_individual(client, repair=False)
        options = sorted(candidate_sessions(problem, client), key=lambda s: (s.day, s.start, s.id))
        for day in sorted({s.day for s in options}):
            if ledger.minutes(client) >= client.target_minutes:
                break
            ledger.try_day(client, [s for s in options if s.day == day])
    return ledger.plan()
