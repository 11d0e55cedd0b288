"""Random small weeks: every plan the solver returns keeps every hard rule.

The validator below reads the problem and solution as plain JSON and re-derives every
rule of docs/formats/schedule-v1.md from scratch; it deliberately shares no code with
the solver, so a bug in the solver's rule code cannot hide itself.
"""

from __future__ import annotations

from itertools import combinations
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from openiop.scheduling.solver.solve import solve

WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
SOLUTION_KEYS = {"format", "status", "wall_s", "objective", "clients", "sessions"}
CLIENT_KEYS = {"id", "sessions", "individual", "hours", "meets_min", "meets_target", "unmet_reason"}


def _minutes(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def _span(item: dict[str, Any]) -> tuple[int, int, int]:
    """(day index, start, end) in minutes for anything with day/start/end."""
    return WEEKDAYS.index(item["day"]), _minutes(item["start"]), _minutes(item["end"])


def _within(span: tuple[int, int, int], windows: list[dict[str, Any]]) -> bool:
    return any(_span(w)[0] == span[0] and _span(w)[1] <= span[1] and span[2] <= _span(w)[2] for w in windows)


def _clash(a: tuple[int, int, int], b: tuple[int, int, int]) -> bool:
    return a[0] == b[0] and a[1] < b[2] and b[1] < a[2]


def violations(problem: dict[str, Any], solution: dict[str, Any]) -> list[str]:
    """Every way the solution breaks the format or a hard rule (empty when valid)."""
    found: list[str] = []
    options = {"min_hours_per_day": 3, "individual_slot_minutes": 15, **problem.get("settings", {})}
    sessions = {s["id"]: s for s in problem["sessions"]}
    staff = {m["id"]: m for m in problem["staff"]}

    if set(solution) != SOLUTION_KEYS or solution["format"] != "openiop.schedule-solution.v1":
        found.append("solution keys or format")
    if solution["status"] not in ("optimal", "feasible", "infeasible"):
        found.append(f"status {solution['status']}")
    if [c["id"] for c in solution["clients"]] != [c["id"] for c in problem["clients"]]:
        found.append("clients do not appear exactly once, in order")
    if [s["id"] for s in solution["sessions"]] != list(sessions):
        found.append("sessions do not appear exactly once, in order")
    if solution["status"] == "infeasible":
        if not all(entry["unmet_reason"] for entry in solution["clients"]):
            found.append("infeasible without a reason for every client")
        if any(entry["sessions"] or entry["individual"] for entry in solution["clients"]):
            found.append("infeasible, yet a plan is returned")
        return found

    counts = dict.fromkeys(sessions, 0)
    individuals: list[tuple[str, tuple[int, int, int], str]] = []
    totals = {"clients_at_min": 0, "shortfall_minutes": 0, "new_modules": 0, "attendance_days": 0}
    for client, entry in zip(problem["clients"], solution["clients"], strict=True):
        who = client["id"]
        if set(entry) != CLIENT_KEYS:
            found.append(f"{who}: keys")
        if len(set(entry["sessions"])) != len(entry["sessions"]):
            found.append(f"{who}: a session listed twice")
        placed = [sessions[sid] for sid in entry["sessions"]]
        spans = [_span(s) for s in placed]
        for session, span in zip(placed, spans, strict=True):
            counts[session["id"]] += 1
            if not _within(span, client["availability"]):
                found.append(f"rule 1: {who} in {session['id']} outside availability")
            if (
                session["population"] != client["population"]
                or session["gender"] not in ("any", client["gender"])
                or (session["focus"] is not None and session["focus"] not in client["focus"])
            ):
                found.append(f"rule 2: {who} not eligible for {session['id']}")

        slot = entry["individual"]
        if client["individual_minutes"] == 0:
            if slot is not None:
                found.append(f"rule 6: {who} has an individual session but needs none")
        elif slot is None:
            found.append(f"rule 6: {who} has no individual session")
        else:
            span = _span(slot)
            counselor = client["counselor"]
            if slot["staff"] != counselor or span[2] - span[1] != client["individual_minutes"]:
                found.append(f"rule 6: {who} individual has the wrong counselor or length")
            if span[1] % options["individual_slot_minutes"]:
                found.append(f"rule 6: {who} individual off the grid")
            if not _within(span, client["availability"]) or not _within(span, staff[counselor]["availability"]):
                found.append(f"rule 6: {who} individual outside availability")
            for session in problem["sessions"]:
                if counselor in session["staff"] and _clash(span, _span(session)):
                    found.append(f"rule 6: {who} individual during counselor's group {session['id']}")
            individuals.append((who, span, counselor))
            spans.append(span)

        for a, b in combinations(spans, 2):
            if _clash(a, b):
                found.append(f"rule 4: {who} has overlapping sessions")
        minutes = sum(end - start for _, start, end in spans)
        if minutes > round(client["max_hours"] * 60):
            found.append(f"rule 5: {who} above max_hours")
        daily_min = round(options["min_hours_per_day"] * 60)
        for day in {s[0] for s in (_span(p) for p in placed)}:
            if daily_min and sum(e - s for d, s, e in spans if d == day) < daily_min:
                found.append(f"rule 7: {who} under the daily minimum on {WEEKDAYS[day]}")
        if not set(client["fixed_sessions"]) <= set(entry["sessions"]):
            found.append(f"rule 8: {who} lost a fixed session")

        if abs(entry["hours"] - minutes / 60) > 0.006:
            found.append(f"{who}: hours {entry['hours']} != {minutes / 60}")
        meets_min = minutes >= round(client["min_hours"] * 60)
        meets_target = minutes >= round(client["target_hours"] * 60)
        if entry["meets_min"] != meets_min or entry["meets_target"] != meets_target:
            found.append(f"{who}: meets_min/meets_target")
        if meets_target != (entry["unmet_reason"] is None):
            found.append(f"{who}: unmet_reason should be given exactly when short of target")
        totals["clients_at_min"] += meets_min
        totals["shortfall_minutes"] += max(0, round(client["target_hours"] * 60) - minutes)
        modules = {s["module"] for s in placed if s["module"]} - set(client["completed_modules"])
        totals["new_modules"] += len(modules)
        totals["attendance_days"] += len({d for d, _, _ in spans})

    for sid, count in counts.items():
        if count > sessions[sid]["capacity"]:
            found.append(f"rule 3: {sid} over capacity")
    if {s["id"]: s["enrolled"] for s in solution["sessions"]} != counts:
        found.append("enrolled counts do not match the plan")
    for (one, span_one, staff_one), (other, span_other, staff_other) in combinations(individuals, 2):
        if staff_one == staff_other and _clash(span_one, span_other):
            found.append(f"rule 6: individual sessions of {one} and {other} overlap for {staff_one}")
    if solution["objective"] != totals:
        found.append(f"objective {solution['objective']} != {totals}")
    return found


# --- random weeks -------------------------------------------------------------------------

# Few days, wide windows and mostly open groups, so that random weeks are crowded enough
# for capacity, overlaps, the daily minimum and counselors to bind.
DAYS = ["mon", "tue"]
MODULES = ["m1", "m2", "m3"]


def _time(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@st.composite
def _window(draw: st.DrawFn) -> dict[str, str]:
    start = draw(st.sampled_from([8, 10, 12, 14, 17, 20])) * 60
    end = min(start + draw(st.sampled_from([3, 4, 6, 12])) * 60, 24 * 60)
    return {"day": draw(st.sampled_from(DAYS)), "start": _time(start), "end": _time(end)}


@st.composite
def weeks(draw: st.DrawFn) -> dict[str, Any]:
    staff_ids = [f"s{i}" for i in range(draw(st.integers(1, 3)))]
    # Staff work long days; clients' windows are what makes individual sessions hard.
    staff = [{"id": s, "availability": [{"day": d, "start": "08:00", "end": "20:00"} for d in DAYS]} for s in staff_ids]
    sessions: list[dict[str, Any]] = []
    for i in range(draw(st.integers(1, 10))):
        start = draw(st.sampled_from([8, 9, 10, 10.5, 12, 14, 15, 17, 18.5])) * 60
        sessions.append(
            {
                "id": f"g{i}",
                "day": draw(st.sampled_from(DAYS)),
                "start": _time(int(start)),
                "end": _time(int(start) + draw(st.sampled_from([60, 90, 120]))),
                "capacity": draw(st.sampled_from([0, 1, 1, 2, 2, 3])),
                "population": draw(st.sampled_from(["adult", "adult", "adult", "adult", "adolescent"])),
                "gender": draw(st.sampled_from(["any", "any", "any", "female", "male"])),
                "focus": draw(st.sampled_from([None, None, None, "sud", "mood"])),
                "module": draw(st.sampled_from([None, *MODULES])),
                "staff": draw(st.lists(st.sampled_from(staff_ids), max_size=2, unique=True)),
            }
        )
    # The format knows a module only through the sessions that teach it.
    offered = sorted({s["module"] for s in sessions if s["module"]})
    clients = []
    for i in range(draw(st.integers(1, 6))):
        high = draw(st.integers(2, 16))
        mid = draw(st.integers(0, high))
        low = draw(st.integers(0, mid))
        individual = draw(st.sampled_from([0, 0, 30, 50]))
        clients.append(
            {
                "id": f"c{i}",
                "population": draw(st.sampled_from(["adult", "adult", "adult", "adult", "adolescent"])),
                "gender": draw(st.sampled_from(["female", "male", "nonbinary"])),
                "focus": draw(st.lists(st.sampled_from(["sud", "mood", "eating"]), max_size=2, unique=True)),
                "min_hours": low / 2,
                "target_hours": mid / 2,
                "max_hours": high / 2,
                "availability": draw(st.lists(_window(), min_size=1, max_size=3)),
                "counselor": draw(st.sampled_from(staff_ids)) if individual else None,
                "individual_minutes": individual,
                "completed_modules": draw(st.lists(st.sampled_from(offered), max_size=2, unique=True))
                if offered
                else [],
                # Rare, because one impossible promise makes the whole week infeasible.
                "fixed_sessions": [draw(st.sampled_from(sessions))["id"]] if draw(st.integers(0, 24)) == 0 else [],
            }
        )
    return {
        "format": "openiop.schedule.v1",
        "week_of": "2026-12-07",
        "settings": {
            "time_limit_s": 5,
            "min_hours_per_day": draw(st.sampled_from([0, 1, 1.5, 3])),
            "individual_slot_minutes": draw(st.sampled_from([15, 30])),
        },
        "staff": staff,
        "sessions": sessions,
        "clients": clients,
    }


@settings(max_examples=50, deadline=None)
@given(weeks())
def test_every_returned_plan_keeps_every_hard_rule(week: dict[str, Any]) -> None:
    solution = solve(week, time_limit_s=5)
    assert violations(week, solution) == []


@settings(max_examples=20, deadline=None)
@given(weeks())
def test_a_week_without_promises_is_never_infeasible(week: dict[str, Any]) -> None:
    for client in week["clients"]:
        client["fixed_sessions"] = []
        client["individual_minutes"] = 0
        client["counselor"] = None
    solution = solve(week, time_limit_s=5)
    assert solution["status"] == "optimal"
    assert violations(week, solution) == []
