"""Last week's placements mapped onto this week's sessions (the solver keeps routines)."""

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import Q

from openiop.core.time import local, week_bounds
from openiop.program.models import (
    WEEKDAYS,
    GroupSession,
    IndividualSession,
    SessionEnrollment,
    SessionStatus,
)
from openiop.scheduling.export.common import (
    Export,
    pk_of,
    staff_key,
)


def previous_for_week(export: Export) -> dict[str, Any] | None:
    """Last week's placements, translated to this week's session ids (the solver's ``previous``).

    A session of last week maps to this week's session of the same series on the same weekday
    and local start time; enrolments of any source count, so a change made by hand last week is
    part of the routine this week starts from.
    """
    site = export.site
    last_monday = export.week_start - dt.timedelta(days=7)
    start, end = week_bounds(site, last_monday)
    this_week: dict[tuple[Any, ...], str] = {}
    for key, row in export.sessions.items():
        begin = local(site, row.starts_at)
        this_week[_routine_key(row, begin)] = key
    placed: dict[int, list[str]] = defaultdict(list)
    rows = (
        SessionEnrollment.objects.filter(
            session__site=site,
            session__starts_at__gte=start,
            session__starts_at__lt=end,
            client_id__in=[pk_of(k) for k in export.clients],
        )
        .exclude(session__status=SessionStatus.CANCELLED)
        .select_related("session")
        .order_by("session__starts_at")
    )
    for enrollment in rows:
        begin = local(site, enrollment.session.starts_at)
        mapped = this_week.get(_routine_key(enrollment.session, begin))
        if mapped is not None:
            placed[enrollment.client_id].append(mapped)
    individual: dict[int, dict[str, str]] = {}
    for meeting in IndividualSession.objects.filter(
        Q(site=site, starts_at__gte=start, starts_at__lt=end, status=SessionStatus.SCHEDULED),
        client_id__in=[pk_of(k) for k in export.clients],
    ):
        begin, finish = local(site, meeting.starts_at), local(site, meeting.ends_at)
        individual[meeting.client_id] = {
            "day": WEEKDAYS[begin.weekday()],
            "start": f"{begin:%H:%M}",
            "end": f"{finish:%H:%M}",
            "staff": staff_key(meeting.clinician_id),
        }
    if not placed and not individual:
        return None
    return {
        "clients": [
            {"id": key, "sessions": placed.get(pk_of(key), []), "individual": individual.get(pk_of(key))}
            for key in export.clients
            if pk_of(key) in placed or pk_of(key) in individual
        ]
    }


def _routine_key(row: GroupSession, begin: dt.datetime) -> tuple[Any, ...]:
    owner = ("series", row.series_id) if row.series_id else ("track", row.track_id, row.room_id)
    return (*owner, begin.weekday(), begin.hour, begin.minute)
