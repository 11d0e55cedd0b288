"""Group series (recurring groups), their sessions and one-off sessions."""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from openiop.accounts import policy
from openiop.accounts.models import Site
from openiop.accounts.types import Actor
from openiop.audit.changes import snapshot
from openiop.audit.services import save_and_record
from openiop.core.time import site_today
from openiop.program import recurrence
from openiop.program.models import (
    GroupSeries,
    GroupSession,
    Module,
    Room,
    SeriesModule,
    SessionStatus,
    Track,
)
from openiop.program.services.base import _require_director
from openiop.program.services.bookings import Booking, _refuse_conflicts, booking_conflicts

# How far ahead a new series is written out as sessions; planning a later week extends it.
MATERIALISE_WEEKS = 8


def _check_facilitators(site: Site, facilitators: Sequence[Any]) -> None:
    for person in facilitators:
        if site.pk not in policy.site_roles(person):
            raise ValidationError({"facilitators": f"{person} does not work at {site.name}."})


def series_create(
    *,
    actor: Actor,
    site: Site,
    track: Track,
    name: str,
    rrule: str,
    first_day: dt.date,
    start_time: dt.time,
    end_time: dt.time,
    last_day: dt.date | None = None,
    exception_dates: Sequence[dt.date] = (),
    room: Room | None = None,
    facilitators: Sequence[Any] = (),
    capacity: int = 12,
    modules: Sequence[Module] = (),
    through: dt.date | None = None,
) -> GroupSeries:
    """Create a recurring group and its sessions up to ``through`` (default: eight weeks from today).

    Refused as a whole if any of those sessions would double-book the room or a facilitator.
    """
    _require_director(actor, site.pk)
    _check_facilitators(site, facilitators)
    series = GroupSeries(
        site=site,
        track=track,
        name=name,
        rrule=rrule,
        first_day=first_day,
        last_day=last_day,
        start_time=start_time,
        end_time=end_time,
        exception_dates=sorted({d.isoformat() for d in exception_dates}),
        room=room,
        capacity=capacity,
    )
    if through is None:
        through = max(first_day, site_today(site)) + dt.timedelta(weeks=MATERIALISE_WEEKS)
    with transaction.atomic():
        save_and_record(actor=actor, instance=series, site_id=site.pk)
        series.facilitators.set(facilitators)
        SeriesModule.objects.bulk_create(
            SeriesModule(series=series, module=module, position=index) for index, module in enumerate(modules)
        )
        skipped = series_materialise(series=series, through=through)
        if skipped:
            day, reasons = skipped[0]
            raise ValidationError(
                {field: [f"On {day:%a %d %b %Y}: {m}" for m in msgs] for field, msgs in reasons.items()}
            )
    return series


def series_materialise(*, series: GroupSeries, through: dt.date) -> list[tuple[dt.date, dict[str, list[str]]]]:
    """Create the series' missing sessions up to ``through``; return the dates refused for a clash.

    A system step (called when a series is created and before a week is planned), not audited
    on its own: the series' creation is.
    """
    site = series.site
    existing = set(series.sessions.values_list("occurrence_date", flat=True))
    rotation = list(series.rotation.select_related("module").order_by("position"))
    facilitators = list(series.facilitators.all())
    skipped: list[tuple[dt.date, dict[str, list[str]]]] = []
    occurrences = recurrence.expand(
        rule=series.rrule,
        first_day=series.first_day,
        last_day=series.last_day,
        exception_dates=[dt.date.fromisoformat(d) for d in series.exception_dates],
        start_time=series.start_time,
        end_time=series.end_time,
        time_zone=site.time_zone,
        from_day=series.first_day,
        to_day=through,
    )
    for occurrence in occurrences:
        if occurrence.date in existing:
            continue
        booking = Booking(site, occurrence.starts_at, occurrence.ends_at, series.room, facilitators, series.capacity)
        reasons = booking_conflicts(booking)
        if reasons:
            skipped.append((occurrence.date, reasons))
            continue
        session = GroupSession(
            series=series,
            occurrence_date=occurrence.date,
            site=site,
            track=series.track,
            module=rotation[occurrence.index % len(rotation)].module if rotation else None,
            room=series.room,
            starts_at=occurrence.starts_at,
            ends_at=occurrence.ends_at,
            capacity=series.capacity,
        )
        session.full_clean()
        session.save()
        session.facilitators.set(facilitators)
    return skipped


