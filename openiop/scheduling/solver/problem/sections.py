"""The document's sections, parsed in a fixed order (the first problem found is raised)."""

from __future__ import annotations

from collections.abc import Mapping

from .types import (
    DAYS,
    FOCUSES,
    FORMAT,
    MINUTES_PER_DAY,
    POPULATIONS,
    SESSION_GENDERS,
    Client,
    Problem,
    ProblemError,
    Session,
    Settings,
    Staff,
    Window,
)
from .values import (
    _choice,
    _date,
    _hours,
    _id,
    _integer,
    _list,
    _no_repeats,
    _number,
    _object,
    _reference,
    _show,
    _time,
    _unique,
)


def parse_problem(document: object) -> Problem:
    """Validate a decoded JSON document and return the problem (or ProblemError)."""
    root = _object(
        document,
        "$",
        required=("format", "week_of", "staff", "sessions", "clients"),
        optional=("settings",),
    )
    if root["format"] != FORMAT:
        raise ProblemError("format", f"{_show(root['format'])} is not {_show(FORMAT)}")
    week_of = _date(root["week_of"], "week_of")
    settings = _settings(root.get("settings", {}), "settings")

    staff = _unique(_list(root["staff"], "staff", _staff), "staff")
    staff_ids = {member.id for member in staff}
    sessions = _unique(
        _list(root["sessions"], "sessions", lambda v, p: _session(v, p, staff_ids)),
        "sessions",
    )
    session_ids = {session.id for session in sessions}
    modules = {session.module for session in sessions if session.module is not None}
    clients = _unique(
        _list(
            root["clients"],
            "clients",
            lambda v, p: _client(v, p, staff_ids, session_ids, modules),
        ),
        "clients",
    )
    return Problem(week_of, settings, staff, sessions, clients)


def _settings(value: object, path: str) -> Settings:
    fields = _object(
        value,
        path,
        optional=("time_limit_s", "min_hours_per_day", "individual_slot_minutes"),
    )
    defaults = Settings()
    time_limit = defaults.time_limit_s
    if "time_limit_s" in fields:
        time_limit = _number(fields["time_limit_s"], f"{path}.time_limit_s")
        if time_limit <= 0:
            raise ProblemError(f"{path}.time_limit_s", f"{_show(time_limit)} is not positive")
    min_day = defaults.min_minutes_per_day
    if "min_hours_per_day" in fields:
        min_day = _hours(fields["min_hours_per_day"], f"{path}.min_hours_per_day")
        if min_day > MINUTES_PER_DAY:
            raise ProblemError(f"{path}.min_hours_per_day", "is more than 24 hours")
    slot = defaults.individual_slot_minutes
    if "individual_slot_minutes" in fields:
        slot = _integer(fields["individual_slot_minutes"], f"{path}.individual_slot_minutes")
        if not 0 < slot <= MINUTES_PER_DAY:
            raise ProblemError(f"{path}.individual_slot_minutes", f"{slot} is not between 1 and 1440")
    return Settings(float(time_limit), min_day, slot)


def _staff(value: object, path: str) -> Staff:
    fields = _object(value, path, required=("id", "availability"))
    return Staff(_id(fields["id"], f"{path}.id"), _windows(fields["availability"], path))


def _session(value: object, path: str, staff_ids: set[str]) -> Session:
    fields = _object(
        value,
        path,
        required=(
            "id",
            "day",
            "start",
            "end",
            "capacity",
            "population",
            "gender",
            "focus",
            "module",
            "staff",
        ),
    )
    # Checked in the order the format's example lists the fields.
    session_id = _id(fields["id"], f"{path}.id")
    window = _window(fields, path)
    capacity = _integer(fields["capacity"], f"{path}.capacity")
    population = _choice(fields["population"], f"{path}.population", POPULATIONS)
    gender = _choice(fields["gender"], f"{path}.gender", SESSION_GENDERS)
    focus = fields["focus"]
    if focus is not None:
        focus = _choice(focus, f"{path}.focus", FOCUSES)
    module = fields["module"]
    if module is not None:
        module = _id(module, f"{path}.module")
    staff = _list(
        fields["staff"],
        f"{path}.staff",
        lambda v, p: _reference(v, p, staff_ids, "staff"),
    )
    return Session(
        id=session_id,
        day=window.day,
        start=window.start,
        end=window.end,
        capacity=capacity,
        population=population,
        gender=gender,
        focus=focus,
        module=module,
        staff=_no_repeats(staff, f"{path}.staff"),
    )


