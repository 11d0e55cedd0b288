"""The participation log: meetings attended, sponsor contact, step work (staff or the client)."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from openiop.accounts import policy
from openiop.accounts.types import Actor
from openiop.aftercare.models import Meeting, ParticipationEntry, ParticipationKind
from openiop.audit.services import save_and_record
from openiop.clients.models import Client
from openiop.core.time import site_today

OLDEST_DAYS = 366


def participation_log(
    *,
    actor: Actor,
    client: Client,
    kind: str,
    on: dt.date,
    meeting: Meeting | None = None,
    meeting_name: str = "",
    step: int | None = None,
    note: str = "",
) -> ParticipationEntry:
    """One entry; by the client it is marked as a self-report. A date after the site's today, or
    more than a year back, is refused on the field."""
    if not policy.can_log_participation(actor, client):
        raise PermissionDenied(_("You may not log participation for this client."))
    today = site_today(client.site)
    if on > today:
        raise ValidationError({"on": _("This date is in the future.")})
    if on < today - dt.timedelta(days=OLDEST_DAYS):
        raise ValidationError({"on": _("Log the last year only.")})
    if kind not in ParticipationKind.values:
        raise ValidationError({"kind": _("Choose what this entry is.")})
    entry = ParticipationEntry(
        client=client,
        site_id=client.site_id,
        kind=kind,
        on=on,
        meeting=meeting if kind == ParticipationKind.MEETING else None,
        meeting_name=(meeting_name or "").strip() if kind == ParticipationKind.MEETING else "",
        step=step if kind == ParticipationKind.STEP_WORK else None,
        note=(note or "").strip(),
        self_reported=policy.is_client_user(actor),
        recorded_by=actor,
    )
    with transaction.atomic():
        save_and_record(actor=actor, instance=entry, object_type="participation")
    return entry