def site_materialise(*, site: Site, through: dt.date) -> list[str]:
    """Extend every series of the site to ``through``; plain-words notes on dates left out."""
    notes = []
    for series in GroupSeries.objects.filter(site=site).select_related("site", "room", "track"):
        for day, reasons in series_materialise(series=series, through=through):
            for messages in reasons.values():
                notes += [f"{series.name} on {day:%a %d %b}: not created — {m}" for m in messages]
    return notes


def session_create(
    *,
    actor: Actor,
    site: Site,
    track: Track,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    room: Room | None = None,
    facilitators: Sequence[Any] = (),
    capacity: int = 12,
    module: Module | None = None,
) -> GroupSession:
    """A one-off group session (outside any series)."""
    _require_director(actor, site.pk)
    _check_facilitators(site, facilitators)
    _refuse_conflicts(Booking(site, starts_at, ends_at, room, facilitators, capacity))
    session = GroupSession(
        site=site, track=track, starts_at=starts_at, ends_at=ends_at, room=room, capacity=capacity, module=module
    )
    with transaction.atomic():
        if track.site_id != site.pk:
            raise ValidationError({"track": "The track belongs to another site."})
        save_and_record(actor=actor, instance=session, site_id=site.pk)
        session.facilitators.set(facilitators)
    return session


def session_move(
    *,
    actor: Actor,
    session: GroupSession,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    room: Room | None,
    reason: str,
    facilitators: Sequence[Any] | None = None,
) -> GroupSession:
    """Move one occurrence (another time, room or facilitators); its roster moves with it."""
    _require_director(actor, session.site_id)
    if session.is_cancelled:
        raise ValidationError({"__all__": "A cancelled session cannot be moved."})
    if not reason.strip():
        raise ValidationError({"reason": "Say why the session moves (clients see that it changed)."})
    people = list(session.facilitators.all()) if facilitators is None else list(facilitators)
    _check_facilitators(session.site, people)
    enrolled = session.enrollments.count()
    capacity = session.capacity
    _refuse_conflicts(Booking(session.site, starts_at, ends_at, room, people, capacity), exclude=[session.pk])
    if room is not None and room.capacity < enrolled:
        raise ValidationError({"room": f"{room.name} holds {room.capacity}; {enrolled} clients are enrolled."})
    with transaction.atomic():
        before = snapshot(session)
        session.starts_at, session.ends_at, session.room = starts_at, ends_at, room
        session.change_reason = reason.strip()[:200]
        session.sequence += 1
        moved_from = {"starts_at": before["starts_at"].isoformat(), "room": before["room"]}
        save_and_record(actor=actor, instance=session, before=before, detail={"moved_from": moved_from})
        if facilitators is not None:
            session.facilitators.set(people)
    return session


def session_cancel(*, actor: Actor, session: GroupSession, reason: str) -> GroupSession:
    """Cancel one occurrence; it stays on rosters and in calendars, marked cancelled."""
    _require_director(actor, session.site_id)
    if not reason.strip():
        raise ValidationError({"reason": "Say why the session is cancelled."})
    if session.is_cancelled:
        raise ValidationError({"__all__": "This session is already cancelled."})
    with transaction.atomic():
        before = snapshot(session)
        session.status = SessionStatus.CANCELLED
        session.change_reason = reason.strip()[:200]
        session.sequence += 1
        save_and_record(actor=actor, instance=session, before=before, detail={"cancelled": True})
    return session
