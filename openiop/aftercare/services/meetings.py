"""Import meeting feeds: parse with the pure core, upsert by (source, slug), retire what is gone.

A file the core refuses (not JSON, not a list) changes no meeting. The import of one source runs
under a lock on its row, so two imports of the same feed queue instead of interleaving.
"""

import datetime as dt
import logging
import urllib.error
import urllib.request
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from openiop.accounts import policy
from openiop.accounts.types import Actor
from openiop.aftercare.meetings import feed
from openiop.aftercare.models import FeedFormat, ImportStatus, Meeting, MeetingSource
from openiop.audit.changes import snapshot
from openiop.audit.services import record_change

logger = logging.getLogger(__name__)

FETCH_TIMEOUT_S = 30
MAX_FEED_BYTES = 50 * 1024 * 1024
USER_AGENT = "openiop meeting import (+https://github.com/openiop)"
# The stored fields an import writes, in the core's names (the model uses the same names).
FIELDS = (
    "name",
    "days",
    "time",
    "end_time",
    "types",
    "attendance",
    "latitude",
    "longitude",
    "approximate",
    "address",
    "location",
    "region",
    "notes",
    "conference_url",
    "conference_phone",
    "url",
    "timezone",
    "updated",
)


class FetchFailed(Exception):  # noqa: N818 - reads as the outcome: "fetch failed"
    """The feed's URL could not be read (network, HTTP status, too large)."""


def fetch(url: str, *, timeout: float = FETCH_TIMEOUT_S) -> bytes:
    if not url.lower().startswith(("http://", "https://")):
        raise FetchFailed("only http and https URLs are fetched")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "application/json"})  # noqa: S310 - scheme checked above
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - scheme checked above
            body: bytes = response.read(MAX_FEED_BYTES + 1)
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
        raise FetchFailed(f"could not fetch the feed: {exc}") from None
    if len(body) > MAX_FEED_BYTES:
        raise FetchFailed(f"the feed is larger than {MAX_FEED_BYTES // (1024 * 1024)} MB")
    return body


def _values(meeting: feed.Meeting) -> dict[str, Any]:
    values = {name: getattr(meeting, name) for name in FIELDS}
    values["days"] = list(meeting.days)
    values["types"] = list(meeting.types)
    return values


def _stored(row: Meeting) -> dict[str, Any]:
    return {name: getattr(row, name) for name in FIELDS}


def _source_for_import(slug: str, fmt: str) -> MeetingSource:
    """The source row, locked; a new slug is created first (``get_or_create`` absorbs the race of
    two first imports of the same feed), so a second import waits for the first one's lock."""
    if not MeetingSource.objects.filter(slug=slug).exists():
        candidate = MeetingSource(slug=slug, format=fmt)
        candidate.full_clean(validate_unique=False)
        MeetingSource.objects.get_or_create(slug=slug, defaults={"format": fmt})
    return MeetingSource.objects.select_for_update().get(slug=slug)


def _upsert(source: MeetingSource, parsed: feed.ParsedFeed, now: dt.datetime) -> dict[str, int]:
    existing = {row.slug: row for row in Meeting.objects.filter(source=source)}
    created: list[Meeting] = []
    changed: list[Meeting] = []
    restored = 0
    for meeting in parsed.meetings:
        values = _values(meeting)
        row = existing.get(meeting.slug)
        if row is None:
            created.append(Meeting(source=source, slug=meeting.slug, changed_at=now, **values))
            continue
        if _stored(row) != values or row.retired_at is not None:
            restored += row.retired_at is not None
            for name, value in values.items():
                setattr(row, name, value)
            row.retired_at, row.changed_at = None, now
            changed.append(row)
    Meeting.objects.bulk_create(created, batch_size=500)
    Meeting.objects.bulk_update(changed, [*FIELDS, "retired_at", "changed_at"], batch_size=500)
    listed = {m.slug for m in parsed.meetings}
    gone = [row.pk for slug, row in existing.items() if slug not in listed and row.retired_at is None]
    Meeting.objects.filter(pk__in=gone).update(retired_at=now, changed_at=now)
    return {"created": len(created), "changed": len(changed) - restored, "restored": restored, "retired": len(gone)}


def meetings_import(
    *,
    actor: Actor | None,
    source: str,
    data: bytes | str,
    fmt: str = FeedFormat.MEETING_GUIDE,
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """Import one feed file for ``source`` and return the report (``feed.report``). Raises
    ``feed.FeedRefused`` before anything is written when the file is not a JSON list."""
    if fmt not in FeedFormat.values:
        raise ValidationError({"format": f"Unknown feed format {fmt!r}."})
    parsed = feed.parse_feed(data, fmt=fmt)  # type: ignore[arg-type]
    now = now or timezone.now()
    report = feed.report(source, parsed)
    with transaction.atomic():
        row = _source_for_import(source, fmt)
        before = snapshot(row)
        changes = _upsert(row, parsed, now)
        row.format, row.last_run_at, row.last_status = fmt, now, ImportStatus.OK
        row.last_report, row.last_changes, row.last_error = report, changes, ""
        row.full_clean()
        row.save()
        record_change(actor=actor, instance=row, before=before, detail={"import": changes})
    return report


def _record_failure(source: MeetingSource, status: str, error: str, actor: Actor | None) -> None:
    with transaction.atomic():
        before = snapshot(source)
        source.last_run_at, source.last_status, source.last_error = timezone.now(), status, error[:500]
        source.save(update_fields=["last_run_at", "last_status", "last_error", "updated_at"])
        record_change(actor=actor, instance=source, before=before)


def meeting_source_refresh(*, actor: Actor | None, source: MeetingSource) -> str:
    """Fetch and import one source with a URL; the outcome is kept on the source for staff."""
    try:
        data = fetch(source.url)
        meetings_import(actor=actor, source=source.slug, data=data, fmt=source.format)
    except FetchFailed as exc:
        logger.warning("meeting feed %s not fetched", source.slug)
        _record_failure(source, ImportStatus.FAILED, str(exc), actor)
        return ImportStatus.FAILED
    except feed.FeedRefused as exc:
        logger.warning("meeting feed %s refused", source.slug)
        _record_failure(source, ImportStatus.REFUSED, str(exc), actor)
        return ImportStatus.REFUSED
    return ImportStatus.OK


def sources_due(now: dt.datetime | None = None) -> list[MeetingSource]:
    now = now or timezone.now()
    sources = MeetingSource.objects.filter(active=True).exclude(url="")
    return [s for s in sources if s.last_run_at is None or s.last_run_at + dt.timedelta(hours=s.refresh_hours) <= now]


def meeting_feeds_refresh_due(*, actor: Actor | None = None, now: dt.datetime | None = None) -> dict[str, str]:
    """Refresh every active source with a URL whose interval has passed (the scheduled task)."""
    return {source.slug: meeting_source_refresh(actor=actor, source=source) for source in sources_due(now)}


def meeting_source_save(*, actor: Actor, source: MeetingSource) -> MeetingSource:
    """Add or change a feed (directors): slug, name, URL, format, interval, active."""
    if not policy.can_manage_meeting_feeds(actor):
        raise PermissionDenied("Only a program director manages meeting feeds.")
    with transaction.atomic():
        before = None if source._state.adding else snapshot(MeetingSource.objects.get(pk=source.pk))
        source.full_clean()
        source.save()
        record_change(actor=actor, instance=source, before=before)
    return source
