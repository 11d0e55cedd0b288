"""Writes to the program: tracks, rooms, staff hours, group series and sessions, rosters.

Program design is the director's (design, "Who uses it"); a facilitator may add or remove a
drop-in on their own session. Every write validates, saves and records an audit event in one
transaction. Double-booking a room or a facilitator is refused with the clash named.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from openiop.accounts import policy
from openiop.accounts.models import Role, Site, User
from openiop.audit.models import Action
from openiop.audit.services import audit_record
from openiop.clients.models import Client, EpisodeStatus
from openiop.program import recurrence
from openiop.program.curriculum import MODULES
from openiop.program.models import (
    WEEKDAY_NAMES,
    EnrollmentSource,
    GroupSeries,
    GroupSession,
    IndividualSession,
    Module,
    Room,
    SeriesModule,
    SessionEnrollment,
    SessionStatus,
    StaffAbsence,
    StaffAvailability,
    Track,
)
from openiop.program.times import local, site_today

TRACK_FIELDS = ("name", "population", "gender_rule", "focus", "usual_blocks", "default_prescribed_hours", "active")
# How far ahead a new series is written out as sessions; planning a later week extends it.
MATERIALISE_WEEKS = 8


def is_director(user: Any, site_id: int) -> bool:
    return Role.DIRECTOR in policy.site_roles(user).get(site_id, frozenset())


def _require_director(actor: Any, site_id: int) -> None:
    if not is_director(actor, site_id):
        raise PermissionDenied("Only the program director of this site may change the program.")


def _save(actor: Any, obj: Any, *, action: str, site_id: int, detail: dict[str, Any] | None = None) -> None:
    """Validate, save and audit one program row (call inside a transaction)."""
    obj.full_clean()
    obj.save()
    audit_record(
        user=actor,
        action=action,
        object_type=obj._meta.model_name,
        object_id=obj.pk,
        site_id=site_id,
        detail=detail,
    )


# --- curriculum, tracks, rooms -----------------------------------------------------------


def curriculum_ensure() -> int:
    """Create any missing curriculum module (the migration seeds them; a flushed test database loses them)."""
    created = 0
    for position, (slug, name, description, modality, materials) in enumerate(MODULES):
        _, new = Module.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "description": description,
                "modality": modality,
                "materials": materials,
                "position": position,
            },
        )
        created += new
    return created


def track_create(*, actor: Any, site: Site, **fields: Any) -> Track:
    _require_director(actor, site.pk)
    unknown = set(fields).difference(TRACK_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "This field cannot be set."))
    track = Track(site=site, **fields)
    with transaction.atomic():
        _save(actor, track, action=Action.CREATE, site_id=site.pk)
    return track


def track_update(*, actor: Any, track: Track, **fields: Any) -> Track:
    _require_director(actor, track.site_id)
    unknown = set(fields).difference(TRACK_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "This field cannot be set."))
    changed = sorted(name for name, value in fields.items() if getattr(track, name) != value)
    if not changed:
        return track
    with transaction.atomic():
        for name in changed:
            setattr(track, name, fields[name])
        _save(actor, track, action=Action.UPDATE, site_id=track.site_id, detail={"fields": changed})
    return track


def room_create(*, actor: Any, site: Site, name: str, capacity: int) -> Room:
    _require_director(actor, site.pk)
    room = Room(site=site, name=name, capacity=capacity)
    with transaction.atomic():
        _save(actor, room, action=Action.CREATE, site_id=site.pk)
    return room


# --- staff hours --------------------------------------------------------------------------


def _require_staff_hours_change(actor: Any, site_id: int, user: Any) -> None:
    """The director sets anyone's hours at the site; a clinician may set their own."""
    if is_director(actor, site_id):
        return
    if actor.pk == user.pk and site_id in policy.site_roles(actor):
        return
    raise PermissionDenied("Only the director, or the staff member themself, may change these hours.")


def _require_member(site: Site, user: Any) -> None:
    if site.pk not in policy.site_roles(user):
        raise ValidationError({"user": f"{user} does not work at {site.name}."})


