"""Attendance at group sessions: marks, drop-ins, retention alerts and weekly hours."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from openiop.accounts import policy
from openiop.accounts.types import Actor
from openiop.audit.changes import Snapshot, snapshot
from openiop.audit.models import Action
from openiop.audit.services import record_change
from openiop.clients.models import Client, Episode, EpisodeStatus
from openiop.clinical import hours
from openiop.clinical.models import AbsenceReason, Attendance, AttendanceStatus, GroupNote, NoteLocked, NoteStatus
from openiop.clinical.services.common import settings_for_site
from openiop.core.time import local
from openiop.measures.models import AlertKind, AlertSeverity
from openiop.measures.selectors import alert_open_exists
from openiop.measures.services import alert_raise
from openiop.program.models import GroupSession, SessionEnrollment

ATTENDED = frozenset({AttendanceStatus.PRESENT, AttendanceStatus.LATE, AttendanceStatus.LEFT_EARLY})


@dataclass(frozen=True)
class Mark:
    client_id: int
    status: str
    minutes: int | None = None
    absence_reason: str = ""


def require_session_runner(actor: Actor, session: GroupSession) -> None:
    if not policy.can_run_session(actor, session):
        raise PermissionDenied("Only the session's facilitators or the site's director may do this.")


def _roster_ids(session: GroupSession) -> list[int]:
    return list(SessionEnrollment.objects.filter(session=session).values_list("client_id", flat=True))


# --- attendance --------------------------------------------------------------------------------


def attendance_record(*, actor: Actor, session: GroupSession, marks: list[Mark]) -> list[Attendance]:
    """Record (or correct) the roster's attendance in one go: all valid or nothing saved."""
    require_session_runner(actor, session)
    if session.is_cancelled:
        raise ValidationError({"session": "This session was cancelled."})
    if GroupNote.objects.filter(session=session, status=NoteStatus.SIGNED).exists():
        raise NoteLocked("The group note is signed; attendance can no longer change.")
    roster = set(_roster_ids(session))
    errors: dict[str, list[str]] = {}
    rows: list[Attendance] = []
    existing = {a.client_id: a for a in Attendance.objects.filter(session=session)}
    befores: dict[int, Snapshot | None] = {}
    for mark in marks:
        key = f"client-{mark.client_id}"
        if mark.client_id not in roster:
            errors.setdefault(key, []).append("This client is not on the roster.")
            continue
        if mark.status not in AttendanceStatus.values:
            errors.setdefault(key, []).append("Choose present, late, left early, absent or excused.")
            continue
        attended = mark.status in ATTENDED
        minutes = hours.attended_minutes(status=mark.status, scheduled_minutes=session.minutes, minutes=mark.minutes)
        if attended and mark.minutes is not None and not 0 < mark.minutes <= session.minutes:
            errors.setdefault(key, []).append(f"Minutes attended are between 1 and {session.minutes}.")
            continue
        if attended and minutes <= 0:
            errors.setdefault(key, []).append("Enter the minutes attended.")
            continue
        reason = mark.absence_reason if mark.status in (AttendanceStatus.ABSENT, AttendanceStatus.EXCUSED) else ""
        if mark.status == AttendanceStatus.ABSENT and reason not in AbsenceReason.values:
            errors.setdefault(key, []).append("Give a reason for the absence.")
            continue
        row = existing.get(mark.client_id) or Attendance(session=session, client_id=mark.client_id)
        befores[mark.client_id] = snapshot(row) if row.pk is not None else None
        row.site_id, row.status, row.minutes, row.absence_reason, row.recorded_by = (
            session.site_id,
            mark.status,
            minutes,
            reason,
            actor,
        )
        rows.append(row)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        for row in rows:
            row.full_clean(validate_unique=False)
            created = row.pk is None
            row.save()
            record_change(
                actor=actor,
                instance=row,
                before=befores[row.client_id],
                action=Action.CREATE if created else Action.UPDATE,
                object_type="attendance",
                detail={"session": session.pk, "status": row.status},
            )
        for row in rows:
            retention_check(actor=actor, client_id=row.client_id, today=local(session.site, session.starts_at).date())
    return rows


def dropin_add(*, actor: Actor, session: GroupSession, client: Client) -> SessionEnrollment:
    """A make-up: the client joins this session's roster as a drop-in."""
    from openiop.program.services import enrollment_add

    require_session_runner(actor, session)
    return enrollment_add(actor=actor, session=session, client=client, source="drop-in")


def retention_check(*, actor: Actor, client_id: int, today: dt.date) -> list[str]:
    """Raise a retention alert after two missed sessions in a row or a finished week below prescription."""
    reasons: list[str] = []
    if alert_open_exists(client_id=client_id, kind=AlertKind.RETENTION):
        return reasons
    statuses = list(
        Attendance.objects.filter(client_id=client_id, session__starts_at__lte=timezone.now() + dt.timedelta(days=1))
        .order_by("-session__starts_at")
        .values_list("status", flat=True)[:10]
    )[::-1]
    missed = hours.missed_in_a_row(statuses)
    if missed >= 2:
        reasons.append(f"Missed {missed} group sessions in a row.")
    episode = Episode.objects.filter(client_id=client_id, status=EpisodeStatus.ACTIVE).select_related("site").first()
    if episode is not None:
        last_week = hours.week_start(today) - dt.timedelta(days=7)
        week = client_week_hours(client_id=client_id, episode=episode, week_of=last_week)
        if week.below_prescription(today=today, admitted_on=episode.admission_date):
            reasons.append(
                f"Attended {week.hours} of {week.prescribed_hours} prescribed hours in the week of "
                f"{week.week_start:%b %-d}."
            )
    if reasons:
        alert_raise(
            actor=actor,
            client=Client.objects.get(pk=client_id),
            kind=AlertKind.RETENTION,
            severity=AlertSeverity.MODERATE,
            summary=" ".join(reasons),
        )
    return reasons


def client_week_hours(*, client_id: int, episode: Episode, week_of: dt.date) -> hours.WeekHours:
    from openiop.clinical.selectors.hours import contacts_for

    start = hours.week_start(week_of)
    contacts = contacts_for(client_ids=[client_id], site=episode.site, first_day=start, days=7).get(client_id, [])
    minimum = settings_for_site(episode.site_id).billable_day_minutes
    from openiop.clients.stay_selectors import prescribed_hours_for_week

    prescribed = prescribed_hours_for_week(episode, start)  # the prescription in force that week
    return hours.week_hours(contacts, week_of=start, prescribed_hours=prescribed, billable_day_minutes=minimum)
