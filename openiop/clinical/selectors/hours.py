"""Attended contacts per client, and the week's hours against the prescription (constant queries)."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from openiop.clients.models import Client
from openiop.clients.stay_selectors import prescriptions_for_week
from openiop.clinical import hours
from openiop.clinical.models import Attendance, Note, NoteKind
from openiop.clinical.services.common import settings_for_site
from openiop.core.time import aware, local

TIMED_NOTE_KINDS = (NoteKind.INDIVIDUAL, NoteKind.FAMILY)


def contacts_for(
    *, client_ids: Iterable[int], site: Any, first_day: dt.date, days: int
) -> dict[int, list[hours.Contact]]:
    """Group attendance (make-ups included) and individual/family sessions, by the site's local day."""
    ids = list(client_ids)
    start, end = aware(site, first_day, dt.time()), aware(site, first_day + dt.timedelta(days=days), dt.time())
    out: dict[int, list[hours.Contact]] = defaultdict(list)
    rows = (
        Attendance.objects.filter(client_id__in=ids, session__starts_at__gte=start, session__starts_at__lt=end)
        .select_related("session")
        .only("client_id", "minutes", "status", "session__starts_at", "session__ends_at")
    )
    dropins = _dropins(ids, start, end)
    for row in rows:
        kind = "make-up" if (row.client_id, row.session_id) in dropins else "group"
        out[row.client_id].append(hours.Contact(local(site, row.session.starts_at).date(), row.minutes, kind))
    notes = Note.objects.filter(
        client_id__in=ids, kind__in=TIMED_NOTE_KINDS, starts_at__gte=start, starts_at__lt=end
    ).only("client_id", "kind", "starts_at", "ends_at")
    for note in notes:
        out[note.client_id].append(hours.Contact(local(site, note.starts_at).date(), note.minutes, note.kind))
    return dict(out)


def _dropins(ids: list[int], start: dt.datetime, end: dt.datetime) -> set[tuple[int, int]]:
    from openiop.program.models import SessionEnrollment

    return set(
        SessionEnrollment.objects.filter(
            client_id__in=ids, source="drop-in", session__starts_at__gte=start, session__starts_at__lt=end
        ).values_list("client_id", "session_id")
    )


def week_hours_for(clients: list[Client], *, site: Any, week_of: dt.date) -> dict[int, hours.WeekHours]:
    """Each client's week (clients carry ``active_episodes`` from the clients selectors)."""
    start = hours.week_start(week_of)
    contacts = contacts_for(client_ids=[c.pk for c in clients], site=site, first_day=start, days=7)
    minimum = settings_for_site(site.pk).billable_day_minutes
    out = {}
    active = {c.pk: (getattr(c, "active_episodes", None) or list(c.episodes.filter(status="active"))) for c in clients}
    # The prescription in force that week (it can change over the episode), one query for all.
    in_force = prescriptions_for_week([e[0] for e in active.values() if e], start)
    for client in clients:
        episodes = active[client.pk]
        prescribed = in_force[episodes[0].pk] if episodes else Decimal(0)
        out[client.pk] = hours.week_hours(
            contacts.get(client.pk, []), week_of=start, prescribed_hours=prescribed, billable_day_minutes=minimum
        )
    return out
