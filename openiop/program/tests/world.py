"""A small program at the cast's site A for tests: rooms, tracks, staff hours and a morning group.

``world_for(cast)`` builds it once per cast (the access tables call it from their URL builders).
The week of 7 December 2026 is the one tests plan; the cast's episodes began on 2 November.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from conftest import Cast
from openiop.clients.models import Episode
from openiop.core.time import aware
from openiop.program import services
from openiop.program.models import GroupSeries, GroupSession, Module, Room, Track

WEEK = dt.date(2026, 12, 7)  # a Monday


@dataclass
class World:
    cast: Cast
    room: Room
    small_room: Room
    mornings: Track
    teens: Track
    women: Track
    series: GroupSeries
    monday: GroupSession  # the mornings group on Monday 7 December, 09:00–12:00, Alice, Room A
    wednesday: GroupSession
    teen_tuesday: GroupSession  # a one-off teens group, Tuesday 16:00–19:00, Bob, small room


def at(day: dt.date, hh: int, mm: int = 0) -> dt.datetime:
    """Site A local time (America/Los_Angeles) as a UTC instant."""
    from openiop.accounts.models import Site

    return aware(Site(time_zone="America/Los_Angeles"), day, dt.time(hh, mm))


def world_for(cast: Cast) -> World:
    cached: World | None = getattr(cast, "_program_world", None)
    if cached is None:
        cached = build_world(cast)
        cast._program_world = cached  # type: ignore[attr-defined]
    return cached


def build_world(cast: Cast) -> World:
    services.curriculum_ensure()
    dana, site = cast.dana, cast.site_a
    room = services.room_create(actor=dana, site=site, name="Room A", capacity=12)
    small = services.room_create(actor=dana, site=site, name="Small room", capacity=6)
    mornings = services.track_create(
        actor=dana,
        site=site,
        name="Adult mornings",
        population="adult",
        focus="substance",
        usual_blocks=[{"days": ["mon", "wed", "thu"], "start": "09:00", "end": "12:00"}],
        default_prescribed_hours=Decimal(12),
    )
    # The cast's episodes have no track; Erin's and Frank's join the mornings track.
    Episode.objects.filter(client__in=[cast.erin, cast.frank]).update(track=mornings.name)
    teens = services.track_create(actor=dana, site=site, name="Teens", population="adolescent")
    women = services.track_create(actor=dana, site=site, name="Women's group", gender_rule="women")
    for person, start, end in ((cast.alice, 8, 17), (cast.bob, 12, 21)):
        for weekday in range(5):
            services.staff_availability_add(
                actor=dana, site=site, user=person, weekday=weekday, start_time=dt.time(start), end_time=dt.time(end)
            )
    series = services.series_create(
        actor=dana,
        site=site,
        track=mornings,
        name="Mornings",
        rrule="FREQ=WEEKLY;BYDAY=MO,WE,TH",
        first_day=dt.date(2026, 11, 30),
        start_time=dt.time(9),
        end_time=dt.time(12),
        room=room,
        facilitators=[cast.alice],
        modules=list(
            Module.objects.filter(slug__in=["relapse-prevention", "early-recovery-skills"]).order_by("position")
        ),
        through=WEEK + dt.timedelta(days=13),
    )
    monday = GroupSession.objects.get(series=series, occurrence_date=WEEK)
    wednesday = GroupSession.objects.get(series=series, occurrence_date=WEEK + dt.timedelta(days=2))
    teen_tuesday = services.session_create(
        actor=dana,
        site=site,
        track=teens,
        starts_at=at(WEEK + dt.timedelta(days=1), 16),
        ends_at=at(WEEK + dt.timedelta(days=1), 19),
        room=small,
        facilitators=[cast.bob],
        capacity=6,
    )
    return World(cast, room, small, mornings, teens, women, series, monday, wednesday, teen_tuesday)
