"""Demo program: tracks, rooms, staff hours and a week of recurring groups at both sites.

Westside runs the classic IOP blocks (mornings 09:00–12:00 Mon/Wed/Thu, with Tue/Fri mornings
for longer prescriptions; evenings 18:00–21:00 Monday to Thursday and a Saturday morning), a
mood-and-anxiety track, an eating-disorders track, an adolescent afternoon track and a women's
group; Pasadena a smaller timetable open to all adults. Series start two weeks before ``today``
and skip US federal holidays. Everything goes through the services; existing rows are left alone.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from openiop.accounts.models import Site, User
from openiop.core.time import monday_of
from openiop.program import services
from openiop.program.models import GroupSeries, Module, Room, StaffAvailability, Track

WESTSIDE, PASADENA = "Westside IOP", "Pasadena IOP"
CORE = [
    "relapse-prevention",
    "early-recovery-skills",
    "urges-and-cravings",
    "brain-chemistry",
    "relapse-prevention",
    "disease-progression",
    "twelve-steps",
    "stages-of-change",
    "spirituality",
]
EVENING = [*CORE, "family-education", "social-support"]

# (name, population, gender rule, focus, usual blocks, default hours); the first five are the
# tracks the demo's episodes name.
TRACKS: list[tuple[str, str, str, str, list[dict[str, Any]], int]] = [
    (
        "Adult substance use — mornings",
        "adult",
        "any",
        "substance",
        [
            {"days": ["mon", "wed", "thu"], "start": "09:00", "end": "12:00"},
            {"days": ["tue", "fri"], "start": "09:00", "end": "12:00"},
        ],
        12,
    ),
    (
        "Adult substance use — evenings",
        "adult",
        "any",
        "substance",
        [
            {"days": ["mon", "tue", "wed", "thu"], "start": "18:00", "end": "21:00"},
            {"days": ["sat"], "start": "09:00", "end": "12:00"},
        ],
        12,
    ),
    (
        "Mood and anxiety",
        "adult",
        "any",
        "mood",
        [{"days": ["mon", "tue", "wed", "thu"], "start": "09:00", "end": "12:00"}],
        9,
    ),
    (
        "Eating disorders",
        "adult",
        "any",
        "eating",
        [{"days": ["mon", "tue", "wed", "thu"], "start": "13:00", "end": "16:00"}],
        9,
    ),
    (
        "Adolescent afternoons",
        "adolescent",
        "any",
        "general",
        [{"days": ["mon", "wed", "thu"], "start": "15:00", "end": "18:00"}],
        9,
    ),
    ("Women's group", "adult", "women", "general", [{"days": ["wed"], "start": "18:00", "end": "21:00"}], 12),
    ("All adults", "adult", "any", "general", [], 12),
]
SITE_TRACKS = {WESTSIDE: TRACKS[:6], PASADENA: TRACKS}
ROOMS = {
    WESTSIDE: [("Room A", 12), ("Room B", 12), ("Teen room", 10), ("Family room", 16)],
    PASADENA: [("Main room", 12), ("Small room", 10)],
}
# person → [(weekdays, start, end)]
HOURS: dict[str, dict[str, list[tuple[tuple[int, ...], int, int]]]] = {
    WESTSIDE: {
        "alice": [((0, 1, 2, 3), 8, 18), ((4,), 8, 16), ((1,), 18, 20)],
        "bob": [((0, 1, 2, 3, 4), 12, 21)],
        "dana": [((0, 1, 2, 3, 4), 8, 17), ((2,), 17, 21)],
    },
    PASADENA: {"carol": [((0, 1, 2, 3, 4), 8, 21)], "omar": [((0, 1, 2, 3, 4), 8, 19)]},
}
# (site, name, track, BYDAY, start, end, room, facilitator, rotation, capacity)
SERIES = [
    (
        WESTSIDE,
        "Mornings — Mon, Wed, Thu",
        "Adult substance use — mornings",
        "MO,WE,TH",
        9,
        12,
        "Room A",
        "alice",
        CORE,
        12,
    ),
    # A second morning block for clients prescribed 12–15 hours (four or five mornings a week).
    (
        WESTSIDE,
        "Mornings — Tue, Fri",
        "Adult substance use — mornings",
        "TU,FR",
        9,
        12,
        "Room A",
        "alice",
        ["relapse-prevention", "early-recovery-skills", "urges-and-cravings"],
        12,
    ),
    (
        WESTSIDE,
        "Evenings — Monday to Thursday",
        "Adult substance use — evenings",
        "MO,TU,WE,TH",
        18,
        21,
        "Room A",
        "bob",
        EVENING,
        12,
    ),
    (WESTSIDE, "Saturday morning", "Adult substance use — evenings", "SA", 9, 12, "Room A", "bob", EVENING, 12),
    (
        WESTSIDE,
        "Mood and anxiety — Monday to Thursday",
        "Mood and anxiety",
        "MO,TU,WE,TH",
        9,
        12,
        "Room B",
        "dana",
        ["stages-of-change", "spirituality", "social-support"],
        12,
    ),
    (
        WESTSIDE,
        "Eating disorders — Monday to Thursday",
        "Eating disorders",
        "MO,TU,WE,TH",
        13,
        16,
        "Room B",
        "bob",
        ["stages-of-change", "spirituality"],
        10,
    ),
    (
        WESTSIDE,
        "Adolescent afternoons — Mon, Wed, Thu",
        "Adolescent afternoons",
        "MO,WE,TH",
        15,
        18,
        "Teen room",
        "alice",
        CORE,
        10,
    ),
    (
        WESTSIDE,
        "Women's group — Wednesday evening",
        "Women's group",
        "WE",
        18,
        21,
        "Family room",
        "dana",
        ["social-support", "family-education"],
        12,
    ),
    (PASADENA, "All adults — mornings", "All adults", "MO,TU,WE,TH,FR", 9, 12, "Main room", "carol", CORE, 12),
    (PASADENA, "All adults — evenings", "All adults", "MO,TU,WE,TH", 18, 21, "Main room", "carol", EVENING, 12),
    (
        PASADENA,
        "Adolescent afternoons — Mon, Wed, Thu",
        "Adolescent afternoons",
        "MO,WE,TH",
        15,
        18,
        "Small room",
        "omar",
        CORE,
        10,
    ),
]
DIRECTORS = {WESTSIDE: "dana", PASADENA: "omar"}


def federal_holidays(year: int) -> list[dt.date]:
    """US federal holidays a clinic commonly closes for (observed dates not shifted)."""

    def nth_weekday(month: int, weekday: int, n: int) -> dt.date:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))

    last_may = dt.date(year, 5, 31)
    return [
        dt.date(year, 1, 1),
        last_may - dt.timedelta(days=last_may.weekday()),  # Memorial Day
        dt.date(year, 7, 4),
        nth_weekday(9, 0, 1),  # Labor Day
        nth_weekday(11, 3, 4),  # Thanksgiving
        dt.date(year, 12, 25),
    ]


def seed(*, people: dict[str, User], sites: dict[str, Site], today: dt.date) -> dict[str, int]:
    created = {"curriculum modules": services.curriculum_ensure(), "tracks": 0, "rooms": 0, "group series": 0}
    first_day = monday_of(today) - dt.timedelta(days=14)
    holidays = [d for y in (today.year - 1, today.year, today.year + 1) for d in federal_holidays(y)]
    through = monday_of(today) + dt.timedelta(weeks=8, days=6)
    for site_name, site in sites.items():
        director = people[DIRECTORS[site_name]]
        tracks: dict[str, Track] = {}
        for name, population, gender, focus, blocks, hours in SITE_TRACKS[site_name]:
            track = Track.objects.filter(site=site, name=name).first()
            if track is None:
                track = services.track_create(
                    actor=director,
                    site=site,
                    name=name,
                    population=population,
                    gender_rule=gender,
                    focus=focus,
                    usual_blocks=blocks,
                    default_prescribed_hours=Decimal(hours),
                )
                created["tracks"] += 1
            tracks[name] = track
        rooms: dict[str, Room] = {}
        for name, capacity in ROOMS[site_name]:
            room = Room.objects.filter(site=site, name=name).first()
            if room is None:
                room = services.room_create(actor=director, site=site, name=name, capacity=capacity)
                created["rooms"] += 1
            rooms[name] = room
        for key, windows in HOURS[site_name].items():
            person = people[key]
            if StaffAvailability.objects.filter(site=site, user=person).exists():
                continue
            for days, start, end in windows:
                for weekday in days:
                    services.staff_availability_add(
                        actor=director,
                        site=site,
                        user=person,
                        weekday=weekday,
                        start_time=dt.time(start),
                        end_time=dt.time(end),
                    )
        for where, name, track_name, byday, start, end, room_name, facilitator, rotation, capacity in SERIES:
            if where != site_name or GroupSeries.objects.filter(site=site, name=name).exists():
                continue
            modules = {m.slug: m for m in Module.objects.all()}
            services.series_create(
                actor=director,
                site=site,
                track=tracks[track_name],
                name=name,
                rrule=f"FREQ=WEEKLY;BYDAY={byday}",
                first_day=first_day,
                start_time=dt.time(start),
                end_time=dt.time(end),
                exception_dates=[d for d in holidays if d >= first_day],
                room=rooms[room_name],
                facilitators=[people[facilitator]],
                capacity=capacity,
                modules=[modules[slug] for slug in rotation],
                through=through,
            )
            created["group series"] += 1
    return created
