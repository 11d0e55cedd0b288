"""Conflicts: rooms and facilitators are never double-booked."""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError

from openiop.accounts.models import Site
from openiop.core.time import local
from openiop.program.models import (
    WEEKDAY_NAMES,
    GroupSession,
    IndividualSession,
    Room,
    SessionStatus,
)


@dataclass(frozen=True)
class Booking:
    """What a group session would occupy: when, where and who."""

    site: Site
    starts_at: dt.datetime
    ends_at: dt.datetime
    room: Room | None
    facilitators: Sequence[Any]
    capacity: int


def _when(site: Site, starts_at: dt.datetime, ends_at: dt.datetime) -> str:
    start, end = local(site, starts_at), local(site, ends_at)
    return f"{start:%H:%M}–{end:%H:%M} on {WEEKDAY_NAMES[start.weekday()]} {start.day} {start:%B %Y}"


def booking_conflicts(booking: Booking, *, exclude: Iterable[int] = ()) -> dict[str, list[str]]:
    """Why the booking cannot be made, by form field (empty when it can): rooms and facilitators
    are never double-booked, and a session never holds more than its room."""
    errors: dict[str, list[str]] = {}
    site = booking.site
    if booking.ends_at <= booking.starts_at:
        errors["ends_at"] = ["A session must end after it starts."]
        return errors
    if local(site, booking.starts_at).date() != local(site, booking.ends_at - dt.timedelta(seconds=1)).date():
        errors.setdefault("ends_at", []).append("A group session starts and ends on the same day.")
    room = booking.room
    if room is not None:
        if room.site_id != site.pk:
            errors.setdefault("room", []).append("The room belongs to another site.")
        elif booking.capacity > room.capacity:
            errors.setdefault("capacity", []).append(
                f"{room.name} holds {room.capacity}; a capacity of {booking.capacity} does not fit."
            )
    overlapping = GroupSession.objects.filter(
        status=SessionStatus.SCHEDULED, starts_at__lt=booking.ends_at, ends_at__gt=booking.starts_at
    ).exclude(pk__in=list(exclude))
    if room is not None:
        clash = overlapping.filter(room=room).select_related("track").first()
        if clash is not None:
            errors.setdefault("room", []).append(
                f"{room.name} is already booked for {clash.track.name} {_when(site, clash.starts_at, clash.ends_at)}."
            )
    people = list(booking.facilitators)
    if people:
        busy = (
            overlapping.filter(facilitators__in=people)
            .select_related("track", "site")
            .prefetch_related("facilitators")
            .distinct()
        )
        ids = {p.pk for p in people}
        for clash in busy:
            for person in clash.facilitators.all():
                if person.pk in ids:
                    errors.setdefault("facilitators", []).append(
                        f"{person} is already facilitating {clash.track.name} "
                        f"{_when(clash.site, clash.starts_at, clash.ends_at)}."
                    )
        individual = (
            IndividualSession.objects.filter(
                status=SessionStatus.SCHEDULED,
                clinician__in=people,
                starts_at__lt=booking.ends_at,
                ends_at__gt=booking.starts_at,
            )
            .select_related("clinician", "site")
            .order_by("starts_at")
        )
        for meeting in individual:
            # The client is not named: the message may be read by staff who cannot see them.
            errors.setdefault("facilitators", []).append(
                f"{meeting.clinician} has an individual session "
                f"{_when(meeting.site, meeting.starts_at, meeting.ends_at)}."
            )
    return {field: sorted(set(messages)) for field, messages in errors.items()}


def _refuse_conflicts(booking: Booking, *, exclude: Iterable[int] = ()) -> None:
    errors = booking_conflicts(booking, exclude=exclude)
    if errors:
        raise ValidationError(errors)
