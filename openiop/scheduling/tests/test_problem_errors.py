"""Input that does not match format v1 is refused with the JSON path of the first problem."""

from __future__ import annotations

import copy
import math
from collections.abc import Callable
from typing import Any

import pytest

from openiop.scheduling.solver.problem import ProblemError, parse_problem
from openiop.scheduling.solver.solve import solve

from . import client, session, staff, week, window


def valid() -> dict[str, Any]:
    """The format's own example, with four clients so that clients[3] exists."""
    return week(
        staff_members=[staff("s-alice", window("mon", "08:00", "17:00"))],
        sessions=[
            session(
                "g-mon-am-1",
                capacity=12,
                focus=None,
                module="relapse-prevention",
                staff=["s-alice"],
            ),
            session("g-mon-am-2", start="10:30", end="12:00", module="stages-of-change"),
        ],
        clients=[
            client(
                f"c-00{i}",
                min_hours=9,
                target_hours=12,
                max_hours=15,
                availability=[window("mon", "08:00", "12:30")],
                counselor="s-alice",
                individual_minutes=50,
                completed_modules=["stages-of-change"],
            )
            for i in range(1, 5)
        ],
        min_hours_per_day=3,
    )


def setter(path: tuple[str | int, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        target: Any = document
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def remover(path: tuple[str | int, ...]) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        target: Any = document
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return change


def duplicate(section: str) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        document[section].append(copy.deepcopy(document[section][0]))

    return change


C3 = ("clients", 3)
S0 = ("sessions", 0)

CASES: list[tuple[str, Callable[[dict[str, Any]], None], str, str]] = [
    # (what, change, path, message)
    (
        "the example from the format",
        setter((*C3, "availability", 0, "end"), "25:00"),
        "clients[3].availability[0].end",
        '"25:00" is not a time',
    ),
    ("an unknown top-level field", setter(("colour",), "blue"), "colour", "is not a field of this format"),
    ("no format", remover(("format",)), "format", "is required"),
    (
        "another format",
        setter(("format",), "openiop.schedule.v2"),
        "format",
        '"openiop.schedule.v2" is not "openiop.schedule.v1"',
    ),
    ("no week", remover(("week_of",)), "week_of", "is required"),
    ("an impossible date", setter(("week_of",), "2026-13-01"), "week_of", '"2026-13-01" is not a date (YYYY-MM-DD)'),
    ("a date without dashes", setter(("week_of",), "20261207"), "week_of", "is not a date"),
    ("settings that are not an object", setter(("settings",), []), "settings", "a list is not an object"),
    ("an unknown setting", setter(("settings", "speed"), 1), "settings.speed", "is not a field of this format"),
    ("a zero time limit", setter(("settings", "time_limit_s"), 0), "settings.time_limit_s", "0 is not positive"),
    (
        "a time limit in words",
        setter(("settings", "time_limit_s"), "ten"),
        "settings.time_limit_s",
        '"ten" is not a number',
    ),
    (
        "a negative daily minimum",
        setter(("settings", "min_hours_per_day"), -1),
        "settings.min_hours_per_day",
        "-1 is not a whole number of minutes >= 0",
    ),
    (
        "a daily minimum above a day",
        setter(("settings", "min_hours_per_day"), 25),
        "settings.min_hours_per_day",
        "is more than 24 hours",
    ),
    (
        "a zero slot grid",
        setter(("settings", "individual_slot_minutes"), 0),
        "settings.individual_slot_minutes",
        "0 is not between 1 and 1440",
    ),
    (
        "a fractional slot grid",
        setter(("settings", "individual_slot_minutes"), 7.5),
        "settings.individual_slot_minutes",
        "7.5 is not a whole number >= 0",
    ),
    ("staff that is not a list", setter(("staff",), {}), "staff", "an object is not a list"),
    ("a staff member that is not an object", setter(("staff", 0), "s-alice"), "staff[0]", '"s-alice" is not an object'),
    ("a staff member without id", remover(("staff", 0, "id")), "staff[0].id", "is required"),
    ("an empty staff id", setter(("staff", 0, "id"), ""), "staff[0].id", '"" is not a non-empty string'),
    ("a repeated staff id", duplicate("staff"), "staff[1].id", 'duplicate id "s-alice"'),
    (
        "availability that is not a list",
        setter(("staff", 0, "availability"), "mornings"),
        "staff[0].availability",
        '"mornings" is not a list',
    ),
    (
        "a day by its full name",
        setter(("staff", 0, "availability", 0, "day"), "monday"),
        "staff[0].availability[0].day",
        '"monday" is not one of mon, tue, wed, thu, fri, sat, sun',
    ),
    (
        "a time without its leading zero",
        setter(("staff", 0, "availability", 0, "start"), "8:00"),
        "staff[0].availability[0].start",
        '"8:00" is not a time',
    ),
    (
        "a window that ends before it starts",
        setter(("staff", 0, "availability", 0, "end"), "07:00"),
        "staff[0].availability[0].end",
        '"07:00" is not after start "08:00"',
    ),
    (
        "a window that starts at 24:00",
        setter(("staff", 0, "availability", 0, "start"), "24:00"),
        "staff[0].availability[0].start",
        '"24:00" is not a time',
    ),
    ("a session without capacity", remover((*S0, "capacity")), "sessions[0].capacity", "is required"),
    ("a negative capacity", setter((*S0, "capacity"), -1), "sessions[0].capacity", "-1 is not a whole number >= 0"),
    ("a capacity of true", setter((*S0, "capacity"), True), "sessions[0].capacity", "true is not a whole number >= 0"),
    (
        "an unknown population",
        setter((*S0, "population"), "senior"),
        "sessions[0].population",
        '"senior" is not one of adult, adolescent',
    ),
    (
        "a session gender outside the list",
        setter((*S0, "gender"), "women"),
        "sessions[0].gender",
        '"women" is not one of any, female, male',
    ),
    (
        "an unknown focus",
        setter((*S0, "focus"), "trauma"),
        "sessions[0].focus",
        '"trauma" is not one of sud, eating, mood',
    ),
    ("a module that is not a string", setter((*S0, "module"), 3), "sessions[0].module", "3 is not a non-empty string"),
    ("an unknown facilitator", setter((*S0, "staff"), ["s-bob"]), "sessions[0].staff[0]", 'unknown staff id "s-bob"'),
    (
        "a facilitator listed twice",
        setter((*S0, "staff"), ["s-alice", "s-alice"]),
        "sessions[0].staff[1]",
        '"s-alice" is listed twice',
    ),
    ("a session ending at 25:00", setter((*S0, "end"), "25:00"), "sessions[0].end", '"25:00" is not a time'),
    ("a repeated session id", duplicate("sessions"), "sessions[2].id", 'duplicate id "g-mon-am-1"'),
    ("a client gender that is not a string", setter((*C3, "gender"), 1), "clients[3].gender", "1 is not a string"),
    ("a focus that is not a list", setter((*C3, "focus"), "sud"), "clients[3].focus", '"sud" is not a list'),
    (
        "a focus in capitals",
        setter((*C3, "focus"), ["SUD"]),
        "clients[3].focus[0]",
        '"SUD" is not one of sud, eating, mood',
    ),
    ("hours in words", setter((*C3, "min_hours"), "nine"), "clients[3].min_hours", '"nine" is not a number'),
    (
        "hours that are not whole minutes",
        setter((*C3, "target_hours"), 12.001),
        "clients[3].target_hours",
        "12.001 is not a whole number of minutes >= 0",
    ),
    (
        "hours that are not a number",
        setter((*C3, "max_hours"), math.nan),
        "clients[3].max_hours",
        "nan is not a number",
    ),
    (
        "a target below the minimum",
        setter((*C3, "target_hours"), 8),
        "clients[3].target_hours",
        "8 is below min_hours 9",
    ),
    (
        "a maximum below the target",
        setter((*C3, "max_hours"), 11.5),
        "clients[3].max_hours",
        "11.5 is below target_hours 12",
    ),
    (
        "a negative individual session",
        setter((*C3, "individual_minutes"), -50),
        "clients[3].individual_minutes",
        "-50 is not a whole number >= 0",
    ),
    (
        "an individual session longer than a day",
        setter((*C3, "individual_minutes"), 1500),
        "clients[3].individual_minutes",
        "1500 is more than a day",
    ),
    ("an unknown counselor", setter((*C3, "counselor"), "s-bob"), "clients[3].counselor", 'unknown staff id "s-bob"'),
    (
        "an individual session without counselor",
        setter((*C3, "counselor"), None),
        "clients[3].counselor",
        "is required when individual_minutes > 0",
    ),
    (
        "an unknown module",
        setter((*C3, "completed_modules"), ["juggling"]),
        "clients[3].completed_modules[0]",
        'unknown module id "juggling"',
    ),
    (
        "an unknown fixed session",
        setter((*C3, "fixed_sessions"), ["g-sun-1"]),
        "clients[3].fixed_sessions[0]",
        'unknown session id "g-sun-1"',
    ),
    (
        "a fixed session listed twice",
        setter((*C3, "fixed_sessions"), ["g-mon-am-1", "g-mon-am-1"]),
        "clients[3].fixed_sessions[1]",
        '"g-mon-am-1" is listed twice',
    ),
    ("a client without availability", remover((*C3, "availability")), "clients[3].availability", "is required"),
    ("a repeated client id", setter(("clients", 1, "id"), "c-001"), "clients[1].id", 'duplicate id "c-001"'),
]


def test_the_valid_example_parses() -> None:
    problem = parse_problem(valid())
    assert [c.id for c in problem.clients] == ["c-001", "c-002", "c-003", "c-004"]
    assert problem.clients[0].target_minutes == 720
    assert problem.settings.min_minutes_per_day == 180


def test_settings_may_be_omitted_and_take_the_format_defaults() -> None:
    document = valid()
    del document["settings"]
    settings = parse_problem(document).settings
    assert (settings.time_limit_s, settings.min_minutes_per_day, settings.individual_slot_minutes) == (10, 180, 15)


def test_a_window_may_end_at_midnight() -> None:
    document = valid()
    document["staff"][0]["availability"][0]["end"] = "24:00"
    assert parse_problem(document).staff[0].availability[0].end == 24 * 60


def test_a_document_that_is_not_an_object_is_refused_at_the_root() -> None:
    with pytest.raises(ProblemError) as raised:
        parse_problem([])
    assert (raised.value.path, raised.value.message) == ("$", "a list is not an object")


@pytest.mark.parametrize(("what", "change", "path", "message"), CASES, ids=[case[0] for case in CASES])
def test_invalid_input_is_refused_with_its_path(
    what: str, change: Callable[[dict[str, Any]], None], path: str, message: str
) -> None:
    document = valid()
    change(document)
    with pytest.raises(ProblemError) as raised:
        parse_problem(document)
    assert raised.value.path == path
    assert message in raised.value.message
    assert str(raised.value) == f"{raised.value.path}: {raised.value.message}"


def test_the_first_problem_in_document_order_is_the_one_reported() -> None:
    document = valid()
    document["sessions"][1]["end"] = "99:99"
    document["clients"][0]["min_hours"] = -1
    with pytest.raises(ProblemError, match=r"^sessions\[1\]\.end: "):
        parse_problem(document)


def test_solve_refuses_invalid_input_before_solving() -> None:
    document = valid()
    document["clients"][3]["availability"][0]["end"] = "25:00"
    with pytest.raises(ProblemError, match=r'^clients\[3\]\.availability\[0\]\.end: "25:00" is not a time$'):
        solve(document)