def staff_availability_add(
    *, actor: Any, site: Site, user: User, weekday: int, start_time: dt.time, end_time: dt.time
) -> StaffAvailability:
    _require_staff_hours_change(actor, site.pk, user)
    _require_member(site, user)
    window = StaffAvailability(site=site, user=user, weekday=weekday, start_time=start_time, end_time=end_time)
    with transaction.atomic():
        _save(actor, window, action=Action.CREATE, site_id=site.pk, detail={"user": user.pk})
    return window


def staff_availability_remove(*, actor: Any, window: StaffAvailability) -> None:
    _require_staff_hours_change(actor, window.site_id, window.user)
    with transaction.atomic():
        audit_record(
            user=actor,
            action=Action.DELETE,
            object_type="staffavailability",
            object_id=window.pk,
            site_id=window.site_id,
            detail={"user": window.user_id},
        )
        window.delete()


def staff_absence_add(
    *, actor: Any, site: Site, user: User, first_day: dt.date, last_day: dt.date, reason: str = ""
) -> StaffAbsence:
    _require_staff_hours_change(actor, site.pk, user)
    _require_member(site, user)
    absence = StaffAbsence(site=site, user=user, first_day=first_day, last_day=last_day, reason=reason)
    with transaction.atomic():
        _save(actor, absence, action=Action.CREATE, site_id=site.pk, detail={"user": user.pk})
    return absence


def staff_absence_remove(*, actor: Any, absence: StaffAbsence) -> None:
    _require_staff_hours_change(actor, absence.site_id, absence.user)
    with transaction.atomic():
        audit_record(
            user=actor,
            action=Action.DELETE,
            object_type="staffabsence",
            object_id=absence.pk,
            site_id=absence.site_id,
            detail={"user": absence.user_id},
        )
        absence.delete()


# --- conflicts ----------------------------------------------------------------------------


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


# --- series and sessions ------------------------------------------------------------------


def _check_facilitators(site: Site, facilitators: Sequence[Any]) -> None:
    for person in facilitators:
        if site.pk not in policy.site_roles(person):
            raise ValidationError({"facilitators": f"{person} does not work at {site.name}."})


