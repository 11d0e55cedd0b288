"""The participation log and the self-help count a discharge records."""

import datetime as dt

from openiop.aftercare.models import ParticipationEntry, ParticipationKind
from openiop.clients.models import Client

WINDOW_DAYS = 30


def self_help_count(client: Client, until: dt.date) -> int:
    """Mutual-help meetings logged as attended in the 30 days ending on ``until`` (``until`` and the
    29 days before it), staff entries and self-reports alike. Sponsor contacts and step work are
    logged but not counted: TEDS asks for attendance at self-help groups."""
    start = until - dt.timedelta(days=WINDOW_DAYS - 1)
    return ParticipationEntry.objects.filter(
        client=client, kind=ParticipationKind.MEETING, on__gte=start, on__lte=until
    ).count()


def participation_for(*, client: Client, limit: int = 50) -> list[ParticipationEntry]:
    """The latest entries of a client already opened through ``client_get_for_user`` (recorded)."""
    return list(ParticipationEntry.objects.filter(client=client).select_related("meeting", "recorded_by")[:limit])