def _client(
    value: object,
    path: str,
    staff_ids: set[str],
    session_ids: set[str],
    modules: set[str],
) -> Client:
    fields = _object(
        value,
        path,
        required=(
            "id",
            "population",
            "gender",
            "focus",
            "min_hours",
            "target_hours",
            "max_hours",
            "availability",
            "counselor",
            "individual_minutes",
            "completed_modules",
            "fixed_sessions",
        ),
    )
    client_id = _id(fields["id"], f"{path}.id")
    population = _choice(fields["population"], f"{path}.population", POPULATIONS)
    gender = fields["gender"]
    if not isinstance(gender, str):
        raise ProblemError(f"{path}.gender", f"{_show(gender)} is not a string")
    focus = _no_repeats(
        _list(fields["focus"], f"{path}.focus", lambda v, p: _choice(v, p, FOCUSES)),
        f"{path}.focus",
    )
    min_minutes = _hours(fields["min_hours"], f"{path}.min_hours")
    target = _hours(fields["target_hours"], f"{path}.target_hours")
    maximum = _hours(fields["max_hours"], f"{path}.max_hours")
    if target < min_minutes:
        raise ProblemError(
            f"{path}.target_hours",
            f"{_show(fields['target_hours'])} is below min_hours {_show(fields['min_hours'])}",
        )
    if maximum < target:
        raise ProblemError(
            f"{path}.max_hours",
            f"{_show(fields['max_hours'])} is below target_hours {_show(fields['target_hours'])}",
        )
    availability = _windows(fields["availability"], path)
    counselor = fields["counselor"]
    if counselor is not None:
        counselor = _reference(counselor, f"{path}.counselor", staff_ids, "staff")
    individual = _integer(fields["individual_minutes"], f"{path}.individual_minutes")
    if individual > MINUTES_PER_DAY:
        raise ProblemError(f"{path}.individual_minutes", f"{individual} is more than a day")
    if counselor is None and individual > 0:
        raise ProblemError(f"{path}.counselor", "is required when individual_minutes > 0")
    completed = _list(
        fields["completed_modules"],
        f"{path}.completed_modules",
        lambda v, p: _reference(v, p, modules, "module"),
    )
    fixed = _list(
        fields["fixed_sessions"],
        f"{path}.fixed_sessions",
        lambda v, p: _reference(v, p, session_ids, "session"),
    )
    return Client(
        id=client_id,
        population=population,
        gender=gender,
        focus=focus,
        min_minutes=min_minutes,
        target_minutes=target,
        max_minutes=maximum,
        availability=availability,
        counselor=counselor,
        individual_minutes=individual,
        completed_modules=_no_repeats(completed, f"{path}.completed_modules"),
        fixed_sessions=_no_repeats(fixed, f"{path}.fixed_sessions"),
    )


def _windows(value: object, owner: str) -> tuple[Window, ...]:
    path = f"{owner}.availability"
    return _list(
        value,
        path,
        lambda v, p: _window(_object(v, p, required=("day", "start", "end")), p),
    )


def _window(fields: Mapping[str, object], path: str) -> Window:
    day = _choice(fields["day"], f"{path}.day", DAYS)
    start = _time(fields["start"], f"{path}.start", allow_midnight_end=False)
    end = _time(fields["end"], f"{path}.end", allow_midnight_end=True)
    if end <= start:
        raise ProblemError(
            f"{path}.end",
            f"{_show(fields['end'])} is not after start {_show(fields['start'])}",
        )
    return Window(DAYS.index(day), start, end)
