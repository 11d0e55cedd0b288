"""Background tasks (django.tasks; the database backend in production, immediate in the demo and tests).

The schedule: ``openiop meetings refresh`` (cron or a systemd timer, e.g. hourly; docs/deploy.md)
queues ``refresh_meeting_feeds``; the worker refreshes each active feed whose interval
(``MeetingSource.refresh_hours``) has passed and keeps the outcome on the source for staff.
"""

from django.tasks import task

from openiop.aftercare.services import meetings


@task()
def refresh_meeting_feeds() -> dict[str, str]:
    return meetings.meeting_feeds_refresh_due()


@task()
def refresh_meeting_feed(source_id: int) -> str:
    """Refresh one feed now (the feeds page's button)."""
    from openiop.aftercare.models import MeetingSource

    source = MeetingSource.objects.filter(pk=source_id, active=True).exclude(url="").first()
    if source is None:
        return "gone"
    return meetings.meeting_source_refresh(actor=None, source=source)
