"""Rooms and facilitators are never double-booked; the refusal names the clash."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from openiop.program import services
from openiop.program.models import GroupSession, SessionStatus
from openiop.program.tests.world import WEEK, World, at

TUESDAY = WEEK + dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("day", "start", "end", "room", "facilitator", "capacity", "field", "message"),
    [
        (WEEK, 10, 11, "room", None, 12, "room", "Room A is already booked for Adult mornings 09:00–12:00 on Monday"),
        (WEEK, 11, 13, "room", None, 12, "room", "Room A is already booked"),
        (WEEK, 8, 9, "room", None, 12, None, None),  # ends as the group starts: half-open
        (WEEK, 12, 14, "room", None, 12, None, None),
        (WEEK, 10, 11, "small_room", "alice", 6, "facilitators", "Alice is already facilitating Adult mornings"),
        (WEEK, 10, 11, "small_room", "bob", 6, None, None),
        (TUESDAY, 17, 18, "room", "bob", 12, "facilitators", "Bob is already facilitating Teens 16:00–19:00"),
        (TUESDAY, 17, 18, "small_room", None, 6, "room", "Small room is already booked for Teens"),
        (TUESDAY, 9, 12, "small_room", None, 12, "capacity", "Small room holds 6; a capacity of 12 does not fit."),
        (TUESDAY, 12, 9, "room", None, 12, "ends_at", "A session must end after it starts."),
    ],
)
def test_a_one_off_session_is_refused_when_it_double_books(
    world: World,
    day: dt.date,
    start: int,
    end: int,
    room: str,
    facilitator: str | None,
    capacity: int,
    field: str | None,
    message: str | None,
) -> None:
    before = GroupSession.objects.count()

    def call() -> GroupSession:
        return services.session_create(
            actor=world.cast.dana,
            site=world.cast.site_a,
            track=world.women,
            starts_at=at(day, start),
            ends_at=at(day, end),
            room=getattr(world, room),
            facilitators=[getattr(world.cast, facilitator)] if facilitator else [],
            capacity=capacity,
        )

    if field is None:
        call()
        assert GroupSession.objects.count() == before + 1
        return
    with pytest.raises(ValidationError) as refused:
        call()
    assert message is not None
    assert any(message in m for m in refused.value.message_dict[field]), refused.value.message_dict
    assert GroupSession.objects.count() == before


def test_a_cancelled_session_frees_its_room(world: World) -> None:
    services.session_cancel(actor=world.cast.dana, session=world.monday, reason="Holiday")
    booked = services.session_create(
        actor=world.cast.dana,
        site=world.cast.site_a,
        track=world.women,
        starts_at=at(WEEK, 9),
        ends_at=at(WEEK, 12),
        room=world.room,
        facilitators=[world.cast.alice],
    )
    world.monday.refresh_from_db()
    assert world.monday.status == "cancelled"
    assert (booked.room, booked.starts_at, list(booked.facilitators.all())) == (
        world.room,
        world.monday.starts_at,
        [world.cast.alice],
    )


def test_a_facilitator_with_an_individual_session_then_is_busy(world: World) -> None:
    services.individual_session_create(
        actor=world.cast.dana,
        client=world.cast.frank,
        clinician=world.cast.bob,
        starts_at=at(WEEK, 13),
        ends_at=at(WEEK, 13, 50),
    )
    with pytest.raises(ValidationError) as refused:
        services.session_create(
            actor=world.cast.dana,
            site=world.cast.site_a,
            track=world.women,
            starts_at=at(WEEK, 13),
            ends_at=at(WEEK, 15),
            room=world.small_room,
            facilitators=[world.cast.bob],
            capacity=6,
        )
    assert refused.value.message_dict["facilitators"] == [
        "Bob has an individual session 13:00–13:50 on Monday 7 December 2026."
    ]


def test_moving_an_occurrence_bumps_its_sequence_and_keeps_the_rest_of_the_series(world: World) -> None:
    moved = services.session_move(
        actor=world.cast.dana,
        session=world.monday,
        starts_at=at(WEEK, 13),
        ends_at=at(WEEK, 16),
        room=world.room,
        reason="Staff training in the morning",
    )
    assert moved.sequence == 1 and moved.change_reason == "Staff training in the morning"
    assert moved.occurrence_date == WEEK
    assert world.wednesday.starts_at == at(WEEK + dt.timedelta(days=2), 9)


def test_moving_onto_a_busy_room_is_refused_and_changes_nothing(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        services.session_move(
            actor=world.cast.dana,
            session=world.teen_tuesday,
            starts_at=at(WEEK, 10),
            ends_at=at(WEEK, 13),
            room=world.room,
            reason="Swap",
        )
    assert "Room A is already booked" in refused.value.message_dict["room"][0]
    world.teen_tuesday.refresh_from_db()
    assert world.teen_tuesday.starts_at == at(TUESDAY, 16) and world.teen_tuesday.sequence == 0


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_move_or_a_cancellation_needs_a_reason(world: World, reason: str) -> None:
    with pytest.raises(ValidationError):
        services.session_cancel(actor=world.cast.dana, session=world.monday, reason=reason)
    world.monday.refresh_from_db()
    assert world.monday.status == SessionStatus.SCHEDULED


@pytest.mark.parametrize("person", ["alice", "bob", "mel", "ivan", "carol"])
def test_only_the_director_designs_the_program(world: World, person: str) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.session_cancel(actor=getattr(world.cast, person), session=world.monday, reason="No")
    with pytest.raises(PermissionDenied):
        services.room_create(actor=getattr(world.cast, person), site=world.cast.site_a, name="X", capacity=3)


def test_the_database_refuses_a_session_that_ends_before_it_starts(world: World) -> None:
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        GroupSession.objects.filter(pk=world.monday.pk).update(ends_at=world.monday.starts_at)