def series_create(
    *,
    actor: Any,
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
        _save(actor, series, action=Action.CREATE, site_id=site.pk)
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
    actor: Any,
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
        _save(actor, session, action=Action.CREATE, site_id=site.pk)
        session.facilitators.set(facilitators)
    return session


def session_move(
    *,
    actor: Any,
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
        before = {"starts_at": session.starts_at.isoformat(), "room": session.room_id}
        session.starts_at, session.ends_at, session.room = starts_at, ends_at, room
        session.change_reason = reason.strip()[:200]
        session.sequence += 1
        _save(actor, session, action=Action.UPDATE, site_id=session.site_id, detail={"moved_from": before})
        if facilitators is not None:
            session.facilitators.set(people)
    return session


def session_cancel(*, actor: Any, session: GroupSession, reason: str) -> GroupSession:
    """Cancel one occurrence; it stays on rosters and in calendars, marked cancelled."""
    _require_director(actor, session.site_id)
    if not reason.strip():
        raise ValidationError({"reason": "Say why the session is cancelled."})
    if session.is_cancelled:
        raise ValidationError({"__all__": "This session is already cancelled."})
    with transaction.atomic():
        session.status = SessionStatus.CANCELLED
        session.change_reason = reason.strip()[:200]
        session.sequence += 1
        _save(actor, session, action=Action.UPDATE, site_id=session.site_id, detail={"cancelled": True})
    return session


# --- rosters ------------------------------------------------------------------------------


def _require_roster_change(actor: Any, session: GroupSession) -> None:
    if is_director(actor, session.site_id):
        return
    if Role.CLINICIAN in policy.site_roles(actor).get(session.site_id, frozenset()) and any(
        f.pk == actor.pk for f in session.facilitators.all()
    ):
        return
    raise PermissionDenied("Only the director or the session's facilitators may change its roster.")


def enrollment_add(
    *, actor: Any, session: GroupSession, client: Client, source: str = EnrollmentSource.MANUAL
) -> SessionEnrollment:
    """Put a client on a session's roster (a director, or a facilitator for a drop-in)."""
    _require_roster_change(actor, session)
    if not policy.can_view_client(actor, client):
        raise PermissionDenied("You may not see this client.")
    if source not in EnrollmentSource.values:
        raise ValidationError({"source": f"{source!r} is not one of {', '.join(EnrollmentSource.values)}."})
    if client.site_id != session.site_id:
        raise ValidationError({"client": "The client belongs to another site."})
    if not client.episodes.filter(status=EpisodeStatus.ACTIVE, site_id=session.site_id).exists():
        raise ValidationError({"client": "Only admitted clients (with an active episode) join groups."})
    with transaction.atomic():
        locked = GroupSession.objects.select_for_update().get(pk=session.pk)
        if locked.is_cancelled:
            raise ValidationError({"session": "This session is cancelled."})
        if SessionEnrollment.objects.filter(session=session, client=client).exists():
            raise ValidationError({"client": "This client is already on this session's roster."})
        enrolled = SessionEnrollment.objects.filter(session=session).count()
        if enrolled >= locked.capacity:
            raise ValidationError({"session": f"This session is full ({enrolled} of {locked.capacity})."})
        enrollment = SessionEnrollment(session=session, client=client, source=source)
        enrollment.full_clean(validate_unique=False)
        try:
            with transaction.atomic():
                enrollment.save()
        except IntegrityError:
            raise ValidationError({"client": "This client is already on this session's roster."}) from None
        audit_record(
            user=actor,
            action=Action.CREATE,
            object_type="session_enrollment",
            object_id=enrollment.pk,
            client_id=client.pk,
            site_id=session.site_id,
            detail={"session": session.pk, "source": source},
        )
    return enrollment


def enrollment_remove(*, actor: Any, session: GroupSession, client: Client) -> None:
    _require_roster_change(actor, session)
    with transaction.atomic():
        enrollment = SessionEnrollment.objects.filter(session=session, client=client).first()
        if enrollment is None:
            raise ValidationError({"client": "This client is not on this session's roster."})
        audit_record(
            user=actor,
            action=Action.DELETE,
            object_type="session_enrollment",
            object_id=enrollment.pk,
            client_id=client.pk,
            site_id=session.site_id,
            detail={"session": session.pk, "source": enrollment.source},
        )
        enrollment.delete()


# --- individual sessions ------------------------------------------------------------------


def individual_session_create(
    *,
    actor: Any,
    client: Client,
    clinician: Any,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    source: str = EnrollmentSource.MANUAL,
) -> IndividualSession:
    """Book a client's individual session; refused if the clinician is busy then."""
    if not is_director(actor, client.site_id) and not policy.can_change_client(actor, client):
        raise PermissionDenied("You may not change this client's schedule.")
    errors = booking_conflicts(Booking(client.site, starts_at, ends_at, None, [clinician], 1))
    if errors:
        raise ValidationError(errors)
    meeting = IndividualSession(
        site_id=client.site_id, client=client, clinician=clinician, starts_at=starts_at, ends_at=ends_at, source=source
    )
    with transaction.atomic():
        meeting.full_clean()
        meeting.save()
        audit_record(
            user=actor,
            action=Action.CREATE,
            object_type="individual_session",
            object_id=meeting.pk,
            client_id=client.pk,
            site_id=client.site_id,
            detail={"source": source},
        )
    return meeting


def individual_session_cancel(*, actor: Any, meeting: IndividualSession, reason: str) -> IndividualSession:
    if not is_director(actor, meeting.site_id) and not policy.can_change_client(actor, meeting.client):
        raise PermissionDenied("You may not change this client's schedule.")
    if meeting.status == SessionStatus.CANCELLED:
        return meeting
    with transaction.atomic():
        meeting.status = SessionStatus.CANCELLED
        meeting.change_reason = reason[:200]
        meeting.sequence += 1
        meeting.full_clean()
        meeting.save()
        audit_record(
            user=actor,
            action=Action.UPDATE,
            object_type="individual_session",
            object_id=meeting.pk,
            client_id=meeting.client_id,
            site_id=meeting.site_id,
            detail={"cancelled": True},
        )
    return meeting
